#!/usr/bin/env python3
"""Speed of the text path, one core: MB/s per stage and whole, next to a plain line filter.

    python bench/text_speed.py [--data ../shared/bench/scrapinghub] [--wcxb ../shared/bench/wcxb-dev]
                               [--limit N] [--profile default] [--repeat 3] [--no-stages]

Corpora: <data>/flat/*.txt (whole pages flattened by a scraper), WCXB flattened with html_text
(bench/flat.py's flatten_wcxb, cached outside the repository in --cache), and the seeds' text
pages. For each it prints the plain line filter's MB/s (split, keep lines of >= 10 words ending a
sentence, join: bench/flat.py's words10, run in this process on the same texts in memory), the
whole text path's MB/s (Cleaner.clean(text, kind="text")), their ratio and pages/s; then MB/s
per stage (each stage timed alone over the corpus) so the bottleneck is named. Best of --repeat,
each run with the per-line caches emptied first (a crawl sees each page once).
Finally the per-call cost of clean() on a tiny text page. Times are CPU seconds of this process
(time.process_time), so other jobs on a shared machine weigh less on the figures.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.flat import flatten_wcxb, read, words10  # noqa: E402
from cleaner import Cleaner  # noqa: E402
from cleaner.document import Document  # noqa: E402

try:  # per-line caches: every timed run starts cold, as a crawl sees new pages
    from cleaner.rulebook.match import forget_lines  # noqa: E402
except ImportError:  # a version without them
    def forget_lines() -> None:
        pass

TINY_PAGE = "A short line.\nThe council approved the budget on Monday after a long debate about the new bridge.\n"


def best_of(repeat: int, run) -> float:
    """The fastest of `repeat` runs of `run()`, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        forget_lines()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def stage_times(cleaner: Cleaner, texts: list[str]) -> dict[str, float]:
    """Seconds spent in each stage over all texts (one pass), as the library runs them."""
    spent = {stage.name: 0.0 for stage in cleaner._pipeline.stages}
    for text in texts:
        doc = Document(raw=text, kind="text")
        for stage in cleaner._pipeline.stages:
            start = time.process_time()
            doc = stage.run(doc)
            spent[stage.name] += time.process_time() - start
    return spent


def corpora(args) -> dict[str, list[str]]:
    found = {}
    flat = sorted((args.data / "flat").glob("*.txt"))[: args.limit]
    if flat:
        found[f"{args.data.name}/flat"] = [read(p) for p in flat]
    if args.wcxb and (args.wcxb / "meta.jsonl").exists():
        found["wcxb-dev flattened"] = [row[1] for row in flatten_wcxb(args.wcxb, args.cache, args.limit)]
    found["seeds (text pages)"] = [read(p) for p in sorted((ROOT / "seeds").rglob("*.txt"))]
    return found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "scrapinghub")
    ap.add_argument("--wcxb", type=Path, default=ROOT.parent / "shared" / "bench" / "wcxb-dev")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cleaner-bench-flat"), help="outside the repository")
    ap.add_argument("--limit", type=int, help="at most this many pages per corpus")
    ap.add_argument("--profile", default="default")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage table")
    args = ap.parse_args(argv)

    cleaner = Cleaner(profile=args.profile)
    print(f"profile {args.profile}, one core, best of {args.repeat}; MB = 10^6 bytes of UTF-8 input\n")
    print(f"{'corpus':22} {'pages':>6} {'MB':>6} {'filter MB/s':>11} {'text path MB/s':>14} {'ratio':>6} {'pages/s':>8} {'ms/page':>8}")
    per_stage: dict[str, tuple[int, dict[str, float]]] = {}
    for name, texts in corpora(args).items():
        size = sum(len(t.encode("utf-8")) for t in texts)
        for text in texts[:20]:  # warm caches and lazy imports
            cleaner.clean(text, kind="text")
        line_filter = best_of(args.repeat, lambda: [words10(t) for t in texts])  # noqa: B023 (best_of calls it before the loop moves on)
        whole = best_of(args.repeat, lambda: [cleaner.clean(t, kind="text") for t in texts])  # noqa: B023 (best_of calls it before the loop moves on)
        filter_mbs, path_mbs = size / line_filter / 1e6, size / whole / 1e6
        print(f"{name:22} {len(texts):6d} {size / 1e6:6.2f} {filter_mbs:11.1f} {path_mbs:14.2f} {path_mbs / filter_mbs:6.3f}"
              f" {len(texts) / whole:8.0f} {whole / len(texts) * 1000:8.2f}")
        if not args.no_stages:
            best: dict[str, float] = {}
            for _ in range(args.repeat):
                forget_lines()
                for stage, seconds in stage_times(cleaner, texts).items():
                    best[stage] = min(best.get(stage, float("inf")), seconds)
            per_stage[name] = (size, best)

    for name, (size, best) in per_stage.items():
        total = sum(best.values())
        print(f"\n{name}: stages alone, {size / total / 1e6:.2f} MB/s together")
        for stage, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
            print(f"  {stage:10} {seconds / total:6.1%}  {size / seconds / 1e6 if seconds else float('inf'):9.1f} MB/s")

    calls = 2000
    cleaner.clean(TINY_PAGE, kind="text")
    tiny = best_of(args.repeat, lambda: [cleaner.clean(TINY_PAGE, kind="text") for _ in range(calls)])
    print(f"\nper call on a tiny text page ({len(TINY_PAGE)} bytes): {tiny / calls * 1e6:.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
