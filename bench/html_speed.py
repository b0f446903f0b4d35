#!/usr/bin/env python3
"""Where the HTML path's time goes, one core: ms per page for each stage, next to trafilatura.

    python bench/html_speed.py [--data ../shared/bench/wcxb-dev] [--every 8] [--limit N] [--profile default]

Runs every K-th page of the set through the pipeline stage by stage (as the library runs them),
then trafilatura alone on the same pages in the same process, in its default and fast modes, and
prints ms/page for each and the share of each stage. Times are CPU seconds of this process
(time.process_time), so other jobs on a shared machine weigh less; quote the ratios, not the
milliseconds. bench/quality.py gives the pages/s of the whole call; this names the bottleneck.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import load_pages  # noqa: E402
from cleaner import Cleaner  # noqa: E402
from cleaner.document import Document  # noqa: E402


def stage_times(cleaner: Cleaner, pages: list[dict]) -> dict[str, float]:
    """CPU seconds spent in each stage over all pages (one pass)."""
    spent = {stage.name: 0.0 for stage in cleaner._pipeline.stages}
    for page in pages:
        doc = Document(raw=page["html"], url=page["meta"].get("url"), kind="html")
        for stage in cleaner._pipeline.stages:
            start = time.process_time()
            doc = stage.run(doc)
            spent[stage.name] += time.process_time() - start
    return spent


def trafilatura_time(pages: list[dict], fast: bool) -> float:
    import trafilatura

    start = time.process_time()
    for page in pages:
        trafilatura.extract(page["html"], url=page["meta"].get("url"), include_comments=False, fast=fast)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "wcxb-dev")
    ap.add_argument("--every", type=int, default=8, metavar="K", help="every K-th page of the set")
    ap.add_argument("--limit", type=int, help="at most this many pages")
    ap.add_argument("--profile", default="default")
    args = ap.parse_args(argv)
    if not (args.data / "html").is_dir():
        ap.error(f"no html/ folder in {args.data} (see ../shared/bench/README.md)")

    pages = load_pages(args.data, args.limit, args.every)
    cleaner = Cleaner(profile=args.profile)
    for page in pages[:5]:  # lazy imports and compiled patterns
        cleaner.clean(page["html"], url=page["meta"].get("url"), kind="html")
    spent = stage_times(cleaner, pages)
    ours = sum(spent.values())
    default, fast = trafilatura_time(pages, fast=False), trafilatura_time(pages, fast=True)
    n = len(pages)
    print(f"{args.data.name}: {n} pages (every {args.every}), profile {args.profile}, CPU ms per page")
    print(f"  cleaner                  {ours / n * 1000:7.1f}   ({default / ours:.2f}x trafilatura's pages/s)")
    print(f"  trafilatura (default)    {default / n * 1000:7.1f}")
    print(f"  trafilatura (fast)       {fast / n * 1000:7.1f}   ({default / fast:.2f}x)")
    print("stages of cleaner:")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:12} {seconds / n * 1000:7.1f} ms  {seconds / ours:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
