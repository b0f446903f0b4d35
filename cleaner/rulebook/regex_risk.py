"""Spotting rule regexes that can backtrack catastrophically.

Two checks, since neither is complete alone:
- static: a repeated group whose body is made only of repeated or optional parts, such as
  `(a+)+` or `(\\w+\\s?)*`, can split one run of text in exponentially many ways;
- probe: the compiled pattern is run, with a timeout, on long adversarial lines built from the
  characters the pattern and its examples use, followed by a character that makes it fail.

Atomic groups `(?>...)` and possessive quantifiers (`a++`) never backtrack, so they are not flagged.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import regex

# A repetition with more allowed iterations than this counts as unbounded.
_UNBOUNDED_AFTER = 8
_ZERO_WIDTH_ESCAPES = set("bBAZzGmMK")
PROBE_LENGTH = 3000
PROBE_SECONDS = 0.05


@dataclass
class _Item:
    kind: str  # "atom", "group", "zero"
    low: int = 1
    high: int | None = 1
    possessive: bool = False
    atomic: bool = False
    alternatives: list[list["_Item"]] = field(default_factory=list)
    text: str = ""

    @property
    def unbounded(self) -> bool:
        return not self.possessive and (self.high is None or self.high > _UNBOUNDED_AFTER)


class _Parser:
    def __init__(self, pattern: str):
        self.p = pattern
        self.i = 0

    def parse(self) -> list[list[_Item]]:
        return self._alternatives()

    def _alternatives(self) -> list[list[_Item]]:
        alternatives: list[list[_Item]] = [[]]
        while self.i < len(self.p):
            char = self.p[self.i]
            if char == ")":
                break
            if char == "|":
                self.i += 1
                alternatives.append([])
                continue
            start = self.i
            item = self._atom()
            if item is None:
                continue
            self._quantifier(item)
            item.text = self.p[start:self.i]
            alternatives[-1].append(item)
        return alternatives

    def _atom(self) -> _Item | None:
        char = self.p[self.i]
        if char == "\\":
            escaped = self.p[self.i + 1: self.i + 2]
            self.i += 2
            if escaped in ("p", "P", "N", "x", "g") and self.p[self.i: self.i + 1] in ("{", "<"):
                closing = "}" if self.p[self.i] == "{" else ">"
                self.i = self.p.find(closing, self.i) + 1 or len(self.p)
            return _Item("zero" if escaped in _ZERO_WIDTH_ESCAPES else "atom")
        if char == "[":
            self._skip_class()
            return _Item("atom")
        if char in "^$":
            self.i += 1
            return _Item("zero")
        if char == "(":
            return self._group()
        self.i += 1
        return _Item("atom")

    def _skip_class(self) -> None:
        self.i += 1
        if self.p[self.i: self.i + 1] == "^":
            self.i += 1
        if self.p[self.i: self.i + 1] == "]":
            self.i += 1
        depth = 1
        while self.i < len(self.p) and depth:
            char = self.p[self.i]
            if char == "\\":
                self.i += 2
                continue
            depth += {"[": 1, "]": -1}.get(char, 0)
            self.i += 1

    def _group(self) -> _Item | None:
        self.i += 1
        atomic = zero = False
        if self.p.startswith("?", self.i):
            head = self.p[self.i + 1: self.i + 4]
            if head.startswith("#"):
                self.i = self.p.find(")", self.i) + 1 or len(self.p)
                return None
            if head.startswith(("=", "!", "<=", "<!")):
                zero = True
            atomic = head.startswith(">")
            flags = regex.match(r"\?[a-zA-Z\-^]*\)", self.p[self.i:])
            if flags:  # inline flags such as (?i): no body
                self.i += flags.end()
                return None
            named = regex.match(r"\?(?:<[=!]|P?<\w+>|'\w+'|[a-zA-Z\-^]*:|[=!>|])", self.p[self.i:])
            self.i += named.end() if named else 1
        alternatives = self._alternatives()
        self.i += 1  # the closing parenthesis
        return _Item("zero" if zero else "group", atomic=atomic, alternatives=alternatives)

    def _quantifier(self, item: _Item) -> None:
        found = regex.match(r"(?:([*+?])|\{(\d*)(,?)(\d*)\})([?+]?)", self.p[self.i:])
        if not found:
            return
        symbol, low, comma, high, mode = found.groups()
        if symbol:
            item.low, item.high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[symbol]
        else:
            item.low = int(low or 0)
            item.high = (None if not high else int(high)) if comma else int(low or 0)
        item.possessive = mode == "+"
        self.i += found.end()


def _repeats(item: _Item) -> bool:
    """This item can match a run of text in more than one way by itself."""
    if item.kind == "zero" or item.atomic:
        return False
    if item.unbounded:
        return True
    return item.kind == "group" and item.low == item.high == 1 and any(_ambiguous(alt) for alt in item.alternatives)


def _ambiguous(alternative: list[_Item]) -> bool:
    """A body made only of repeated or optional parts, at least one repeated."""
    consuming = [item for item in alternative if item.kind != "zero"]
    return any(_repeats(i) for i in consuming) and all(_repeats(i) or i.low == 0 for i in consuming)


def nested_quantifiers(pattern: str) -> list[str]:
    """The parts of `pattern` that repeat an ambiguous body, e.g. ['(a+)+']. Empty when none."""
    found: list[str] = []

    def walk(alternatives: list[list[_Item]]) -> None:
        for alternative in alternatives:
            for item in alternative:
                if item.kind != "group":
                    continue
                if item.unbounded and not item.atomic and any(_ambiguous(alt) for alt in item.alternatives):
                    found.append(item.text)
                walk(item.alternatives)

    try:
        walk(_Parser(pattern).parse())
    except (IndexError, ValueError):
        return []
    return found


def probe_lines(pattern: str, examples: tuple[str, ...] = ()) -> list[str]:
    """Long lines meant to make a backtracking pattern work hard, then fail."""
    chars = [c for c in dict.fromkeys(regex.sub(r"\\[pPNx]\{[^}]*\}|\\.", "", pattern) + "".join(examples) + "a 1.")
             if c.isprintable()][:40]
    lines = [c * PROBE_LENGTH + "\x00" for c in chars]
    lines += [(e + " ") * max(1, PROBE_LENGTH // (len(e) + 1)) + "\x00" for e in examples[:5] if e]
    return lines


def probe(compiled: regex.Pattern, lines: list[str], seconds: float = PROBE_SECONDS) -> tuple[str, float] | None:
    """The first line on which the pattern takes longer than `seconds`, with the time taken."""
    for line in lines:
        start = time.perf_counter()
        try:
            compiled.search(line, timeout=seconds)
        except TimeoutError:
            return line, time.perf_counter() - start
    return None
