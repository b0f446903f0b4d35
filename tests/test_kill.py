"""Nothing lost: a `cleaner clean DIR --out OUT` run killed with SIGKILL at several moments leaves
only complete outputs, the re-run finishes the rest, inputs are never modified; output names from
hostile ids stay inside the output folder; symlinks do not lead out of the input tree.

Written against the command line as a subprocess, so it holds whatever batch engine is behind it.
"""
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from project_paths import ROOT

from cleaner.io import naming

SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
CLI = [sys.executable, "-m", "cleaner.cli", "clean"]
STATE_DIR = ".cleaner"  # the batch engine's own bookkeeping (manifest, temporary files)


def make_inputs(folder: Path, copies: int) -> None:
    for i in range(copies):
        for seed in SEEDS:
            sub = folder / f"part{i % 4}"
            sub.mkdir(parents=True, exist_ok=True)
            data = seed.read_bytes()
            marker = f"\n\nCopy number {i} of this page was filed from the {seed.stem} desk on a quiet day.\n"
            (sub / f"{seed.stem}_{i}{seed.suffix}").write_bytes(data + marker.encode())


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*") if p.is_file() and STATE_DIR not in p.relative_to(folder).parts
    }


def leftovers(folder: Path, inside_state: bool = False) -> list[str]:
    found = []
    for p in folder.rglob("*"):
        in_state = STATE_DIR in p.relative_to(folder).parts
        if p.is_file() and (p.name.endswith(".part") or p.name.startswith(".")) and in_state == inside_state:
            found.append(str(p.relative_to(folder)))
    return found


def run_cli(args: list[str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("kill") / "in"
    make_inputs(inputs, copies=8)
    reference = inputs.parent / "reference"
    started = time.monotonic()
    done = run_cli([str(inputs), "--out", str(reference)])
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    expected = outputs(reference)
    assert len(expected) == len(list(inputs.rglob("*.*")))
    return inputs, expected, duration


# Moments of the kill, as shares of an uninterrupted run: during start-up, early, midway, near the end.
@pytest.mark.parametrize("moment", [0.1, 0.45, 0.7, 0.9])
def test_sigkill_leaves_only_complete_outputs_and_the_rerun_finishes(corpus, tmp_path, moment):
    inputs, expected, duration = corpus
    delay = moment * duration
    before = tree_digest(inputs)
    out = tmp_path / "out"
    process = subprocess.Popen(
        CLI + [str(inputs), "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    time.sleep(delay)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the whole group: workers die too
    except ProcessLookupError:
        pass
    process.wait(timeout=60)

    written = outputs(out) if out.exists() else {}
    for name, data in written.items():
        assert name in expected, f"unexpected output {name}"
        assert data == expected[name], f"{name} is not the complete output after kill -9 at {delay} s"
    assert leftovers(out) == [] if out.exists() else True, "temporary files outside the engine's state folder"
    print(f"killed at {delay:.1f} s of {duration:.1f} s: {len(written)}/{len(expected)} outputs complete, none partial")

    rerun = run_cli([str(inputs), "--out", str(out)])
    assert rerun.returncode == 0, rerun.stderr
    assert outputs(out) == expected
    assert leftovers(out) == []
    assert tree_digest(inputs) == before, "an input was modified"


def test_inputs_are_never_modified(corpus, tmp_path):
    inputs, _, _ = corpus
    before = tree_digest(inputs)
    stats = {p: p.stat().st_mtime_ns for p in inputs.rglob("*") if p.is_file()}
    for fmt in ("txt", "json"):
        assert run_cli([str(inputs), "--out", str(tmp_path / fmt), "--format", fmt]).returncode == 0
    assert run_cli([str(inputs), "--out", str(tmp_path / "all.jsonl"), "--format", "jsonl"]).returncode == 0
    assert tree_digest(inputs) == before
    assert {p: p.stat().st_mtime_ns for p in stats} == stats


# --- output names from untrusted ids -------------------------------------------------------------

HOSTILE_IDS = [
    "../../etc/passwd", "/etc/passwd", "..", ".", "", "a/../../b", "a\x00b", "x" * 1000, "é" * 300,
    "https://example.org/../../x?y=../z", "C:\\Windows\\system32", "\\\\server\\share", "con", "nul.txt",
    ".hidden", "a/b/c", "\n\r\t", "💥" * 100,
]


@pytest.mark.parametrize("raw", HOSTILE_IDS)
def test_names_from_hostile_ids_stay_inside_the_output_folder(tmp_path, raw):
    name = naming.safe_name(raw)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name and name not in (".", "..")
    assert len(name.encode("utf-8")) <= 200
    path = naming.safe_join(tmp_path, name + ".txt")
    assert path.resolve().is_relative_to(tmp_path.resolve())
    path.write_text("ok", encoding="utf-8")  # the file system accepts it


@pytest.mark.parametrize("relative", ["../x.txt", "/abs.txt", "a/../../x.txt", "a\x00.txt"])
def test_joining_an_escaping_relative_path_is_refused(tmp_path, relative):
    with pytest.raises(naming.UnsafePathError):
        naming.safe_join(tmp_path, relative)


def test_a_jsonl_record_id_cannot_write_outside_the_output(tmp_path):
    import json

    inputs = tmp_path / "records.jsonl"
    records = [{"id": rid, "html": f"<p>Record {i} says the council met on Tuesday to discuss the new budget.</p>"}
               for i, rid in enumerate(["../../escaped", "/tmp/escaped-abs", "ok"])]
    inputs.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "deep" / "out"
    run = run_cli([str(inputs), "--out", str(out)])
    assert run.returncode in (0, 1), run.stderr
    escaped = [p for p in tmp_path.rglob("*escaped*") if not p.resolve().is_relative_to(out.resolve())]
    assert escaped == []
    assert not Path("/tmp/escaped-abs.txt").exists()


# --- symlinks in the inputs ----------------------------------------------------------------------

def test_symlinks_out_of_the_input_tree_are_not_followed_unless_asked(tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("The TOPSECRET4711 payroll figures for the whole company were leaked on Monday morning.\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "page.txt").write_text("The council met on Tuesday to discuss the new budget for the schools.\n")
    (inputs / "link.txt").symlink_to(secret)
    (inputs / "linkdir").symlink_to(secret.parent, target_is_directory=True)
    (inputs / "inside.txt").symlink_to(inputs / "page.txt")
    out = tmp_path / "out"
    run_cli([str(inputs), "--out", str(out)])
    written = {p.name: p.read_text() for p in out.rglob("*.txt")}
    assert "TOPSECRET4711" not in "".join(written.values())
    assert {"page.txt", "inside.txt"} <= set(written)  # a link within the tree is followed
    followed = tmp_path / "followed"
    run_cli([str(inputs), "--out", str(followed), "--follow-symlinks"])
    assert "TOPSECRET4711" in "".join(p.read_text() for p in followed.rglob("*.txt"))


def test_a_symlink_loop_in_the_inputs_does_not_hang(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "a").mkdir(parents=True)
    (inputs / "a" / "page.txt").write_text("The council met on Tuesday to discuss the new budget for the schools.\n")
    (inputs / "a" / "loop").symlink_to(inputs, target_is_directory=True)
    run = run_cli([str(inputs), "--out", str(tmp_path / "out")], timeout=120)
    assert run.returncode in (0, 1), run.stderr
    assert (tmp_path / "out" / "a" / "page.txt").exists()
