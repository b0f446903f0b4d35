"""Stages record what they do as typed events on the Document: only removals count as removals.

An element a selector rule matches but the prune guard keeps (it holds the article body) is a kept
event: it is not in result.removed, nor in any counter of rule hits (batch summary, Scrapy stats,
`rules list --corpus`). `explain` replays the recorded moves and splits, whatever the stages are called.
"""
import json

import pytest
from typer.testing import CliRunner

from cleaner import Cleaner, clean
from cleaner.cli import app
from cleaner.document import Block, Document, Flagged, Kept, Moved, Removal, Split
from cleaner.stages.repair import Repair
from cleaner.stages.title import Title

runner = CliRunner()

ARTICLE = (
    "<p>After three dry months, heavy rain fell across the valley on Sunday, filling reservoirs that had dropped "
    "to their lowest level in a decade, the water authority said on Monday morning.</p>"
    "<p>Farmers welcomed the downpour but warned that one wet weekend would not make up for the losses of the "
    "summer, when many fields were left unsown because of the long drought.</p>"
)
# The article sits in a wrapper the page shows by script (display:none): html.hidden matches the
# wrapper, the prune guard keeps it because it holds <main>. The <nav> is really removed.
KEPT_WRAPPER_PAGE = (
    "<!doctype html><html><head><title>Rain returns to the valley</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
    f"<div style='display:none'><main>{ARTICLE}</main></div></body></html>"
)


def test_a_kept_element_is_not_in_result_removed():
    result = clean(KEPT_WRAPPER_PAGE, kind="html")
    assert "heavy rain fell across the valley" in result.text  # the guard did keep the wrapper
    rules = [r.rule for r in result.removed]
    assert "html.navigation" in rules
    assert "html.hidden" not in rules
    assert not any(r.reason.startswith("kept") for r in result.removed)
    assert "html.hidden" not in json.dumps(result.as_dict())


def test_explain_shows_the_kept_match_apart_from_the_removals():
    from cleaner.explain import render_html, render_terminal

    explanation = clean(KEPT_WRAPPER_PAGE, kind="html", explain=True).explanation
    shown = render_terminal(explanation).splitlines()
    assert "# prune: html.hidden: kept: the element holds the article body" in shown
    assert any(line.startswith("# prune: html.navigation: ") for line in shown)
    assert [r.rule for r in explanation.page_removals] == ["html.navigation"]
    assert "html.hidden: kept: the element holds the article body" in render_html(explanation)


def test_prune_records_a_kept_event_and_a_removal_event():
    from cleaner.rulebook import load_packs
    from cleaner.stages.htmltree import shared_tree
    from cleaner.stages.prune import Prune

    rules = tuple(rule for pack in load_packs(None) for rule in pack.rules)
    doc = Document(raw=KEPT_WRAPPER_PAGE, kind="html", source=KEPT_WRAPPER_PAGE)
    shared_tree(doc)
    Prune(rules).run(doc)
    kept = [e for e in doc.events if isinstance(e, Kept)]
    assert [(e.stage, e.rule) for e in kept] == [("prune", "html.hidden")]
    assert "article body" in kept[0].reason
    assert [r.rule for r in doc.removed] == ["html.navigation"]
    assert all(isinstance(r, Removal) for r in doc.removed)


def test_a_kept_element_is_not_counted_in_the_scrapy_stats():
    pytest.importorskip("scrapy", reason="Scrapy is not installed: pip install 'cleaner-pages[scrapy]'")
    from cleaner.integrations.scrapy import CleanerPipeline

    class Stats:
        def __init__(self):
            self.values = {}

        def inc_value(self, key, count=1):
            self.values[key] = self.values.get(key, 0) + count

    stats = Stats()
    CleanerPipeline(Cleaner(), stats).process_item({"url": "https://x.example/rain", "html": KEPT_WRAPPER_PAGE})
    assert stats.values["cleaner/removed/html.navigation"] == 1
    assert "cleaner/removed/html.hidden" not in stats.values


def test_a_kept_element_is_not_counted_in_the_batch_summary(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(2):
        (pages / f"rain{n}.html").write_text(KEPT_WRAPPER_PAGE, encoding="utf-8")
    stats_file = tmp_path / "stats.json"
    result = runner.invoke(app, ["clean", str(pages), "--out", str(tmp_path / "out"), "-w", "1", "--stats", str(stats_file)])
    assert result.exit_code == 0, result.output
    top_rules = json.loads(stats_file.read_text(encoding="utf-8"))["top_rules"]
    assert top_rules.get("html.navigation") == 2
    assert "html.hidden" not in top_rules
    assert "top rules: " in result.stderr and "html.hidden" not in result.stderr


def test_rules_list_corpus_counts_no_kept_element(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rain.html").write_text(KEPT_WRAPPER_PAGE, encoding="utf-8")
    result = runner.invoke(app, ["rules", "list", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "1 on 1/1" in rows["html.navigation"]
    assert "0 on 0/1" in rows["html.hidden"]


# A flattened page whose headline is below the first body line (the title stage moves it) and
# whose second paragraph lost its boundary (the repair stage splits it).
MOVE_AND_SPLIT_PAGE = (
    "<!doctype html><html><head><title>Rain returns to the valley</title></head><body><article>"
    "<p>After three dry months, heavy rain fell across the valley on Sunday, the water authority said in a statement."
    "Farmers welcomed the downpour but warned that one wet weekend would not make up for the losses.</p>"
    "<h2>Rain returns to the valley</h2>"
    "<p>Forecasters expect more showers later in the week, with temperatures close to the seasonal average for May.</p>"
    "</article></body></html>"
)


@pytest.fixture
def renamed_stages(monkeypatch):
    """The title and repair stages under other names: explain must not depend on what stages are called."""
    monkeypatch.setattr(Title, "name", "headline")
    monkeypatch.setattr(Repair, "name", "boundaries")


def test_explain_replays_a_move_and_a_split_from_the_recorded_events(renamed_stages):
    result = Cleaner().clean(MOVE_AND_SPLIT_PAGE, kind="html", explain=True)
    assert result.text.startswith("Rain returns to the valley\n\n")
    assert result.explanation.replay() == result.text
    decisions = {d.text: d for d in result.explanation.decisions()}
    assert decisions["Rain returns to the valley"].moved_to_top
    glued = next(d for text, d in decisions.items() if text.startswith("After three dry months"))
    assert len(glued.output) == 2 and "split into 2 paragraphs" in glued.notes()


def test_title_and_repair_record_moved_and_split_events():
    doc = Document(raw="", kind="text", blocks=[
        Block("Home", 0), Block("First sentence of the body, long enough to be read as a paragraph.Second one here.", 1),
        Block("Rain returns to the valley", 2)])
    Repair().run(doc)
    [split] = [e for e in doc.events if isinstance(e, Split)]
    assert split == Split("repair", 1, doc.events[0].text, ("First sentence of the body, long enough to be read as a paragraph.",
                                                            "Second one here."))
    doc.metadata["title"] = "Rain returns to the valley"
    Title().run(doc)
    assert [e for e in doc.events if isinstance(e, Moved)] == [Moved("title", 2, "Rain returns to the valley", 0)]


def test_a_flag_is_an_event_and_a_flag():
    doc = Document(raw="")
    doc.record(Flagged("extract", "article_body_used", True))
    assert doc.flags == {"article_body_used": True}
    assert doc.events == [Flagged("extract", "article_body_used", True)]
    assert doc.removed == ()
