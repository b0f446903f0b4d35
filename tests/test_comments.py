"""Comments as a switch: Cleaner(comments=drop|keep|separate) and --comments."""
import json

import pytest
from typer.testing import CliRunner

from cleaner.api import Cleaner, CleanerError, clean
from cleaner.cli import app

ARTICLE = [
    "Autumn is the time to plant bulbs and to prepare the beds for the winter, while the soil is still warm enough for roots to settle.",
    "Cut back the perennials only after the first frost, because the stems protect the crowns during the coldest weeks of the year.",
]
COMMENTS = [
    "Thanks, I planted my tulips last weekend and the advice about the soil was very useful.",
    "Should the dahlias be lifted before or after the first frost in a cold region?",
]
PAGE = f"""<html><head><title>Gardening tips for the autumn months</title></head><body><article>
<h1>Gardening tips for the autumn months</h1><p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p></article>
<div id="comments" class="comments"><h3>2 Comments</h3><ol class="commentlist">
<li class="comment"><div class="comment-author vcard"><cite class="fn">Maria Lopez</cite> <span class="says">says:</span></div>
<div class="comment-meta">October 3, 2025 at 9:14 am</div><p>{COMMENTS[0]}</p></li>
<li class="comment"><div class="comment-author vcard"><cite class="fn">Tom Baker</cite> <span class="says">says:</span></div>
<div class="comment-meta">October 4, 2025 at 10:01 am</div><p>{COMMENTS[1]}</p></li>
</ol></div></body></html>"""


def test_drop_is_the_default_and_changes_nothing():
    default, dropped = clean(PAGE), Cleaner(comments="drop").clean(PAGE)
    assert dropped.as_dict() == default.as_dict()
    assert "comments" not in default.as_dict() and default.comments is None
    assert all(comment not in default.text for comment in COMMENTS)
    assert all(paragraph in default.text for paragraph in ARTICLE)


def test_keep_puts_the_comments_in_the_text_after_the_article_without_authors():
    result = Cleaner(comments="keep").clean(PAGE)
    paragraphs = result.text.splitlines()
    assert paragraphs[-3:] == [COMMENTS[0], "", COMMENTS[1]]
    assert paragraphs.index(ARTICLE[1]) < paragraphs.index(COMMENTS[0])
    assert "Maria Lopez" not in result.text and "says:" not in result.text
    assert result.comments is None


def test_separate_returns_one_item_per_comment_and_none_in_the_text():
    result = Cleaner(comments="separate").clean(PAGE)
    assert result.comments == COMMENTS
    assert all(comment not in result.text for comment in COMMENTS)
    assert result.text == clean(PAGE).text
    assert not any("Maria Lopez" in c or "October" in c for c in result.comments)
    assert result.as_dict()["comments"] == COMMENTS
    assert all(comment not in result.markdown for comment in COMMENTS)


def test_separate_on_a_page_without_comments_gives_an_empty_list():
    result = Cleaner(comments="separate").clean(f"<html><body><article><p>{ARTICLE[0]}</p></article></body></html>")
    assert result.comments == []


def test_unknown_mode_is_refused():
    with pytest.raises(CleanerError, match="comments must be one of drop, keep, separate"):
        Cleaner(comments="hide")


def test_cli_comments_separate_in_json(tmp_path):
    page = tmp_path / "tips.html"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(page), "--comments", "separate", "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["comments"] == COMMENTS
    assert COMMENTS[0] not in record["text"]


def test_cli_batch_comments_keep_and_rerun_with_another_mode(tmp_path):
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    (source / "tips.html").write_text(PAGE, encoding="utf-8")
    args = ["clean", str(source), "--out", str(out), "--workers", "1"]
    assert CliRunner().invoke(app, args + ["--comments", "keep"]).exit_code == 0
    assert COMMENTS[1] in (out / "tips.txt").read_text(encoding="utf-8")
    # Another mode is another configuration: the page is cleaned again, not skipped as up to date.
    assert CliRunner().invoke(app, args).exit_code == 0
    assert COMMENTS[1] not in (out / "tips.txt").read_text(encoding="utf-8")
