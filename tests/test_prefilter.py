"""The regex prefilter only skips a pattern on lines it cannot match."""

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_corpus import LINES, PATTERNS

from cleaner.rulebook.prefilter import first_chars, line_may_match


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("(?i)^(?:read more|see also)", {"r", "s"}),
        ("^(?:by|von)\\s+\\p{Lu}", {"b", "v"}),
        ("(?i)^(?:time )?\\d+ hours ago$", None),  # a digit class: not enumerated
        ("(?i)^(?:updated )?now$", {"u", "n"}),
        ("follow us", None),  # not anchored
        ("^[a-c]x", {"a", "b", "c"}),
    ],
)
def test_first_chars(pattern, expected):
    chars = first_chars(pattern)
    assert (set(chars) if chars is not None else None) == expected


def test_most_shipped_patterns_get_a_prefilter():
    assert sum(first_chars(p) is not None for p in PATTERNS) >= len(PATTERNS) // 2


def agrees(pattern: str, line: str) -> bool:
    return line_may_match(line, first_chars(pattern)) or regex.search(pattern, line) is None


def test_never_skips_a_matching_line_of_the_seeds_or_examples():
    wrong = [(p, line) for p in PATTERNS for line in LINES if not agrees(p, line)]
    assert not wrong


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(min_size=1, max_size=40))
def test_never_skips_a_matching_line_of_random_text(pattern, line):
    assert agrees(pattern, line)
