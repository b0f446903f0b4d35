#!/usr/bin/env python3
"""Snapshot of what the cleaner outputs, to prove a refactor or speed-up changed no byte.

    python bench/snapshot.py write DIR [--every K] [--sets seeds,aggregator,flat,wcxb-flat,html,wcxb-html]
    python bench/snapshot.py compare OLD_DIR NEW_DIR

`write` cleans every page of the chosen sets with the default Cleaner and writes one JSON line per page
to DIR/<set>.jsonl: the page's name, the text, the metadata, the removals (rule and reason) and the
flags, exactly as `Result.as_dict()` gives them (explanations excluded). `compare` prints every page
of the new snapshot whose line differs from the old one's and exits 1 if any does. Sets: the seeds, the aggregator-dev cases (one page per
case), scrapinghub's flattened pages, WCXB-dev flattened (bench/flat.py's cache), scrapinghub's HTML
and WCXB-dev's HTML. The HTML sets are slow: use --every K to take every K-th page.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
ALL_SETS = ("seeds", "aggregator", "flat", "wcxb-flat", "html", "wcxb-html")


def _seeds() -> Iterator[tuple[str, bytes, str | None]]:
    for path in sorted((ROOT / "seeds").iterdir()):
        if path.is_file():
            yield path.name, path.read_bytes(), None


def _aggregator() -> Iterator[tuple[str, bytes, str | None]]:
    cases = SHARED / "aggregator-dev" / "cases.txt"
    name, lines = None, []
    for raw in cases.read_text(encoding="utf-8").split("\n") + ["=== "]:
        if raw.startswith("=== "):
            if name:
                yield name, ("\n".join(lines) + "\n").encode(), "text"
            name, lines = raw[4:].strip(), []
        elif name is not None and not raw.startswith("!"):
            lines.append(raw[2:])


def _files(folder: Path, pattern: str, kind: str) -> Iterator[tuple[str, bytes, str | None]]:
    for path in sorted(folder.glob(pattern)):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        yield path.name, data, kind


def pages(name: str) -> Iterator[tuple[str, bytes, str | None]]:
    if name == "seeds":
        return _seeds()
    if name == "aggregator":
        return _aggregator()
    if name == "flat":
        return _files(SHARED / "scrapinghub" / "flat", "*.txt", "text")
    if name == "wcxb-flat":
        return _files(Path("/tmp/cleaner-bench-flat/wcxb-flat"), "*.txt", "text")
    if name == "html":
        return _files(SHARED / "scrapinghub" / "html", "*", "html")
    if name == "wcxb-html":
        return _files(SHARED / "wcxb-dev" / "html", "*.html.gz", "html")
    raise SystemExit(f"unknown set {name!r}; sets: {', '.join(ALL_SETS)}")


def write(out: Path, sets: list[str], every: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    cleaner = Cleaner()
    for name in sets:
        count = 0
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as sink:
            for index, (page, data, kind) in enumerate(pages(name)):
                if index % every:
                    continue
                result = cleaner.clean(data, kind=kind)
                record = {"page": page, **result.as_dict()}
                sink.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
        print(f"{name}: {count} pages")


def _records(path: Path) -> list[dict]:
    # split on LF only: the texts may hold U+2028 and other characters str.splitlines() breaks at
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def compare(old: Path, new: Path) -> int:
    """Every page of NEW against the same page in OLD (NEW may hold a subset, written with --every)."""
    differing = 0
    for new_file in sorted(new.glob("*.jsonl")):
        old_file = old / new_file.name
        if not old_file.exists():
            print(f"{new_file.name}: not in {old}")
            differing += 1
            continue
        before = {rec["page"]: rec for rec in _records(old_file)}
        after = _records(new_file)
        for rec in after:
            base = before.get(rec["page"])
            if base != rec:
                differing += 1
                keys = sorted(k for k in set(rec) | set(base or {}) if rec.get(k) != (base or {}).get(k))
                print(f"{new_file.stem}/{rec['page']}: differs in {', '.join(keys) or 'presence'}")
        print(f"{new_file.stem}: {len(after)} pages compared")
    print("identical" if not differing else f"{differing} pages differ")
    return 1 if differing else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    w.add_argument("--every", type=int, default=1)
    w.add_argument("--sets", default=",".join(ALL_SETS))
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = ap.parse_args()
    if args.command == "write":
        write(args.out, [s for s in args.sets.split(",") if s], args.every)
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
