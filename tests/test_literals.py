"""Required literals rule a regex out only on lines it cannot match."""

import string
import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_corpus import LINES, PATTERNS

from cleaner.rulebook.literals import RequiredLiterals, fold_line, required_literals


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("(?i)^read more$", {"read more"}),
        ("(?i)^(?:Read more|see also):?$", {"read more", "see also"}),
        ("^x(?=.*cancel any ?time)", {"cancel any"}),  # the longest requirement wins
        ("^(?:ab)?cd", {"cd"}),  # an optional part is not required
        ("^(?:foo|\\d+)x", {"x"}),  # a branch without a literal makes the alternation need none
        ("^[$£]\\d", {"$", "£"}),  # a caseless symbol stands as it is
        ("^[$é]\\d", None),  # a class with a non-ASCII letter gives no literal (it has a case)
        ("^[$Ⓐ]\\d", None),  # nor with a symbol that has a case (circled letters fold)
        ("^[▲▼+]\\d+$", {"▲", "▼", "+"}),
        ("^\\d{1,3}\\s?(?:시간|분)\\s?전$", {"전"}),  # a caseless script's letters stand as they are
        ("^[ab]\\d", {"a", "b"}),
        ("(?:word)+!", {"word"}),
        ("^(?!cookie)\\w+$", None),  # a negative lookahead requires nothing
        ("^\\d+ min$", {" min"}),
        ("k\u00fcndbar", {"ndbar"}),  # a cased letter outside ASCII breaks a literal
    ],
)
def test_required_literals(pattern, expected):
    assert required_literals(pattern) == (frozenset(expected) if expected is not None else None)


@pytest.mark.parametrize("pattern", ["a{e<=1}bcd", "(?V1)abcd", "(?f)strasse", "[[:alpha:]]xyz", "(?|(a)|(b))cd", "\\mword"])
def test_syntax_the_re_parser_misreads_gets_no_literals(pattern):
    assert required_literals(pattern) is None


def test_many_shipped_patterns_get_literals():
    assert sum(required_literals(p) is not None for p in PATTERNS) >= len(PATTERNS) // 2


def _needs_hold(pattern: str, line: str) -> bool:
    literals = required_literals(pattern)
    if literals is None or not regex.search(pattern, line):
        return True
    folded = fold_line(line)
    return any(literal in folded for literal in literals)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_line_a_shipped_pattern_matches_holds_one_of_its_literals(pattern):
    assert [line for line in LINES if not _needs_hold(pattern, line)] == []


# Every character with a case mapping: the only ones a case-insensitive regex may match against
# an ASCII literal character other than itself.
CASED = [chr(c) for c in range(sys.maxunicode + 1)
         if chr(c).lower() != chr(c) or chr(c).upper() != chr(c) or chr(c).casefold() != chr(c)]


@pytest.mark.parametrize("flags", ["(?i)", "(?if)"])
def test_case_insensitive_matches_survive_folding(flags):
    """A literal character a case-insensitive pattern matches is found in the folded line (the
    dotless i, which matches "I", is why fold_line does more than casefold)."""
    misses = []
    for char in string.printable:
        pattern = regex.compile(flags + regex.escape(char))
        misses += [(char, other) for other in CASED if pattern.match(other) and char.casefold() not in fold_line(other)]
    assert misses == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeIıKSſß €$-", max_size=20))
def test_a_pattern_ruled_out_does_not_match(line):
    patterns = ["(?i)ab", "(?i)kiss", "(?i)^(?=.*(?:cd|ee))", "(?i)[se]\\s?ab", "\\$\\d|ab"]
    scanner = RequiredLiterals([(p, required_literals(p)) for p in patterns])
    kept = scanner.possible(line, tuple(patterns))
    assert [p for p in patterns if regex.search(p, line) and p not in kept] == []
