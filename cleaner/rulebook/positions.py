"""Where things are in a pack file: tomllib reports no positions, so error messages find the line
of a table, a key or a rule by reading the text itself (good enough for the packs people write)."""
from __future__ import annotations


def _header(stripped: str) -> str | None:
    """'pack' for a `[pack]` line, 'rules' for `[[rules]]`; None for any other line."""
    if not stripped.startswith("["):
        return None
    return stripped.split("#", 1)[0].strip().strip("[]").strip()


def rule_lines(text: str) -> list[int]:
    """For each [[rules]] entry in order, the line of its `id = ...` key (else of its header)."""
    found: list[int] = []
    in_rule = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_rule = stripped.replace(" ", "").startswith("[[rules]]")
            if in_rule:
                found.append(number)
            continue
        key, sep, _ = stripped.partition("=")
        if in_rule and sep and key.strip() == "id":
            found[-1] = number
            in_rule = False  # the first id of the section; later ones belong to sub-tables
    return found


def id_lines(text: str) -> dict[str, int]:
    """Line number of each `id = "..."` in a pack file."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        key, sep, value = line.strip().partition("=")
        if sep and key.strip() == "id":
            lines.setdefault(value.strip().strip("\"'"), number)
    return lines


def key_line(text: str, key: str, table: str | None = None) -> int:
    """The line defining `key`: its own `[key]` header or `key = ...` (also `key.sub = ...`) inside
    `[table]`, or at the top level when table is None. Else the table's header line, else 1."""
    current: str | None = None
    fallback = 1
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = _header(stripped)
        if header is not None:
            current = header
            if header == (key if table is None else f"{table}.{key}"):
                return number
            if header == table:
                fallback = number
            continue
        name, sep, _ = stripped.partition("=")
        name = name.strip()
        if sep and current == table and (name == key or name.startswith(key + ".")):
            return number
    return fallback
