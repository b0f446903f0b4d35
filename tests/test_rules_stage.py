"""The rules stage: language scopes, position scopes and cut actions on whole pages."""
import pytest

from cleaner.document import Block, Document
from cleaner.rulebook import Matcher, load_packs
from cleaner.rulebook.model import Scope, primary_language
from cleaner.stages.rules import ApplyRules

RULES = tuple(rule for pack in load_packs() for rule in pack.rules)
BODY = "Der Bauausschuss der Stadt hat am Dienstagabend mit knapper Mehrheit den Ausbau des Radwegs beschlossen."


def run_rules(lines: list[str], language: str | None = None, rules=RULES) -> list[str]:
    doc = Document(raw="\n".join(lines), kind="text", source="\n".join(lines))
    doc.blocks = [Block(line, i) for i, line in enumerate(lines)]
    if language:
        doc.metadata["language"] = language
    return [b.text for b in ApplyRules(Matcher(rules)).run(doc).blocks]


@pytest.mark.parametrize("tag, primary", [("de", "de"), ("de-AT", "de"), ("fr_FR", "fr"), ("EN", "en")])
def test_primary_language(tag, primary):
    assert primary_language(tag) == primary


def test_language_scope_compares_the_primary_subtag():
    scope = Scope(languages=("de",))
    assert scope.page_allows("", None, "de-AT")
    assert scope.page_allows("", None, None)  # unknown language: the pack applies
    assert not scope.page_allows("", None, "fr")


def test_german_chrome_goes_on_german_and_unknown_pages_but_not_on_french_ones():
    german_pack = tuple(rule for pack in load_packs() if pack.id == "lang-de" for rule in pack.rules)
    lines = [BODY, "Teilen", "Mehr zum Thema", "Parkgebühren steigen ab April"]
    assert run_rules(lines, "de-DE", german_pack) == [BODY]
    assert run_rules(lines, None, german_pack) == [BODY]
    assert run_rules(lines, "fr", german_pack) == lines


def test_multilingual_concepts_apply_whatever_the_page_language():
    # Aggregators mix languages on one page and declare them badly: the concept pack is unscoped.
    lines = [BODY, "Teilen", "Mehr zum Thema", "Parkgebühren steigen ab April"]
    assert run_rules(lines, "fr") == [BODY]


def test_cut_block_removes_short_lines_up_to_the_next_paragraph():
    summary = ["Summary by NewsPulse", "Divers counted more coral.", "Full story"]
    body = "A survey of 120 reef sites has found live coral cover recovering faster than researchers had predicted."
    lines = [body] + summary + [body + " Again."]
    page = "\n".join(lines) + "\nGet NewsPulse on your phone"
    doc = Document(raw=page, kind="text", source=page)
    doc.blocks = [Block(line, i) for i, line in enumerate(lines)]
    kept = [b.text for b in ApplyRules(Matcher(RULES)).run(doc).blocks]
    assert kept == [body, body + " Again."]


def test_comment_thread_heading_cuts_to_the_end_but_prose_about_comments_stays():
    prose = "A few readers asked in the comments last month how I deal with weeds without turning the soil."
    lines = [prose, "3 thoughts on “Why I stopped digging”", "Jonas", "Same here on sandy soil, the trick works well."]
    assert run_rules(lines) == [prose]


def test_a_lone_label_goes_only_beside_other_chrome():
    prose = "Four years ago I put the spade away for good, and this is the long answer to why."
    assert run_rules([prose, "Share this:", "Facebook", "X", "Pinterest"]) == [prose]
    assert run_rules([prose, "X", "The axis on the chart above is labelled in the same way as before."]) == [
        prose, "X", "The axis on the chart above is labelled in the same way as before."
    ]
    assert run_rules([prose, "X", "Facebook"]) == [prose]  # the chrome comes after it


def test_a_generic_cut_to_end_never_cuts_more_prose_than_it_keeps():
    story = [
        "A survey of 120 reef sites has found live coral cover recovering faster than researchers had predicted.",
        "Divers from three universities counted coral at depths between two and twenty metres in February.",
    ]
    # A menu item that reads like a section marker, after an article-like line but before the story.
    menu_first = ["Skip to main content", "Politics and the world news today from all sides.", "More from Guidebook", "Science", *story]
    kept = run_rules(menu_first)
    assert all(line in kept for line in story)
    # The same marker after the story cuts the list that follows it.
    assert run_rules([*story, "More from Guidebook", "Grid upgrade delayed by two years"]) == story


def test_a_generic_marker_in_a_list_or_repeated_as_a_sub_heading_cuts_nothing():
    guide = [
        "Choosing a graphics card starts with what you play and at which resolution you play it.",
        "Memory matters most at high resolutions, where textures fill the card's video memory fast.",
        "Power and cooling",
    ]
    after = ["- Number of fans and heatsink type", "Happy building!"]
    # A list item of the guide that holds a marker's word is not a heading over other stories.
    kept = run_rules([*guide, "- TDP / Recommended PSU", *after])
    assert kept == [*guide, "- TDP / Recommended PSU", *after]
    # A sub-heading over each section of the article is the article's own structure.
    section = ["Intensive Foundation Course", "The course is self-paced and takes about twelve months to finish."]
    sections = [*guide, "Recommended courses:", *section, "Recommended courses:", *section]
    assert run_rules(sections) == sections
    # The same marker once, as a heading after the story, still ends it.
    assert run_rules([*guide[:2], "Recommended stories", "Grid upgrade delayed by two years"]) == guide[:2]


def test_an_ai_summary_note_under_its_bullets_takes_the_bullets_but_not_an_introduced_list():
    body = "Real-time arrival screens went live on Monday at all nine ferry terminals, the transit authority said."
    summary = ["Key points", "- Screens now show live arrival times.", "- Ridership fell 14% last year."]
    note = "Summary generated with AI and reviewed by our editors."
    assert run_rules(summary + [note, body]) == ["Key points", body]
    introduced = ["The authority listed its next steps:", "- New screens at two terminals.", "- A text alert service."]
    assert run_rules([body] + introduced + [note]) == [body] + introduced
    # A summary heading above its bullets keeps cutting forward only.
    assert run_rules([body, "- Kept item of the story.", "✨ AI summary", "- Screens went live."]) == [
        body, "- Kept item of the story."
    ]


def test_on_an_html_article_a_read_also_label_inside_the_story_does_not_cut_the_paragraphs_after_it():
    story = [
        "The city will raise water charges by an average of 12 percent from October, the first rise in 26 years.",
        "More than 30 percent of the city's mains are older than their legal service life of forty years.",
        "A household using 20 cubic metres a month will pay 3,640 yen instead of 3,250 yen.",
    ]
    rest = [
        "The city will also launch a smartphone app that shows each household's use and warns of leaks.",
        "At a briefing, residents said the rise was hard on pensioners and asked the city to cut costs first.",
    ]
    lines = [*story, "Read also", "Sewer charges under review too", *rest]
    doc = Document(raw="<html></html>", kind="html", source="<html></html>")
    doc.metadata["page_type"] = "article"
    doc.blocks = [Block(line, i) for i, line in enumerate(lines)]
    kept = [b.text for b in ApplyRules(Matcher(RULES)).run(doc).blocks]
    assert all(line in kept for line in story + rest)
    # The same label after the story still cuts the other stories that follow it.
    doc.blocks = [Block(line, i) for i, line in enumerate([*story, *rest, "Read also", "Sewer charges under review too"])]
    assert [b.text for b in ApplyRules(Matcher(RULES)).run(doc).blocks] == story + rest


def _html_article(lines: list[str]) -> list[str]:
    doc = Document(raw="<html></html>", kind="html", source="<html></html>")
    doc.metadata["page_type"] = "article"
    doc.blocks = [Block(line, i) for i, line in enumerate(lines)]
    return [b.text for b in ApplyRules(Matcher(RULES)).run(doc).blocks]


def test_on_an_html_article_a_link_box_late_in_the_story_does_not_cut_the_story_that_resumes_after_it():
    story = [
        "The city will raise water charges by an average of 12 percent from October, the first rise in 26 years.",
        "More than 30 percent of the city's mains are older than their legal service life of forty years.",
        "A household using 20 cubic metres a month will pay 3,640 yen instead of 3,250 yen from the autumn.",
        "The council approved the rise by 31 votes to 9 after a debate that ran late into Thursday evening.",
        "Opposition members said the city should first sell the unused depot land it owns near the harbour.",
    ]
    box = ["Don't miss", "Sewer charges under review too [VIDEO]", "Harbour ferry fares frozen [INSIGHT]"]
    rest = [
        "The new tariff will be reviewed after three years, the mayor told reporters after the vote.",
        "Residents can apply for a reduced rate if their household income is below the city's threshold.",
    ]
    # Less prose after the box than before it: the cut would be allowed, but the story resumes.
    kept = _html_article([*story, *box, *rest])
    assert all(line in kept for line in story + rest)
    assert "Don't miss" not in kept
    # Headline and teaser pairs after the label are other stories: the label still cuts them.
    teasers = ["Sewer charges under review too", rest[0], "Harbour ferry fares frozen", rest[1]]
    assert _html_article([*story, "Don't miss", *teasers]) == story
    # So does it a single headline over another story's standfirst and text.
    assert _html_article([*story, "Don't miss", "Sewer charges under review too", *rest]) == story


def test_an_other_stories_marker_that_may_not_cut_still_goes_itself():
    story = [
        "A survey of 120 reef sites has found live coral cover recovering faster than researchers had predicted.",
        "Divers from three universities counted coral at depths between two and twenty metres in February.",
    ]
    rest = ["The team will repeat the survey next year at the same sites, weather permitting, the lead author said."]
    kept = run_rules([story[0], "Read also", "Reef tourism hits a record", story[1], *rest])
    assert kept == [story[0], "Reef tourism hits a record", story[1], *rest]
    # A list it introduces, or short lines that do not lead back into the story, keep it.
    listed = [story[0], "Recommended:", "- Snorkel with a guide", "- Keep off the reef flat", story[1], *rest]
    assert run_rules(listed) == listed
    broken = [story[0], "Recommended Dive Style", "Dive slowly,", "keep a metre", "above the coral", "and never touch it.",
              story[1], *rest]
    assert run_rules(broken) == broken


def test_gallery_chrome_above_a_story_and_the_sign_off_below_it_go_but_the_story_stays():
    story = [
        "The harbour board voted on Tuesday to close the old ferry pier for two years of repairs to its piles.",
        "Engineers found that a third of the timber piles had rotted below the waterline since the last survey.",
        "Readers can write to the board at its office in Mill Street before the consultation closes in May.",
    ]
    gallery = [
        "The old ferry pier at low tide on Monday. The board will close it for two years. less",
        "The old ferry pier at low tide on Monday. The board will ... more",
        "Image 1 of 6",
        "Back to Gallery",
    ]
    sign_off = [
        "Write to Jo Lee at jo.lee@example.com",
        "Get the day's top stories delivered to your inbox every morning by subscribing to our newsletter.",
    ]
    assert _html_article([*gallery, *story, *sign_off]) == story


def test_a_widget_s_failure_message_goes_and_a_sentence_about_a_problem_stays():
    story = "There was a problem with the ferry's engine, the harbour master said on Monday."
    lines = ["Handmade walnut chopping board, oiled by hand.",
             "Oops! Something went wrong. Please try again later.",
             "There was a problem loading the delivery estimate. Please try again.",
             story]
    assert run_rules(lines) == [lines[0], story]
