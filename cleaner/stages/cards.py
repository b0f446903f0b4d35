"""cards: the repeated cards of a listing or collection page (teasers, result rows, item tiles),
which a main-content extractor drops as link-heavy boilerplate although on such pages they are
the content.

A card group is a run of at least `min_cards` sibling elements of one tag sharing a class name
(or all without a class), nearly all (`linked_share`)
holding a link, with at least `min_card_words` words per card on average (a menu's items hold a
word or two each), and at least half of them showing more than one line (a link and what it is
about: a teaser, an author, a price). Groups in the site's chrome are not content: inside
navigation, headers, footers, asides and forms, or in an element whose role, class or id names
navigation, a menu, a footer or a sidebar (`_CHROME_NAME`; "SiteFooter_wrapper", "menu-item",
"main-mobile-menu"), unless that element holds the page's <main> or first <h1>: then it is a
layout wrapper ("flex-wrap-footer" around a whole page, a <form> around an ASP.NET page). Comment
threads are not chrome here: on the pages that get cards, a discussion is content. A card's buttons ("Book now", "Add to cart", "Get a demo") are
calls to action, not content: their lines are left out. `card_lines` gives the lines of every
group's cards, one line per block element of a card; `missing_cards` decides whether an
extracted text needs them.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..htmltext import html_to_text
from ..textnorm import word_bag, words

# Containers whose repeated children are the site's chrome whatever they hold.
_CHROME = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_CHROME_ROLES = frozenset({"navigation", "menu", "menubar", "banner", "contentinfo", "complementary"})
_CHROME_NAME = re.compile(r"footer|navigation|navbar|menu|sidebar|(?<![a-z])nav(?![a-z])")
_BUTTONS = "button, [role='button'], [class*='button'], [class*='btn']"


def _is_chrome(node) -> bool:
    attributes = node.attributes
    if node.tag in _CHROME or attributes.get("role") in _CHROME_ROLES:
        return True
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
    return bool(_CHROME_NAME.search(names))


def _in_chrome(node, wrappers: set[int]) -> bool:
    while node is not None and node.tag not in ("body", "html"):
        if _is_chrome(node) and node.mem_id not in wrappers:
            return True
        node = node.parent
    return False


def _wrappers(body) -> set[int]:
    """The elements around the page's <main> (or its first <h1>): the page's layout, whatever
    their names."""
    anchor = body.css_first("main") or body.css_first("h1")
    found = set()
    while anchor is not None:
        found.add(anchor.mem_id)
        anchor = anchor.parent
    return found


def _card_text(member) -> list[str]:
    """A card's lines, without the text of its buttons."""
    buttons = [text for text in (" ".join(b.text(separator=" ").split()) for b in member.css(_BUTTONS)) if text]
    lines = []
    for line in html_to_text(member.html or "").split("\n"):
        line = _strip_ends(" ".join(line.split()), buttons)
        if words(line):
            lines.append(line)
    return lines


def _strip_ends(line: str, buttons: list[str]) -> str:
    """The line without the button texts it starts or ends with (inline buttons share a line)."""
    changed = True
    while changed and line:
        changed = False
        for button in buttons:
            if line.startswith(button):
                line, changed = line[len(button):].strip(), True
            elif line.endswith(button):
                line, changed = line[: -len(button)].strip(), True
    return line


def _child_groups(parent, min_cards: int) -> list[list]:
    """The parent's children in groups of one tag sharing a class name (at least min_cards each;
    the rest of a card's classes often name its item: "post post-4711", "product_slug_mug
    product"), and its children of one tag without a class."""
    by_tag: dict[str, list] = {}
    child = parent.child
    while child is not None:
        if child.tag and child.tag[0] not in "-_":  # text and comment nodes
            by_tag.setdefault(child.tag, []).append(child)
        child = child.next
    groups = []
    for children in by_tag.values():
        if len(children) < min_cards:
            continue
        # Class names in page order (a set's order would vary between runs and break ties differently).
        named = [(c, list(dict.fromkeys((c.attributes.get("class") or "").split()))) for c in children]
        plain = [c for c, names in named if not names]
        named = [(c, names) for c, names in named if names]
        while len(named) >= min_cards:
            shared, count = Counter(n for _, names in named for n in names).most_common(1)[0]
            if count < min_cards:
                break
            groups.append([c for c, names in named if shared in names])
            named = [(c, names) for c, names in named if shared not in names]
        if len(plain) >= min_cards:
            groups.append(plain)
    return groups


def card_groups(tree, min_cards: int = 4, min_card_words: float = 4.0,
                linked_share: float = 0.8) -> Iterator[list[list[str]]]:
    """Each card group of the page's body, as the lines of each of its cards."""
    body = tree.body
    if body is None:
        return
    wrappers = _wrappers(body)
    seen: set[int] = set()
    # Only a parent with at least min_cards children can hold a group: found by its children.
    for node in body.css(f"*:nth-child({min_cards})"):
        parent = node.parent
        if parent is None or parent.mem_id in seen:
            continue
        seen.add(parent.mem_id)
        for members in _child_groups(parent, min_cards):
            if len(members) < min_cards or _is_chrome(members[0]):
                continue
            linked = sum(m.tag == "a" or m.css_first("a[href]") is not None for m in members)
            if linked < linked_share * len(members):
                continue
            cards = [_card_text(m) for m in members]
            if sum(len(words(line)) for card in cards for line in card) < min_card_words * len(members):
                continue
            if 2 * sum(len(card) > 1 for card in cards) < len(members):
                continue
            if _in_chrome(parent, wrappers):
                continue
            yield cards


def card_lines(tree, **bounds) -> list[str]:
    """The lines of every card group, each line once (a group nested in another's cards repeats
    lines), in the order the groups are found."""
    seen: set[str] = set()
    lines = []
    for cards in card_groups(tree, **bounds):
        for card in cards:
            for line in card:
                key = " ".join(line.casefold().split())
                if key not in seen:
                    seen.add(key)
                    lines.append(line)
    return lines


def missing_cards(text: str, lines: list[str], max_coverage: float, min_ratio: float) -> list[str]:
    """The card lines to add to an extracted text that holds less than max_coverage of the cards'
    words while the cards hold more than min_ratio times the text's words (the extractor kept
    something other than the cards); [] when the text already stands for the cards."""
    card_words = Counter(w.casefold() for line in lines for w in words(line))
    total = sum(card_words.values())
    text_words = word_bag(text)
    if not total or total <= min_ratio * sum(text_words.values()):
        return []
    if sum((text_words & card_words).values()) >= max_coverage * total:
        return []
    present = {" ".join(line.casefold().split()) for line in text.split("\n")}
    return [line for line in lines if " ".join(line.casefold().split()) not in present]
