"""Load rule packs from TOML files into Rules, validating as we go.

Every error names the file, the rule id and the line, so a rule author can fix it at once.
"""
from __future__ import annotations

import importlib.util
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from .concept import split_terms
from .model import ACTIONS, MATCH_KINDS, POSITIONS, Pack, Rule, Scope
from .positions import id_lines, key_line, rule_lines
from .safety import regex_hazards

RULE_KEYS = {
    "id", "why", "match", "pattern", "action", "scope", "max_words", "date_order", "examples", "fillers", "slot_words", "anchor", "questions",
}
SCOPE_KEYS = {"position", "page_contains", "hosts", "languages"}
EXAMPLE_KEYS = {"remove", "keep", "capture"}
# fillers: words every concept rule of the pack lets stand beside its terms (its own are added).
PACK_KEYS = {"id", "why", "scope", "order", "fillers"}


class RuleError(ValueError):
    """A rule pack is invalid. The message names file, rule and line."""


def default_rules_dir() -> Path:
    """The shipped packs: inside the installed package, or the repository's rules/ folder."""
    # cleaner.rules is a data-only (namespace) package: in the wheel a folder, in the source tree a
    # link to rules/, resolved so that a rule's origin names the file as it is (rules/x.toml).
    spec = importlib.util.find_spec("cleaner.rules")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if any(Path(location).glob("*.toml")):
            return Path(location).resolve()
    return Path(__file__).resolve().parent.parent.parent / "rules"


def pack_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.glob("*.toml")))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(f"{path}: no such rule pack file or folder")
    return files


def load_packs(paths: Iterable[str | Path] | None = None, disabled: Iterable[str] = ()) -> list[Pack]:
    """Load packs from files or folders (default: the shipped packs), in order.

    Packs are sorted by their `order` key (then file name), so user packs layered after the shipped
    ones come later. Rule ids are unique across all packs; `disabled` drops rules by id.
    """
    files = pack_files([default_rules_dir()] if paths is None else paths)
    loaded = [_load_pack_file(f) for f in files]
    loaded.sort(key=lambda item: item[0])
    packs = [pack for _, pack in loaded]
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                raise RuleError(f"{rule.origin}: rule {rule.id!r}: duplicate id (first defined at {seen[rule.id]})")
            seen[rule.id] = rule.origin
            _refuse_unsafe_regex(rule)
    disabled = set(disabled)
    unknown = disabled - set(seen)
    if unknown:
        raise RuleError(f"cannot disable unknown rule id(s): {', '.join(sorted(unknown))}")
    if disabled:
        packs = [
            Pack(p.id, p.why, p.path, tuple(r for r in p.rules if r.id not in disabled)) for p in packs
        ]
    return packs


def _refuse_unsafe_regex(rule: Rule) -> None:
    """A regex that can backtrack catastrophically is refused when packs are loaded (`cleaner
    rules lint` checks every rule without stopping at the first)."""
    for pattern in rule.patterns if rule.match == "regex" else ():
        hazards = regex_hazards(pattern)
        if hazards:
            raise RuleError(
                f"{rule.origin}: rule {rule.id!r}: regex can backtrack catastrophically ({hazards[0]}); rewrite it"
                " without nested or overlapping repeats, or use an atomic group (?>...) or a possessive quantifier (a++)"
            )


def read_pack_text(path: Path) -> tuple[str, dict[str, Any]]:
    """The text and parsed TOML of a pack file; a RuleError names the file and the line."""
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        found = regex.search(r"\(at line (\d+), column \d+\)", str(exc))
        where = f"{path}:{found.group(1)}" if found else str(path)
        raise RuleError(f"{where}: invalid TOML: {exc}") from exc


def _load_pack_file(path: Path) -> tuple[tuple[int, str], Pack]:
    text, data = read_pack_text(path)
    head = pack_head(path, text, data)
    rules = tuple(
        build_rule(raw, head.id, head.scope, f"{path}:{line}", head.fillers) for raw, line in pack_rules(path, text, data)
    )
    return (head.order, path.name), Pack(head.id, head.why, str(path), rules)


@dataclass(frozen=True, slots=True)
class PackHead:
    """The checked [pack] table of one file."""

    id: str
    why: str
    order: int
    scope: dict[str, Any]
    fillers: tuple[str, ...] = ()


def pack_head(path: Path, text: str, data: dict[str, Any]) -> PackHead:
    """The [pack] table, its keys and their types checked; a RuleError names file:line."""
    unknown_top = set(data) - {"pack", "rules"}
    if unknown_top:
        raise RuleError(f"{path}:1: unknown table(s) {sorted(unknown_top)}; rules go in [[rules]]")
    head = data.get("pack", {})
    if not isinstance(head, dict):
        raise RuleError(f"{path}:{key_line(text, 'pack')}: [pack] must be a table (a [pack] header with id, why,"
                        f" order), not {_shown(head)}")

    def where(key: str) -> str:
        return f"{path}:{key_line(text, key, 'pack')}: [pack]"

    unknown = set(head) - PACK_KEYS
    if unknown:
        raise RuleError(f"{path}:{key_line(text, 'pack')}: [pack]: unknown key(s) {sorted(unknown)}")
    pack_id = head.get("id", path.stem)
    if not isinstance(pack_id, str) or not pack_id.strip():
        raise RuleError(f"{where('id')}: id must be a non-empty string, not {_shown(pack_id)}")
    why = head.get("why", "")
    if not isinstance(why, str):
        raise RuleError(f"{where('why')}: why must be a string, not {_shown(why)}")
    order = head.get("order", 100)
    if not _is_whole_number(order):
        raise RuleError(f"{where('order')}: order must be a whole number (packs apply lowest first), not {_shown(order)}")
    scope = head.get("scope", {})
    _check_scope_table(scope, where("scope"))
    fillers = _tuple_of_str(head.get("fillers", []), "fillers", where("fillers"))
    return PackHead(pack_id, why, order, scope, fillers)


def pack_rules(path: Path, text: str, data: dict[str, Any]) -> list[tuple[dict[str, Any], int]]:
    """Each [[rules]] table of a file with the line of its id; a RuleError when rules has another shape."""
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list) or not all(isinstance(raw, dict) for raw in raw_rules):
        raise RuleError(f"{path}:{key_line(text, 'rules')}: rules must be an array of tables: write each rule"
                        f" under its own [[rules]] header, not {_shown(raw_rules)}")
    sections = rule_lines(text)
    if len(sections) != len(raw_rules):  # rules written as an inline array: fall back to id lookup
        lines = id_lines(text)
        sections = [lines.get(str(raw.get("id")), 1) for raw in raw_rules]
    return list(zip(raw_rules, sections))


def _shown(value: Any) -> str:
    """A value as a message shows it: its TOML type and, when short, the value itself."""
    kind = {dict: "a table", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)
    text = repr(value)
    return f"{kind} {text}" if len(text) <= 40 else kind


def _is_whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_scope_table(scope: Any, where: str) -> None:
    if not isinstance(scope, dict):
        raise RuleError(f"{where}: scope must be a table (e.g. scope.position = \"head\"), not {_shown(scope)}")
    unknown = set(scope) - SCOPE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown scope key(s) {sorted(unknown)}")


def _tuple_of_str(value: Any, what: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RuleError(f"{where}: {what} must be a string or a list of strings, not {_shown(value)}")


def _one_of(raw: dict[str, Any], key: str, default: str, choices: tuple[str, ...], where: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or value not in choices:
        raise RuleError(f"{where}: {key} must be one of {choices}, not {value!r}")
    return value


def _captures(value: Any, where: str) -> tuple[dict[str, str], ...]:
    """examples.capture: tables of a `line` and the metadata it gives, all strings."""
    if isinstance(value, list) and all(
        isinstance(c, dict) and isinstance(c.get("line"), str) and all(isinstance(v, str) for v in c.values())
        for c in value
    ):
        return tuple(value)
    raise RuleError(f"{where}: examples.capture must be an array of tables with a string 'line' and the"
                    " metadata it gives as strings (e.g. { line = \"By Ann Lee\", author = \"Ann Lee\" })")


def _check_selector(selector: str, where: str) -> None:
    """Parse a CSS selector the way the prune stage will (lexbor), so a typo is a load error rather
    than a failure on every HTML page."""
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError

    try:
        LexborHTMLParser("<p></p>").css(selector)
    except SelectolaxError as exc:
        raise RuleError(f"{where}: CSS selector {selector!r} does not parse ({exc})") from exc


def build_rule(
    raw: dict[str, Any], pack_id: str, pack_scope: dict[str, Any], origin: str, pack_fillers: tuple[str, ...] = ()
) -> Rule:
    """One checked Rule from a [[rules]] table of the pack `pack_id` (its scope and fillers apply),
    origin being file:line; a RuleError names the problem. The linter calls it rule by rule so
    that one bad rule does not hide the others."""
    if "id" not in raw:
        raise RuleError(f"{origin}: a rule has no id")
    rule_id = raw["id"]
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RuleError(f"{origin}: rule id must be a non-empty string, not {_shown(rule_id)}")
    where = f"{origin}: rule {rule_id!r}"
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip() or "\n" in why.strip():
        raise RuleError(f"{where}: 'why' must be one line saying why the rule exists")
    match = _one_of(raw, "match", "line", MATCH_KINDS, where)
    if "pattern" not in raw:
        raise RuleError(f"{where}: missing 'pattern'")
    patterns = _tuple_of_str(raw["pattern"], "pattern", where)
    if not patterns or not all(p.strip() for p in patterns):
        raise RuleError(f"{where}: pattern must not be empty")
    action = _one_of(raw, "action", "drop", ACTIONS, where)
    if action == "capture" and match != "regex":
        raise RuleError(f"{where}: capture rules need match = 'regex' with named groups")
    if action == "content" and match != "selector":
        raise RuleError(f"{where}: content rules need match = 'selector' (the elements taken as content)")
    if match == "regex":
        for pattern in patterns:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise RuleError(f"{where}: regex {pattern!r} does not compile: {exc}") from exc
    if match == "selector":
        for pattern in patterns:
            _check_selector(pattern, where)
    own_scope = raw.get("scope", {})
    _check_scope_table(own_scope, where)
    scope_raw = {**pack_scope, **own_scope}
    position = scope_raw.get("position", "any")
    if not isinstance(position, str) or position not in POSITIONS:
        raise RuleError(f"{where}: scope.position must be one of {POSITIONS}, not {position!r}")
    scope = Scope(
        position=position,
        page_contains=_tuple_of_str(scope_raw.get("page_contains", []), "scope.page_contains", where),
        hosts=_tuple_of_str(scope_raw.get("hosts", []), "scope.hosts", where),
        languages=_tuple_of_str(scope_raw.get("languages", []), "scope.languages", where),
    )
    examples = raw.get("examples", {})
    if not isinstance(examples, dict):
        raise RuleError(f"{where}: examples must be a table (examples.remove = [...], examples.keep = [...]),"
                        f" not {_shown(examples)}")
    unknown = set(examples) - EXAMPLE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown examples key(s) {sorted(unknown)}")
    captures = _captures(examples.get("capture", []), where)
    date_order = _one_of(raw, "date_order", "dmy", ("dmy", "mdy", "ymd"), where)
    max_words = raw.get("max_words", 25)
    if not _is_whole_number(max_words) or max_words < 1:
        raise RuleError(f"{where}: max_words must be a positive whole number, not {_shown(max_words)}")
    fillers, slot_words, anchor, questions = _concept_settings(raw, match, pack_fillers, where)
    return Rule(
        id=rule_id,
        pack=pack_id,
        why=why.strip(),
        match=match,
        patterns=patterns,
        action=action,
        scope=scope,
        max_words=max_words,
        date_order=date_order,
        fillers=fillers,
        slot_words=slot_words,
        anchor=anchor,
        questions=questions,
        examples_remove=_tuple_of_str(examples.get("remove", []), "examples.remove", where),
        examples_keep=_tuple_of_str(examples.get("keep", []), "examples.keep", where),
        examples_capture=captures,
        origin=origin,
    )


def _concept_settings(
    raw: dict[str, Any], match: str, pack_fillers: tuple[str, ...], where: str
) -> tuple[tuple[str, ...], int, str, bool]:
    """A concept rule's fillers (the pack's and its own, split into terms), slot size, anchor and
    whether it matches questions."""
    if match != "concept":
        if {"fillers", "slot_words", "anchor", "questions"} & set(raw):
            raise RuleError(f"{where}: fillers, slot_words, anchor and questions belong to match = 'concept' rules")
        return (), 0, "any", True
    if any(not split_terms(pattern) for pattern in _tuple_of_str(raw["pattern"], "pattern", where)):
        raise RuleError(f"{where}: every concept pattern is a group of terms separated by '|'")
    own = _tuple_of_str(raw.get("fillers", []), "fillers", where)
    fillers = tuple(term for text in pack_fillers + own for term in split_terms(text))
    slot_words = raw.get("slot_words", 0)
    if not _is_whole_number(slot_words) or slot_words < 0:
        raise RuleError(f"{where}: slot_words must be a whole number, 0 or more, not {_shown(slot_words)}")
    anchor = _one_of(raw, "anchor", "any", ("any", "start"), where)
    questions = raw.get("questions", True)
    if not isinstance(questions, bool):
        raise RuleError(f"{where}: questions must be true or false, not {_shown(questions)}")
    return fillers, slot_words, anchor, questions
