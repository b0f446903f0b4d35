"""The command line where users meet its edges: stdout mode errors and pipes, several pages to
stdout, inputs that match nothing, options that would be ignored, help and wording (issue 15)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from batch_corpus import html_page, write_folder, write_jsonl
from project_paths import ROOT
from typer.testing import CliRunner

from cleaner import CleanerError, __version__
from cleaner.api import Cleaner
from cleaner.batch import Batch, BatchOptions, BatchStats
from cleaner.batch_report import summary
from cleaner.cli import app

runner = CliRunner()


def page_file(tmp_path: Path, name: str = "page.html", i: int = 1) -> Path:
    path = tmp_path / name
    path.write_text(html_page(i), encoding="utf-8")
    return path


# 14: errors in stdout mode, and a reader that stops early


def test_a_cleaner_error_in_stdout_mode_is_one_line_and_exit_2(tmp_path, monkeypatch):
    def broken(self, data, url=None, kind=None, *, explain=False):
        raise CleanerError("cleaning failed in the stage after 'decode': ValueError: boom")

    monkeypatch.setattr(Cleaner, "clean", broken)
    result = runner.invoke(app, ["clean", str(page_file(tmp_path))])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "page.html" in lines[0] and "boom" in lines[0]


def test_a_pipe_closed_early_ends_the_run_quietly(tmp_path):
    source = write_jsonl(tmp_path / "pages.jsonl", 300)
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner.cli", "clean", str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert stderr == ""


# 19: several pages to stdout, explain on a JSON Lines file, WARC naming in the README


def test_several_pages_to_stdout_are_each_headed_by_their_file(tmp_path):
    first, second = page_file(tmp_path, "a.html", 1), page_file(tmp_path, "b.html", 2)
    result = runner.invoke(app, ["clean", str(first), str(second)])
    assert result.exit_code == 0
    one = runner.invoke(app, ["clean", str(first)]).stdout
    two = runner.invoke(app, ["clean", str(second)]).stdout
    assert result.stdout == f"==> {first} <==\n{one}\n==> {second} <==\n{two}"


def test_explain_refuses_a_jsonl_file_clearly(tmp_path):
    source = write_jsonl(tmp_path / "pages.jsonl", 2)
    result = runner.invoke(app, ["explain", str(source)])
    assert result.exit_code == 2 and "holds many records" in result.stderr


def test_readme_names_warc_outputs_as_the_code_does(tmp_path):
    pytest.importorskip("fastwarc")
    from batch_corpus import write_warc

    source = write_warc(tmp_path / "crawl.warc", 1)
    Batch(BatchOptions(inputs=(str(source),), out=tmp_path / "out", workers=1)).run()
    assert (tmp_path / "out" / "crawl" / "courier.example_warc_0.txt").exists()  # named by URL
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "a WARC record after its target URL, else its record id" in readme


# 20: nothing to read, --glob, ignored options


def test_an_empty_folder_is_a_warning_and_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    for args in (["clean", str(tmp_path / "empty")], ["clean", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "no page found" in result.stderr


def test_a_glob_matching_nothing_is_exit_2_and_names_the_glob(tmp_path):
    crawl = write_folder(tmp_path / "crawl", 2)
    result = runner.invoke(app, ["clean", str(crawl), "--out", str(tmp_path / "out"), "--glob", "*.xml"])
    assert result.exit_code == 2 and "'*.xml'" in result.stderr


def test_glob_with_a_leading_double_star_matches_the_top_level_and_ignores_case(tmp_path):
    from cleaner.io.records import iter_records

    crawl = tmp_path / "crawl"
    (crawl / "sub").mkdir(parents=True)
    for rel in ("top.html", "sub/deep.html", "LOUD.HTML"):
        (crawl / rel).write_text(html_page(1), encoding="utf-8")
    found = sorted(Path(r.origin).name for r in iter_records([crawl], "**/*.html"))
    assert found == ["LOUD.HTML", "deep.html", "top.html"]


@pytest.mark.parametrize("extra, message", [
    (["--url", "https://a.example/x"], "--url"),
    (["--address", "auto"], "--engine ray"),
    (["--workers", "2"], "--out"),
    (["--stats", "run.json"], "--out"),
])
def test_options_that_would_be_ignored_are_refused(tmp_path, extra, message):
    first, second = page_file(tmp_path, "a.html", 1), page_file(tmp_path, "b.html", 2)
    result = runner.invoke(app, ["clean", str(first), str(second), *extra])
    assert result.exit_code == 2 and message in result.stderr


def test_field_without_jsonl_and_format_against_a_jsonl_out_are_refused(tmp_path):
    page = page_file(tmp_path)
    field = runner.invoke(app, ["clean", str(page), "--field", "body"])
    assert field.exit_code == 2 and "--field" in field.stderr
    fmt = runner.invoke(app, ["clean", str(page), "--format", "json", "--out", str(tmp_path / "x.jsonl")])
    assert fmt.exit_code == 2 and "--format json" in fmt.stderr
    assert not (tmp_path / "x.jsonl").exists()


# 22: help, --version, wording


@pytest.mark.parametrize("command", [[], ["clean"], ["explain"], ["mine"], ["rules", "list"], ["rules", "lint"],
                                     ["rules", "test"], ["golden", "check"], ["golden", "update"]])
def test_help_shows_no_python_types(command):
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert not re.search(r"<(list\[|str>|bool>|int|float|path>)", result.stdout), result.stdout


def test_kind_lists_its_choices_and_version_exists():
    result = runner.invoke(app, ["clean", "--help"], env={"COLUMNS": "200"})
    assert "html|text" in result.stdout
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.strip() == f"cleaner {__version__}"


def test_summary_wording_is_singular_for_one_and_never_a_negative_share():
    stats = BatchStats(workers=1, engine="inline")
    stats.totals.pages, stats.totals.bytes_in, stats.totals.bytes_out = 1, 1000, 1012
    line = summary(stats).splitlines()[0]
    assert "1 page in" in line and "1 out" in line and "1 worker" in line
    assert "1 pages" not in line and "1 workers" not in line and "-1.2%" not in line
    assert "1.2% larger" in line


def test_a_write_error_names_the_output_not_its_temporary_file(tmp_path, monkeypatch):
    from cleaner.batch import worker as batch_worker

    page = page_file(tmp_path)

    def refuse(path, data, tmp_dir=None, fsync=True):
        raise PermissionError(13, "Permission denied", str(tmp_dir / ".page.txt.abc.part"))

    monkeypatch.setattr(batch_worker, "write_atomic", refuse)
    stats = Batch(BatchOptions(inputs=(str(page),), out=tmp_path / "out", workers=1)).run()
    reason = stats.totals.errors[0]["reason"]
    assert ".part" not in reason and str(tmp_path / "out" / "page.txt") in reason


def test_an_unreadable_page_names_its_path_once(tmp_path, monkeypatch):
    page = page_file(tmp_path)
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    stats = Batch(BatchOptions(inputs=(str(page),), out=tmp_path / "out", workers=1)).run()
    text = summary(stats)
    assert text.count(str(page)) == 1, text
