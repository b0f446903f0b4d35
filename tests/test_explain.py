"""clean(..., explain=True), its replay, and `cleaner explain` (terminal and HTML views)."""
from dataclasses import replace

import pytest
from project_paths import ROOT
from typer.testing import CliRunner

from cleaner import Cleaner, clean
from cleaner.cli import app
from cleaner.document import Added, Moved, Removal, Split
from cleaner.explain import Explanation, ReplayError, Step, render_html, render_terminal

SEEDS = sorted(p for p in (ROOT / "seeds").rglob("*") if p.is_file() and not p.name.startswith("."))
runner = CliRunner()

# A flattened page: masthead, a headline printed twice, a glued paragraph boundary, chrome, a cut.
TEXT_PAGE = """Home
Rain returns to the valley
Rain returns to the valley
After three dry months, heavy rain fell across the valley on Sunday, the water authority said.Farmers welcomed the downpour but warned that one wet weekend would not make up for the losses.
Follow us on:
Forecasters expect more showers later in the week, with temperatures close to the seasonal average.
Share this article
Related Articles
Another story entirely, which the page appended after the article had ended for good.
"""
HTML_PAGE = """<!doctype html><html><head><title>Rain returns to the valley</title></head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience on our site.</p></div>
<article><p>After three dry months, heavy rain fell across the valley on Sunday, filling reservoirs that had
dropped to their lowest level in a decade, the water authority said.</p>
<p>Farmers welcomed the downpour but warned that one wet weekend would not make up for the losses of
the summer, when many fields were left unsown because of the drought.</p></article></body></html>"""


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_replaying_the_removals_reproduces_every_seed(seed):
    result = clean(seed.read_bytes(), explain=True)
    assert result.explanation is not None
    assert result.explanation.replay() == result.text


@pytest.mark.parametrize("page", [TEXT_PAGE, HTML_PAGE], ids=["text", "html"])
def test_replay_reproduces_synthetic_pages(page):
    result = clean(page, explain=True)
    assert result.explanation.replay() == result.text
    assert result.text  # something to reproduce


def test_text_page_decisions_record_rule_title_move_and_split():
    result = clean(TEXT_PAGE, explain=True)
    decisions = {d.text: d for d in result.explanation.decisions()}
    assert decisions["Follow us on:"].removal.rule == "social.follow-us"
    assert not decisions["Follow us on:"].output
    glued = next(d for text, d in decisions.items() if text.startswith("After three dry months"))
    assert len(glued.output) == 2 and glued.kept
    assert decisions["Another story entirely, which the page appended after the article had ended for good."].removal is not None
    assert {d.line for d in result.explanation.decisions()} == {n for n, line in enumerate(TEXT_PAGE.split("\n")) if line}


def test_explain_changes_nothing_else():
    plain, explained = clean(TEXT_PAGE), clean(TEXT_PAGE, explain=True)
    assert plain.explanation is None
    assert replace(explained, explanation=None) == plain
    cleaner = Cleaner(disable=["social.follow-us"])
    assert cleaner.clean(TEXT_PAGE, explain=True).text == cleaner.clean(TEXT_PAGE).text


def _without(explanation, rule):
    steps = tuple(replace(step, events=tuple(e for e in step.events if not (isinstance(e, Removal) and e.rule == rule)))
                  for step in explanation.steps)
    return replace(explanation, steps=steps)


def _forged(explanation, forge):
    """The explanation with each recorded event replaced by forge(event)."""
    return replace(explanation, steps=tuple(replace(step, events=tuple(map(forge, step.events))) for step in explanation.steps))


def test_replay_is_a_real_check():
    explanation = clean(TEXT_PAGE, explain=True).explanation
    text = clean(TEXT_PAGE).text
    # Forget one recorded removal: the line comes back, so the replay no longer matches.
    assert _without(explanation, "social.follow-us").replay() != text
    # A removal that claims to have removed other text than its line's is caught.
    other_text = _forged(explanation, lambda e: replace(e, text="something else")
                         if isinstance(e, Removal) and e.rule == "social.follow-us" else e)
    with pytest.raises(ReplayError, match="social.follow-us"):
        other_text.replay()
    # A split whose pieces are not the line's own text is caught.
    [split] = [e for step in explanation.steps for e in step.events if isinstance(e, Split)]
    other_pieces = _forged(explanation, lambda e: replace(e, pieces=(e.pieces[0], "Farmers said something they never said."))
                           if e is split else e)
    with pytest.raises(ReplayError, match="split pieces"):
        other_pieces.replay()


def test_replay_applies_the_title_move():
    lines = ((0, "First paragraph of the body."), (1, "The headline"))
    made = Explanation("html", "", lines, (), (Step("title", (Moved("title", 1, "The headline", 0),)),),
                       ((1, "The headline"), (0, "First paragraph of the body.")), "")
    assert made.replay() == "The headline\n\nFirst paragraph of the body.\n"
    assert [d.moved_to_top for d in made.decisions()] == [False, True]
    forgotten = replace(made, steps=(Step("title", ()),))
    assert forgotten.replay() == "First paragraph of the body.\n\nThe headline\n"
    added = replace(made, steps=(Step("title", (Added("title", "A title from metadata", 0),)),))
    assert added.replay().startswith("A title from metadata\n\n")
    # A move of a paragraph that is not there is caught.
    missing = replace(made, steps=(Step("title", (Moved("title", 7, "Not a line of the page", 0),)),))
    with pytest.raises(ReplayError, match="title: the moved paragraph"):
        missing.replay()


def test_a_piece_of_a_split_line_removed_later_is_replayed():
    page = ("A headline for the story here\n"
            "The river rose by two metres overnight, officials said.The river rose by two metres overnight, officials said.\n"
            "Farmers moved their animals to higher ground before the water reached the lower fields of the valley.\n")
    result = clean(page, explain=True)
    assert result.explanation.replay() == result.text
    assert result.text.count("The river rose") == 1
    split = next(d for d in result.explanation.decisions() if d.text.startswith("The river"))
    assert split.kept and split.removals and any("part removed by" in note for note in split.notes())


def test_terminal_view_marks_removed_lines_with_rule_and_reason():
    explanation = clean(TEXT_PAGE, explain=True).explanation
    plain = render_terminal(explanation).splitlines()
    assert "- Follow us on:    ← social.follow-us: A 'follow us' prompt before a row of social icons is site chrome." in plain
    assert any(line.startswith("  Forecasters expect") and "←" not in line for line in plain)
    assert any(line.startswith("  After three dry months") and "split into 2 paragraphs" in line for line in plain)
    coloured = render_terminal(explanation, colour=True)
    assert "\x1b[2;9mFollow us on:\x1b[0m" in coloured
    assert "\x1b[" not in render_terminal(explanation)


def test_html_view_lists_pruned_elements():
    shown = render_terminal(clean(HTML_PAGE, explain=True).explanation)
    assert shown.startswith("# prune: html.cookie-banner: ")


def test_html_report_is_escaped_and_side_by_side():
    page = "<b>Bold</b> & <script>alert(1)</script> is a line of text about markup that stays in.\nFollow us on:\n"
    result = clean(page, kind="text", explain=True)
    report = render_html(result.explanation, title="a <title>")
    assert "<script>alert" not in report and "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "<title>a &lt;title&gt;</title>" in report
    assert report.count("<tr class=\"kept\">") == 1 and report.count("<tr class=\"removed\">") == 1
    assert "<del>Follow us on:</del>" in report and "social.follow-us" in report


def test_cli_explain_prints_the_marked_page(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(TEXT_PAGE, encoding="utf-8")
    result = runner.invoke(app, ["explain", str(page)])
    assert result.exit_code == 0, result.output
    assert "- Follow us on:    ← social.follow-us" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("# 9 lines: ")
    result = runner.invoke(app, ["explain", str(page), "--disable", "social.follow-us", "--disable", "chrome.follow-prompt"])
    assert "  Follow us on:" in result.stdout


def test_cli_explain_writes_an_html_report(tmp_path):
    page, report = tmp_path / "page.html", tmp_path / "report" / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    result = runner.invoke(app, ["explain", str(page), "--html", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and "html.cookie-banner" in text and "After three dry months" in text


def test_cli_explain_missing_page_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["explain", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "nope.txt" in result.stderr


def test_the_readme_explain_example_runs(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Explain a page"):]
    code = section[section.index("```python\n") + 10: section.index("```", section.index("```python\n") + 10)]
    exec(code, {"clean": clean, "page": TEXT_PAGE})
    assert "social.follow-us Follow us on:" in capsys.readouterr().out
