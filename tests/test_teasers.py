"""Rows of other stories' teaser cards on an article page."""
from cleaner.document import Document
from cleaner.stages.prune import TEASER_RULE, Prune

STORY = (
    "<h1>Old pier to close</h1>"
    "<p>The harbour board voted on Tuesday to close the old ferry pier for two years of repairs to its piles.</p>"
    "<h2><a href='#piles'>The piles</a></h2>"
    "<p>Engineers found that a third of the timber piles had rotted below the waterline since the last survey.</p>"
    "<h2><a href='#ferries'>The ferries</a></h2>"
    "<p>Ferries will berth at the container quay in the meantime, which adds a ten-minute walk for passengers.</p>"
    "<h2><a href='#costs'>The costs</a></h2>"
    "<p>The board expects the repairs to cost about four million euros, half of it paid by the regional fund.</p>"
)
LATEST = (
    "<div class='box'><span>Our latest stories</span><ul>"
    "<li><a href='/a'><img src='a.jpg'></a><h3><a href='/a'>Tram line opens in spring</a></h3><p>The first trams run in May</p></li>"
    "<li><a href='/b'><img src='b.jpg'></a><h3><a href='/b'>New bridge over the river</a></h3><p>Work starts next week</p></li>"
    "<li><a href='/c'><img src='c.jpg'></a><h3><a href='/c'>Council passes budget</a></h3><p>A tight vote</p></li>"
    "</ul></div>"
)


def _prune(body: str, page_type: str, url: str | None = None) -> tuple[str, list[str]]:
    html = f"<html><body><article>{body}</article></body></html>"
    doc = Document(raw=html, kind="html", source=html, url=url)
    doc.metadata["page_type"] = page_type
    Prune((), teasers_for=("article",)).run(doc)
    text = doc.html_tree.body.text(separator=" ")
    return " ".join(text.split()), [r.text for r in doc.removed if r.rule == TEASER_RULE]


def test_a_row_of_linked_headline_cards_goes_from_an_article_but_the_story_and_its_anchored_headings_stay():
    text, removed = _prune(STORY + LATEST, "article")
    assert "Tram line opens" not in text and "Work starts next week" not in text
    assert len(removed) == 3
    for kept in ("rotted below the waterline", "The piles", "The ferries", "The costs", "regional fund"):
        assert kept in text


def test_cards_stay_on_a_listing_and_cards_with_long_teasers_are_no_teaser_row():
    text, removed = _prune(STORY + LATEST, "listing")
    assert "Tram line opens" in text and removed == []
    long_teaser = "It explains in plain words how the new timetable works for every stop along the line, and why the first trams run late."
    features = LATEST.replace("The first trams run in May", long_teaser).replace("Work starts next week", long_teaser)
    text, removed = _prune(STORY + features, "article")
    assert "Tram line opens" in text and removed == []


def test_a_row_of_links_to_other_sites_is_a_list_of_sources_not_teasers():
    url = "https://news.example.com/pier"
    text, removed = _prune(STORY + LATEST.replace("href='/a'", "href='https://news.example.com/a'"), "article", url)
    assert "Tram line opens" not in text and len(removed) == 3
    sources = LATEST.replace("href='/", "href='https://research.example.org/")
    text, removed = _prune(STORY + sources, "article", url)
    assert "Tram line opens" in text and removed == []
