"""A cheap test that rules a regex out before it runs: the characters its match can start with.

Most line rules are anchored alternations of literal words ("^(?:read more|see also|...)"): the
first character of the line already tells whether they can match. Running a regex costs
microseconds (more with the matcher's timeout), a set lookup next to nothing, and a page has
hundreds of short lines. Patterns this cannot read (not anchored, starting with a class such as
\\S, an optional item, inline flags in a group) get no prefilter and always run.
"""
from __future__ import annotations

import re

from .reparse import REPEATS, parse_as_re, sre

_ANCHORS = {sre.AT_BEGINNING, sre.AT_BEGINNING_STRING}
_MAX_RANGE = 256


def first_chars(pattern: str) -> frozenset[str] | None:
    """Case-folded characters a match of this start-anchored pattern can begin with, or None when
    the pattern cannot be read that way (then it must always run)."""
    try:
        parsed = parse_as_re(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    items = list(parsed)
    if not items or items[0][0] is not sre.AT or items[0][1] not in _ANCHORS:
        return None
    chars = _first(items[1:])
    return frozenset(c.casefold() for c in chars) if chars else None


def line_may_match(line: str, chars: frozenset[str] | None) -> bool:
    """False only when the pattern cannot match: its first-character set is known, the line's
    first character is ASCII (case folding beyond ASCII is left to the regex) and not in it."""
    if chars is None or not line:
        return True
    first = line[0]
    return not first.isascii() or first.casefold() in chars


def _first(items: list) -> set[str] | None:
    """First characters of a sequence: of its first item, and of the next ones while the items
    before may match nothing. None when unknown, or when the whole sequence may match nothing."""
    found: set[str] = set()
    for item in items:
        chars, may_be_empty = _first_of_item(*item)
        if chars is None:
            return None
        found |= chars
        if not may_be_empty:
            return found
    return None


def _first_of_item(op, arg) -> tuple[set[str] | None, bool]:
    if op is sre.LITERAL:
        return {chr(arg)}, False
    if op is sre.IN:
        return _class_chars(arg), False
    if op is sre.SUBPATTERN:
        # Casefolded comparison is conservative whatever the group's flags; the parse already
        # applied verbose mode and the like.
        return _first_or_empty(list(arg[3]))
    if op is sre.BRANCH:
        found: set[str] = set()
        empty = False
        for branch in arg[1]:
            chars, branch_empty = _first_or_empty(list(branch))
            if chars is None:
                return None, False
            found |= chars
            empty = empty or branch_empty
        return found, empty
    if op in REPEATS:
        low, _high, body = arg
        chars, body_empty = _first_or_empty(list(body))
        return chars, body_empty or low == 0
    return None, False


def _first_or_empty(items: list) -> tuple[set[str] | None, bool]:
    """Like _first, but says whether the sequence may match nothing instead of giving up."""
    found: set[str] = set()
    for item in items:
        chars, may_be_empty = _first_of_item(*item)
        if chars is None:
            return None, False
        found |= chars
        if not may_be_empty:
            return found, False
    return found, True
def _class_chars(members: list) -> set[str] | None:
    found: set[str] = set()
    for op, arg in members:
        if op is sre.LITERAL:
            found.add(chr(arg))
        elif op is sre.RANGE and arg[1] - arg[0] < _MAX_RANGE:
            found.update(chr(code) for code in range(arg[0], arg[1] + 1))
        else:
            return None
    return found


# Inline flags that would apply to the whole gate, and references that count groups by number or
# name (the gate's groups are numbered differently): a pattern with either is not put in a gate.
_WHOLE_PATTERN_FLAGS = re.compile(r"\(\?[a-zA-Z0-9-]+\)")
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\\[gk]<|\(\?P[=>]|\(\?\(|\(\?R\)|\(\?&|\(\?[+-]?\d")
_CASE_INSENSITIVE = "(?i)"
# The gate names each alternative's group with this prefix and its position (a pattern that uses
# the prefix itself is left out).
_GATE_GROUP = "_gate"


def gate_alternative(pattern: str) -> str | None:
    """This start-anchored pattern as one alternative of a gate (see `gate_pattern`), or None when
    it cannot be one: not anchored at the start as a whole (a top-level "^a|b" is not), flags other
    than a leading (?i), or references to groups."""
    body = pattern[len(_CASE_INSENSITIVE):] if pattern.startswith(_CASE_INSENSITIVE) else pattern
    if not body.startswith("^") or _WHOLE_PATTERN_FLAGS.search(body) or _GROUP_REFERENCE.search(body):
        return None
    if _GATE_GROUP in body:
        return None
    try:
        parsed = list(parse_as_re(pattern))
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    if not parsed or parsed[0][0] is not sre.AT or parsed[0][1] not in _ANCHORS:
        return None
    scope = "(?i:" if body is not pattern else "(?:"
    return scope + body[1:] + ")"


def gate_pattern(alternatives: list[str]) -> str:
    """One start-anchored pattern that matches a line when any of the patterns does: most short
    lines match no regex rule, and one search that says so costs far less than one per rule (each
    search with a timeout has a fixed cost of microseconds). Each alternative is a named group, so
    a match also tells which alternative matched first (see gate_winner)."""
    return "^(?:" + "|".join(f"(?P<{_GATE_GROUP}{i}>{a})" for i, a in enumerate(alternatives)) + ")"


def gate_winner(match, alternatives: int) -> int:
    """The position of the alternative a gate match took. Alternatives are tried in order at the
    start of the line and nothing follows them, so none of those before it can match the line."""
    return next(i for i in range(alternatives) if match.start(f"{_GATE_GROUP}{i}") >= 0)
