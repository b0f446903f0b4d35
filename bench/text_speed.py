#!/usr/bin/env python3
"""Speed of the text path on whole flattened pages, per stage: MB/s and ms/page, one core.

    python bench/text_speed.py [--data ../shared/bench/scrapinghub] [--profiles default,flat] [--repeat 3]

Times each stage of each profile over <data>/flat/*.txt (the best of --repeat runs per stage) and
prints the total and the share each stage takes, so the bottleneck is named.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402
from cleaner.document import Document  # noqa: E402


def stage_times(cleaner: Cleaner, texts: list[str]) -> dict[str, float]:
    """Seconds spent in each stage over all texts (one pass)."""
    spent = {stage.name: 0.0 for stage in cleaner._pipeline.stages}
    for text in texts:
        doc = Document(raw=text, kind="text")
        for stage in cleaner._pipeline.stages:
            start = time.perf_counter()
            doc = stage.run(doc)
            spent[stage.name] += time.perf_counter() - start
    return spent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "scrapinghub")
    ap.add_argument("--profiles", default="default,flat")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sorted((args.data / "flat").glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"{len(texts)} pages, {size / 1e6:.2f} MB of flattened text")
    for profile in args.profiles.split(","):
        cleaner = Cleaner(profile=profile)
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, seconds in stage_times(cleaner, texts).items():
                best[name] = min(best.get(name, float("inf")), seconds)
        total = sum(best.values())
        print(f"\nprofile {profile}: {size / total / 1e6:.2f} MB/s, {total / len(texts) * 1000:.2f} ms/page")
        for name, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
            print(f"  {name:10} {seconds / len(texts) * 1000:7.3f} ms/page  {seconds / total:6.1%}  {size / seconds / 1e6:8.1f} MB/s alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
