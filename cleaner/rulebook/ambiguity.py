"""Overlapping alternation under a repeat, found by spelling the repeat's body out as the finite
set of words it can match (each a sequence of character sets) and asking, with the
Sardinas-Patterson test, whether some text splits into those words in two ways ("ab" is a|b or
ab): then the repeat tries exponentially many splits of a line it fails on."""
from __future__ import annotations

from .charsets import CharSet, is_unbounded, single_charset
from .reparse import REPEATS, sre

# Spelling out a repeat's body stops beyond this many words or characters per word: the check is
# for the short alternations people write, and the probe and the runtime budget cover the rest.
_MAX_WORDS = 64
_MAX_WORD_LENGTH = 32
_MAX_SP_ROUNDS = 64


def _words(items: list) -> list[tuple[CharSet, ...]] | None:
    """Every sequence of character sets a body can match, or None when it can match unboundedly
    long text or too many sequences. Anchors and lookarounds match no characters and are left out."""
    words: list[tuple[CharSet, ...]] = [()]
    for op, arg in items:
        if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
            continue
        single = single_charset(op, arg) if op not in (sre.SUBPATTERN, sre.BRANCH) else None
        if single is not None:
            options: list[tuple[CharSet, ...]] | None = [(single,)]
        elif op is sre.SUBPATTERN:
            options = _words(list(arg[-1]))
        elif op is sre.BRANCH:
            options = []
            for branch in arg[1]:
                spelt = _words(list(branch))
                if spelt is None:
                    return None
                options += spelt
        elif op in REPEATS and not is_unbounded(arg[1]):
            body = _words(list(arg[2]))
            if body is None:
                return None
            options = []
            for count in range(arg[0], arg[1] + 1):
                run: list[tuple[CharSet, ...]] = [()]
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


def _dangling(short: tuple[CharSet, ...], long: tuple[CharSet, ...]) -> tuple[CharSet, ...] | None:
    """What is left of `long` after a text that `short` matches (None when no text matches both
    `short` and the start of `long`)."""
    if len(short) > len(long) or not all(a.overlaps(b) for a, b in zip(short, long)):
        return None
    return long[len(short):]


def ambiguous_words(body: list) -> bool:
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
    seen: set[tuple[CharSet, ...]] = set()
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

