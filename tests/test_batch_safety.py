"""Nothing lost, nothing overwritten: outputs never replace or mix with inputs, each page gets its
own output, and inputs that cannot be read whole are reported (issue 15)."""
import fcntl
import gzip
import json
import os
from pathlib import Path

import pytest
from batch_corpus import html_page, tree, write_folder, write_jsonl, write_warc
from typer.testing import CliRunner

from cleaner.batch import Batch, BatchError, BatchOptions
from cleaner.cli import app

runner = CliRunner()
PAGE = "Officials said the new bridge will open in the spring after two years of work on the river crossing.\n"


def run(inputs, out, **kwargs):
    return Batch(BatchOptions(inputs=tuple(str(i) for i in inputs), out=out, workers=1, **kwargs)).run()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# 1: an output that is, or holds, an input is refused before any work


@pytest.mark.parametrize("where", ["same", "parent"])
def test_out_that_is_or_holds_the_input_is_refused_and_nothing_changes(tmp_path, where):
    crawl = write_folder(tmp_path / "crawl", 2)
    before = snapshot(tmp_path)
    out = crawl if where == "same" else tmp_path
    result = runner.invoke(app, ["clean", str(crawl), "--out", str(out)])
    assert result.exit_code == 2
    assert str(out) in result.stderr and "input" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(tmp_path) == before


def test_out_inside_the_input_folder_over_other_files_is_refused(tmp_path):
    crawl = write_folder(tmp_path / "crawl", 2)
    with pytest.raises(BatchError, match="inside the input folder"):
        run([crawl], crawl / "a")  # crawl/a holds pages of the input


def test_new_out_inside_the_input_folder_is_allowed_with_a_note(tmp_path):
    crawl = write_folder(tmp_path / "crawl", 2)
    result = runner.invoke(app, ["clean", str(crawl), "--out", str(crawl / "clean"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "not read as input" in result.stderr


# 2: --out, --stats, explain --html and mine --out naming an input file


def test_jsonl_out_naming_its_input_is_refused(tmp_path):
    source = write_jsonl(tmp_path / "pages.jsonl", 2)
    before = source.read_bytes()
    result = runner.invoke(app, ["clean", str(source), "--out", str(source)])
    assert result.exit_code == 2 and "is an input" in result.stderr
    assert source.read_bytes() == before


def test_stats_naming_an_input_is_refused_before_the_run(tmp_path):
    crawl = write_folder(tmp_path / "crawl", 2)
    page = crawl / "a" / "page-0001.html"
    before = page.read_bytes()
    result = runner.invoke(app, ["clean", str(crawl), "--out", str(tmp_path / "out"), "--stats", str(page)])
    assert result.exit_code == 2 and "--stats" in result.stderr
    assert page.read_bytes() == before and not (tmp_path / "out").exists()


def test_explain_html_and_mine_out_naming_the_input_are_refused(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(html_page(1), encoding="utf-8")
    before = page.read_bytes()
    explained = runner.invoke(app, ["explain", str(page), "--html", str(page)])
    mined = runner.invoke(app, ["mine", str(tmp_path), "--out", str(page)])
    assert explained.exit_code == 2 and "--html" in explained.stderr
    assert mined.exit_code == 2 and "--out" in mined.stderr
    assert page.read_bytes() == before


# 12: a folder where a file is needed


def test_a_folder_for_a_file_output_is_refused_before_any_work(tmp_path):
    crawl = write_folder(tmp_path / "crawl", 2)
    folder = tmp_path / "folder"
    folder.mkdir()
    stats = runner.invoke(app, ["clean", str(crawl), "--out", str(tmp_path / "out"), "--stats", str(folder)])
    explained = runner.invoke(app, ["explain", str(crawl / "a" / "page-0001.html"), "--html", str(folder)])
    mined = runner.invoke(app, ["mine", str(crawl), "--out", str(folder)])
    for result in (stats, explained, mined):
        assert result.exit_code == 2 and "is a folder" in result.stderr, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "out").exists()


# 3: colliding output names


def test_pages_with_one_stem_in_one_folder_each_keep_their_suffix(tmp_path):
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / "story.txt").write_text(PAGE, encoding="utf-8")
    (crawl / "story.html").write_text(html_page(3), encoding="utf-8")
    stats = run([crawl], tmp_path / "out")
    assert stats.totals.pages == 2
    assert sorted(tree(tmp_path / "out")) == ["story.html.txt", "story.txt.txt"]
    run([crawl], tmp_path / "out2")
    assert tree(tmp_path / "out") == tree(tmp_path / "out2")


def test_jsonl_beside_a_folder_of_its_name_keeps_its_suffix(tmp_path):
    crawl = tmp_path / "crawl"
    (crawl / "pages").mkdir(parents=True)
    (crawl / "pages" / "rec-1.html").write_text(html_page(1), encoding="utf-8")
    write_jsonl(crawl / "pages.jsonl", 2)
    stats = run([crawl], tmp_path / "out")
    names = sorted(tree(tmp_path / "out"))
    assert stats.totals.pages == len(names) - ("errors.jsonl" in names)
    assert "pages/rec-1.txt" in names and "pages.jsonl/rec-1.txt" in names


def test_two_inputs_with_the_same_names_get_one_output_each(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for root, i in ((first, 1), (second, 2)):
        root.mkdir()
        (root / "page.html").write_text(html_page(i), encoding="utf-8")
    stats = run([first, second, first / "page.html"], tmp_path / "out")
    assert stats.totals.pages == 3
    outputs = tree(tmp_path / "out")
    assert sorted(outputs) == ["page.txt", "page~2.txt", "page~3.txt"]
    assert len({outputs["page.txt"], outputs["page~2.txt"]}) == 2
    run([first, second, first / "page.html"], tmp_path / "again")
    assert tree(tmp_path / "again") == outputs


# 4: an unreadable subfolder


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_subfolder_is_an_error_with_its_path(tmp_path):
    crawl = write_folder(tmp_path / "crawl", 4)
    locked = crawl / "a"
    locked.chmod(0)
    try:
        result = runner.invoke(app, ["clean", str(crawl), "--out", str(tmp_path / "out"), "--workers", "1"])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1
    assert str(locked) in result.stderr and "cannot list folder" in result.stderr


def test_a_folder_that_cannot_be_listed_is_an_error_and_the_rest_is_written(tmp_path, monkeypatch):
    crawl = write_folder(tmp_path / "crawl", 4)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == crawl / "a":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    stats = run([crawl], tmp_path / "out")
    assert stats.errors_by_kind == {"unreadable": 1}
    assert stats.totals.errors[0]["file"] == str(crawl / "a") and "cannot list folder" in stats.totals.errors[0]["reason"]
    assert stats.totals.pages > 0 and (tmp_path / "out" / "b").is_dir()


# 5: a truncated WARC


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_truncated_warc_is_reported_with_the_last_record_read(tmp_path, name):
    pytest.importorskip("fastwarc")
    whole = write_warc(tmp_path / name, 4).read_bytes()
    source = tmp_path / "cut" / name
    source.parent.mkdir()
    source.write_bytes(whole[: len(whole) // 2])
    stats = run([source], tmp_path / "out")
    assert stats.errors_by_kind == {"truncated": 1}
    error = stats.totals.errors[0]
    assert "cut short after <urn:uuid:" in error["reason"] and error["file"] == str(source)
    result = runner.invoke(app, ["clean", str(source), "--out", str(tmp_path / "out2")])
    assert result.exit_code == 1


# 6: a JSONL output whose name holds a newline


def test_a_jsonl_output_named_with_a_newline_holds_every_record(tmp_path):
    source = write_jsonl(tmp_path / "in" / "pages.jsonl", 3)
    out = tmp_path / "odd\nname.jsonl"
    stats = run([source], out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert stats.totals.pages == len(lines) > 3


# 7: file names that are not UTF-8, lone surrogates in records


def test_a_file_name_that_is_not_utf8_is_cleaned_and_named_in_valid_json(tmp_path):
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    odd = os.fsdecode(b"caf\xe9.html")
    (crawl / odd).write_text(html_page(2), encoding="utf-8")
    (crawl / "plain.html").write_text(html_page(3), encoding="utf-8")
    stats = run([crawl], tmp_path / "out", fmt="json")
    assert stats.totals.pages == 2 and not stats.totals.failed
    written = (tmp_path / "out" / os.fsdecode(b"caf\xe9.json")).read_bytes()
    assert json.loads(written.decode("utf-8"))["input"].endswith("caf\\xe9.html")
    lines = (run([crawl], tmp_path / "pages.jsonl"), (tmp_path / "pages.jsonl").read_bytes().decode("utf-8"))[1]
    assert len(lines.splitlines()) == 2
    assert run([crawl], tmp_path / "out", fmt="json").skipped == 2  # the manifest found it again


def test_a_lone_surrogate_in_a_record_gives_valid_utf8(tmp_path):
    source = tmp_path / "pages.jsonl"
    source.write_text(json.dumps({"id": "x\ud800", "text": PAGE.strip() + " \ud800 end.\n"}) + "\n", encoding="ascii")
    run([source], tmp_path / "out.jsonl")
    record = json.loads((tmp_path / "out.jsonl").read_bytes().decode("utf-8"))
    assert "\ud800" not in record["text"] and "\ufffd" in record["text"]
    result = runner.invoke(app, ["clean", str(source), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout_bytes.decode("utf-8"))


# 8: an empty html field beside a text field


def test_an_empty_html_field_falls_back_to_text(tmp_path):
    source = tmp_path / "pages.jsonl"
    source.write_text(json.dumps({"id": "a", "html": "", "text": PAGE}) + "\n", encoding="utf-8")
    run([source], tmp_path / "out")
    assert "bridge" in (tmp_path / "out" / "pages" / "a.txt").read_text(encoding="utf-8")


# 9: the project's own outputs and state are never read as input


def test_errors_file_beside_a_jsonl_output_in_the_input_folder_is_not_read_back(tmp_path):
    crawl = tmp_path / "crawl"
    write_jsonl(crawl / "pages.jsonl", 2, ['{"id": "broken"'])
    out = crawl / "clean.jsonl"
    counts = [run([crawl], out).errors_by_kind for _ in range(3)]
    assert (crawl / "clean.errors.jsonl").exists()
    assert counts == [{"bad-json": 1}] * 3


def test_the_output_of_an_earlier_run_is_not_read_as_input(tmp_path):
    crawl = write_folder(tmp_path / "crawl", 2)
    first = run([crawl], crawl / "out1")
    second = run([crawl], crawl / "out2")
    assert second.pages_read == first.pages_read


# 13: one run per output at a time


def test_a_second_run_on_a_busy_output_is_refused(tmp_path):
    crawl = write_folder(tmp_path / "crawl", 2)
    out = tmp_path / "out"
    run([crawl], out)
    with open(out / ".cleaner" / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        (out / ".cleaner" / "tmp" / "keep.part").write_text("a first run's file")
        result = runner.invoke(app, ["clean", str(crawl), "--out", str(out)])
        assert result.exit_code == 2 and "busy" in result.stderr
        assert (out / ".cleaner" / "tmp" / "keep.part").exists()
    assert run([crawl], out).skipped > 0  # free again once the first run ends


# 17: size limits while reading


def test_an_oversized_jsonl_line_is_refused_without_reading_it_whole(tmp_path, monkeypatch):
    from cleaner.io import jsonl

    source = tmp_path / "pages.jsonl.gz"
    huge = json.dumps({"id": "huge", "text": "word " * 400_000})
    source.write_bytes(gzip.compress((huge + "\n" + json.dumps({"id": "ok", "text": PAGE}) + "\n").encode()))
    monkeypatch.setattr(jsonl, "OTHER_FIELDS_BYTES", 0)
    monkeypatch.setattr(jsonl, "ESCAPE_FACTOR", 1)
    from cleaner.io.records import iter_records

    records = list(iter_records([source], max_bytes=100_000))
    assert [r.error_kind for r in records] == ["too-large", ""]
    assert records[1].id == "ok" and "Limits.max_bytes" in records[0].error


def test_an_oversized_page_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from cleaner.io import record

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / "big.html").write_bytes(b"<p>" + b"x" * (17 << 20))
    (crawl / "small.html").write_text(html_page(1), encoding="utf-8")
    read = []
    real = record.read_page
    monkeypatch.setattr("cleaner.io.record.read_page", lambda path: read.append(path.name) or real(path))
    stats = run([crawl], tmp_path / "out")
    assert stats.errors_by_kind == {"too-large": 1} and read == ["small.html"]


def test_clean_never_returns_a_lone_surrogate():
    from cleaner import clean

    result = clean(PAGE.strip() + " \udc80 and more.\n")
    result.text.encode("utf-8")
    assert "\ufffd" in result.text and any("surrogate" in w for w in result.warnings)


def test_an_oversized_warc_record_is_refused_from_its_content_length(tmp_path):
    pytest.importorskip("fastwarc")
    from cleaner.io.records import iter_records

    source = write_warc(tmp_path / "crawl.warc", 2)
    records = list(iter_records([source], max_bytes=500))
    assert {r.error_kind for r in records} == {"too-large"}
    assert all("Limits.max_bytes" in r.error for r in records)
