"""The concept scanner selects candidates by whole-word terms: it never leaves out a concept rule
whose own patterns match a line, and a term inside a longer word ("d" in "today") selects none."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.rulebook import load_packs
from cleaner.rulebook.concept import CompiledConcept, ConceptScanner, bounded_text, fold, search_form
from cleaner.textnorm import canonical_whitespace, word_count

CONCEPTS = [CompiledConcept(rule) for pack in load_packs() for rule in pack.rules if rule.match == "concept"]
SCANNER = ConceptScanner([(concept, concept) for concept in CONCEPTS])
TERMS = sorted({term for concept in CONCEPTS for group in concept.terms for term in group})


def _missed(line: str) -> list[str]:
    """Concept rules that match the line but that the scanner does not offer."""
    line = canonical_whitespace(line)
    if not line:
        return []
    offered = set(map(id, SCANNER.candidates(line)))
    return [c.rule.id for c in CONCEPTS
            if word_count(line) <= c.rule.max_words and c.matches(fold(line)) and id(c) not in offered]


def test_every_example_a_concept_rule_removes_is_offered():
    examples = [line for concept in CONCEPTS for line in concept.rule.examples_remove]
    assert len(examples) > 20
    assert [(line, _missed(line)) for line in examples if _missed(line)] == []


_GLUE = st.sampled_from([" ", "  ", ", ", " - ", "! ", ": ", "|", " (", ") ", "\u00a0", "…", "«", "» "])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TERMS), _GLUE), min_size=1, max_size=6), st.sampled_from(["", "•", "- ", "1.4K "]))
def test_no_concept_that_matches_a_line_of_terms_is_left_out(parts, lead):
    line = lead + "".join(term.upper() if i % 2 else term for i, (term, glue) in enumerate(parts) for term in [term + glue])
    assert _missed(line) == []


def test_a_term_inside_a_longer_word_is_no_hit():
    assert bounded_text("posted today, 5d ago") == " posted today 5d ago "
    assert " d " not in bounded_text("today") and " ago " in bounded_text("5d—ago!")
    assert bounded_text("café, 5 d — हिन्दी") == " café 5 d हिन्दी "  # marks are word characters


def test_each_term_is_looked_for_where_the_key_still_holds_it():
    assert search_form("disclaimer:") == ("disclaimer", "bounded")  # the colon may be the key's edge
    assert search_form("get the") == ("get the", "bounded")
    assert search_form("免責事項:") == ("免責事項", "substring")  # no spaces to bound it by
    assert search_form("e-mail") == ("e-mail", "substring")
    assert search_form("»") == ("»", "at-edge")  # all decoration: the key may have dropped it
    assert search_form("_id") == ("_id", "at-edge")


def test_a_latin_term_glued_to_han_or_kana_is_a_word():
    assert bounded_text("打开app阅读全文") == " 打开 app 阅读全文 "
    assert bounded_text("lineで送る") == " line で送る "
    app_prompt = next(c for c in CONCEPTS if c.rule.id == "chrome.app-prompt")
    assert app_prompt.matches(fold("打开APP阅读全文")) and _missed("打开APP阅读全文") == []
    assert not app_prompt.matches(fold("打开happy阅读全文"))  # still whole words of the Latin script
