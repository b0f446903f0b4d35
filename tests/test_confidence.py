"""The confidence of an HTML page's text: 0 for nothing, higher for a clear story than for a fragment."""
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


def test_over_cleaning_lowers_confidence():
    clean = Confidence().score(_doc("article", {"article": 4.0}, [SENTENCE] * 10))
    flagged = Confidence().score(_doc("article", {"article": 4.0}, [SENTENCE] * 10, {"over_cleaned": {"share": 0.7}}))
    assert flagged < clean


def test_html_results_carry_a_confidence_text_results_do_not():
    html = "<html><body><article>" + f"<p>{SENTENCE}</p>" * 8 + "</article></body></html>"
    cleaner = Cleaner()
    assert 0 < cleaner.clean(html).metadata["confidence"] <= 1
    assert "confidence" not in cleaner.clean(SENTENCE, kind="text").metadata
