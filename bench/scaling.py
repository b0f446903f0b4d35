"""Batch engine benchmarks: scaling with workers, pool overhead, memory against corpus size, and the
library's per-call overhead. Run by hand; inputs are built in a temporary folder at run time.

    python bench/scaling.py scaling  [--copies 2] [--rounds 2]   pages/s with 1 and 2 workers
    python bench/scaling.py overhead [--pages 4000]              process pool cost per page
    python bench/scaling.py memory   [--sizes 100 1000]          peak RSS for JSONL inputs of N MB
    python bench/scaling.py call     [--calls 20000]             clean() on a tiny text page
    python bench/scaling.py all

Pages are the HTML of ../shared/bench/scrapinghub, read at run time (without it, synthetic pages);
for memory each gets an inline script blob (--pad-kb) so that a 1 GB corpus is cleaned in minutes. Runs of different settings alternate, so load
from other processes on a shared machine falls on all of them alike; compare ratios within a run.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner.batch import Batch, BatchOptions, InlineRunner, PoolRunner  # noqa: E402

SHARED_BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


def shared_pages(dataset: str) -> list[str]:
    folder = SHARED_BENCH / dataset / "html"
    if not folder.is_dir():
        from tests.batch_corpus import html_page

        print(f"({folder} absent: synthetic pages)", file=sys.stderr)
        return [html_page(i) for i in range(200)]
    return [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in sorted(folder.glob("*.html.gz"))]


def write_jsonl(path: Path, pages: list[str], target_bytes: int | None = None, copies: int = 1) -> int:
    """Pages as JSON Lines, repeated (with distinct ids) `copies` times or up to target_bytes."""
    written = count = 0
    with open(path, "w", encoding="utf-8") as out:
        round_ = 0
        while (target_bytes is not None and written < target_bytes) or (target_bytes is None and round_ < copies):
            for i, page in enumerate(pages):
                line = json.dumps({"id": f"{round_}-{i}", "url": f"https://bench.example/{round_}/{i}", "html": page}) + "\n"
                written += len(line.encode("utf-8"))
                count += 1
                out.write(line)
                if target_bytes is not None and written >= target_bytes:
                    break
            round_ += 1
    return count


def timed_batch(source: Path, out: Path, runner, workers: int) -> tuple[float, int]:
    started = time.perf_counter()
    stats = Batch(BatchOptions(inputs=(str(source),), out=out, workers=workers), runner=runner).run()
    assert stats.totals.failed == 0, stats.totals.errors
    return time.perf_counter() - started, stats.totals.pages


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its reaped children (pool workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def scaling(args) -> None:
    """Wall-clock pages/s with 1 and 2 workers, and the CPU split between the batch process (the
    serial part: reading, planning, bookkeeping) and the workers: on a busy machine wall-clock
    figures depend on the neighbours, while the CPU split gives the speed-up an idle machine allows
    (Amdahl: 1 / (serial + parallel / workers))."""
    with tempfile.TemporaryDirectory(prefix="cleaner-scaling-") as tmp:
        source = Path(tmp) / "pages.jsonl"
        pages = write_jsonl(source, shared_pages("scrapinghub"), copies=args.copies)
        best: dict[int, float] = {}
        for round_ in range(args.rounds):
            for workers in (1, 2):
                main_before, workers_before = cpu_seconds()
                seconds, done = timed_batch(source, Path(tmp) / f"out-{workers}-{round_}", PoolRunner(workers), workers)
                main_after, workers_after = cpu_seconds()
                main_cpu, worker_cpu = (main_after - main_before) / done, (workers_after - workers_before) / done
                rate = done / seconds
                best[workers] = max(best.get(workers, 0.0), rate)
                bound = (main_cpu + worker_cpu) / (main_cpu + worker_cpu / 2)
                print(f"round {round_ + 1}: {workers} worker(s): {done} pages in {seconds:.1f} s = {rate:.1f} pages/s; "
                      f"CPU per page: batch process {main_cpu * 1e3:.1f} ms, workers {worker_cpu * 1e3:.1f} ms "
                      f"(speed-up bound on 2 idle cores {bound:.2f}x)")
        print(f"best: 1 worker {best[1]:.1f} pages/s, 2 workers {best[2]:.1f} pages/s, speed-up {best[2] / best[1]:.2f}x "
              f"({pages} pages, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")


def overhead(args) -> None:
    """Tiny text pages, in this process versus one pool worker. Wall clock favours the pool (the
    batch process plans and records while the worker cleans), so the cost is measured in CPU:
    batch process + worker CPU per page with the pool, minus CPU per page in-process."""
    with tempfile.TemporaryDirectory(prefix="cleaner-overhead-") as tmp:
        source = Path(tmp) / "tiny.jsonl"
        with open(source, "w", encoding="utf-8") as out:
            for i in range(args.pages):
                out.write(json.dumps({"id": i, "text": f"Page {i}: the council met on Tuesday and approved the budget.\n"}) + "\n")
        cpu: dict[str, float] = {}
        wall: dict[str, float] = {}
        for round_ in range(2):
            for name, runner in (("in-process", InlineRunner()), ("pool(1)", PoolRunner(1))):
                before = sum(cpu_seconds())
                seconds, done = timed_batch(source, Path(tmp) / f"{name}-{round_}", runner, 1)
                cpu[name] = min(cpu.get(name, float("inf")), (sum(cpu_seconds()) - before) / done)
                wall[name] = min(wall.get(name, float("inf")), seconds / done)
        one = Path(tmp) / "one.jsonl"
        one.write_text(source.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")
        fixed = {}
        for name, runner in (("in-process", InlineRunner()), ("pool(1)", PoolRunner(1))):
            before = sum(cpu_seconds())
            timed_batch(one, Path(tmp) / f"one-page-{name}", runner, 1)
            fixed[name] = sum(cpu_seconds()) - before
        start = fixed["pool(1)"] - fixed["in-process"]  # starting a worker (imports, building the Cleaner)
        for name in cpu:
            print(f"{name}: {wall[name] * 1e6:.0f} µs wall, {cpu[name] * 1e6:.0f} µs CPU per tiny page (clean + write + bookkeeping)")
        per_page = cpu["pool(1)"] - cpu["in-process"] - start / args.pages
        print(f"pool: {start:.2f} s CPU to start a worker once; then {per_page * 1e6:.0f} µs CPU per page "
              f"(pickling records and counters, the trip to the worker)")


def process_tree_rss(root: int) -> tuple[int, int]:
    """(RSS of root, RSS of root and all its descendants) in bytes, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return rss.get(root, 0), sum(rss.get(pid, 0) for pid in tree)


def padded(page: str, kilobytes: int) -> str:
    """The page with an inline script state blob of about `kilobytes` in its head, as many real
    pages carry: megabyte pages make a 1 GB corpus quick enough to clean on a loaded machine."""
    blob = "0123456789abcdefghij" * (kilobytes * 50)
    script = f'<script>window.__STATE__ = "{blob}";</script>'
    return page.replace("</head>", script + "</head>", 1) if "</head>" in page else script + page


def memory(args) -> None:
    pages = [padded(page, args.pad_kb) for page in shared_pages("scrapinghub")]
    with tempfile.TemporaryDirectory(prefix="cleaner-memory-") as tmp:
        for size_mb in args.sizes:
            source = Path(tmp) / f"input-{size_mb}mb.jsonl"
            count = write_jsonl(source, pages, target_bytes=size_mb * 1_000_000)
            out = Path(tmp) / f"out-{size_mb}mb.jsonl"
            command = [sys.executable, "-m", "cleaner.cli", "clean", str(source), "--out", str(out), "--workers", "2", "--no-progress"]
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            peak_main = peak_total = 0
            while process.poll() is None:
                main, total = process_tree_rss(process.pid)
                peak_main, peak_total = max(peak_main, main), max(peak_total, total)
                time.sleep(0.1)
            seconds = time.perf_counter() - started
            if process.returncode != 0:
                print(process.stderr.read().decode(), file=sys.stderr)
            print(f"{size_mb} MB JSONL ({count} pages) in {seconds:.0f} s: peak RSS main process {peak_main / 1e6:.0f} MB, "
                  f"main + workers {peak_total / 1e6:.0f} MB (exit {process.returncode})")
            source.unlink()
            out.unlink(missing_ok=True)


def call(args) -> None:
    from cleaner import Cleaner, clean

    cleaner = Cleaner()
    page = "The council approved the budget on Tuesday.\n"
    cleaner.clean(page, kind="text")
    for label, fn in (
        ("Cleaner.clean(tiny text, kind='text')", lambda: cleaner.clean(page, kind="text")),
        ("Cleaner.clean(tiny text), kind detected", lambda: cleaner.clean(page)),
        ("cleaner.clean(tiny text) (shared default Cleaner)", lambda: clean(page)),
    ):
        best = min(timeit.repeat(fn, number=args.calls, repeat=3))
        started = time.process_time()  # CPU time: what the call costs, whatever the neighbours do
        for _ in range(args.calls):
            fn()
        cpu = (time.process_time() - started) / args.calls
        print(f"{label}: {best / args.calls * 1e6:.1f} µs wall, {cpu * 1e6:.1f} µs CPU per call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["scaling", "overhead", "memory", "call", "all"])
    parser.add_argument("--copies", type=int, default=2, help="scaling: copies of the page set")
    parser.add_argument("--rounds", type=int, default=2, help="scaling: alternating rounds (best of)")
    parser.add_argument("--pages", type=int, default=4000, help="overhead: tiny pages")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="memory: input sizes in MB")
    parser.add_argument("--pad-kb", type=int, default=1000, help="memory: inline script added to each page, in kB")
    parser.add_argument("--calls", type=int, default=5000, help="call: calls per timing")
    args = parser.parse_args()
    for name, run in (("call", call), ("overhead", overhead), ("scaling", scaling), ("memory", memory)):
        if args.what in (name, "all"):
            print(f"== {name}")
            run(args)


if __name__ == "__main__":
    main()
