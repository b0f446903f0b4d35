"""The page-type stage: signals from data, each type recognised from its own evidence."""
import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner import Cleaner
from cleaner.stages.pagetype import (
    PAGE_TYPES,
    SignalError,
    classify_page,
    count_matches,
    load_signals,
    repeated_cards,
)

SIGNALS, MIN_SCORE = load_signals()
PARA = "The committee met on Tuesday to discuss the budget for the coming year, and most members agreed."


def page_type(html: str, url: str | None = None) -> str:
    return classify_page(LexborHTMLParser(html), url, SIGNALS, MIN_SCORE).page_type


@pytest.mark.parametrize("signal", [s for s in SIGNALS if s.selector], ids=lambda s: s.id)
def test_selector_signal_examples(signal):
    assert signal.examples_match, f"{signal.id}: a selector signal needs examples.match"
    for html in signal.examples_match:
        assert count_matches(LexborHTMLParser(html), signal) >= signal.min, (signal.id, html)
    for html in signal.examples_no_match:
        assert count_matches(LexborHTMLParser(html), signal) < signal.min, (signal.id, html)


def test_every_signal_votes_for_a_known_type_with_a_reason():
    assert SIGNALS
    for signal in SIGNALS:
        assert signal.type in PAGE_TYPES and signal.why and signal.weight > 0


def test_a_signal_without_evidence_is_refused():
    with pytest.raises(SignalError, match="exactly one of"):
        load_signals("[[signals]]\nid = 'x'\nwhy = 'y'\ntype = 'forum'\n")
    with pytest.raises(SignalError, match="type must be one of"):
        load_signals("[[signals]]\nid = 'x'\nwhy = 'y'\ntype = 'blog'\nurl = ['a']\n")


def test_declared_product_is_a_product():
    html = ('<html><head><script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "Product", "name": "Wool runner", "description": "Soft shoes."}</script></head>'
            f"<body><h1>Wool runner</h1><p>{PARA}</p></body></html>")
    assert page_type(html) == "product"


def test_discourse_thread_is_a_forum():
    posts = "".join(f"<div class='topic-post'><p>{PARA} Reply {i}.</p></div>" for i in range(5))
    html = f"<html><head><meta name='generator' content='Discourse 3.2'></head><body>{posts}</body></html>"
    assert page_type(html, "https://forum.example.org/t/some-question/1234") == "forum"


def test_a_page_of_frequently_asked_questions_is_no_forum():
    """An FAQ declares its entries as schema.org Questions, in JSON-LD or microdata, as a Q&A
    thread's question does: only the thread's QAPage (or a forum posting) marks a discussion."""
    faq = ('{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": ['
           '{"@type": "Question", "name": "How long does delivery take?", '
           '"acceptedAnswer": {"@type": "Answer", "text": "Two days."}}]}')
    entries = "".join(
        f"<div itemscope itemtype='https://schema.org/Question'><h3>Question {i}?</h3><p>{PARA}</p></div>"
        for i in range(3))
    html = (f"<html><head><script type='application/ld+json'>{faq}</script></head>"
            f"<body><h1>Our consulting services</h1><p>{PARA}</p>{entries}</body></html>")
    assert page_type(html, "https://example.com/services/consulting") == "service"
    thread = faq.replace('"FAQPage"', '"QAPage"')
    assert page_type(html.replace(faq, thread), "https://example.com/services/consulting") == "forum"


def test_sphinx_page_is_documentation():
    html = ("<html><body><div class='document'><h1>Quickstart</h1><p>" + PARA + "</p><pre>pip install x</pre>"
            "</div><div class='sphinxsidebar'>Contents</div></body></html>")
    assert page_type(html, "https://example.org/en/stable/quickstart.html") == "documentation"


def _cards(n: int, priced: bool) -> str:
    price = " $24.00" if priced else ""
    return "".join(
        f"<li class='tile'><a href='/item/{i}'>Item number {i} with a long enough name{price}</a></li>"
        for i in range(n)
    )


def test_repeated_cards_with_prices_are_a_collection():
    html = f"<html><body><h1>Sneakers</h1><ul>{_cards(12, priced=True)}</ul></body></html>"
    assert repeated_cards(LexborHTMLParser(html)) == (12, True)
    assert page_type(html, "https://shop.example.com/collections/sneakers") == "collection"


def test_repeated_cards_without_prices_are_a_listing():
    html = f"<html><body><h1>News</h1><ul>{_cards(10, priced=False)}</ul></body></html>"
    assert repeated_cards(LexborHTMLParser(html)) == (10, False)
    assert page_type(html, "https://example.com/news/") == "listing"


def test_og_article_decides_only_when_nothing_else_does():
    og = "<head><meta property='og:type' content='article'></head>"
    story = f"<html>{og}<body><h1>Deportees return home</h1><p>{PARA}</p></body></html>"
    assert page_type(story, "https://news.example.com/deportees-return-home/") == "article"
    assert page_type(story.replace(og, ""), "https://news.example.com/deportees-return-home/") == "service"
    # Some sites give og:type article to every page: repeated cards still make a listing.
    listing = f"<html>{og}<body><h1>News</h1><ul>{_cards(10, priced=False)}</ul></body></html>"
    assert page_type(listing, "https://example.com/awards/best-of-year/") == "listing"


def test_a_few_links_under_a_story_are_not_cards():
    html = f"<html><body><article><p>{PARA * 10}</p></article><ul>{_cards(6, priced=False)}</ul></body></html>"
    assert repeated_cards(LexborHTMLParser(html)) == (0, False)


def test_dated_story_is_an_article_and_undated_home_page_a_service():
    story = (f"<html><head><meta property='article:published_time' content='2025-01-02'></head>"
             f"<body><article><h1>Budget</h1><p>{PARA}</p></article></body></html>")
    assert page_type(story, "https://news.example.com/2025/01/02/budget") == "article"
    home = f"<html><body><h1>We build websites</h1><p>{PARA}</p></body></html>"
    assert page_type(home, "https://agency.example.com/") == "service"


def test_the_pipeline_reports_the_page_type_of_html_only():
    html = ('<html><head><script type="application/ld+json">{"@type": "Product", "name": "Mug"}</script>'
            f"</head><body><h1>Mug</h1><p>{PARA}</p></body></html>")
    cleaner = Cleaner()
    assert cleaner.clean(html).metadata["page_type"] == "product"
    assert "page_type" not in cleaner.clean(PARA, kind="text").metadata
