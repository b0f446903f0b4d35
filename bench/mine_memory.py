"""Memory of `cleaner mine`: peak RSS and distinct lines tracked, with and without the per-site
bound, on one synthetic site whose pages carry 3 chrome lines and 40 lines seen nowhere else
(the worst case for counting: almost every line is new). Run by hand:

    python bench/mine_memory.py [--pages 3000] [--capacity 20000]

Each setting runs in its own process (peak RSS is per process); both must find the same chrome.
"""
from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNBOUNDED = 10**12
CHROME = ["read the alpha digest", "beta corner listings", "gamma desk notes"]


def page(number: int, rng: random.Random) -> str:
    noise = [f"Item {number}-{i} {rng.random():.6f}" for i in range(40)]
    return "\n".join(
        [f"Headline number {number} of the day",
         "The council met on Monday to agree the budget for the coming year, the mayor said in a statement.",
         CHROME[0], *noise[:20], CHROME[1], CHROME[2], *noise[20:]]
    ) + "\n"


def run_one(pages: int, capacity: int) -> None:
    from cleaner import Cleaner
    from cleaner.mine import Miner, MineSettings

    rng = random.Random(1)
    miner = Miner(Cleaner(), MineSettings(max_lines_per_site=capacity))
    start = time.perf_counter()
    for number in range(pages):
        miner.add(page(number, rng), f"site/p{number}", "site", False)
    found = sorted(line for candidate in miner.candidates() for line in candidate.lines)
    assert found == sorted(CHROME), found
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bound = "unbounded" if capacity >= UNBOUNDED else f"capacity {capacity}"
    print(f"{bound:>16}: {pages} pages, {len(miner.sites['site'].lines.entries)} lines tracked, "
          f"peak RSS {peak_mb:.0f} MB, {time.perf_counter() - start:.0f} s, chrome found")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--capacity", type=int, default=20000)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        run_one(args.pages, args.one)
        return
    for capacity in (UNBOUNDED, args.capacity, 0):
        if capacity == 0:  # baseline: the same process with no page mined
            code = "import resource, cleaner, cleaner.mine; print(f'{\"baseline\":>16}: peak RSS ' " \
                   "f'{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (imports only)')"
            subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)
            continue
        subprocess.run([sys.executable, __file__, "--pages", str(args.pages), "--one", str(capacity)], check=True)


if __name__ == "__main__":
    main()
