"""Structured data: JSON-LD, OpenGraph and meta tags, and the headline choice."""
import json

from selectolax.lexbor import LexborHTMLParser

from cleaner.stages.structured import iso_day, pick_title, read_article_body, read_structured


def _page(head: str = "", body: str = "") -> LexborHTMLParser:
    return LexborHTMLParser(f"<html><head>{head}</head><body>{body}</body></html>")


def _ld(data) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def test_json_ld_article_fields():
    tree = _page(_ld({
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Example Site"},
            {"@type": ["NewsArticle"], "headline": "Bridge reopens", "datePublished": "2025-03-14T08:00:00+01:00",
             "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"name": "Tom Lee"}],
             "publisher": {"@type": "Organization", "name": "Example Daily"},
             "articleBody": "First paragraph.\n\nSecond   paragraph."},
        ],
    }))
    found = read_structured(tree)
    assert (found.title, found.date, found.author, found.publisher) == (
        "Bridge reopens", "2025-03-14", "Ana Ruiz, Tom Lee", "Example Daily")
    assert found.body == "First paragraph.\nSecond paragraph."
    assert read_article_body(tree) == found.body


def test_meta_tags_fill_what_json_ld_lacks():
    head = (
        "<meta property='og:title' content='Harbour plans'>"
        "<meta property='article:published_time' content='2024-11-02T10:00:00Z'>"
        "<meta name='author' content='J. Smith'><meta property='og:site_name' content='Coast News'>"
        "<title>Harbour plans | Coast News</title>"
    )
    found = read_structured(_page(head))
    assert (found.title, found.date, found.author, found.publisher, found.page_title) == (
        "Harbour plans", "2024-11-02", "J. Smith", "Coast News", "Harbour plans | Coast News")


def test_broken_json_ld_and_non_article_types_are_ignored():
    head = "<script type='application/ld+json'>{not json</script>" + _ld({"@type": "Product", "name": "Chair"})
    found = read_structured(_page(head))
    assert found.title is None and found.body is None


def test_author_profile_url_is_not_an_author():
    found = read_structured(_page("<meta property='article:author' content='https://x.example/ana'>"))
    assert found.author is None


def test_h1_confirmed_by_declared_title_is_the_headline():
    tree = _page(
        "<title>Storm closes schools - Example Daily</title>",
        "<h1>Example Daily</h1><h1>Storm closes schools</h1>",
    )
    assert pick_title(tree, read_structured(tree)) == "Storm closes schools"


def test_declared_title_when_no_h1_matches():
    tree = _page("<meta property='og:title' content='Storm closes schools'>", "<h1>Weather</h1>")
    assert pick_title(tree, read_structured(tree)) == "Storm closes schools"


def test_iso_day():
    assert iso_day("2025-09-04T10:00:00+02:00") == "2025-09-04"
    assert iso_day("4 September 2025") == "2025-09-04"
    assert iso_day("soon") is None


def test_product_description_from_microdata_when_no_json_ld_declares_one():
    from cleaner.stages.structured import read_product_description
    html = ("<html><body><div itemscope itemtype='https://schema.org/Product'>"
            "<h1 itemprop='name'>Walnut chopping board</h1>"
            "<div itemprop='description'><p>Cut from one piece of walnut.</p><ul><li>Oiled by hand</li>"
            "<li>40 x 25 cm</li></ul></div>"
            "<div itemprop='review' itemscope itemtype='https://schema.org/Review'>"
            "<div itemprop='description'>Lovely board, arrived quickly and well packed in a box.</div></div>"
            "</div></body></html>")
    description = read_product_description(LexborHTMLParser(html))
    assert description == "Cut from one piece of walnut.\nOiled by hand\n40 x 25 cm"


def test_product_description_ignores_microdata_outside_a_product():
    from cleaner.stages.structured import read_product_description
    html = ("<html><body><article itemscope itemtype='https://schema.org/Article'>"
            "<p itemprop='description'>How to oil a walnut board.</p></article>"
            "<p itemprop='description'>A page with no item at all.</p></body></html>")
    assert read_product_description(LexborHTMLParser(html)) is None
