"""Regex safety: find rule patterns that can backtrack catastrophically, before they run.

The matcher also runs every regex with a timeout, but a rule that times out on a line simply does
not fire there, silently; better to refuse it when the pack is loaded (and in `cleaner rules
lint`), with the reason. The check is structural, on the parsed pattern, so it is instant:

- nested quantifiers: an unbounded repeat inside another repeat, as in `(a+)+` or `(\\w*\\s?)*`:
  a failing match tries every way of splitting the input between them (exponential);
- overlapping alternation under a repeat, as in `(a|a)*`, `(a|aa)+` or `(a|ab|b)*`: the same. The
  body of the repeat is spelt out as the finite set of "words" it can match (each a sequence of
  character sets), and the Sardinas-Patterson test asks whether some text splits into those words
  in two ways ("ab" is a|b or ab);
- atomic groups and possessive quantifiers (`(?>...)`, `a++`) cannot backtrack and are accepted.

Then a probe confirms what the structure misses: the compiled pattern runs, with a short timeout,
on runs of each character it names followed by a character that makes it fail ("aaaa…a\\0").
Safe patterns answer in microseconds; the probe flags those that take longer than PROBE_SECONDS.
Together they find the classic shapes, not every slow pattern: the matcher's per-search timeout
stays as the last line of defence.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

import regex

from .ambiguity import ambiguous_words
from .charsets import CharSet, is_unbounded, repeated_charset, single_charset
from .reparse import REPEATS, parse_as_re, sre

PROBE_SECONDS = 0.05
# (a|aa)+$ needs ~1 s on 28 characters; (\\w|\\d)+$ is polynomial: 0.03 s on 1000, 0.3 s on 3000.
_PROBE_LENGTHS = (28, 1000, 4000)
_PROBE_CHARS = "a1 A.-_,"
_MAX_PROBES = 48


@dataclass(frozen=True)
class RegexHazard:
    """One reason a pattern can backtrack catastrophically."""

    kind: str  # "nested-quantifier" | "overlapping-alternation" | "slow-on-probe"
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


def regex_hazards(pattern: str, probe: bool = True) -> list[RegexHazard]:
    """The catastrophic-backtracking hazards in a pattern; empty when none is found.
    `probe` also runs it on pumped strings (milliseconds per pattern).

    >>> [h.kind for h in regex_hazards(r"(a+)+$")]
    ['nested-quantifier']
    >>> regex_hazards(r"^follow us( on)?:?$")
    []
    """
    return list(_hazards(pattern, probe))


@functools.lru_cache(maxsize=1024)  # pure: a pack loaded by many Cleaners is checked once
def _hazards(pattern: str, probe: bool) -> tuple[RegexHazard, ...]:
    try:
        parsed = parse_as_re(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        # Syntax only the regex module reads: the probe alone, and the runtime timeout, still hold.
        parsed = None
    hazards: list[RegexHazard] = []
    if parsed is not None:
        _walk(list(parsed), pattern, inside_repeat=False, hazards=hazards)
    if probe and not hazards:
        slow = probe_backtracking(pattern, _literal_chars(list(parsed)) if parsed is not None else "")
        if slow is not None:
            hazards.append(RegexHazard(
                "slow-on-probe", f"{pattern!r} took over {PROBE_SECONDS} s on {slow[:12]!r}… ({len(slow)} characters)"
            ))
    unique = {(h.kind, h.detail): h for h in hazards}
    return tuple(unique.values())


def probe_backtracking(pattern: str, chars: str = "") -> str | None:
    """The first pumped string the pattern cannot answer within PROBE_SECONDS, or None."""
    try:
        compiled = regex.compile(pattern)
    except (regex.error, OverflowError, RecursionError, ValueError):
        return None
    candidates = list(dict.fromkeys(chars + _PROBE_CHARS))[:_MAX_PROBES]
    for length in _PROBE_LENGTHS:
        for char, tail in itertools.product(candidates, ("\x00", "!")):
            text = char * length + tail
            try:
                compiled.search(text, timeout=PROBE_SECONDS)
            except TimeoutError:
                return text
    return None


def _literal_chars(items: list) -> str:
    """Every literal character a parsed pattern names, in order."""
    found: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            found.append(chr(arg))
        elif op is sre.IN:
            found.extend(chr(a) for o, a in arg if o is sre.LITERAL)
            found.extend(chr(a[0]) for o, a in arg if o is sre.RANGE)
        elif op in REPEATS:
            found.append(_literal_chars(list(arg[2])))
        elif op is sre.SUBPATTERN:
            found.append(_literal_chars(list(arg[-1])))
        elif op is sre.BRANCH:
            found.extend(_literal_chars(list(b)) for b in arg[1])
        elif op in (sre.ASSERT, sre.ASSERT_NOT) or op is getattr(sre, "ATOMIC_GROUP", None):
            found.append(_literal_chars(list(arg[1] if op in (sre.ASSERT, sre.ASSERT_NOT) else arg)))
    return "".join(found)


def is_safe_regex(pattern: str) -> bool:
    return not regex_hazards(pattern)



def _walk(items: list, pattern: str, inside_repeat: bool, hazards: list[RegexHazard]) -> None:
    for op, arg in items:
        if op in REPEATS:
            low, high, body = arg
            body_items = list(body)
            if is_unbounded(high):
                if _ambiguous_body(body_items):
                    hazards.append(RegexHazard(
                        "nested-quantifier",
                        f"a repeated group whose body can split the same text in many ways (like (a+)+) in {pattern!r}",
                    ))
                if _overlapping_branches(body_items) or ambiguous_words(body_items):
                    hazards.append(RegexHazard(
                        "overlapping-alternation",
                        f"a repeated alternation whose branches match the same characters (like (a|\\w)+) in {pattern!r}",
                    ))
            _walk(body_items, pattern, inside_repeat or is_unbounded(high), hazards)
        elif op is getattr(sre, "POSSESSIVE_REPEAT", None) or op is getattr(sre, "ATOMIC_GROUP", None):
            continue  # cannot backtrack into it
        elif op is sre.SUBPATTERN:
            _walk(list(arg[-1]), pattern, inside_repeat, hazards)
        elif op is sre.BRANCH:
            for branch in arg[1]:
                _walk(list(branch), pattern, inside_repeat, hazards)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            _walk(list(arg[1]), pattern, inside_repeat, hazards)


def _flatten(items: list) -> list:
    """A body's sequence with plain groups opened up: (?:a+b?) is a+ then b?."""
    flat = []
    for op, arg in items:
        if op is sre.SUBPATTERN:
            flat.extend(_flatten(list(arg[-1])))
        else:
            flat.append((op, arg))
    return flat


def _ambiguous_body(body: list) -> bool:
    """The body of an unbounded repeat holds an unbounded repeat of a class C, and everything
    else it must match fits in C too: then n characters of C split between the iterations in
    exponentially many ways ((a+)+, (\\w+\\s?)+, (x+x+)+, (\\w+\\d)+)."""
    flat = _flatten(body)
    for index, (op, arg) in enumerate(flat):
        inner = repeated_charset(op, arg)
        if inner is None:
            continue
        if all(_absorbed(other_op, other_arg, inner) for j, (other_op, other_arg) in enumerate(flat) if j != index):
            return True
    # (a|aa)+, which the parser factors into a(|a): alternatives of different lengths over the
    # characters the rest of the body is made of.
    singles = [cs for op, arg in flat if (cs := single_charset(op, arg)) is not None]
    branches = [arg[1] for op, arg in flat if op is sre.BRANCH]
    if singles and branches:
        charset = singles[0]
        lengths = {len(list(alt)) for alts in branches for alt in alts}
        within = all(
            (cs := single_charset(op, arg)) is not None and cs.within(charset)
            for op, arg in flat if op is not sre.BRANCH
        ) and all((cs := single_charset(o, a)) is not None and cs.within(charset)
                  for alts in branches for alt in alts for o, a in alt)
        if within and len(lengths) > 1:
            return True
    return False


def _absorbed(op, arg, charset: CharSet) -> bool:
    """Whether an item can match nothing, or only text made of `charset`."""
    if op is sre.AT:
        return True
    if op in REPEATS:
        low, _high, body = arg
        if low == 0:
            return True
        return all(_absorbed(o, a, charset) for o, a in _flatten(list(body)))
    single = single_charset(op, arg)
    return single is not None and single.within(charset)


def _overlapping_branches(body: list) -> bool:
    """An alternation under a repeat with two identical branches ((a|a)*, which the parser
    factors into a(|)), or single-character branches that share characters."""
    for op, arg in _flatten(body):
        if op is sre.BRANCH:
            alternatives = [list(b) for b in arg[1]]
            if any(alt in alternatives[i + 1:] for i, alt in enumerate(alternatives)):
                return True
            singles = [single_charset(*list(b)[0]) if len(list(b)) == 1 else None for b in arg[1]]
            for i, first in enumerate(singles):
                for other in singles[i + 1:]:
                    if first is not None and other is not None and first.overlaps(other):
                        return True
    return False

