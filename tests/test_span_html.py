"""The span stage on HTML articles: the short chrome lines an article's container holds around the
story (source and date, share and report buttons, reaction counters) go; lists, tables and longer
runs at the edges of the story stay, and no prose goes."""
import pytest

from cleaner.api import clean

PARAGRAPHS = [
    "Das Freibad in Talheim öffnet in diesem Jahr bereits am ersten Mai, zwei Wochen früher als sonst.",
    "Grund sei das warme Wetter und die neue Solarheizung, die das Becken auch an kühlen Tagen wärmt.",
    "Der Eintritt bleibt bei vier Euro, für Kinder unter zwölf Jahren ist das Schwimmen weiterhin frei.",
]


def article_page(head: list[str], tail: list[str], og_type: str = "article") -> bytes:
    def lines(texts: list[str]) -> str:
        return "".join(f"<div><span>{text}</span></div>" for text in texts)

    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return (
        "<html><head><meta charset='utf-8'>"
        f"<meta property='og:type' content='{og_type}'>"
        "<meta property='article:published_time' content='2025-05-12T08:15:00Z'>"
        "<title>Freibad öffnet früher</title></head><body>"
        f"<main><article><h1>Freibad öffnet früher</h1>{lines(head)}{body}{lines(tail)}</article></main>"
        "</body></html>"
    ).encode()


def test_the_short_lines_around_an_articles_prose_go():
    head = ["Talheimer Bote, Ausgabe Nord"]
    tail = ["Vorlesen lassen", "Schriftgröße ändern", "42 Leser fanden das hilfreich"]
    result = clean(article_page(head, tail), kind="html")
    assert result.metadata["page_type"] == "article"
    for line in head + tail:
        assert line not in result.text.split("\n")
    removed = {(r.rule, r.text) for r in result.removed}
    assert ("span.head", head[0]) in removed
    assert all(("span.tail", line) in removed for line in tail)
    assert all(paragraph in result.text for paragraph in PARAGRAPHS)


@pytest.mark.parametrize("tail", [
    ["- Montag: 10 bis 18 Uhr", "- Dienstag: 10 bis 20 Uhr"],  # a list
    ["Öffnungszeiten im Überblick:"],  # a line that introduces what follows
    ["Mai 10-18", "Juni 9-20", "Juli 8-21", "August 8-21", "September 10-18", "Oktober 12-16", "November 12-16"],
])
def test_lists_and_longer_runs_at_the_edges_stay(tail):
    result = clean(article_page([], tail), kind="html")
    for line in tail:
        assert line in result.text.split("\n")


def test_pages_of_other_types_keep_their_short_lines():
    tail = ["Vorlesen lassen", "Schriftgröße ändern"]
    result = clean(article_page([], tail, og_type="product"), kind="html")
    assert result.metadata["page_type"] != "article"
    assert all(line in result.text.split("\n") for line in tail)
