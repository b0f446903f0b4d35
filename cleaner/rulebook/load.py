"""Load rule packs from TOML files into Rules, validating as we go.

Every error names the file, the rule id and the line, so a rule author can fix it at once.
"""
from __future__ import annotations

import tomllib
import importlib.util
from pathlib import Path
from typing import Any, Iterable

import regex

from .concept import split_terms
from .safety import regex_hazards
from .model import ACTIONS, MATCH_KINDS, POSITIONS, Pack, Rule, Scope

RULE_KEYS = {
    "id", "why", "match", "pattern", "action", "scope", "max_words", "date_order", "examples", "fillers", "slot_words", "anchor",
}
SCOPE_KEYS = {"position", "page_contains", "hosts", "languages"}
EXAMPLE_KEYS = {"remove", "keep", "capture"}
# fillers: words every concept rule of the pack lets stand beside its terms (its own are added).
PACK_KEYS = {"id", "why", "scope", "order", "fillers"}


class RuleError(ValueError):
    """A rule pack is invalid. The message names file, rule and line."""


def default_rules_dir() -> Path:
    """The shipped packs: inside the installed package, or the repository's rules/ folder."""
    # cleaner.rules is a data-only (namespace) package in the wheel: ask for its folder.
    spec = importlib.util.find_spec("cleaner.rules")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if any(Path(location).glob("*.toml")):
            return Path(location)
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


def _id_lines(text: str) -> dict[str, int]:
    """Line number of each `id = "..."` in a pack file (tomllib does not report positions)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("id") and "=" in stripped:
            key, _, value = stripped.partition("=")
            if key.strip() == "id":
                lines.setdefault(value.strip().strip("\"'"), number)
    return lines


def rule_lines(text: str) -> list[int]:
    """For each [[rules]] entry in order, the line of its `id = ...` key (else of its header)."""
    found: list[int] = []
    in_rule = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_rule = stripped.replace(" ", "") == "[[rules]]"
            if in_rule:
                found.append(number)
            continue
        key, sep, _ = stripped.partition("=")
        if in_rule and sep and key.strip() == "id":
            found[-1] = number
            in_rule = False  # the first id of the section; later ones belong to sub-tables
    return found


def table_line(text: str, header: str) -> int:
    """The line of a `[header]` table in a pack file, 1 when it is absent."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().replace(" ", "") == f"[{header}]":
            return number
    return 1


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
    lines = _id_lines(text)
    sections = rule_lines(text)
    head = data.get("pack", {})
    unknown = set(head) - PACK_KEYS
    if unknown:
        raise RuleError(f"{path}:{table_line(text, 'pack')}: [pack]: unknown key(s) {sorted(unknown)}")
    pack_id = head.get("id") or path.stem
    pack_scope = head.get("scope", {})
    unknown_top = set(data) - {"pack", "rules"}
    if unknown_top:
        raise RuleError(f"{path}:1: unknown table(s) {sorted(unknown_top)}; rules go in [[rules]]")
    raw_rules = data.get("rules", [])
    if len(sections) != len(raw_rules):  # rules written as an inline array: fall back to id lookup
        sections = [lines.get(str(raw.get("id")), 1) for raw in raw_rules]
    pack_fillers = _tuple_of_str(head.get("fillers", []), "[pack] fillers", f"{path}:{table_line(text, 'pack')}")
    rules = tuple(
        _build_rule(raw, pack_id, pack_scope, f"{path}:{line}", pack_fillers) for raw, line in zip(raw_rules, sections)
    )
    order = head.get("order", 100)
    return (order, path.name), Pack(pack_id, head.get("why", ""), str(path), rules)


def _tuple_of_str(value: Any, what: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RuleError(f"{where}: {what} must be a string or a list of strings")


def _build_rule(
    raw: dict[str, Any], pack_id: str, pack_scope: dict[str, Any], origin: str, pack_fillers: tuple[str, ...] = ()
) -> Rule:
    rule_id = raw.get("id")
    where = f"{origin}: rule {rule_id!r}"
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{origin}: a rule has no id")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip() or "\n" in why.strip():
        raise RuleError(f"{where}: 'why' must be one line saying why the rule exists")
    match = raw.get("match", "line")
    if match not in MATCH_KINDS:
        raise RuleError(f"{where}: match must be one of {MATCH_KINDS}, not {match!r}")
    if "pattern" not in raw:
        raise RuleError(f"{where}: missing 'pattern'")
    patterns = _tuple_of_str(raw["pattern"], "pattern", where)
    action = raw.get("action", "drop")
    if action not in ACTIONS:
        raise RuleError(f"{where}: action must be one of {ACTIONS}, not {action!r}")
    if action == "capture" and match != "regex":
        raise RuleError(f"{where}: capture rules need match = 'regex' with named groups")
    if match == "regex":
        for pattern in patterns:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise RuleError(f"{where}: regex {pattern!r} does not compile: {exc}") from exc
    scope_raw = {**pack_scope, **raw.get("scope", {})}
    unknown = set(scope_raw) - SCOPE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown scope key(s) {sorted(unknown)}")
    position = scope_raw.get("position", "any")
    if position not in POSITIONS:
        raise RuleError(f"{where}: scope.position must be one of {POSITIONS}")
    scope = Scope(
        position=position,
        page_contains=_tuple_of_str(scope_raw.get("page_contains", []), "scope.page_contains", where),
        hosts=_tuple_of_str(scope_raw.get("hosts", []), "scope.hosts", where),
        languages=_tuple_of_str(scope_raw.get("languages", []), "scope.languages", where),
    )
    examples = raw.get("examples", {})
    unknown = set(examples) - EXAMPLE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown examples key(s) {sorted(unknown)}")
    captures = examples.get("capture", [])
    if not isinstance(captures, list) or not all(isinstance(c, dict) and "line" in c for c in captures):
        raise RuleError(f"{where}: examples.capture must be a list of tables with a 'line' key")
    date_order = raw.get("date_order", "dmy")
    if date_order not in ("dmy", "mdy", "ymd"):
        raise RuleError(f"{where}: date_order must be 'dmy', 'mdy' or 'ymd'")
    max_words = raw.get("max_words", 25)
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        raise RuleError(f"{where}: max_words must be a positive whole number")
    fillers: tuple[str, ...] = ()
    slot_words = raw.get("slot_words", 0)
    if match == "concept":
        fillers = tuple(
            term for text in pack_fillers + _tuple_of_str(raw.get("fillers", []), "fillers", where)
            for term in split_terms(text)
        )
        if any(not split_terms(pattern) for pattern in patterns):
            raise RuleError(f"{where}: every concept pattern is a group of terms separated by '|'")
        if not isinstance(slot_words, int) or isinstance(slot_words, bool) or slot_words < 0:
            raise RuleError(f"{where}: slot_words must be a whole number, 0 or more")
        if raw.get("anchor", "any") not in ("any", "start"):
            raise RuleError(f"{where}: anchor must be 'any' or 'start'")
    elif {"fillers", "slot_words", "anchor"} & set(raw):
        raise RuleError(f"{where}: fillers, slot_words and anchor belong to match = 'concept' rules")
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
        anchor=raw.get("anchor", "any"),
        examples_remove=_tuple_of_str(examples.get("remove", []), "examples.remove", where),
        examples_keep=_tuple_of_str(examples.get("keep", []), "examples.keep", where),
        examples_capture=tuple(captures),
        origin=origin,
    )
