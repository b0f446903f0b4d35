"""Markdown output (result.markdown, --format md): structure kept, removals the same as the text's.
Every structure check parses the Markdown back with markdown-it-py (CommonMark plus tables)."""
import gzip
import re

import pytest
from markdown_it import MarkdownIt
from project_paths import SEEDS
from typer.testing import CliRunner

from cleaner.api import clean
from cleaner.cli import app

RELEASE_NOTES = """<html><head><title>Release notes for version 4</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/blog">Blog</a></li></ul></nav>
<article>
<h1>Release notes for version 4</h1>
<p>This release changes how the scheduler handles priorities, and it removes two options that were deprecated a year ago in version three.</p>
<h2>Changes</h2>
<ol>
<li>Scheduler
  <ul><li>Priorities are now integers
     <ul><li>Negative values run first</li><li>Zero is the default</li></ul></li>
   <li>Queues are fair by default</li></ul></li>
<li>Command line
  <ol><li>The --fast flag is gone</li><li>The --jobs flag takes a number or auto</li></ol></li>
</ol>
<h2>Option table</h2>
<table>
<tr><th>Option</th><th>Old default</th><th>New default</th></tr>
<tr><td>--jobs</td><td>1</td><td>auto</td></tr>
<tr><td>--mode</td><td>a|b</td><td>b</td></tr>
</table>
<blockquote><p>Upgrade the workers before the controller.</p><p>Older workers refuse the new protocol.</p></blockquote>
<p>Workers report their version at start-up; a mismatch is logged:</p>
<pre><code>if worker.version &lt; 4:
    log.warning("old worker")</code></pre>
<p>Follow us on Twitter</p>
<p>Thanks to everyone who reported problems with the previous version over the last months of testing.</p>
</article></body></html>
"""


def parse(markdown: str):
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def list_items(tokens) -> list[tuple[int, str, str]]:
    """(list depth, list kind, the item's first line of words) for every list item, in order."""
    out, kinds = [], []
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            kinds.append("ol" if token.type.startswith("ordered") else "ul")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            kinds.pop()
        elif token.type == "list_item_open":
            inline = next(t for t in tokens[i:] if t.type == "inline")
            out.append((len(kinds), kinds[-1], inline.content))
    return out


def table_rows(tokens) -> list[list[str]]:
    rows, row = [], None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(row)
            row = None
    return rows


@pytest.fixture(scope="module")
def release_notes():
    return clean(RELEASE_NOTES)


def test_nested_lists_keep_their_levels_and_kinds(release_notes):
    assert list_items(parse(release_notes.markdown)) == [
        (1, "ol", "Scheduler"),
        (2, "ul", "Priorities are now integers"),
        (3, "ul", "Negative values run first"),
        (3, "ul", "Zero is the default"),
        (2, "ul", "Queues are fair by default"),
        (1, "ol", "Command line"),
        (2, "ol", "The --fast flag is gone"),
        (2, "ol", "The --jobs flag takes a number or auto"),
    ]


def test_table_round_trips_with_header_and_cells(release_notes):
    tokens = parse(release_notes.markdown)
    assert [t.type for t in tokens].count("table_open") == 1
    assert [t.type for t in tokens].count("th_open") == 3
    assert table_rows(tokens) == [
        ["Option", "Old default", "New default"],
        ["--jobs", "1", "auto"],
        ["--mode", "a|b", "b"],  # the pipe in a cell is escaped, not a new column
    ]


def test_headings_quote_and_code_block(release_notes):
    tokens = parse(release_notes.markdown)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [("h1", "Release notes for version 4"), ("h2", "Changes"), ("h2", "Option table")]
    quote = [tokens[i + 1].content for i, t in enumerate(tokens)
             if t.type == "paragraph_open" and any(o.type == "blockquote_open" for o in tokens[:i]) and t.level > 0]
    assert quote == ["Upgrade the workers before the controller.", "Older workers refuse the new protocol."]
    fences = [t.content for t in tokens if t.type == "fence"]
    assert fences == ['if worker.version < 4:\n    log.warning("old worker")\n']


def test_markdown_has_the_texts_removals(release_notes):
    removed = [r.text for r in release_notes.removed if r.stage == "rules"]
    assert "Follow us on Twitter" in removed
    assert "Follow us on Twitter" not in release_notes.text
    assert "Follow us" not in release_notes.markdown
    assert "Home" not in release_notes.markdown  # the navigation the extractor left out


def test_every_line_of_the_text_is_in_the_markdown(release_notes):
    letters = re.sub(r"[\W_]+", "", release_notes.markdown.casefold())
    for line in release_notes.text.splitlines():
        assert re.sub(r"[\W_]+", "", line.casefold()) in letters, line


def test_text_output_is_untouched_by_markdown(release_notes):
    assert "#" not in release_notes.text and ">" not in release_notes.text
    assert release_notes.as_dict().keys() == clean("<p>x</p>").as_dict().keys()
    assert "markdown" not in release_notes.as_dict()


def test_text_page_markdown_is_its_paragraphs_with_the_title_as_heading():
    page = ("Council approves the new harbour plan\n\n"
            "The council approved the harbour plan on Tuesday after a debate that lasted most of the evening.\n\n"
            "# of votes against: 3, the clerk said, and 1. the mayor abstained as she had said she would.\n")
    result = clean(page, kind="text")
    assert result.text.splitlines()[0] == "Council approves the new harbour plan"
    tokens = parse(result.markdown)
    assert [t.type for t in tokens if t.type.endswith("_open")] == ["heading_open", "paragraph_open", "paragraph_open"]
    assert tokens[1].content == "Council approves the new harbour plan"
    # words that look like Markdown syntax at a line start stay words
    assert "".join(child.content for child in tokens[-2].children).startswith("# of votes against")


def test_empty_page_has_empty_markdown():
    assert clean("").markdown == ""


def test_cli_format_md_one_page_to_stdout(tmp_path):
    page = tmp_path / "notes.html"
    page.write_text(RELEASE_NOTES, encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(page), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout == clean(RELEASE_NOTES).markdown
    assert result.stdout.startswith("# Release notes for version 4\n")


def test_cli_format_md_batch_writes_md_files(tmp_path):
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "notes.html").write_text(RELEASE_NOTES, encoding="utf-8")
    (source / "story.txt").write_text("A headline here\n\nA paragraph of text that is long enough to be prose.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(source), "--out", str(out), "--format", "md", "--workers", "1"])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and ".cleaner" not in p.parts)
    assert written == ["story.md", "sub/notes.md"]
    assert (out / "sub" / "notes.md").read_text(encoding="utf-8") == clean(RELEASE_NOTES).markdown


def test_tuning_set_page_with_table_and_nested_lists(shared_bench):
    page = shared_bench / "wcxb-dev" / "html" / "0278.html.gz"
    if not page.exists():
        pytest.skip(f"{page} is absent")
    result = clean(gzip.decompress(page.read_bytes()))
    tokens = parse(result.markdown)
    rows = table_rows(tokens)
    assert rows[0] == ["Pros of Mobile Apps", "Cons of Mobile Apps"]
    assert len(rows) == 6 and all(len(row) == 2 for row in rows)
    assert any(depth == 2 for depth, _, _ in list_items(tokens))
    letters = re.sub(r"[\W_]+", "", result.markdown.casefold())
    for line in result.text.splitlines():
        assert re.sub(r"[\W_]+", "", line.casefold()) in letters, line


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.rglob("*") if p.is_file()))
def test_seed_markdown_has_the_texts_lines_and_none_it_removed(root, seed):
    path = next((root / "seeds").rglob(seed))
    result = clean(path.read_bytes())
    markdown, text = _letters(result.markdown), _letters(result.text)
    for line in result.text.splitlines():
        assert _letters(line) in markdown, line
    for removal in result.removed:
        gone = _letters(removal.text)
        if removal.stage in ("rules", "title", "dedup", "classify") and len(gone) >= 12 and gone not in text:
            assert gone not in markdown, (removal.rule, removal.text)
