"""The compiled matcher for line rules.

Most chrome is a whole line, so the fast path is a dict lookup on the normalised line; prefix
rules are indexed by their first word; regex rules run only on short lines (`max_words`), which
keeps them off article prose both for precision and for speed. Built once per rule set; read-only
afterwards, so one Matcher serves many threads.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import regex

from ..textnorm import canonical_whitespace, match_key, word_count
from .concept import CompiledConcept, fold
from .model import Rule
from .prefilter import first_chars, line_may_match

# A user-supplied regex that backtracks catastrophically must not hang a crawler. The timeout is
# wall-clock time: with many crawler threads waiting for the interpreter lock a sound pattern can
# take tens of milliseconds to finish, and a timed-out search would make the output depend on load.
REGEX_TIMEOUT_SECONDS = 1.0


class RegexBudget:
    """The time one page may spend in regex searches, all rules and lines together: a slow regex
    that got past the load-time check costs the page this much, not the per-search timeout on
    every line. Once spent, the page's remaining regex searches are skipped (and counted)."""

    def __init__(self, seconds: float):
        self.limit = seconds
        self.left = seconds
        self.skipped = 0

    @property
    def spent(self) -> float:
        return self.limit - self.left

    @property
    def exhausted(self) -> bool:
        return self.left <= 0


# The budget of the page being cleaned in this thread (set by the library face around one page).
_PAGE_BUDGET: ContextVar[RegexBudget | None] = ContextVar("regex_budget", default=None)


@contextmanager
def regex_budget(seconds: float | None) -> Iterator[RegexBudget | None]:
    """Within this block, the Matchers of this thread spend at most `seconds` in regex searches
    (None: no budget, only the per-search timeout)."""
    budget = RegexBudget(seconds) if seconds is not None else None
    token = _PAGE_BUDGET.set(budget)
    try:
        yield budget
    finally:
        _PAGE_BUDGET.reset(token)


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    groups: dict[str, str]


class Matcher:
    def __init__(self, rules: Iterable[Rule]):
        self.rules = tuple(r for r in rules if r.match != "selector")
        self._rank = {rule.id: i for i, rule in enumerate(self.rules)}
        self._exact: dict[str, list[Rule]] = {}
        self._keyed: dict[str, list[Rule]] = {}
        self._prefixed: dict[str, list[tuple[str, Rule]]] = {}
        self._regexes: list[tuple[regex.Pattern, frozenset[str] | None, Rule]] = []
        self._concepts = tuple(CompiledConcept(rule) for rule in self.rules if rule.match == "concept")
        for rule in self.rules:
            if rule.match == "concept":
                continue
            for pattern in rule.patterns:
                if rule.match == "exact":
                    self._exact.setdefault(canonical_whitespace(pattern), []).append(rule)
                elif rule.match == "line":
                    self._keyed.setdefault(match_key(pattern), []).append(rule)
                elif rule.match == "prefix":
                    key = match_key(pattern)
                    first = key.split(" ", 1)[0]
                    self._prefixed.setdefault(first, []).append((key, rule))
                else:
                    self._regexes.append((regex.compile(pattern), first_chars(pattern), rule))

    def find(self, line: str, allowed: Callable[[Rule], bool] = lambda rule: True) -> Hit | None:
        """The first rule (in pack order) that matches this line and that `allowed` accepts."""
        line = canonical_whitespace(line)
        if not line:
            return None
        key = match_key(line)
        candidates: list[Hit] = [Hit(r, {}) for r in self._exact.get(line, ()) if allowed(r)]
        candidates += [Hit(r, {}) for r in self._keyed.get(key, ()) if allowed(r)]
        n_words = key.count(" ") + 1
        first = key.split(" ", 1)[0]
        for prefix, rule in self._prefixed.get(first, ()):
            if n_words <= rule.max_words and key.startswith(prefix) and allowed(rule):
                candidates.append(Hit(rule, {}))
        budget = _PAGE_BUDGET.get() if self._regexes else None
        for pattern, starts, rule in self._regexes:
            if n_words > rule.max_words or not line_may_match(line, starts) or not allowed(rule):
                continue
            timeout = REGEX_TIMEOUT_SECONDS
            if budget is not None:
                if budget.exhausted:
                    budget.skipped += 1
                    continue
                timeout = min(timeout, budget.left)
                started = time.perf_counter()
            try:
                found = pattern.search(line, timeout=timeout)
            except TimeoutError:
                found = None
            if budget is not None:
                budget.left -= time.perf_counter() - started
            if found:
                candidates.append(Hit(rule, {k: v for k, v in found.groupdict().items() if v is not None}))
        if self._concepts:
            length, folded = word_count(line), fold(line)
            for concept in self._concepts:
                rule = concept.rule
                if length <= rule.max_words and allowed(rule) and concept.matches(folded):
                    candidates.append(Hit(rule, {}))
        if not candidates:
            return None
        return min(candidates, key=lambda hit: self._rank[hit.rule.id])

    def matches(self, rule: Rule, line: str) -> Hit | None:
        """Whether one given rule matches a line on its own (used to test a rule's examples)."""
        return Matcher([rule]).find(line)
