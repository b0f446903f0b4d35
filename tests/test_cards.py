"""Repeated cards of listing pages (cleaner/stages/cards.py) and their use by the extract stage."""
from selectolax.lexbor import LexborHTMLParser

from cleaner.document import Document
from cleaner.stages.cards import card_groups, card_lines, missing_cards
from cleaner.stages.extract import Extract
from cleaner.stages.htmltree import shared_tree

HEADLINES = [
    "City council approves the new cycling lanes along the river",
    "Harbour ferry terminal opens after three years of building work",
    "Local bakery wins the national bread prize for the second time",
    "School choir travels to the regional festival in the spring",
    "Storm damage closes the coastal road for the whole weekend",
    "Library extends its opening hours during the exam period",
]
INTRO = ("<h1>Latest news</h1><p>Stories from our town, updated every morning by the newsroom. "
         "Every item below links to the full report with photographs and interviews.</p>")


def _teasers(headlines=HEADLINES) -> str:
    # Each card carries its own item class, even first, as blog and shop themes write them.
    return "".join(
        f"<article class='teaser-{i} teaser'><h2><a href='/story/{i}'>{h}</a></h2><p class='byline'>By Ann Lee</p></article>"
        for i, h in enumerate(headlines))


def _menu() -> str:
    return "".join(f"<li class='item'><a href='/s/{i}'>Section {i}</a></li>" for i in range(8))


def test_teaser_cards_form_a_group_despite_their_item_classes():
    tree = LexborHTMLParser(f"<html><body><main>{_teasers()}</main></body></html>")
    groups = list(card_groups(tree))
    assert len(groups) == 1
    assert [card[0] for card in groups[0]] == HEADLINES
    assert groups[0][0][1] == "By Ann Lee"


def test_menus_and_chrome_are_not_cards():
    chrome = f"<nav><div>{_teasers()}</div></nav><footer><div>{_teasers()}</div></footer>"
    menu = f"<div><ul>{_menu()}</ul></div>"  # one short line per item, outside any <nav>
    one_line = "".join(f"<div class='row'><a href='/r/{i}'>{h}</a></div>" for i, h in enumerate(HEADLINES))
    # Chrome named by its role, class or id rather than its tag.
    named = (f"<div class='SiteFooter_wrapper'><div>{_teasers()}</div></div>"
             f"<div role='navigation'><div>{_teasers()}</div></div>"
             + "<ul>" + "".join(f"<li class='menu-item'><a href='/m/{i}'>{h}</a><p>More</p></li>"
                                for i, h in enumerate(HEADLINES)) + "</ul>")
    tree = LexborHTMLParser(f"<html><body>{chrome}{menu}<section>{one_line}</section>{named}</body></html>")
    assert list(card_groups(tree)) == []
    assert card_lines(tree) == []


def test_a_wrapper_around_the_whole_page_is_no_chrome():
    """Layouts wrap the page in elements with chrome-like names (a sticky-footer wrapper, an
    ASP.NET page's <form>): what holds most of the page is the page."""
    for wrapper in ("<div class='flex-wrap-footer'>{}</div>", "<form id='aspnetForm'>{}</form>"):
        page = wrapper.format(f"<main>{INTRO}<section>{_teasers()}</section></main><p>Contact us</p>")
        lines = card_lines(LexborHTMLParser(f"<html><body>{page}</body></html>"))
        assert lines[0] == HEADLINES[0] and len(lines) == len(HEADLINES) + 1, wrapper


def test_a_card_s_buttons_are_left_out():
    cards = "".join(
        f"<div class='venue'><h3><a href='/v/{i}'>{h}</a></h3><p>Open until ten tonight</p>"
        f"<a class='booking-button' href='/book/{i}'><span>Book now</span></a><button>Save</button></div>"
        for i, h in enumerate(HEADLINES))
    lines = card_lines(LexborHTMLParser(f"<html><body><main>{cards}</main></body></html>"))
    assert lines == [HEADLINES[0], "Open until ten tonight", *HEADLINES[1:]]


def test_too_few_cards_are_no_group():
    tree = LexborHTMLParser(f"<html><body><main>{_teasers(HEADLINES[:3])}</main></body></html>")
    assert card_lines(tree) == []


def test_cards_are_added_only_to_a_text_that_left_them_out():
    lines = card_lines(LexborHTMLParser(f"<html><body><main>{_teasers()}</main></body></html>"))
    intro = "Stories from our town, updated every morning by the newsroom."
    added = missing_cards(intro, lines, max_coverage=0.5, min_ratio=1.0)
    # Each line once, in card order: the byline repeats on every card.
    assert added == lines == [HEADLINES[0], "By Ann Lee", *HEADLINES[1:]]
    # The text already holds the cards: nothing to add.
    assert missing_cards("\n".join(HEADLINES), lines, max_coverage=0.5, min_ratio=1.0) == []
    # A long text (a story with a few related links) is not a listing's intro.
    story = " ".join(["The harbour authority opened the new terminal on Monday."] * 20)
    assert missing_cards(story, lines, max_coverage=0.5, min_ratio=1.0) == []


def _extract(page_type: str) -> Document:
    html = f"<html><body><main>{INTRO}<section class='list'>{_teasers()}</section></main></body></html>"
    doc = Document(raw=html, kind="html", source=html, metadata={"page_type": page_type})
    shared_tree(doc)  # parsed by the page-type stage in a pipeline
    return Extract(cards_for=["listing"]).run(doc)


def test_a_listing_keeps_its_cards_and_a_story_does_not_gain_them(monkeypatch):
    # The extractor keeps the intro only, as it does on link-heavy listing pages.
    monkeypatch.setattr(Extract, "_trafilatura", lambda self, html, url, options, fast: (
        "Latest news\nStories from our town, updated every morning by the newsroom.", None))
    listing = _extract("listing")
    text = "\n".join(block.text for block in listing.blocks)
    assert text.startswith("Latest news\nStories from our town")
    assert all(h in text.split("\n") for h in HEADLINES)
    assert listing.flags["cards_added"] == len(HEADLINES) + 1
    story = _extract("article")
    assert not any(h in "\n".join(b.text for b in story.blocks) for h in HEADLINES)
    assert "cards_added" not in story.flags
