"""The classify stage on small hand-made flattened pages: menus, headline lists, subheadings, languages."""
from __future__ import annotations

import pytest
from project_paths import ROOT, SHARED

from cleaner import Cleaner
from cleaner.document import Block, Document
from cleaner.stages.classify import WHY, Classify
from cleaner.stages.classify_features import _LINK_LIKE, _WORD, is_link_like, language_sample

MENU = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Contact us", "Sign in"]

PARAGRAPHS = [
    "The city council voted on Tuesday to build a network of protected cycle lanes through the centre, "
    "after a consultation in which most of the people who answered said they would ride more if the roads felt safer.",
    "The first lanes will be painted along the river road in the spring, and the council says that the "
    "whole network should be finished before the end of next year if the work on the bridges goes to plan.",
    "Shop owners on the high street were divided. Some said that they had lost customers when parking was "
    "removed in another town, while others said that people on bikes tend to stop more often and spend more.",
]
SUBHEADING = "What happens next"
LATER_PARAGRAPHS = [
    "A second vote on the budget for the bridges is due in March, and the transport committee has asked "
    "for a report on how the lanes will be kept clear of snow and fallen leaves in the winter months.",
    "Residents can still send comments on the detailed drawings until the end of the month, and the council "
    "has promised to publish a summary of what it heard before any of the work on the roads begins.",
]
HEADLINE = "Council approves new cycle lanes for the city centre"
HEADLINE_LIST = [
    "Most read",
    "Flood defences on the river road to be raised by a metre",
    "New head teacher named for the grammar school on Mill Lane",
    "Bus fares frozen for another year as the operator cuts two routes",
    "Local bakery wins a national prize for its sourdough loaf",
    "Police appeal for witnesses after a crash on the ring road",
]
FOOTER = ["About us", "Privacy", "Terms", "Advertise", "Careers", "© 2025 Example Media"]


def english_page() -> str:
    lines = [f"{HEADLINE} - The Daily Example", *MENU, HEADLINE, "By Sam Writer", *PARAGRAPHS, SUBHEADING,
             *LATER_PARAGRAPHS, *HEADLINE_LIST, *FOOTER]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def flat_cleaner() -> Cleaner:
    return Cleaner(profile="flat")


def test_menu_run_is_dropped_and_logged(flat_cleaner):
    result = flat_cleaner.clean(english_page(), kind="text")
    kept = result.text.rstrip("\n").split("\n\n")
    for item in MENU:
        assert item not in kept
    menu_rules = {r.rule for r in result.removed if r.text in MENU}
    assert menu_rules and menu_rules <= {"classify.menu-run", "classify.no-prose-nearby", "classify.repeated"}


def test_headline_list_is_dropped(flat_cleaner):
    result = flat_cleaner.clean(english_page(), kind="text")
    for headline in HEADLINE_LIST:
        assert headline not in result.text


def test_article_and_subheading_stay_in_order(flat_cleaner):
    result = flat_cleaner.clean(english_page(), kind="text")
    paragraphs = result.text.rstrip("\n").split("\n\n")
    assert paragraphs == [HEADLINE, *PARAGRAPHS, SUBHEADING, *LATER_PARAGRAPHS]


def test_title_is_found_and_first_once(flat_cleaner):
    result = flat_cleaner.clean(english_page(), kind="text")
    assert result.metadata["title"] == HEADLINE
    assert result.text.startswith(HEADLINE + "\n\n")
    assert result.text.count(HEADLINE) == 1


def test_every_drop_is_logged_with_a_reason(flat_cleaner):
    page = english_page()
    result = flat_cleaner.clean(page, kind="text")
    input_lines = [line for line in page.split("\n") if line]
    kept = set(result.text.rstrip("\n").split("\n\n"))
    logged = [r.text for r in result.removed]
    for line in input_lines:
        assert line in kept or line in logged, line
    for removal in result.removed:
        assert removal.reason
        if removal.stage == "classify":
            assert removal.rule in WHY and removal.reason == WHY[removal.rule]


def test_chrome_phrase_line_is_dropped(flat_cleaner):
    cookie = ("We use cookies to give you the best experience on our website and to show you relevant "
              "advertising, and by continuing you agree to our cookie policy.")
    page = english_page().replace("By Sam Writer", "By Sam Writer\n" + cookie)
    result = flat_cleaner.clean(page, kind="text")
    assert cookie not in result.text
    # Written as sentences too, a banner a rule knows is chrome for classify (and so cannot stretch
    # the main block over the page's footer).
    assert any(r.rule == "classify.chrome-phrase" and r.text == cookie for r in result.removed)
    short = "Cookie settings and privacy policy"
    result = flat_cleaner.clean(english_page().replace("By Sam Writer", "By Sam Writer\n" + short), kind="text")
    assert short not in result.text


def test_a_sentence_that_mentions_cookies_is_not_chrome(flat_cleaner):
    sentence = ("Sales to food makers, which use its flour in cookies, crackers and frozen pizza bases, rose 4% "
                "in the quarter.")
    page = english_page().replace("By Sam Writer", "By Sam Writer\n" + sentence)
    assert not any(r.text == sentence and r.rule == "classify.chrome-phrase" for r in flat_cleaner.clean(page).removed)


GERMAN_PARAGRAPHS = [
    "Der Stadtrat hat am Dienstag beschlossen, dass in der Innenstadt ein Netz von geschützten Radwegen "
    "gebaut wird, nachdem sich bei einer Umfrage die meisten Bürger für mehr Sicherheit auf den Straßen ausgesprochen haben.",
    "Die ersten Wege sollen im Frühjahr an der Uferstraße entstehen, und die Stadt geht davon aus, dass das "
    "ganze Netz bis zum Ende des nächsten Jahres fertig ist, wenn die Arbeiten an den Brücken nach Plan verlaufen.",
    "Die Geschäftsleute in der Fußgängerzone sind sich nicht einig. Einige fürchten, dass Kunden ausbleiben, "
    "wenn Parkplätze wegfallen, andere sagen, dass Radfahrer öfter anhalten und am Ende mehr Geld ausgeben.",
]
GERMAN_MENU = ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Wetter", "Anmelden"]


def test_german_page_uses_the_german_stoplist(flat_cleaner):
    headline = "Stadtrat beschließt neue Radwege für die Innenstadt"
    page = "\n".join([f"{headline} | Beispiel-Zeitung", *GERMAN_MENU, headline, *GERMAN_PARAGRAPHS,
                      "Meistgelesen", "Impressum", "Datenschutz", "Kontakt", "Mediadaten"]) + "\n"
    result = flat_cleaner.clean(page, kind="text")
    assert result.flags["classify.language"] == "German"
    assert result.text.rstrip("\n").split("\n\n") == [headline, *GERMAN_PARAGRAPHS]


def test_french_page_keeps_its_prose(flat_cleaner):
    paragraphs = [
        "Le conseil municipal a décidé mardi de construire un réseau de pistes cyclables protégées dans le "
        "centre, après une consultation où la plupart des habitants ont dit qu'ils prendraient plus souvent le vélo.",
        "Les premières pistes seront tracées au printemps le long des quais, et la mairie pense que tout le "
        "réseau sera terminé avant la fin de l'année prochaine si les travaux sur les ponts se passent bien.",
    ]
    menu = ["Accueil", "Politique", "Économie", "Sports", "Culture", "Météo", "Se connecter"]
    page = "\n".join([*menu, *paragraphs, "Mentions légales", "Contact", "Plan du site", "Publicité"]) + "\n"
    result = flat_cleaner.clean(page, kind="text")
    assert result.flags["classify.language"] == "French"
    assert result.text.rstrip("\n").split("\n\n") == paragraphs


def _doc(lines: list[str]) -> Document:
    return Document(raw="", kind="text", source="\n".join(lines), blocks=[Block(t, i) for i, t in enumerate(lines)])


def test_auto_mode_leaves_an_article_untouched():
    stage = Classify(mode="auto", languages=["English"])
    lines = [HEADLINE, "By Sam Writer", *PARAGRAPHS, SUBHEADING, *LATER_PARAGRAPHS]
    doc = stage.run(_doc(lines))
    assert [b.text for b in doc.blocks] == lines
    assert doc.removed == ()


def test_auto_mode_detects_a_whole_page():
    stage = Classify(mode="auto", languages=["English"])
    whole = [f"{HEADLINE} - The Daily Example", *MENU * 3, HEADLINE, *PARAGRAPHS, SUBHEADING, *LATER_PARAGRAPHS,
             *HEADLINE_LIST * 2, *FOOTER * 2, *MENU]
    assert len(whole) >= stage.detect_min_lines
    assert stage.looks_like_whole_page(_doc(whole))
    assert not stage.looks_like_whole_page(_doc([HEADLINE, *PARAGRAPHS, *LATER_PARAGRAPHS]))


def test_never_mode_and_html_pass_through():
    lines = [*MENU, *PARAGRAPHS]
    assert Classify(mode="never").run(_doc(lines)).removed == ()
    doc = _doc(lines)
    doc.kind = "html"
    assert Classify(mode="always", languages=["English"]).run(doc).removed == ()


def test_bad_mode_is_refused():
    with pytest.raises(ValueError, match="classify mode"):
        Classify(mode="sometimes")


def test_constructor_defaults_are_the_documented_flat_profile():
    """The default profile runs classify with its constructor defaults; the flat profile documents them.
    The chrome phrases are not a default: they are data (see the next test)."""
    import inspect

    from cleaner.profile import load_profile

    documented = load_profile("flat").stage_params("classify")
    defaults = {
        name: p.default for name, p in inspect.signature(Classify).parameters.items() if name != "matcher"
    }
    assert documented.pop("mode") == "always" and defaults.pop("mode") == "auto"
    assert documented.pop("chrome_phrases") and defaults.pop("chrome_phrases") == ()
    assert {k: tuple(v) if isinstance(v, list) else v for k, v in documented.items()} == {
        k: tuple(v) if isinstance(v, list) else v for k, v in defaults.items()
    }


def _classify_stage(cleaner: Cleaner) -> Classify:
    return next(stage for stage in cleaner._pipeline.stages if isinstance(stage, Classify))


@pytest.mark.parametrize("profile", ["default", "flat"])
def test_chrome_phrases_come_from_the_profile_data(profile):
    """classify's phrases are the ones profiles.toml writes, and a profile file that names others
    changes what classify drops."""
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("cleaner").joinpath("data/profiles.toml").read_text(encoding="utf-8"))
    written = data["default"]["params"]["classify"]["chrome_phrases"]
    assert written and _classify_stage(Cleaner(profile=profile)).chrome_phrases == tuple(written)


def test_a_profile_names_its_own_chrome_phrases(tmp_path):
    from cleaner.pipeline import Pipeline
    from cleaner.profile import load_profile

    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        '[base]\nstages = ["decode", "blocks", "classify", "render"]\n'
        '[base.params.classify]\nmode = "always"\nchrome_phrases = ["zebra crossing"]\n'
        '[mine]\nextends = "base"\n',
        encoding="utf-8",
    )
    chrome = "Zebra crossing ahead"
    page = english_page().replace("By Sam Writer", "By Sam Writer\n" + chrome)
    doc = Pipeline(load_profile("mine", profiles), ()).run(Document(raw=page))
    assert any(r.rule == "classify.chrome-phrase" and r.text == chrome for r in doc.removed)
    shipped = Cleaner(profile="flat").clean(page, kind="text")
    assert not any(r.rule == "classify.chrome-phrase" and r.text == chrome for r in shipped.removed)


def _corpus_lines() -> list[str]:
    """The seeds' and goldens' lines, written edge cases, and (when ../shared is beside the project)
    40 flattened benchmark pages: the written cases alone make the comparison mean something."""
    paths = sorted((ROOT / "seeds").rglob("*.txt")) + sorted((ROOT / "golden").rglob("*.txt"))
    paths += sorted((SHARED / "bench" / "scrapinghub" / "flat").glob("*.txt"))[:40]
    lines = [line for path in paths for line in path.read_text(encoding="utf-8", errors="replace").split("\n")]
    return lines + [
        "see https://example.org/a", "HTTP://X.Y", "mail me: jo.doe@example.com", "@handle", "x@y",
        "www.example", "WWW.X", "site.COM is down", "index.HTML", "a.phpx", "Home / News / World", "» Next",
        "Prev ›", "| a", "a |", "Ends with a full stop.", "e.g. this", "A. Nother", "ſite.com", "@",
        "https://news.example.com/world/2024/story", "Read more at www.example.org", "Home › Sport › Football",
        "example.com/path?x=1", "News | Sport | Weather", "Follow @example_news", "About | Contact | Privacy",
        "Page 2 of 7 »", "« Back", "report.pdf", "info@example.de", "Startseite / Politik / Inland",
    ]


def test_link_like_in_parts_is_the_whole_pattern():
    """is_link_like runs the link pattern's alternatives behind cheap gates: the same answer."""
    lines = _corpus_lines()
    answers = [(line, bool(_LINK_LIKE.search(line)), is_link_like(line)) for line in lines]
    assert sum(1 for _, whole, _ in answers if whole) > 20  # the comparison means something
    assert [a for a in answers if a[1] != a[2]] == []


def test_language_sample_is_the_lower_cased_tokens_of_the_longer_lines():
    """The sample reuses remembered tokens for ASCII lines: the same tokens as splitting the
    lower-cased line."""
    lines = _corpus_lines() + ["ÉCOLE Publique İstanbul Straße " * 3, "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN"]
    expected: list[str] = []
    for line in lines:
        tokens = _WORD.findall(line.lower())
        if len(tokens) >= 10:
            expected.extend(tokens)
    assert len(expected) > 2000
    assert language_sample(lines, 10, 10**9) == expected
    assert language_sample(lines, 10, 2000) == expected[: len(language_sample(lines, 10, 2000))]
