"""Finding the headline of a text page, dropping the masthead above it and a bare byline below it."""
import pytest

from cleaner.document import Block, Document
from cleaner.rulebook import Matcher, load_packs
from cleaner.stages.title import Title, is_bare_name, is_headline_candidate

RULES = tuple(rule for pack in load_packs() for rule in pack.rules)


def _doc(lines: list[str], kind: str = "text") -> Document:
    doc = Document(raw="\n".join(lines), kind=kind)
    doc.blocks = [Block(line, i) for i, line in enumerate(lines)]
    return doc


def run_title(lines: list[str], kind: str = "text", title: str | None = None) -> Document:
    doc = _doc(lines, kind)
    if title:
        doc.metadata["title"] = title
    return Title().run(doc)


BODY = (
    "Night buses will run on six routes around the ring road from the first weekend of May, "
    "the council's transport committee agreed on Thursday."
)


def test_longest_headline_in_the_head_is_the_title_and_the_masthead_goes():
    doc = run_title(["The Northfield Gazette", "Transport", "Night buses return to the ring road as council rewrites its timetable", BODY])
    assert doc.metadata["title"] == "Night buses return to the ring road as council rewrites its timetable"
    assert [b.text for b in doc.blocks] == [doc.metadata["title"], BODY]
    assert [r.rule for r in doc.removed] == ["title.masthead", "title.masthead"]


def test_a_repeated_line_wins_over_a_longer_one():
    lines = ["A much longer line of navigation words that is not repeated at all", "Rates held at five per cent", "Rates held at five per cent", BODY]
    doc = run_title(lines)
    assert doc.metadata["title"] == "Rates held at five per cent"


def test_bare_author_name_between_headline_and_body_is_removed():
    doc = run_title(["Chipmaker lifts forecast as data-centre orders double", "Priya Raman", BODY])
    assert [b.text for b in doc.blocks] == ["Chipmaker lifts forecast as data-centre orders double", BODY]
    assert doc.removed[-1].rule == "title.bare-byline"


def test_a_name_after_the_body_has_begun_stays():
    doc = run_title(["Chipmaker lifts forecast as data-centre orders double", BODY, "Priya Raman"])
    assert [b.text for b in doc.blocks][-1] == "Priya Raman"


@pytest.mark.parametrize("after", [[], [BODY]])
def test_a_chrome_line_is_no_bare_byline(after):
    """Found by fuzzing (idempotence): "Related Articles" under a headline-like first line was
    dropped as a byline when the output was cleaned again as text; a line a rule knows as chrome
    is the rules' to judge (here: a cut-to-end marker before the article begins stays)."""
    lines = ["ADVERTISEMENT(Additional reporting by Ana Costa in Lisbon; Writing by Ben Ode)", "Related Articles", *after]
    doc = Title(Matcher(RULES)).run(_doc(lines))
    assert "Related Articles" in [b.text for b in doc.blocks]
    assert not [r for r in doc.removed if r.rule == "title.bare-byline"]


def test_a_longer_line_above_a_fallback_headline_is_no_masthead():
    """Found by fuzzing (idempotence): the HTML output's first line, a long glued credit line, was
    dropped as masthead when the output was cleaned again as text."""
    lines = ["(Additional reporting by Ana Costa in Lisbon; Writing by Ben Ode)(Additional reporting by Ana Costa in Lisbon)",
             "ADVERTISEMENT(Additional reporting by Ana Costa in Lisbon; Writing by Ben Ode)"]
    doc = run_title(lines)
    assert [b.text for b in doc.blocks] == lines
    assert "title" not in doc.metadata


def test_no_headline_before_the_body_means_no_title():
    doc = run_title([BODY, "Follow us on:"])
    assert "title" not in doc.metadata
    assert [b.text for b in doc.blocks] == [BODY, "Follow us on:"]


def test_html_title_comes_from_metadata_and_nothing_is_dropped():
    doc = run_title(["Section label", BODY], kind="html", title="Rain returns to the valley")
    assert [b.text for b in doc.blocks] == ["Rain returns to the valley", "Section label", BODY]
    assert doc.removed == ()


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Night buses return to the ring road", True),
        ("Will rates fall again this year?", True),
        ("The Northfield Gazette", False),  # too short: a site name
        ("Home | News | Sport | Weather", False),  # a navigation row
        ("News › Local › Transport and roads", False),  # a breadcrumb
        ("The council met on Thursday to agree the plan.", False),  # a sentence
        ("by the way this is lower case", False),
        ("LIVE | Storm closes the coast road and two ferry lines", True),  # a label before the headline
        ("VIDEO | HOME | Storm closes the coast road", False),  # two labels: a navigation row
        ("Home | Storm closes the coast road and two ferry lines", False),  # not a label in capitals
        ("LIVE | Weather", False),  # too short after the label
        # A line that dates the story to the minute is a dateline, however long its byline.
        ("Von Jana Reimers14.03.2026, 11:20 Uhr", False),
        ("Par Camille Roussel Publié le 10/03/2026 à 08h12 Mis à jour le 10/03/2026 à 10h40", False),
        ("입력 2026.03.11 06:00 수정 2026.03.11 09:12", False),
        ("2026年3月10日 12:30 ｜ 読了時間：約3分", False),
        ("Storm closes the coast road for the 2026/27 season", True),  # a season, not a date
        ("Match moved to 12.04.2026 after the stadium flooded", True),  # a date without a time
    ],
)
def test_headline_candidates(line, expected):
    assert is_headline_candidate(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Priya Raman", True),
        ("Jan van der Berg", True),
        ("Riverside Now Staff", True),
        ("Transport", False),
        ("Rates held at five per cent", False),
        ("Shares fell 3%", False),
    ],
)
def test_bare_names(line, expected):
    assert is_bare_name(line) is expected


def test_the_page_title_with_a_site_suffix_counts_as_a_repeat_of_the_headline():
    lines = [
        "Nadal keeps Spain alive in the Davis Cup Finals - Sports News",
        "Scores and fixtures for every match of the week",
        "Nadal keeps Spain alive in the Davis Cup Finals",
        BODY,
    ]
    doc = run_title(lines)
    assert doc.metadata["title"] == "Nadal keeps Spain alive in the Davis Cup Finals"
    assert [b.text for b in doc.blocks] == [doc.metadata["title"], BODY]


def test_a_short_repeated_navigation_label_is_not_a_title():
    lines = ["Top Stories", "Bakery chain to stop printing receipts unless asked", "Top Stories", BODY]
    assert run_title(lines).metadata["title"] == "Bakery chain to stop printing receipts unless asked"


def test_a_headline_after_a_label_in_capitals_is_the_title():
    lines = ["Riverside News", "Liveblog", "LIVE | Storm closes the coast road and two ferry lines", BODY]
    doc = run_title(lines)
    assert doc.metadata["title"] == "LIVE | Storm closes the coast road and two ferry lines"
    assert [b.text for b in doc.blocks] == [doc.metadata["title"], BODY]


def test_a_longer_dateline_below_the_headline_is_no_title():
    lines = ["The Northfield Gazette", "Home > Region > Transport", "Night buses return to the ring road",
             "By Jana Reimers and Tom Castell, Transport Desk14.03.2026, 11:20", BODY]
    doc = run_title(lines)
    assert doc.metadata["title"] == "Night buses return to the ring road"
