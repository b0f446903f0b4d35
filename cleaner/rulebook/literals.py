"""Required literals: strings one of which every line a regex matches must contain.

Many line rules scan the whole line ("(?=.*(?:cancel any time|...))", ".{0,100}" between two
phrases): the first-character prefilter and the gate cannot skip them, and each costs a search
per short line. But most need a word: `required_literals` reads it from the pattern, and the
matcher finds all rules' literals in one Aho-Corasick pass over the line (RequiredLiterals), so
a rule none of whose literals occurs is known not to match without running its regex.

Never a false negative: literals and lines are compared case-folded (casefold keeps a substring
a substring, and covers what a case-insensitive regex matches; the one exception among ASCII
letters, the dotless i that matches "I", is folded to "i" too), only ASCII characters and
caseless symbols and letters ("▲", "−", "전": no case, nothing folds to them) are taken into
literals, and patterns using `regex`-only syntax the `re` parser would misread get none.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

import ahocorasick

from .reparse import REPEATS, as_re, parse_as_re, sre

# `regex`-only syntax that `re` parses as something else (POSIX and nested sets, fuzzy counts,
# branch reset, named lists, keep-out and word-edge escapes), and inline flags beyond i, m, s and
# x (version, full case folding, reverse...): such a pattern gets no literals, so it always runs.
# Read after the Unicode properties are rewritten (reparse.as_re): "\p{L}" is no fuzzy count.
_MISREAD = re.compile(r"\[\[|\[:\^?[A-Za-z]+:\]|\{(?![\d,]*\})|\(\?\||\\[LmMGK]")
_FLAGS = re.compile(r"\(\?([a-zA-Z0-9-]+)[:)]")
_READ_FLAGS = frozenset("imsx-")
_ASSERTS = {sre.ASSERT}
_GROUPS = {sre.SUBPATTERN, sre.ATOMIC_GROUP}
_REPEATS = set(REPEATS) | {sre.POSSESSIVE_REPEAT}
# A character class of at most this many characters stands for one-character literals.
_MAX_CLASS = 12


def _literal_char(code: int) -> bool:
    """A character that may stand in a literal: ASCII, or a character without case that no other
    character folds to: a symbol ("▲", "−") or a letter of a caseless script ("전", "時"; case
    folding produces only cased letters, marks, modifier letters and circled or Roman symbols)."""
    if code < 128:
        return True
    char = chr(code)
    category = unicodedata.category(char)
    return (category == "Lo" or category[0] not in "LM") and char.casefold() == char.upper() == char.lower() == char


Literals = frozenset[str]


def fold_line(text: str) -> str:
    """The form a line is searched for literals in."""
    if text.isascii():
        return text.lower()  # ASCII case folding is lower()
    return text.casefold().replace("ı", "i")  # a case-insensitive "I" matches the dotless i


def required_literals(pattern: str) -> Literals | None:
    """Case-folded strings one of which occurs in every line the pattern matches, or None when
    the pattern cannot be read that way."""
    if _MISREAD.search(as_re(pattern)) or any(not _READ_FLAGS.issuperset(flags) for flags in _FLAGS.findall(pattern)):
        return None
    try:
        parsed = list(parse_as_re(pattern))
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    found = _of_sequence(parsed)
    return found if found and all(found) else None


def _of_sequence(items: list) -> Literals | None:
    """The most selective requirement among the items of a sequence: each item must match."""
    options: list[Literals] = []
    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL and _literal_char(arg):
            run.append(chr(arg))
            continue
        if run:
            options.append(frozenset({"".join(run).casefold()}))
            run = []
        found = _of_item(op, arg)
        if found:
            options.append(found)
    if run:
        options.append(frozenset({"".join(run).casefold()}))
    return max(options, key=_selectivity, default=None)


def _selectivity(literals: Literals) -> tuple[int, int]:
    """Longer shortest literal first, then fewer literals."""
    return min(map(len, literals)), -len(literals)


def _of_item(op, arg) -> Literals | None:
    if op in _GROUPS:
        return _of_sequence(list(arg[-1] if op is sre.SUBPATTERN else arg))
    if op in _ASSERTS:  # a lookahead or lookbehind reads the line too
        return _of_sequence(list(arg[1]))
    if op in _REPEATS:
        low, _high, body = arg
        return _of_sequence(list(body)) if low >= 1 else None
    if op is sre.BRANCH:
        return _union(_of_sequence(list(branch)) for branch in arg[1])
    if op is sre.IN:
        return _class_literals(arg)
    return None


def _union(parts: Iterable[Literals | None]) -> Literals | None:
    found: set[str] = set()
    for part in parts:
        if not part:
            return None  # a branch that needs nothing: the alternation needs nothing
        found |= part
    return frozenset(found)


def _class_literals(members: list) -> Literals | None:
    chars = set()
    for op, arg in members:
        if op is not sre.LITERAL or not _literal_char(arg):
            return None
        chars.add(chr(arg).casefold())
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


Payload = TypeVar("Payload")


class RequiredLiterals(Generic[Payload]):
    """The required literals of many patterns in one Aho-Corasick automaton: `possible` keeps the
    payloads (the matcher's regex candidates) whose pattern may match a line; a payload without
    literals always stays."""

    def __init__(self, entries: Sequence[tuple[Payload, Literals | None]]):
        ids: dict[str, int] = {}
        holders: dict[int, list[Payload]] = {}
        for payload, literals in entries:
            for literal in literals or ():
                holders.setdefault(ids.setdefault(literal, len(ids)), []).append(payload)
        self._gated = frozenset(payload for payload, literals in entries if literals)
        # Literal number -> the payloads it lets through: the few literals a line holds name the
        # only gated payloads left, without a test per payload.
        self._holders = {number: tuple(payloads) for number, payloads in holders.items()}
        self._automaton = ahocorasick.Automaton()
        for literal, number in ids.items():
            self._automaton.add_word(literal, number)
        if ids:
            self._automaton.make_automaton()

    def needs_literals(self, payload: Payload) -> bool:
        return payload in self._gated

    def possible(self, line: str, payloads: tuple[Payload, ...]) -> tuple[Payload, ...]:
        """The payloads, in their order, whose pattern may match the line."""
        gated = self._gated
        if gated.isdisjoint(payloads):
            return payloads
        present = self.present(line)
        return tuple(p for p in payloads if p not in gated or p in present)

    def present(self, line: str) -> set[Payload]:
        """The gated payloads one of whose literals occurs in the line."""
        holders = self._holders
        found: set[Payload] = set()
        for _, number in self._automaton.iter(fold_line(line)):
            found.update(holders[number])
        return found
