"""The later parts of an article body that the page splits into containers of one kind."""
from selectolax.lexbor import LexborHTMLParser

from cleaner.stages.continuation import continuation_paragraphs

FIRST = [
    "The harbour board voted on Tuesday to close the old ferry pier for two years of repairs to its piles.",
    "Engineers found that a third of the timber piles had rotted below the waterline since the last survey.",
]
SECOND = [
    "Ferries will berth at the container quay in the meantime, which adds a ten-minute walk for passengers.",
    "The board expects the repairs to cost about four million euros, half of it paid by the regional fund.",
]
THIRD = [
    "A public meeting on the temporary timetable will be held at the town hall on the first of March.",
    "Passengers with reduced mobility can book a free shuttle from the quay to the town centre by phone.",
]
BIO = "Jo Lee covers the harbour and transport for the paper and lives in the old town."
MORE_STORIES = '<ul><li>Tram line opens <a href="/a">in the spring</a></li><li>New bridge <a href="/b">over the river</a></li></ul>'


def _part(paragraphs: list[str], extra: str = "") -> str:
    return '<div class="story-body">' + "".join(f"<p>{p}</p>" for p in paragraphs) + extra + "</div>"


def _page(*parts: str, between: str = '<div class="ad-row"><span>Advertisement</span></div>') -> LexborHTMLParser:
    return LexborHTMLParser("<html><body><h1>Old pier to close</h1>" + between.join(parts) + "</body></html>")


def test_the_parts_after_the_extracted_one_are_added_in_page_order_without_their_link_lists():
    tree = _page(_part(FIRST), _part(SECOND), _part(THIRD, MORE_STORIES))
    assert continuation_paragraphs(tree, "\n".join(FIRST)) == SECOND + THIRD


def test_nothing_is_added_when_the_text_has_the_parts_already():
    tree = _page(_part(FIRST), _part(SECOND))
    assert continuation_paragraphs(tree, "\n".join(FIRST + SECOND)) == []


def test_a_part_before_the_text_or_after_another_headline_is_not_added():
    # A summary box of the same kind above the body is not the story's start.
    assert continuation_paragraphs(_page(_part(SECOND), _part(FIRST)), "\n".join(FIRST)) == []
    # The next story of an endless page comes under its own headline.
    tree = _page(_part(FIRST), _part(SECOND), between="<h1>Council budget passed</h1>")
    assert continuation_paragraphs(tree, "\n".join(FIRST)) == []


def test_a_class_on_many_elements_is_a_card_or_a_comment_not_a_split_body():
    cards = [_part([f"Reader {n} wrote that the pier should have been repaired years ago, before it rotted."]) for n in range(12)]
    tree = _page(_part(FIRST), *cards)
    assert continuation_paragraphs(tree, "\n".join(FIRST)) == []


def test_a_short_part_of_the_same_kind_is_an_author_box_not_the_story():
    tree = _page(_part(FIRST), _part(SECOND), _part([BIO]))
    assert continuation_paragraphs(tree, "\n".join(FIRST)) == SECOND


def test_a_part_in_a_wrapper_of_another_kind_is_not_the_story():
    other = '<div class="site-footer">' + _part(SECOND) + "</div>"
    tree = _page('<div class="row">' + _part(FIRST) + "</div>", other)
    assert continuation_paragraphs(tree, "\n".join(FIRST)) == []
