"""An interrupted batch (kill -9, Ctrl-C) leaves no half-written output and resumes to the same
result as an uninterrupted run. The batch runs in a subprocess, killed while it works."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_corpus import tree, write_folder, write_jsonl

CLEANER = [sys.executable, "-m", "cleaner.cli"]
PAGES = 200


def start(args, env=None):
    # A session of its own: the kill reaches the batch and its worker processes together.
    return subprocess.Popen([*CLEANER, "clean", *args, "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env={**os.environ, **(env or {})})


def wait_for(condition, process, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def finish(args):
    process = subprocess.run([*CLEANER, "clean", *args, "--no-progress"], capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    return process.stderr


def count_outputs(out: Path) -> int:
    return sum(1 for p in out.rglob("*.txt") if ".cleaner" not in p.parts)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_folder(tmp_path_factory.mktemp("corpus"), PAGES)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference") / "out"
    finish([str(corpus), "--out", str(out), "--workers", "2"])
    return tree(out)


def test_kill_9_mid_batch_leaves_only_whole_outputs_and_resumes(corpus, reference, tmp_path):
    out = tmp_path / "out"
    process = start([str(corpus), "--out", str(out), "--workers", "2"])
    started = wait_for(lambda: count_outputs(out) >= 40, process)
    assert started and process.poll() is None, "the batch ended before it could be killed: make the corpus bigger"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    partial = tree(out)
    assert 40 <= len(partial) < len(reference)
    for name, content in partial.items():  # every output present is complete and correct
        assert content == reference[name], name
    stderr = finish([str(corpus), "--out", str(out), "--workers", "2"])
    assert tree(out) == reference
    assert not any((out / ".cleaner" / "tmp").iterdir())  # the killed run's temporary files are swept
    skipped = int(stderr.split(" up to date")[0].rsplit(" ", 1)[-1].replace(",", ""))
    assert skipped > 0, stderr  # resumed: outputs recorded before the kill were not redone


def test_kill_9_during_jsonl_output_never_leaves_a_partial_file(tmp_path):
    source = write_jsonl(tmp_path / "crawl.jsonl", PAGES)
    whole = tmp_path / "whole.jsonl.gz"
    finish([str(source), "--out", str(whole), "--workers", "2"])
    out = tmp_path / "clean.jsonl.gz"
    segments = tmp_path / ".clean.jsonl.gz.cleaner" / "segments"
    process = start([str(source), "--out", str(out), "--workers", "2"])
    assert wait_for(lambda: segments.is_dir() and any(segments.iterdir()), process) and process.poll() is None
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert not out.exists()
    finish([str(source), "--out", str(out), "--workers", "2"])
    assert out.read_bytes() == whole.read_bytes()


def test_ctrl_c_stops_cleanly_with_exit_130_and_resumes(corpus, reference, tmp_path):
    out = tmp_path / "out"
    process = start([str(corpus), "--out", str(out), "--workers", "2"])
    assert wait_for(lambda: count_outputs(out) >= 20, process) and process.poll() is None
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr
    for name, content in tree(out).items():
        assert content == reference[name], name
    finish([str(corpus), "--out", str(out), "--workers", "2"])
    assert tree(out) == reference


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)")
def test_workers_leave_when_the_batch_alone_is_killed(corpus, tmp_path):
    out = tmp_path / "out"
    process = start([str(corpus), "--out", str(out), "--workers", "2"])
    assert wait_for(lambda: count_outputs(out) >= 10, process) and process.poll() is None
    workers = children(process.pid)
    assert workers
    process.kill()  # the batch process only, not its process group
    process.wait(timeout=30)
    deadline = time.monotonic() + 20
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(workers), "worker processes outlived the killed batch"
