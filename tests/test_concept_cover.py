"""A concept rule's slot is measured with only the terms the line holds: the same leftover as
taking out every term and filler of the rule."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from project_paths import ROOT

from cleaner.rulebook import load_packs
from cleaner.rulebook.concept import CompiledConcept, fold, slot_size, terms_regex

CONCEPTS = [CompiledConcept(rule) for pack in load_packs() for rule in pack.rules if rule.match == "concept"]


def _full_cover(concept: CompiledConcept):
    return terms_regex([term for group in concept.terms for term in group] + list(concept.rule.fillers))


def _lines() -> list[str]:
    lines = [line for concept in CONCEPTS for line in (*concept.rule.examples_remove, *concept.rule.examples_keep)]
    for path in sorted((ROOT / "seeds").rglob("*.txt")):
        lines += path.read_text(encoding="utf-8", errors="replace").split("\n")
    return [fold(line) for line in dict.fromkeys(lines) if line.strip()]


def test_the_line_cover_takes_out_what_the_full_cover_takes_out():
    lines = _lines()
    assert len(CONCEPTS) > 10 and len(lines) > 300
    differences = [
        (concept.rule.id, line)
        for concept in CONCEPTS
        for full in [_full_cover(concept)]
        for line in lines
        if full.sub(" ", line) != concept._cover(line).sub(" ", line)
    ]
    assert differences == []


_SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000", "\x1c", "\u2009"])


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_lines_made_of_terms_and_odd_spaces_give_the_same_leftover(data):
    concept = data.draw(st.sampled_from(CONCEPTS))
    vocabulary = [term for group in concept.terms for term in group] + list(concept.rule.fillers) + ["xapp", "12", "é"]
    words = data.draw(st.lists(st.sampled_from(vocabulary), max_size=8))
    line = ""
    for word in words:
        line += data.draw(_SPACES) + word.replace(" ", data.draw(_SPACES))
    assert _full_cover(concept).sub(" ", line) == concept._cover(line).sub(" ", line)


def test_a_katakana_word_with_a_long_vowel_mark_is_one_slot_word():
    assert slot_size("ニュース") == 1  # the prolonged sound mark ー is part of the katakana word
    assert slot_size("ミライニュース") == 2
    assert slot_size("news 1.4k") == 1


def test_han_in_a_slot_counts_a_word_per_two_characters():
    # Han words are one or two characters: a run of Han prose is many words, not a brand name.
    assert slot_size("星河资讯") == 2
    assert slot_size("视频在网上获得了上万次") == 6
    assert slot_size("ミライ") == 1  # kana (a brand written in katakana) keeps four to a word
