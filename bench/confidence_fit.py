#!/usr/bin/env python3
"""Fit the confidence weights (cleaner/stages/confidence.py) against word-F1, and say how well
they would do on sites not seen in the fit.

    python bench/confidence_fit.py [--data ../shared/bench/wcxb-dev] [--every K] [--folds 5]

Runs the default profile on every page (every K-th with --every), keeps each page's signals and
its word-F1 (the title paragraph scored out, as bench/quality.py does), then fits the weights by
least squares: once per fold with that fold's sites held out (the correlation of the held-out
predictions with word-F1 is the figure to quote), and once on all pages (the weights to put under
[default.params.confidence] weights in cleaner/data/profiles.toml). Prints the shipped weights'
correlation on the same pages next to them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scoring  # noqa: E402
from bench.quality import load_pages, pearson  # noqa: E402
from cleaner import Cleaner  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.stages.confidence import SIGNALS, signals  # noqa: E402
from cleaner.textnorm import match_key  # noqa: E402

TERMS = ("bias",) + SIGNALS


def measure(data: Path, every: int) -> list[dict]:
    """Per page: its site, its signals, the shipped confidence and the word-F1 of its text."""
    cleaner = Cleaner()
    confidence = next(stage for stage in cleaner._pipeline.stages if stage.name == "confidence")
    rows = []
    for page in load_pages(data, None, every):
        doc = Document(raw=page["html"], kind="html", url=page["meta"].get("url"))
        for stage in cleaner._pipeline.stages:
            doc = stage.run(doc)
        texts = [block.text for block in doc.blocks]
        title = doc.metadata.get("title")
        if title and texts and match_key(texts[0]) == match_key(title):
            texts = texts[1:]
        rows.append({
            "site": page["meta"].get("domain") or page["id"],
            "signals": signals(doc, confidence.priors) if any(t.strip() for t in texts) else None,
            "shipped": doc.metadata.get("confidence", 0.0),
            "f1": scoring.word_prf("\n\n".join(texts), page["truth"])[2],
        })
    return rows


def least_squares(xs: list[list[float]], ys: list[float]) -> list[float]:
    """The weights w minimising |Xw - y|^2, from the normal equations (a few terms: Gauss-Jordan)."""
    n = len(xs[0])
    a = [[sum(x[i] * x[j] for x in xs) + (1e-9 if i == j else 0.0) for j in range(n)]
         + [sum(x[i] * y for x, y in zip(xs, ys))] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[col][col]:
                factor = a[r][col] / a[col][col]
                a[r] = [v - factor * p for v, p in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] if a[i][i] else 0.0 for i in range(n)]


def features(row: dict) -> list[float]:
    return [1.0] + [row["signals"][name] for name in SIGNALS]


def predict(weights: list[float], row: dict) -> float:
    if row["signals"] is None:
        return 0.0
    return max(0.0, min(1.0, sum(w * x for w, x in zip(weights, features(row)))))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "wcxb-dev")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    if not (args.data / "meta.jsonl").exists():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
        return 2
    rows = measure(args.data, args.every)
    sites = sorted({row["site"] for row in rows})
    fold_of = {site: i % args.folds for i, site in enumerate(sites)}
    held_out = []
    for fold in range(args.folds):
        train = [r for r in rows if fold_of[r["site"]] != fold and r["signals"] is not None]
        weights = least_squares([features(r) for r in train], [r["f1"] for r in train])
        held_out += [(predict(weights, r), r["f1"]) for r in rows if fold_of[r["site"]] == fold]
    usable = [r for r in rows if r["signals"] is not None]
    weights = least_squares([features(r) for r in usable], [r["f1"] for r in usable])
    print(f"{len(rows)} pages, {len(sites)} sites, {args.folds} folds by site")
    print(f"correlation with word-F1: shipped weights {pearson([(r['shipped'], r['f1']) for r in rows]):.3f}, "
          f"refitted with the sites held out {pearson(held_out):.3f}")
    print("weights fitted on every page: " + ", ".join(f"{t} = {w:.2f}" for t, w in zip(TERMS, weights)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
