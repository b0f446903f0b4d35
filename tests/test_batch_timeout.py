"""The per-page time limit in a batch (--time-limit): a page over it is stopped (in Python code by
the worker's alarm; stuck in C code by ending its worker, which is replaced), reported as
"timed-out" with its file and record, the other pages are written, and a re-run retries it."""
import json
import signal
import time

import pytest
from batch_corpus import SLOW_MARKER, SLOW_SECONDS, STUCK_MARKER, SlowSpec
from typer.testing import CliRunner

from cleaner import Result
from cleaner import batch as batch_module
from cleaner.batch import Batch, BatchOptions, CleanerSpec
from cleaner.batch import worker as batch_worker
from cleaner.cli import app
from cleaner.page_timer import PageTimeout, page_alarm

runner = CliRunner()
PAGES = 20
SLOW, STUCK = 5, 12  # record indexes: lines 6 and 13


def write_crawl(path, stuck=True):
    lines = [json.dumps({"id": f"p{i}", "text": f"Page {i}: the council approved the new budget for the harbour on Tuesday.\n"})
             for i in range(PAGES)]
    lines[SLOW] = json.dumps({"id": f"p{SLOW}", "text": f"{SLOW_MARKER}: the council met again.\n"})
    if stuck:
        lines[STUCK] = json.dumps({"id": f"p{STUCK}", "text": f"{STUCK_MARKER}: the council met once more.\n"})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed_out_records(errors):
    assert {error["kind"] for error in errors} == {"timed-out"}, errors
    return sorted(error["record"] for error in errors)


@pytest.mark.parametrize("out_name", ["out", "clean.jsonl"])
def test_pages_over_the_time_limit_are_timed_out_and_the_rest_is_written(tmp_path, monkeypatch, out_name):
    source = write_crawl(tmp_path / "crawl.jsonl")
    out = tmp_path / out_name
    monkeypatch.setattr(batch_module, "CleanerSpec", SlowSpec)
    started = time.monotonic()
    result = runner.invoke(app, ["clean", str(source), "--out", str(out), "-w", "2", "--time-limit", "1"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert elapsed < SLOW_SECONDS / 2, f"{elapsed:.1f} s: the slow pages were not stopped"
    errors_file = out / "errors.jsonl" if out_name == "out" else tmp_path / "clean.errors.jsonl"
    errors = [json.loads(line) for line in errors_file.read_text(encoding="utf-8").splitlines()]
    assert timed_out_records(errors) == ["line 13", "line 6"]
    assert all(error["file"] == str(source) for error in errors)
    assert "page time limit of 1 s" in result.stderr and "timed-out 2" in result.stderr
    stuck = next(error for error in errors if error["record"] == "line 13")
    assert "worker was ended" in stuck["reason"]  # stuck past the alarm: its worker was replaced
    if out_name == "out":
        written = sorted(p.name for p in (out / "crawl").iterdir())
        assert len(written) == PAGES - 2 and f"p{SLOW}.txt" not in written and f"p{STUCK}.txt" not in written
    else:
        ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
        assert ids == [f"p{i}" for i in range(PAGES) if i not in (SLOW, STUCK)]

    # A re-run retries the timed-out pages only; with them now quick, all is written.
    monkeypatch.setattr(batch_module, "CleanerSpec", CleanerSpec)
    write_crawl(source, stuck=False)
    source.write_text(source.read_text(encoding="utf-8").replace(SLOW_MARKER, "Quick page"), encoding="utf-8")
    stats = Batch(BatchOptions(inputs=(str(source),), out=out, workers=2, cleaner=CleanerSpec(time_limit=1))).run()
    assert stats.totals.failed == 0
    if out_name == "out":
        assert stats.skipped == PAGES - 2 and stats.totals.pages == 2
        assert len(list((out / "crawl").iterdir())) == PAGES
        assert not (out / "errors.jsonl").exists()
    else:
        assert len(out.read_text(encoding="utf-8").splitlines()) == PAGES


def test_in_process_runs_stop_a_slow_page_too(tmp_path):
    source = write_crawl(tmp_path / "crawl.jsonl", stuck=False)
    started = time.monotonic()
    stats = Batch(BatchOptions(inputs=(str(source),), out=tmp_path / "out", workers=1, cleaner=SlowSpec(time_limit=0.5))).run()
    assert time.monotonic() - started < SLOW_SECONDS / 4
    assert timed_out_records(stats.totals.errors) == ["line 6"]
    assert stats.totals.pages == PAGES - 1
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL  # the handler is put back


def test_a_page_the_library_stopped_between_stages_is_timed_out(tmp_path, monkeypatch):
    class OverTime:
        def clean(self, data, url=None, kind=None):
            limit = {"name": "time_limit", "limit": 1, "measured": 2}
            return Result("", {}, (), "text", (), {"limit": limit} if "Page 3:" in str(data) else {})

    monkeypatch.setattr(batch_worker, "worker_cleaner", lambda spec: OverTime())
    source = write_crawl(tmp_path / "crawl.jsonl", stuck=False)
    stats = Batch(BatchOptions(inputs=(str(source),), out=tmp_path / "out", workers=1)).run()
    assert timed_out_records(stats.totals.errors) == ["line 4"]
    assert not (tmp_path / "out" / "crawl" / "line-4.txt").exists()


def test_no_time_limit_lets_a_slow_page_finish(tmp_path, monkeypatch):
    monkeypatch.setattr("batch_corpus.SLOW_SECONDS", 1.5)
    source = write_crawl(tmp_path / "crawl.jsonl", stuck=False)
    stats = Batch(BatchOptions(inputs=(str(source),), out=tmp_path / "out", workers=1, cleaner=SlowSpec(time_limit=None))).run()
    assert stats.totals.failed == 0 and stats.totals.pages == PAGES


def test_the_alarm_puts_back_the_callers_handler_and_timer():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.6)
        with pytest.raises(PageTimeout), page_alarm(0.05):
            time.sleep(1)
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] < 0.6  # the caller's timer still runs
        time.sleep(0.8)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_needs_out(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Some text of a page.\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(page), "--time-limit", "5"])
    assert result.exit_code == 2 and "--time-limit" in result.stderr


def test_the_page_clock_names_the_page_past_its_deadline_and_has_a_slot_per_worker():
    import multiprocessing
    import os

    from cleaner.page_timer import PageClock

    clock = PageClock(multiprocessing.get_context("spawn"), 1)
    assert clock.attach() and not clock.attach()  # one slot per worker of the pool
    clock.slot = 0
    clock.start(7, 3)
    time.sleep(0.05)
    assert clock.overdue(0.01) == [(os.getpid(), 7, 3)] and clock.overdue(10) == []
    clock.stop()
    assert clock.overdue(0) == []
