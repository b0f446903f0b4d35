"""Rows of other stories' teaser cards on an article page."""
from cleaner.api import clean
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


# A story outside any <article>, and two recommended stories marked up as <article> cards.
ARTICLE_CARDS = (
    "<section><h2>You may also like</h2>"
    "<article><a href='/s/1'><h3>Bakery doubles its bread output</h3><p>A second oven arrived in June.</p></a></article>"
    "<article><a href='/s/2'><img src='m.jpg'><h3>Market hall reopens</h3></a></article>"
    "</section>"
)


def _prune_page(body: str, page_type: str = "article") -> tuple[str, list[str]]:
    html = f"<html><body><main>{body}</main></body></html>"
    doc = Document(raw=html, kind="html", source=html)
    doc.metadata["page_type"] = page_type
    Prune((), teasers_for=("article",)).run(doc)
    text = doc.html_tree.body.text(separator=" ")
    return " ".join(text.split()), [r.text for r in doc.removed if r.rule == TEASER_RULE]


def test_article_cards_go_even_two_of_them_when_the_page_holds_a_story_besides():
    text, removed = _prune_page(f"<div>{STORY}</div>{ARTICLE_CARDS}")
    assert "Bakery doubles" not in text and "Market hall" not in text and len(removed) == 2
    assert "rotted below the waterline" in text and "The piles" in text
    # Beside a story that is an <article> itself, the cards go and the story stays.
    text, removed = _prune_page(f"<article>{STORY}</article>{ARTICLE_CARDS}")
    assert "Bakery doubles" not in text and "regional fund" in text and len(removed) == 2


def test_article_cards_stay_alone_on_a_page_on_a_listing_as_the_only_article_and_beside_longer_posts():
    text, removed = _prune_page(ARTICLE_CARDS)  # nothing but the cards: no story to clear them for
    assert "Bakery doubles" in text and removed == []
    text, removed = _prune_page(f"<div>{STORY}</div>{ARTICLE_CARDS}", "listing")
    assert "Bakery doubles" in text and removed == []
    one_card = ARTICLE_CARDS.split("<article><a href='/s/2'>")[0] + "</section>"
    text, removed = _prune_page(f"<div>{STORY}</div>{one_card}")  # one <article>: no several items
    assert "Bakery doubles" in text and removed == []
    # Besides the story, an <article> with a longer summary: a row of posts, not of cards.
    summary = ("<article><a href='/s/3'><h3>Ferry timetable changes</h3></a><p>From May the first ferry leaves at six, "
               "the last one at midnight, and the Sunday boats run every hour instead of every two hours.</p></article>")
    text, removed = _prune_page(f"<article>{STORY}</article>{ARTICLE_CARDS.replace('</section>', summary + '</section>')}")
    assert "Bakery doubles" in text and removed == []


def test_the_extracted_text_of_a_page_with_article_cards_is_the_story_not_a_card():
    page = ("<html><head><meta property='og:type' content='article'></head>"
            f"<body><main><h1>Old pier to close</h1><div>{STORY.replace('<h1>Old pier to close</h1>', '')}"
            f"</div>{ARTICLE_CARDS}</main></body></html>")
    text = clean(page.encode(), kind="html").text
    assert "rotted below the waterline" in text and "regional fund" in text
    assert "Bakery doubles" not in text and "second oven" not in text
