"""Character sets of a parsed regex, coarsely: what one position of a pattern can match (some
code points, some classes such as \\d, \\w, \\s, or anything), and which repeats count as
unbounded. The safety check compares them to find patterns that split one text in many ways."""
from __future__ import annotations

from dataclasses import dataclass

from .reparse import REPEATS, sre

# A repeat that may run this many times counts as unbounded: {1,1000} is as bad as +.
LARGE_REPEAT = 32


def is_unbounded(max_count: int) -> bool:
    return max_count >= LARGE_REPEAT


@dataclass(frozen=True)
class CharSet:
    """What one position can match, coarsely: some code points and some classes (\\d, \\w, \\s),
    or anything."""

    chars: frozenset = frozenset()
    classes: frozenset = frozenset()
    anything: bool = False
    excluded: frozenset = frozenset()  # with `anything`: every character but these ([^,])

    def within(self, other: CharSet) -> bool:
        if other.anything:
            if self.anything:
                return self.excluded >= other.excluded
            return not any(c in other.excluded for c in self.chars) and not (self.classes and other.excluded)
        if self.anything:
            return False
        return all(_char_in(c, other) for c in self.chars) and all(_class_in(k, other) for k in self.classes)

    def overlaps(self, other: CharSet) -> bool:
        if self.anything or other.anything:
            return True
        return bool(self.chars & other.chars) or any(_char_in(c, other) for c in self.chars) or any(
            _char_in(c, self) for c in other.chars
        ) or any(_class_in(k, other) or any(_class_in(j, CharSet(classes=frozenset([k]))) for j in other.classes) for k in self.classes)


ANY = CharSet(anything=True)
_CLASS_TESTS = {"digit": str.isdigit, "word": lambda c: c.isalnum() or c == "_", "space": str.isspace}
_CLASS_INCLUDES = {"digit": {"digit"}, "word": {"word", "digit"}, "space": {"space"}}


def _char_in(code: int, charset: CharSet) -> bool:
    return code in charset.chars or any(_CLASS_TESTS[k](chr(code)) for k in charset.classes)


def _class_in(klass: str, charset: CharSet) -> bool:
    return any(klass in _CLASS_INCLUDES[k] for k in charset.classes)


_CATEGORIES = {
    sre.CATEGORY_DIGIT: "digit",
    sre.CATEGORY_WORD: "word",
    sre.CATEGORY_SPACE: "space",
}


def single_charset(op, arg) -> CharSet | None:
    """The set of characters one item matches, when it matches exactly one character."""
    if op is sre.LITERAL:
        return CharSet(chars=frozenset([arg]))
    if op is sre.ANY:
        return ANY
    if op is sre.NOT_LITERAL:
        return CharSet(anything=True, excluded=frozenset([arg]))
    if op is sre.IN:
        chars, classes = set(), set()
        if arg and arg[0][0] is sre.NEGATE:
            excluded = {a for o, a in arg[1:] if o is sre.LITERAL}
            return CharSet(anything=True, excluded=frozenset(excluded) if len(excluded) == len(arg) - 1 else frozenset())
        for set_op, set_arg in arg:
            if set_op is sre.LITERAL:
                chars.add(set_arg)
            elif set_op is sre.RANGE and set_arg[1] - set_arg[0] < 512:
                chars.update(range(set_arg[0], set_arg[1] + 1))
            elif set_op is sre.CATEGORY and set_arg in _CATEGORIES:
                classes.add(_CATEGORIES[set_arg])
            else:  # negated sets, wide ranges, negated classes
                return ANY
        return CharSet(frozenset(chars), frozenset(classes))
    if op is sre.SUBPATTERN:
        items = list(arg[-1])
        return single_charset(*items[0]) if len(items) == 1 else None
    if op is sre.BRANCH:
        maybe = [single_charset(*list(b)[0]) if len(list(b)) == 1 else None for b in arg[1]]
        sets = [cs for cs in maybe if cs is not None]
        if len(sets) != len(maybe):
            return None
        if any(cs.anything for cs in sets):
            return ANY
        return CharSet(frozenset().union(*(cs.chars for cs in sets)), frozenset().union(*(cs.classes for cs in sets)))
    return None


def repeated_charset(op, arg) -> CharSet | None:
    """For an unbounded repeat of one character class (a+, \\w*, [ab]{2,}), that class."""
    if op in REPEATS and is_unbounded(arg[1]):
        items = list(arg[2])
        if len(items) == 1:
            return single_charset(*items[0])
    return None

