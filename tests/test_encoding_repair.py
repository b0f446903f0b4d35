"""Encoding damage from the scrape (mojibake, leftover entities) repaired in decode, logged per line."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, clean
from cleaner.document import Document
from cleaner.explain import render_html, render_terminal
from cleaner.pipeline import Pipeline
from cleaner.profile import load_profile, profile_names
from cleaner.stages.encoding_repair import (
    _SUSPECT,
    _SUSPECT_UTF8,
    ENTITIES_RULE,
    MOJIBAKE_RULE,
    EncodingRepair,
    changed_span,
)

REPAIR = EncodingRepair()
SENTENCE = "The council met on Tuesday to discuss the new budget, which includes more money for schools."


def mojibake(text: str, codec: str = "cp1252") -> str:
    """What `text` looks like when its UTF-8 bytes are read as `codec`."""
    return text.encode("utf-8").decode(codec)


def repaired_text(text: str, kind: str = "text") -> str:
    return REPAIR.run(text, kind)[0]


@pytest.mark.parametrize(
    "damaged, intended",
    [
        (mojibake("don’t"), "don’t"),                                  # cp1252: "donâ€™t"
        (mojibake("café"), "café"),                                    # "cafÃ©"
        (mojibake("✅ Generous free tier", "latin-1"), "✅ Generous free tier"),  # latin-1: C1 controls inside
        (mojibake("“Multiple”", "latin-1"), "“Multiple”"),
        (mojibake("It’s £5"), "It’s £5"),                              # "Itâ€™s Â£5"
        (mojibake(mojibake("été")), "été"),                            # encoded twice: "ÃƒÂ©tÃƒÂ©"
        (mojibake("Москва", "latin-1"), "Москва"),
        ("Ã  la carte", "à la carte"),                                  # the NBSP after Ã became a space
    ],
)
def test_each_kind_of_mojibake_is_restored(damaged, intended):
    assert damaged != intended
    assert repaired_text(damaged) == intended
    assert repaired_text(damaged, kind="html") == intended


def test_a_partly_damaged_line_is_repaired_where_damaged_only():
    line = f"Tom Křížek said {mojibake('it’s')} done; the “tier” stays ﬁne at ＡＢ."
    assert repaired_text(line) == "Tom Křížek said it’s done; the “tier” stays ﬁne at ＡＢ."


def test_valid_words_with_a_circumflex_stay_beside_mojibake():
    line = f"Você tem a âge d'or, and {mojibake('don’t')} forget the {mojibake('café')}."
    assert repaired_text(line) == "Você tem a âge d'or, and don’t forget the café."


@pytest.mark.parametrize(
    "text",
    ["Você já viu?", "L'âge d'or", "São Paulo", "Váš účet", "NESCAFÉ® Classic", "fiancé—a good", "Rosa\xa0×\xa0mediocci",
     "“quoted” ‘single’ – dash … ellipsis ﬁ ligature ＡＢ width e\u0301"],
)
def test_valid_text_is_left_alone(text):
    repaired, events = REPAIR.run(text, "text")
    assert repaired == text and events == []


def test_repair_is_idempotent():
    page = "\n".join([mojibake("Itâ€™s, cafÃ©"), mojibake("don’t"), "Tom &amp;amp; Jerry&#8217;s", "Você tem âge"])
    once = repaired_text(page)
    assert repaired_text(once) == once
    result = clean(page + "\n" + SENTENCE)
    assert clean(result.text, kind="text").text == result.text


def test_entities_left_in_a_text_page_are_decoded():
    assert repaired_text("Tom &amp; Jerry&#8217;s show&nbsp;tonight &#x2014; live") == "Tom & Jerry’s show\xa0tonight — live"
    assert repaired_text("double &amp;#8217; escaped") == "double ’ escaped"


def test_only_complete_references_are_decoded():
    line = "https://example.com/?a=1&copy=2&lang=en and AT&T &unknown; & more"
    assert repaired_text(line) == line


def test_entities_stay_in_html_pages_and_as_the_content():
    assert repaired_text("Tom &amp; Jerry", kind="html") == "Tom &amp; Jerry"
    about_html = "Write &amp; for an ampersand.\nA paragraph is <p>text</p>."
    assert repaired_text(about_html) == about_html
    escaped_tag = "Use &lt;br&gt; for a break &amp; more."
    assert repaired_text(escaped_tag) == escaped_tag
    named = "HTML entities such as &copy; start with an ampersand."
    assert repaired_text(named) == named


def test_entities_in_code_stay():
    assert repaired_text("Type `&amp;` to get &amp; here") == "Type `&amp;` to get & here"
    assert repaired_text("Text &amp; more\n    x = a &amp;&amp; b") == "Text & more\n    x = a &amp;&amp; b"


def test_each_repaired_line_is_logged_with_what_changed_and_where():
    page = f"{SENTENCE}\n\nTom &amp; Jerry {mojibake('don’t')} stop.\n\n{SENTENCE}"
    result = clean(page)
    assert "Tom & Jerry don’t stop." in result.text
    assert [(r.rule, r.line, r.before, r.after) for r in result.repaired] == [
        (ENTITIES_RULE, 2, "Tom &amp; Jerry donâ€™t", "Tom & Jerry donâ€™t"),
        (MOJIBAKE_RULE, 2, "Tom & Jerry donâ€™t stop.", "Tom & Jerry don’t stop."),
    ]
    assert all(r.stage == "decode" for r in result.repaired)
    assert result.as_dict()["repaired"][1]["after"] == "Tom & Jerry don’t stop."


def test_changed_span_keeps_whole_words_around_the_change():
    before = "A long line of words before " + mojibake("the café") + " and many words after it end"
    after = "A long line of words before the café and many words after it end"
    assert changed_span(before, after) == ("before the cafÃ© and many words", "before the café and many words")


def test_explain_shows_the_repairs():
    page = f"{mojibake('It’s raining again in the valley')}\n\n{SENTENCE}"
    explanation = clean(page, explain=True).explanation
    terminal = render_terminal(explanation)
    assert "# decode: encoding.mojibake: line 1: 'Itâ€™s raining again' → 'It’s raining again'" in terminal
    assert "It’s raining again in the valley    ← characters repaired (encoding.mojibake)" in terminal
    assert "encoding.mojibake: line 1" in render_html(explanation)
    assert explanation.replay() == clean(page).text


def test_mojibake_in_an_html_page_is_repaired_before_extraction():
    body = " ".join([SENTENCE] * 3)
    page = (f"<html><head><title>{mojibake('Café news')}</title></head><body><article>"
            f"<h1>{mojibake('Café news')}</h1><p>{mojibake('“Multiple”', 'latin-1')} {body}</p></article></body></html>")
    result = clean(page.encode("utf-8"))
    assert result.text.startswith("Café news\n\n“Multiple” The council")
    assert result.metadata["title"] == "Café news"
    assert {r.rule for r in result.repaired} == {MOJIBAKE_RULE}


def test_the_repairs_are_switchable_per_profile(tmp_path):
    page = f"Tom &amp; Jerry {mojibake('don’t')} stop.\n\n{SENTENCE}"
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        '[plain]\nstages = ["decode", "blocks", "render"]\n'
        "[plain.params.decode]\nrepair_mojibake = false\ndecode_text_entities = false\n",
        encoding="utf-8",
    )
    doc = Pipeline(load_profile("plain", profiles), ()).run(Document(raw=page))
    assert doc.text.startswith("Tom &amp; Jerry donâ\u20ac\u2122t stop.")  # as before: damage kept
    assert doc.repaired == []
    assert Cleaner().clean(page).text.startswith("Tom & Jerry don’t stop.")


def test_shipped_profiles_name_both_switches():
    for name in profile_names():
        params = load_profile(name).stage_params("decode")
        assert params == {"repair_mojibake": True, "decode_text_entities": True}, name


def test_mojibake_written_as_entities_in_html_is_repaired():
    body = " ".join([SENTENCE] * 3)
    page = f"<html><body><article><p>It isn&acirc;&euro;&trade;t a caf&Atilde;&copy; &amp; bar. {body}</p></article></body></html>"
    result = clean(page)
    assert result.text.startswith("It isn’t a café & bar. The council")
    assert [r.rule for r in result.repaired] == [MOJIBAKE_RULE]
    assert repaired_text("a &nbsp;&nbsp; b &lt;&gt; c &eacute;t&eacute;", kind="html") == "a &nbsp;&nbsp; b &lt;&gt; c &eacute;t&eacute;"


_NEAR_MOJIBAKE = "aé Âà\u00c1\u00c2\u00c3\u00e2\u00f4\u00f5\u0080\u009d\u00a0\u00bf\u00c0€’™ŸœŠ\u0161\u2019ñ✅\U0001f600"


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=_NEAR_MOJIBAKE, max_size=12))
def test_the_byte_prefilter_finds_what_the_character_prefilter_finds(text):
    assert bool(_SUSPECT_UTF8.search(text.encode("utf-8"))) == bool(_SUSPECT.search(text))


def test_mojibake_is_found_on_a_long_clean_page_at_the_end():
    page = ("Plain words on a line, café and über and — dashes.\n" * 2000) + mojibake("don’t")
    repaired, events = REPAIR.run(page, "html")
    assert repaired.endswith("don’t") and [e.line for e in events] == [2000]


def test_a_long_line_is_repaired_in_windows_like_a_short_one():
    filler = "<span>Você tem âge, Křížek and NESCAFÉ®</span>" * 100
    damaged = f"{mojibake('It’s')} {filler} {mojibake('café')}<b>{mojibake('✅', 'latin-1')}</b>"
    assert len(damaged) > 4000
    assert repaired_text(damaged, kind="html") == f"It’s {filler} café<b>✅</b>"
