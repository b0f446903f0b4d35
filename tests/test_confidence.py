"""The confidence of an HTML page's text: 0 for nothing, higher for a clear story than for a fragment."""
import pytest

from cleaner import Cleaner
from cleaner.document import Block, Document
from cleaner.stages.confidence import Confidence
from cleaner.stages.pagetype import PageTypeVerdict

SENTENCE = "The harbour authority opened the new ferry terminal on Monday after three years of work."


def _doc(page_type: str, scores: dict, blocks: list[str], flags=None) -> Document:
    doc = Document(raw="", kind="html", metadata={"page_type": page_type}, flags=flags or {})
    doc.page_type = PageTypeVerdict(page_type, scores)
    doc.blocks = [Block(text) for text in blocks]
    return doc


def test_no_text_is_zero_confidence():
    assert Confidence().run(_doc("article", {"article": 3.0}, [])).metadata["confidence"] == 0.0


def test_clear_story_beats_a_fragment_and_an_unsure_listing():
    story = Confidence().score(_doc("article", {"article": 4.0}, [SENTENCE] * 10))
    fragment = Confidence().score(_doc("article", {"article": 4.0}, ["Share"]))
    listing = Confidence().score(_doc("listing", {"listing": 2.0, "article": 1.5}, [SENTENCE] * 10))
    assert 0 < fragment < listing < story <= 1


def test_losing_the_pages_article_text_lowers_confidence():
    kept_all, lost_most = _doc("article", {"article": 4.0}, [SENTENCE] * 10), _doc("article", {"article": 4.0}, [SENTENCE] * 10)
    kept_all.lost_share, lost_most.lost_share = 0.0, 0.7
    assert Confidence().score(lost_most) < Confidence().score(kept_all)


def test_a_menu_scores_below_prose_of_the_same_length():
    prose = Confidence().score(_doc("article", {"article": 4.0}, [SENTENCE] * 4))
    menu = Confidence().score(_doc("article", {"article": 4.0}, ["Home", "News", "Sport", "Weather"] * 15))
    assert menu < prose


def test_the_profiles_weights_are_the_defaults_and_unknown_weights_are_refused():
    from cleaner.profile import load_profile
    from cleaner.stages.confidence import DEFAULT_WEIGHTS

    assert load_profile("default").params["confidence"]["weights"] == DEFAULT_WEIGHTS
    with pytest.raises(ValueError, match="unknown weights"):
        Confidence(weights={"length": 1.0})


def test_html_results_carry_a_confidence_text_results_do_not():
    html = "<html><body><article>" + f"<p>{SENTENCE}</p>" * 8 + "</article></body></html>"
    cleaner = Cleaner()
    assert 0 < cleaner.clean(html).metadata["confidence"] <= 1
    assert "confidence" not in cleaner.clean(SENTENCE, kind="text").metadata
