"""The compiled matcher for line rules.

Most chrome is a whole line, so the fast path is a dict lookup on the normalised line; prefix
rules are indexed by their first word; regex rules run only on short lines (`max_words`), which
keeps them off article prose both for precision and for speed, and only when a word the regex
requires occurs in the line (literals.RequiredLiterals); concept rules are selected by one
Aho-Corasick scan over all their terms (concept.ConceptScanner). Built once per rule set; afterwards
it only remembers answers that never change (per line), so one Matcher serves many threads.
"""
from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from operator import attrgetter

import regex

from ..textnorm import canonical_whitespace, match_key
from ..textnorm import forget_lines as forget_line_features
from .concept import CompiledConcept, ConceptScanner, fold
from .literals import Literals, RequiredLiterals, required_literals
from .model import Rule
from .prefilter import first_chars, gate_alternative, gate_pattern, gate_winner, line_may_match

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


# Lines analysed and remembered per Matcher: the stages ask about the same lines several times
# (rules, the neighbour test of "beside-chrome", title, classify), with different filters. The
# cache is dropped whole when full, which bounds it without bookkeeping on every call.
LINE_CACHE_SIZE = 8192
_MISSING = object()
_MATCHERS: weakref.WeakSet[Matcher] = weakref.WeakSet()


def forget_lines() -> None:
    """Empty every Matcher's line cache and textnorm's per-line caches (for benchmarks: pages
    never seen before, as in a crawl)."""
    for matcher in list(_MATCHERS):
        matcher._lines.clear()
    forget_line_features()


_TIMED_OUT = object()


def _any_rule(rule: Rule) -> bool:
    return True


class _Candidate:
    """One pattern of one rule; `check` is None when the cheap test already proved the match
    (whole-line and prefix rules), else the regex or the compiled concept to confirm it with."""

    __slots__ = ("rank", "order", "rule", "check", "pack_order")

    def __init__(self, rank: int, order: int, rule: Rule, check: regex.Pattern | CompiledConcept | None = None):
        self.rank, self.order, self.rule, self.check = rank, order, rule, check
        self.pack_order = (rank, order)


_pack_order = attrgetter("pack_order")


# A gate is built when at least this many regex rules can share it.
GATE_MIN_CANDIDATES = 6
# A line runs the gate only when this many gated regex candidates are left after the required
# literals: the gate searches all its alternatives, and costs about as much as searching the
# shipped rules one by one (measured on scrapinghub/flat and the seeds: 6 was 4-10% slower
# than running them one by one since the literals rule most of them out).
GATE_MIN_LINE_CANDIDATES = 16


class _Gate:
    """One search standing for all gateable regex rules (prefilter.gate_pattern): when it finds
    nothing, none of them can match the line; when it matches, none before the one it took can."""

    __slots__ = ("pattern", "ordered", "members")

    def __init__(self, pattern: regex.Pattern, ordered: tuple[_Candidate, ...]):
        self.pattern, self.ordered, self.members = pattern, ordered, frozenset(ordered)

    def ruled_out(self, text: str) -> tuple[_Candidate, ...] | None:
        """The candidates the gate proves cannot match this line; None when the search was cut short."""
        found = _search(self.pattern, text)
        if found is _TIMED_OUT:
            return None
        if found is None:
            return self.ordered
        return self.ordered[:gate_winner(found, len(self.ordered))]


def _build_gate(alternatives: dict[_Candidate, str]) -> _Gate | None:
    if len(alternatives) < GATE_MIN_CANDIDATES:
        return None
    try:
        pattern = regex.compile(gate_pattern(list(alternatives.values())))
    except (regex.error, OverflowError, RecursionError):  # then the rules run one by one
        return None
    return _Gate(pattern, tuple(alternatives))


class _Line:
    """A line as the matcher saw it: canonical text, its candidates in pack order, the answers of
    the candidates confirmed so far, and the gate of its regex candidates until it has run."""

    __slots__ = ("text", "candidates", "confirmed", "gate", "_folded")

    def __init__(self, text: str, candidates: tuple[_Candidate, ...], gate: _Gate | None = None):
        self.text, self.candidates, self.gate = text, candidates, gate
        self.confirmed: dict[_Candidate, Hit | None] = {}
        self._folded: str | None = None

    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded


# The line cache's answer for a line not seen yet (a _Line, so the cache's type stays exact).
_UNSEEN = _Line("", ())


class Matcher:
    """All line rules of a rule set, compiled once into one pass per line.

    A line is analysed once (and remembered, see LINE_CACHE_SIZE): its whole-line and prefix keys
    are looked up, the regex rules its first character and length allow are listed, and one
    Aho-Corasick scan over all concept terms selects the concept rules that have a term of every
    group. The candidates are then confirmed in pack order, so a call stops at the first rule that
    matches and that `allowed` accepts: the same hit as trying every rule in turn (the spec in
    tests/test_matcher_equivalence.py), without running the regexes of rules that rank below it.
    """

    def __init__(self, rules: Iterable[Rule]):
        self.rules = tuple(r for r in rules if r.match != "selector")
        self._rank = {rule.id: i for i, rule in enumerate(self.rules)}
        self._exact: dict[str, list[_Candidate]] = {}
        self._keyed: dict[str, list[_Candidate]] = {}
        self._prefixed: dict[str, list[tuple[str, _Candidate]]] = {}
        self._regexes: list[tuple[frozenset[str] | None, _Candidate]] = []
        self._regex_buckets: dict[tuple[str, int], tuple[tuple[_Candidate, ...], frozenset[_Candidate]]] = {}
        gate_alternatives: dict[_Candidate, str] = {}
        literals: list[tuple[_Candidate, Literals | None]] = []
        concepts: list[tuple[CompiledConcept, _Candidate]] = []
        for rule in self.rules:
            rank = self._rank[rule.id]
            if rule.match == "concept":
                concept = CompiledConcept(rule)
                concepts.append((concept, _Candidate(rank, len(concepts), rule, concept)))
                continue
            for order, pattern in enumerate(rule.patterns):
                if rule.match == "exact":
                    self._exact.setdefault(canonical_whitespace(pattern), []).append(_Candidate(rank, order, rule))
                elif rule.match == "line":
                    self._keyed.setdefault(match_key(pattern), []).append(_Candidate(rank, order, rule))
                elif rule.match == "prefix":
                    key = match_key(pattern)
                    first = key.split(" ", 1)[0]
                    self._prefixed.setdefault(first, []).append((key, _Candidate(rank, order, rule)))
                else:
                    candidate = _Candidate(rank, order, rule, regex.compile(pattern))
                    self._regexes.append((first_chars(pattern), candidate))
                    literals.append((candidate, required_literals(pattern)))
                    alternative = gate_alternative(pattern)
                    if alternative is not None:
                        gate_alternatives[candidate] = alternative
        self._concepts: ConceptScanner[_Candidate] = ConceptScanner(concepts)
        self._gate = _build_gate(gate_alternatives)
        self._literals: RequiredLiterals[_Candidate] = RequiredLiterals(literals)
        self._regex_max_words = max((c.rule.max_words for _, c in self._regexes), default=0)
        self._lines: dict[str, _Line | None] = {}
        _MATCHERS.add(self)

    def find(self, line: str, allowed: Callable[[Rule], bool] = _any_rule) -> Hit | None:
        """The first rule (in pack order) that matches this line and that `allowed` accepts."""
        prepared = self._lines.get(line, _UNSEEN)
        if prepared is _UNSEEN:
            prepared = self._prepare(line)
            if len(self._lines) >= LINE_CACHE_SIZE:
                self._lines.clear()
            self._lines[line] = prepared
        if prepared is None:
            return None
        confirmed = prepared.confirmed
        for candidate in prepared.candidates:
            hit = confirmed.get(candidate, _MISSING)
            if hit is None:
                continue  # known not to match: whether it is allowed does not matter
            if not allowed(candidate.rule):
                continue
            if candidate.check is None:
                return Hit(candidate.rule, {})
            if hit is _MISSING:
                hit = self._confirm(candidate, prepared)
            if isinstance(hit, Hit):
                return hit
        return None

    def matches(self, rule: Rule, line: str) -> Hit | None:
        """Whether one given rule matches a line on its own (used to test a rule's examples)."""
        return Matcher([rule]).find(line)

    def _prepare(self, raw: str) -> _Line | None:
        """What a line can match, from cheap tests only: the candidates in pack order."""
        line = canonical_whitespace(raw)
        if not line:
            return None
        key = match_key(line)
        n_words = key.count(" ") + 1
        found = list(self._exact.get(line, ())) if self._exact else []
        found += self._keyed.get(key, ())
        prefixed = self._prefixed.get(key.partition(" ")[0])
        if prefixed:
            found += [c for prefix, c in prefixed if n_words <= c.rule.max_words and key.startswith(prefix)]
        regexes: tuple[_Candidate, ...] = ()
        if n_words <= self._regex_max_words:
            always, gated = self._regexes_for(line, n_words)
            regexes = always
            if gated:  # a rule none of whose required words occurs cannot match
                present = self._literals.present(line)
                if present:
                    regexes = always + tuple(gated.intersection(present))
            found += regexes
        found += self._concepts.candidates(line, key)
        if len(found) > 1:
            found.sort(key=_pack_order)
        gate = self._gate
        if gate is not None and len(gate.members.intersection(regexes)) < GATE_MIN_LINE_CANDIDATES:
            gate = None
        return _Line(line, tuple(found), gate)

    def _regexes_for(self, line: str, n_words: int) -> tuple[tuple[_Candidate, ...], frozenset[_Candidate]]:
        """The regex rules a line of this many words, starting with this character, may match
        (by their max_words and first-character prefilter): those that always run, and those
        that run only when a literal they require occurs. Remembered per character and length."""
        first = line[0].casefold() if line[0].isascii() else ""
        bucket_key = (first, n_words)
        bucket = self._regex_buckets.get(bucket_key)
        if bucket is None:
            fitting = [c for starts, c in self._regexes
                       if n_words <= c.rule.max_words and (not first or line_may_match(first, starts))]
            needs = self._literals.needs_literals
            bucket = (tuple(c for c in fitting if not needs(c)), frozenset(c for c in fitting if needs(c)))
            self._regex_buckets[bucket_key] = bucket
        return bucket

    def _confirm(self, candidate: _Candidate, prepared: _Line) -> Hit | None:
        """Run a candidate's regex or concept test; remember the answer unless the page's regex
        budget or the timeout cut the search short."""
        check = candidate.check
        if isinstance(check, CompiledConcept):
            hit = Hit(candidate.rule, {}) if check.matches(prepared.folded()) else None
            prepared.confirmed[candidate] = hit
            return hit
        gate = prepared.gate
        if gate is not None and candidate in gate.members and not _budget_exhausted():
            prepared.gate = None  # runs once per line
            ruled_out = gate.ruled_out(prepared.text)
            if ruled_out:
                prepared.confirmed.update(dict.fromkeys(ruled_out))
                if candidate in prepared.confirmed:
                    return None
        found = _search(check, prepared.text)
        if found is _TIMED_OUT:
            return None
        hit = Hit(candidate.rule, {k: v for k, v in found.groupdict().items() if v is not None}) if found else None
        prepared.confirmed[candidate] = hit
        return hit


def _budget_exhausted() -> bool:
    budget = _PAGE_BUDGET.get()
    return budget is not None and budget.exhausted


def _search(pattern: regex.Pattern, text: str):
    """pattern.search within the page's regex budget and the timeout: the match, None, or
    _TIMED_OUT when the search was skipped or cut short (then nothing may be remembered)."""
    budget = _PAGE_BUDGET.get()
    timeout = REGEX_TIMEOUT_SECONDS
    if budget is not None:
        if budget.exhausted:
            budget.skipped += 1
            return _TIMED_OUT
        timeout = min(timeout, budget.left)
        started = time.perf_counter()
    try:
        found = pattern.search(text, timeout=timeout)
    except TimeoutError:
        found = _TIMED_OUT
    if budget is not None:
        budget.left -= time.perf_counter() - started
    return found
