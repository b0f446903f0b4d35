"""panels: the hidden panels of tabs and accordions are content.

A service or product page puts its details, specifications and FAQ answers in tabs and accordion
panels that only the open one shows (hidden attribute, aria-hidden, inline display:none, a
"hidden" class). An extractor drops hidden elements as boilerplate, and so would the prune
stage's html.hidden rule, although a reader opens them with one click. A panel is found by the
ARIA patterns that make it one: role="tabpanel", a labelled region, or the element a tab or a
heading's button names in aria-controls, or, on pages built without ARIA, by where it stands:
a hidden element right after a heading (or after the button or term that holds one) is the
heading's answer. `reveal_panels` takes the hiding off those panels (never off navigation, menus
or dialogs, nor anything inside them: a menu's toggle follows the same pattern).
"""
from __future__ import annotations

import re

# The controls of tabs and accordions: a tab, or a button in a heading (the ARIA accordion).
_CONTROLS = ("[role='tab'][aria-controls], h2 [aria-controls], h3 [aria-controls], h4 [aria-controls], "
             "h5 [aria-controls], h6 [aria-controls]")
_PANELS = "[role='tabpanel'], [role='region'][aria-labelledby]"
_NOT_PANELS = frozenset({"nav", "menu", "dialog", "header", "footer", "aside", "form"})
_HIDING_STYLE = re.compile(r"(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*;?", re.I)
_HIDING_CLASS = re.compile(r"(?<![\w-])(?:hidden|hide|is-hidden|d-none)(?![\w-])")
# Elements that may be hidden, to test one by one (a cheap first cut of the whole body).
_MAYBE_HIDDEN = ("[hidden], [aria-hidden='true'], [style*='none'], [style*='hidden'], [style*='NONE'], "
                 "[class*='hid'], [class*='d-none']")
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# What opens a panel built without ARIA: a heading, or a button, term or summary holding one.
_TOGGLES = frozenset({"button", "dt", "summary"})


def reveal_panels(tree) -> int:
    """Take the hiding off every tab and accordion panel of the page; the number revealed."""
    body = tree.body
    if body is None:
        return 0
    panels = {node.mem_id: node for node in body.css(_PANELS)}
    wanted: set[str] = set()
    for control in body.css(_CONTROLS):
        wanted.update((control.attributes.get("aria-controls") or "").split())
    if wanted:
        for node in body.css("[id]"):
            if node.attributes.get("id") in wanted:
                panels.setdefault(node.mem_id, node)
    for node in body.css(_MAYBE_HIDDEN):
        if node.mem_id not in panels and _is_hidden(node) and _follows_heading(node) and not _in_chrome(node):
            panels[node.mem_id] = node
    revealed = 0
    for panel in panels.values():
        if _is_chrome(panel):
            continue
        revealed += _unhide(panel)
    return revealed


def _is_chrome(node) -> bool:
    return node.tag in _NOT_PANELS or (node.attributes.get("role") or "") in ("navigation", "menu", "dialog")


def _in_chrome(node) -> bool:
    parent = node.parent
    while parent is not None and parent.tag != "body":
        if _is_chrome(parent):
            return True
        parent = parent.parent
    return False


def _is_hidden(node) -> bool:
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style, names = attributes.get("style"), attributes.get("class")
    return bool(style and _HIDING_STYLE.search(style)) or bool(names and _HIDING_CLASS.search(names))


def _follows_heading(node) -> bool:
    """Whether the element right before the node is a heading, or a button, term or summary
    that holds one (an accordion's question before its closed answer)."""
    before = node.prev
    while before is not None and (before.tag or "").startswith("-"):  # text and comment nodes
        before = before.prev
    if before is None:
        return False
    if before.tag in _HEADINGS:
        return True
    return before.tag in _TOGGLES and before.css_first("h2, h3, h4, h5, h6") is not None


def _unhide(node) -> int:
    attributes = node.attributes
    changed = False
    if "hidden" in attributes:
        del node.attrs["hidden"]
        changed = True
    if attributes.get("aria-hidden") == "true":
        del node.attrs["aria-hidden"]
        changed = True
    style = attributes.get("style")
    if style and _HIDING_STYLE.search(style):
        node.attrs["style"] = _HIDING_STYLE.sub("", style)
        changed = True
    names = attributes.get("class")
    if names and _HIDING_CLASS.search(names):
        node.attrs["class"] = " ".join(_HIDING_CLASS.sub(" ", names).split())
        changed = True
    return int(changed)
