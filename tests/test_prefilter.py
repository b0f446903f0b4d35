"""The regex prefilter only skips a pattern on lines it cannot match."""

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from project_paths import ROOT

from cleaner.rulebook import load_packs
from cleaner.rulebook.prefilter import first_chars, line_may_match
from cleaner.textnorm import canonical_whitespace

PATTERNS = [p for pack in load_packs() for r in pack.rules if r.match == "regex" for p in r.patterns]
LINES = sorted(
    {
        canonical_whitespace(line)
        for seed in (ROOT / "seeds").rglob("*")
        if seed.is_file()
        for line in seed.read_text(encoding="utf-8", errors="replace").splitlines()
    }
    | {e for pack in load_packs() for r in pack.rules for e in (*r.examples_remove, *r.examples_keep)}
)


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
