"""The batch engine and `cleaner clean --out`: parallel runs, formats, resuming, errors, stats."""
import gzip
import json
import os
from pathlib import Path

import pytest
from batch_corpus import seed_texts, tree, write_folder, write_jsonl, write_warc
from typer.testing import CliRunner

from cleaner import Cleaner, Result
from cleaner.batch import Batch, BatchError, BatchOptions, CleanerSpec
from cleaner.batch import worker as batch_worker
from cleaner.batch_report import progress_wanted, summary
from cleaner.cli import app

runner = CliRunner()


def run(inputs, out, **kwargs):
    return Batch(BatchOptions(inputs=tuple(str(i) for i in inputs), out=out, **kwargs)).run()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_folder(tmp_path_factory.mktemp("corpus"), 24)


def test_tree_output_matches_the_library_page_by_page(corpus, tmp_path):
    stats = run([corpus], tmp_path / "out", workers=2)
    outputs = tree(tmp_path / "out")
    cleaner = Cleaner()
    pages = sorted(p for p in corpus.rglob("*") if p.is_file())
    assert len(outputs) == len(pages) == stats.totals.pages
    for page in pages:
        rel = page.relative_to(corpus).with_suffix(".txt").as_posix()
        assert outputs[rel] == cleaner.clean(page.read_bytes()).text.encode("utf-8")


def test_one_two_workers_and_cli_give_identical_trees(corpus, tmp_path):
    run([corpus], tmp_path / "one", workers=1, fmt="json")
    run([corpus], tmp_path / "two", workers=2, fmt="json")
    result = runner.invoke(app, ["clean", str(corpus), "--out", str(tmp_path / "cli"), "--format", "json", "-w", "2"])
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "one") == tree(tmp_path / "two") == tree(tmp_path / "cli")
    record = json.loads(tree(tmp_path / "one")["a/page-0001.json"])
    assert record["title"] == "The orchard story number 1" and record["input"].endswith("page-0001.html")


def test_jsonl_in_jsonl_gz_out_keeps_ids_and_order_and_is_reproducible(tmp_path):
    source = write_jsonl(tmp_path / "crawl.jsonl.gz", 30)
    out = tmp_path / "clean.jsonl.gz"
    run([source], out, workers=2)
    lines = gzip.decompress(out.read_bytes()).decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records[:30]] == [f"rec-{i}" for i in range(30)]
    assert records[3]["url"] == "https://courier.example/news/3"
    assert records[3]["text"].startswith("The library story number 3\n\n")
    first = out.read_bytes()
    out.unlink()
    (tmp_path / ".clean.jsonl.gz.cleaner").rename(tmp_path / "old-state")  # from scratch
    run([source], out, workers=1)
    assert out.read_bytes() == first


def test_warc_input_to_tree(tmp_path):
    pytest.importorskip("fastwarc", reason="WARC input needs the 'warc' extra (fastwarc)")
    source = write_warc(tmp_path / "crawl.warc.gz", 5)
    stats = run([source], tmp_path / "out", workers=1)
    outputs = tree(tmp_path / "out")
    assert sorted(outputs) == [f"crawl/courier.example_warc_{i}.txt" for i in range(5)]
    assert stats.totals.pages == 5 and stats.totals.failed == 0


def test_rerun_skips_up_to_date_pages_and_redoes_changed_ones(corpus, tmp_path):
    copy = write_folder(tmp_path / "corpus", 6)
    out = tmp_path / "out"
    first = run([copy], out, workers=1)
    again = run([copy], out, workers=1)
    assert again.skipped == first.totals.pages and again.totals.pages == 0
    page = copy / "a" / "page-0001.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Residents", "Neighbours"), encoding="utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    changed = run([copy], out, workers=1)
    assert changed.totals.pages == 1 and changed.skipped == first.totals.pages - 1
    assert "Neighbours gathered" in (out / "a" / "page-0001.txt").read_text(encoding="utf-8")
    (out / "b" / "page-0000.txt").unlink()  # a deleted output is made again
    assert run([copy], out, workers=1).totals.pages == 1
    (out / "b" / "page-0002.txt").write_bytes(b"")  # so is one cut short (a power cut without fsync)
    assert run([copy], out, workers=1).totals.pages == 1
    assert (out / "b" / "page-0002.txt").read_bytes()
    other_rules = run([copy], out, workers=1, cleaner=CleanerSpec(disable=("social.follow-us",)))
    assert other_rules.totals.pages == first.totals.pages and other_rules.skipped == 0


def test_jsonl_output_rerun_skips_and_rebuilds_the_same_file(tmp_path):
    source = write_jsonl(tmp_path / "crawl.jsonl", 10)
    out = tmp_path / "clean.jsonl"
    first = run([source], out, workers=1)
    content = out.read_bytes()
    again = run([source], out, workers=1)
    assert again.totals.pages == 0 and again.skipped == first.totals.pages
    assert out.read_bytes() == content


def test_bad_pages_are_listed_and_do_not_stop_the_batch(tmp_path):
    source = write_jsonl(tmp_path / "crawl.jsonl", 4, extra_lines=["{broken", json.dumps({"id": "x", "body": "?"})])
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(source), str(tmp_path / "missing.html"), "--out", str(out), "-w", "1",
                                 "--stats", str(tmp_path / "stats.json")])
    assert result.exit_code == 1
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    broken = 4 + len(seed_texts()) + 1
    assert {(Path(e["file"]).name, e["record"], e["kind"]) for e in errors} == {
        ("crawl.jsonl", f"line {broken}", "bad-json"), ("crawl.jsonl", f"line {broken + 1}", "missing-field"),
        ("missing.html", "", "missing-input")}
    assert "bad-json 1" in result.stderr and "missing-field 1" in result.stderr
    stats = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    assert stats["pages_failed"] == 3 and stats["errors_by_kind"] == {"bad-json": 1, "missing-field": 1, "missing-input": 1}
    assert stats["pages_in"] == len(list((out / "crawl").iterdir()))
    assert stats["top_rules"] and 0 < stats["share_removed"] < 1
    # once the bad inputs are gone, errors.jsonl goes too
    clean_source = write_jsonl(tmp_path / "crawl.jsonl", 4)
    assert runner.invoke(app, ["clean", str(clean_source), "--out", str(out), "-w", "1"]).exit_code == 0
    assert not (out / "errors.jsonl").exists()


def test_a_page_that_crashes_the_cleaner_is_one_error(tmp_path, monkeypatch):
    real = Cleaner()

    class Fragile:
        def clean(self, data, url=None, kind=None):
            if "story number 3" in str(data):
                raise RuntimeError("boom")
            return real.clean(data, url=url, kind=kind)

    monkeypatch.setattr(batch_worker, "worker_cleaner", lambda spec: Fragile())
    source = write_jsonl(tmp_path / "crawl.jsonl", 6)
    stats = run([source], tmp_path / "out", workers=1)
    assert stats.totals.failed == 1 and stats.errors_by_kind == {"clean-failed": 1}
    assert stats.totals.errors[0]["record"] == "line 4" and "boom" in stats.totals.errors[0]["reason"]
    assert len(list((tmp_path / "out" / "crawl").iterdir())) == stats.totals.pages


def test_pages_flagged_by_the_guard_are_counted(tmp_path, monkeypatch):
    class Flagging:
        def clean(self, data, url=None, kind=None):
            flags = {"over_cleaned": True} if "2" in str(data) else {}
            return Result("kept\n", {}, (), "text", (), flags)

    monkeypatch.setattr(batch_worker, "worker_cleaner", lambda spec: Flagging())
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": i, "text": f"page {i}"}) for i in range(4)) + "\n", encoding="utf-8")
    stats = run([source], tmp_path / "out", workers=1)
    assert stats.as_dict()["flagged"] == {"over_cleaned": 1}
    assert stats.totals.flagged == [{"file": str(source), "record": "line 3", "flags": ["over_cleaned"]}]
    assert "flagged pages (over-cleaning guard, limits): over_cleaned 1" in summary(stats)


def test_cannot_start_is_exit_2(tmp_path):
    page = write_folder(tmp_path / "in", 1)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert runner.invoke(app, ["clean", str(page), "--out", str(blocker)]).exit_code == 2
    result = runner.invoke(app, ["clean", str(page), "--out", str(tmp_path / "o"), "--rules", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "nope" in result.stderr
    with pytest.raises(BatchError):
        run([page], tmp_path / "o", fmt="xml")


def test_output_inside_the_input_folder_is_not_read_back(tmp_path):
    corpus = write_folder(tmp_path / "crawl", 3)
    out = corpus / "clean"
    first = run([corpus], out, workers=1)
    second = run([corpus], out, workers=1)
    assert second.pages_read == first.pages_read


def test_progress_is_off_in_ci_and_when_not_a_terminal(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted()
    monkeypatch.delenv("CI")
    with open(tmp_path / "log", "w") as not_a_tty:
        assert not progress_wanted(not_a_tty)


def test_progress_bar_draws_pages_and_errors_on_a_terminal(tmp_path):
    import io

    from cleaner.batch_report import BarProgress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    bar = BarProgress(screen)
    bar._progress.console.force_terminal = False  # plain text, final frame only
    source = write_jsonl(tmp_path / "crawl.jsonl", 3, extra_lines=["{bad"])
    stats = Batch(BatchOptions(inputs=(str(source),), out=tmp_path / "o", workers=1), progress=bar).run()
    assert stats.totals.pages == 3 + len(seed_texts())
    assert "pages" in screen.getvalue() and "errors" in screen.getvalue()


@pytest.mark.parametrize("out_name", ["out", "clean.jsonl"])
def test_a_page_that_kills_its_worker_fails_alone(tmp_path, out_name):
    from batch_corpus import CRASH_MARKER, CrashingSpec

    source = tmp_path / "crawl.jsonl"
    lines = [json.dumps({"id": f"p{i}", "text": f"Page {i}: the council approved the new budget for the harbour on Tuesday.\n"}) for i in range(40)]
    lines[17] = json.dumps({"id": "p17", "text": f"{CRASH_MARKER} in this page\n"})
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / out_name
    stats = run([source], out, workers=2, cleaner=CrashingSpec())
    assert stats.errors_by_kind == {"worker-crashed": 1 if out_name == "out" else stats.totals.failed}
    if out_name == "out":  # page by page: only the killer fails
        assert stats.totals.errors[0]["record"] == "line 18"
        assert stats.totals.pages == 39 and len(list((out / "crawl").iterdir())) == 39
    else:  # a JSONL segment is rerun whole: its pages fail together, the other segments are written
        assert 1 <= stats.totals.failed <= 40
        assert len(out.read_text(encoding="utf-8").splitlines()) == 40 - stats.totals.failed
