"""Rule packs written as TOML that `load_packs` reads back: the packs `cleaner mine` and
`--learn-site-chrome` write for a person to review."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass


def toml_string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes; DEL must be escaped in TOML too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_list(items: Iterable[str]) -> str:
    return f"[{', '.join(toml_string(item) for item in items)}]"


@dataclass(frozen=True)
class LineRule:
    """A rule that drops whole lines (or a block of them), with its evidence as comments above it."""

    id: str
    why: str
    lines: tuple[str, ...]
    keep: str | None  # an article line of the site the rule must keep; None: none was found
    hosts: tuple[str, ...] = ()  # the sites it is scoped to; empty: every site
    comments: tuple[str, ...] = ()


def line_pack_toml(header: Iterable[str], pack_id: str, why: str, rules: Iterable[LineRule],
                   missing_keep_note: str | None = None) -> str:
    """The pack as TOML: the header's comment lines, [pack], then each rule; `missing_keep_note` is
    written above an empty keep list."""
    out = [f"# {line}" for line in header]
    out += ["", "[pack]", f"id = {toml_string(pack_id)}", f"why = {toml_string(why)}", "order = 90"]
    for rule in rules:
        out += ["", *(f"# {comment}" for comment in rule.comments), "[[rules]]",
                f"id = {toml_string(rule.id)}", f"why = {toml_string(rule.why)}", 'match = "line"',
                f"pattern = {_toml_list(rule.lines)}", 'action = "drop"']
        if rule.hosts:
            out.append(f"scope.hosts = {_toml_list(rule.hosts)}")
        out.append(f"examples.remove = {_toml_list(rule.lines)}")
        if rule.keep is None and missing_keep_note:
            out.append(f"# {missing_keep_note}")
        out.append(f"examples.keep = {_toml_list([rule.keep] if rule.keep is not None else [])}")
    return "\n".join(out) + "\n"
