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

try:  # Python 3.11+: the parser behind `re`, whose syntax `regex` extends.
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - older layout
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# `regex`-only syntax that the `re` parser does not read, replaced by an equivalent for the check:
# a Unicode property is a set of characters, like \w.
_REGEX_ONLY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\X")
# A repeat that may run this many times counts as unbounded: {1,1000} is as bad as +.
_LARGE_REPEAT = 32
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT}
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
        if op is _sre.LITERAL:
            found.append(chr(arg))
        elif op is _sre.IN:
            found.extend(chr(a) for o, a in arg if o is _sre.LITERAL)
            found.extend(chr(a[0]) for o, a in arg if o is _sre.RANGE)
        elif op in _REPEATS:
            found.append(_literal_chars(list(arg[2])))
        elif op is _sre.SUBPATTERN:
            found.append(_literal_chars(list(arg[-1])))
        elif op is _sre.BRANCH:
            found.extend(_literal_chars(list(b)) for b in arg[1])
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT) or op is getattr(_sre, "ATOMIC_GROUP", None):
            found.append(_literal_chars(list(arg[1] if op in (_sre.ASSERT, _sre.ASSERT_NOT) else arg)))
    return "".join(found)


def parse_as_re(pattern: str):
    """Parse a `regex` pattern with the `re` parser, its Unicode properties read as \\w
    (a set of characters too). Raises re.error for syntax `re` does not know."""
    return _sre_parse.parse(_REGEX_ONLY.sub(r"\\w", pattern))


def is_safe_regex(pattern: str) -> bool:
    return not regex_hazards(pattern)


def _is_unbounded(max_count: int) -> bool:
    return max_count >= _LARGE_REPEAT


@dataclass(frozen=True)
class _CharSet:
    """What one position can match, coarsely: some code points and some classes (\\d, \\w, \\s),
    or anything."""

    chars: frozenset = frozenset()
    classes: frozenset = frozenset()
    anything: bool = False
    excluded: frozenset = frozenset()  # with `anything`: every character but these ([^,])

    def within(self, other: _CharSet) -> bool:
        if other.anything:
            if self.anything:
                return self.excluded >= other.excluded
            return not any(c in other.excluded for c in self.chars) and not (self.classes and other.excluded)
        if self.anything:
            return False
        return all(_char_in(c, other) for c in self.chars) and all(_class_in(k, other) for k in self.classes)

    def overlaps(self, other: _CharSet) -> bool:
        if self.anything or other.anything:
            return True
        return bool(self.chars & other.chars) or any(_char_in(c, other) for c in self.chars) or any(
            _char_in(c, self) for c in other.chars
        ) or any(_class_in(k, other) or any(_class_in(j, _CharSet(classes=frozenset([k]))) for j in other.classes) for k in self.classes)


_ANY = _CharSet(anything=True)
_CLASS_TESTS = {"digit": str.isdigit, "word": lambda c: c.isalnum() or c == "_", "space": str.isspace}
_CLASS_INCLUDES = {"digit": {"digit"}, "word": {"word", "digit"}, "space": {"space"}}


def _char_in(code: int, charset: _CharSet) -> bool:
    return code in charset.chars or any(_CLASS_TESTS[k](chr(code)) for k in charset.classes)


def _class_in(klass: str, charset: _CharSet) -> bool:
    return any(klass in _CLASS_INCLUDES[k] for k in charset.classes)


_CATEGORIES = {
    _sre.CATEGORY_DIGIT: "digit",
    _sre.CATEGORY_WORD: "word",
    _sre.CATEGORY_SPACE: "space",
}


def _single_charset(op, arg) -> _CharSet | None:
    """The set of characters one item matches, when it matches exactly one character."""
    if op is _sre.LITERAL:
        return _CharSet(chars=frozenset([arg]))
    if op is _sre.ANY:
        return _ANY
    if op is _sre.NOT_LITERAL:
        return _CharSet(anything=True, excluded=frozenset([arg]))
    if op is _sre.IN:
        chars, classes = set(), set()
        if arg and arg[0][0] is _sre.NEGATE:
            excluded = {a for o, a in arg[1:] if o is _sre.LITERAL}
            return _CharSet(anything=True, excluded=frozenset(excluded) if len(excluded) == len(arg) - 1 else frozenset())
        for set_op, set_arg in arg:
            if set_op is _sre.LITERAL:
                chars.add(set_arg)
            elif set_op is _sre.RANGE and set_arg[1] - set_arg[0] < 512:
                chars.update(range(set_arg[0], set_arg[1] + 1))
            elif set_op is _sre.CATEGORY and set_arg in _CATEGORIES:
                classes.add(_CATEGORIES[set_arg])
            else:  # negated sets, wide ranges, negated classes
                return _ANY
        return _CharSet(frozenset(chars), frozenset(classes))
    if op is _sre.SUBPATTERN:
        items = list(arg[-1])
        return _single_charset(*items[0]) if len(items) == 1 else None
    if op is _sre.BRANCH:
        sets = [_single_charset(*list(b)[0]) if len(list(b)) == 1 else None for b in arg[1]]
        if any(cs is None for cs in sets):
            return None
        if any(cs.anything for cs in sets):
            return _ANY
        return _CharSet(frozenset().union(*(cs.chars for cs in sets)), frozenset().union(*(cs.classes for cs in sets)))
    return None


def _repeated_charset(op, arg) -> _CharSet | None:
    """For an unbounded repeat of one character class (a+, \\w*, [ab]{2,}), that class."""
    if op in _REPEATS and _is_unbounded(arg[1]):
        items = list(arg[2])
        if len(items) == 1:
            return _single_charset(*items[0])
    return None


def _walk(items: list, pattern: str, inside_repeat: bool, hazards: list[RegexHazard]) -> None:
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            body_items = list(body)
            if _is_unbounded(high):
                if _ambiguous_body(body_items):
                    hazards.append(RegexHazard(
                        "nested-quantifier",
                        f"a repeated group whose body can split the same text in many ways (like (a+)+) in {pattern!r}",
                    ))
                if _overlapping_branches(body_items) or _ambiguous_words(body_items):
                    hazards.append(RegexHazard(
                        "overlapping-alternation",
                        f"a repeated alternation whose branches match the same characters (like (a|\\w)+) in {pattern!r}",
                    ))
            _walk(body_items, pattern, inside_repeat or _is_unbounded(high), hazards)
        elif op is getattr(_sre, "POSSESSIVE_REPEAT", None) or op is getattr(_sre, "ATOMIC_GROUP", None):
            continue  # cannot backtrack into it
        elif op is _sre.SUBPATTERN:
            _walk(list(arg[-1]), pattern, inside_repeat, hazards)
        elif op is _sre.BRANCH:
            for branch in arg[1]:
                _walk(list(branch), pattern, inside_repeat, hazards)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            _walk(list(arg[1]), pattern, inside_repeat, hazards)


def _flatten(items: list) -> list:
    """A body's sequence with plain groups opened up: (?:a+b?) is a+ then b?."""
    flat = []
    for op, arg in items:
        if op is _sre.SUBPATTERN:
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
        inner = _repeated_charset(op, arg)
        if inner is None:
            continue
        if all(_absorbed(other_op, other_arg, inner) for j, (other_op, other_arg) in enumerate(flat) if j != index):
            return True
    # (a|aa)+, which the parser factors into a(|a): alternatives of different lengths over the
    # characters the rest of the body is made of.
    singles = [cs for op, arg in flat if (cs := _single_charset(op, arg)) is not None]
    branches = [arg[1] for op, arg in flat if op is _sre.BRANCH]
    if singles and branches:
        charset = singles[0]
        lengths = {len(list(alt)) for alts in branches for alt in alts}
        within = all(
            _single_charset(op, arg) is not None and _single_charset(op, arg).within(charset)
            for op, arg in flat if op is not _sre.BRANCH
        ) and all(_single_charset(o, a) is not None and _single_charset(o, a).within(charset)
                  for alts in branches for alt in alts for o, a in alt)
        if within and len(lengths) > 1:
            return True
    return False


def _absorbed(op, arg, charset: _CharSet) -> bool:
    """Whether an item can match nothing, or only text made of `charset`."""
    if op is _sre.AT:
        return True
    if op in _REPEATS:
        low, _high, body = arg
        if low == 0:
            return True
        return all(_absorbed(o, a, charset) for o, a in _flatten(list(body)))
    single = _single_charset(op, arg)
    return single is not None and single.within(charset)


def _overlapping_branches(body: list) -> bool:
    """An alternation under a repeat with two identical branches ((a|a)*, which the parser
    factors into a(|)), or single-character branches that share characters."""
    for op, arg in _flatten(body):
        if op is _sre.BRANCH:
            alternatives = [list(b) for b in arg[1]]
            if any(alt in alternatives[i + 1:] for i, alt in enumerate(alternatives)):
                return True
            singles = [_single_charset(*list(b)[0]) if len(list(b)) == 1 else None for b in arg[1]]
            for i, first in enumerate(singles):
                for other in singles[i + 1:]:
                    if first is not None and other is not None and first.overlaps(other):
                        return True
    return False


# Spelling out a repeat's body stops beyond this many words or characters per word: the check is
# for the short alternations people write, and the probe and the runtime budget cover the rest.
_MAX_WORDS = 64
_MAX_WORD_LENGTH = 32
_MAX_SP_ROUNDS = 64


def _words(items: list) -> list[tuple[_CharSet, ...]] | None:
    """Every sequence of character sets a body can match, or None when it can match unboundedly
    long text or too many sequences. Anchors and lookarounds match no characters and are left out."""
    words: list[tuple[_CharSet, ...]] = [()]
    for op, arg in items:
        if op is _sre.AT or op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue
        single = _single_charset(op, arg) if op not in (_sre.SUBPATTERN, _sre.BRANCH) else None
        if single is not None:
            options: list[tuple[_CharSet, ...]] | None = [(single,)]
        elif op is _sre.SUBPATTERN:
            options = _words(list(arg[-1]))
        elif op is _sre.BRANCH:
            options = []
            for branch in arg[1]:
                spelt = _words(list(branch))
                if spelt is None:
                    return None
                options += spelt
        elif op in _REPEATS and not _is_unbounded(arg[1]):
            body = _words(list(arg[2]))
            if body is None:
                return None
            options = []
            for count in range(arg[0], arg[1] + 1):
                run: list[tuple[_CharSet, ...]] = [()]
                for _ in range(count):
                    run = [a + b for a in run for b in body]
                    if len(run) > _MAX_WORDS:
                        return None
                options += run
        else:
            return None
        if options is None:
            return None
        words = [w + o for w in words for o in options]
        if len(words) > _MAX_WORDS or any(len(w) > _MAX_WORD_LENGTH for w in words):
            return None
    return words


def _dangling(short: tuple[_CharSet, ...], long: tuple[_CharSet, ...]) -> tuple[_CharSet, ...] | None:
    """What is left of `long` after a text that `short` matches (None when no text matches both
    `short` and the start of `long`)."""
    if len(short) > len(long) or not all(a.overlaps(b) for a, b in zip(short, long)):
        return None
    return long[len(short):]


def _ambiguous_words(body: list) -> bool:
    """Whether some text splits into the body's words in two ways (Sardinas-Patterson on words
    of character sets, where two sets 'agree' when they share a character): then a repeat of the
    body tries exponentially many splits of a line it fails on. Words that match nothing are
    left out: the engine never repeats an empty iteration."""
    spelt = _words(body)
    if spelt is None:
        return False
    words = [w for w in spelt if w]
    if len(set(words)) < len(words):
        return True  # the same word twice: (a|a)
    code = set(words)
    dangling = {rest for u in code for v in code if u != v and (rest := _dangling(u, v)) is not None}
    seen: set[tuple[_CharSet, ...]] = set()
    for _ in range(_MAX_SP_ROUNDS):
        if () in dangling:
            return True
        new = dangling - seen
        if not new:
            return False
        seen |= new
        dangling = set()
        for rest in new:
            for word in code:
                for found in (_dangling(word, rest), _dangling(rest, word)):
                    if found is not None:
                        dangling.add(found)
    return True  # no answer within the rounds: treat as a hazard
