#!/usr/bin/env python3
"""Whole flattened pages: word-F1 of the text path against baselines, plus its speed.

    python bench/flat.py [--data ../shared/bench/scrapinghub] [--limit N] [--wcxb ../shared/bench/wcxb-dev]

On <data>/flat/<id>.txt (a whole page flattened to text) against <data>/truth/<id>.txt it prints
word-F1 (macro; `\\w+` lower-cased bag overlap, the `word` metric of shared/bench/score.py),
precision, recall and the per-page F1 distribution for: the text as-is, jusText on the lines, C4's
line filter, "lines of >= 10 words ending in sentence punctuation", this project's profiles, and
trafilatura on the original HTML (<data>/html/<id>.html.gz; the ceiling, it sees the markup).

--wcxb DIR flattens DIR/html/*.html.gz with html_text.extract_text (as scrapinghub/flat was made)
into a cache outside the repository (--cache, default /tmp/cleaner-bench-flat) and reports the
same methods by page type. Nothing is written into the project.
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

try:  # the shared metric module, when present
    from bench.scoring import word_prf  # type: ignore
except ImportError:  # pragma: no cover - fallback until bench/scoring.py exists
    from collections import Counter

    _WORD = re.compile(r"\w+", re.UNICODE)

    def word_prf(pred: str, truth: str) -> tuple[float, float, float]:
        """score.py's `word` metric for one page: P, R, F1 of the `\\w+` lower-cased bag overlap."""
        p, t = _WORD.findall(pred.lower()), _WORD.findall(truth.lower())
        if not t:
            return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
        if not p:
            return 0.0, 0.0, 0.0
        overlap = sum((Counter(p) & Counter(t)).values())
        prec, rec = overlap / len(p), overlap / len(t)
        return prec, rec, (2 * prec * rec / (prec + rec) if overlap else 0.0)


# --- baselines -------------------------------------------------------------------------------
_SENTENCE_PUNCT = (".", "!", "?", '"', "”", "’", "'", "。", "！", "？")


def as_is(text: str) -> str:
    return text


def words10(text: str) -> str:
    """Keep lines of >= 10 words that end in sentence punctuation."""
    return "\n".join(
        line for line in text.split("\n") if len(line.split()) >= 10 and line.rstrip().endswith(_SENTENCE_PUNCT)
    )


_C4_END = (".", "?", "!", '"', "'")
_C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_C4_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")


def c4_lines(text: str, page_filters: bool = False) -> str:
    """C4's clean-up as published (Raffel et al. 2020, section 2.2), re-implemented: keep lines that
    end in terminal punctuation and have >= 3 words, drop lines mentioning javascript or a
    cookie/terms policy, strip citation markers. With page_filters, also drop the whole page for
    'lorem ipsum', a curly bracket, or fewer than 5 sentences (C4 drops such documents)."""
    if page_filters and ("lorem ipsum" in text.lower() or "{" in text):
        return ""
    kept = []
    for line in text.split("\n"):
        line = _C4_CITATION.sub("", line).strip()
        low = line.lower()
        if not line.endswith(_C4_END) or line.endswith("..."):
            continue
        if len(line.split()) < 3 or "javascript" in low or any(p in low for p in _C4_POLICY):
            continue
        kept.append(line)
    out = "\n".join(kept)
    if page_filters and len(re.findall(r"[.!?]+(?:\s|$)", out)) < 5:
        return ""
    return out


def make_justext():
    import justext

    stoplists = {name: justext.get_stoplist(name) for name in ("English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Russian", "Polish", "Czech")}

    def guess(text: str) -> frozenset:
        toks = re.findall(r"\w+", text.lower())
        best = max(stoplists, key=lambda n: sum(1 for t in toks if t in stoplists[n]))
        return stoplists[best]

    def run(text: str) -> str:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
        paragraphs = justext.justext(f"<html><body>{body}</body></html>", guess(text))
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def make_cleaner(profile: str):
    from cleaner import Cleaner

    cleaner = Cleaner(profile=profile)
    return lambda text: cleaner.clean(text, kind="text").text


def trafilatura_html(html_path: Path) -> str:
    import trafilatura

    data = gzip.decompress(html_path.read_bytes())
    return trafilatura.extract(data, include_comments=False) or ""


# --- data -------------------------------------------------------------------------------------
def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def flatten_wcxb(wcxb: Path, cache: Path, limit: int | None) -> list[tuple[str, str, str, Path, str]]:
    """(id, flat text, truth, html path, page type) for WCXB, flattening into the cache on first use."""
    import html_text

    meta = [json.loads(line) for line in (wcxb / "meta.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    out_dir = cache / "wcxb-flat"
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for rec in meta[:limit]:
        page_id = str(rec["id"])
        html_path = wcxb / "html" / f"{page_id}.html.gz"
        flat_path = out_dir / f"{page_id}.txt"
        if not flat_path.exists():
            raw = gzip.decompress(html_path.read_bytes()).decode("utf-8", errors="replace")
            try:
                flat = html_text.extract_text(raw)
            except Exception:  # an unparsable page flattens to nothing, as a scraper would store
                flat = ""
            flat_path.write_text(flat, encoding="utf-8")
        rows.append((page_id, read(flat_path), read(wcxb / "truth" / f"{page_id}.txt"), html_path, rec.get("page_type", "?")))
    return rows


def scrapinghub_rows(data: Path, limit: int | None) -> list[tuple[str, str, str, Path, str]]:
    ids = sorted(p.stem for p in (data / "flat").glob("*.txt"))[:limit]
    return [(i, read(data / "flat" / f"{i}.txt"), read(data / "truth" / f"{i}.txt"), data / "html" / f"{i}.html.gz", "article") for i in ids]


# --- report -----------------------------------------------------------------------------------
def summarise(scores: list[tuple[float, float, float]]) -> dict:
    f1 = sorted(s[2] for s in scores)
    n = len(f1)
    return {
        "F1": statistics.fmean(f1),
        "P": statistics.fmean(s[0] for s in scores),
        "R": statistics.fmean(s[1] for s in scores),
        "p10": f1[n // 10],
        "p25": f1[n // 4],
        "median": statistics.median(f1),
        "below_0.5": sum(1 for x in f1 if x < 0.5),
        "n": n,
    }


def evaluate(rows, methods, cache: Path | None, html_cache_name: str) -> tuple[dict, dict]:
    """Per method: summary over all rows and per page type; plus the per-page F1 (for --json)."""
    results: dict[str, dict] = {}
    per_page: dict[str, dict[str, float]] = {}
    for name, fn in methods.items():
        scores, by_type = [], defaultdict(list)
        per_page[name] = {}
        for page_id, flat, truth, html_path, page_type in rows:
            if name == "trafilatura (HTML)":
                cached = cache / html_cache_name / f"{page_id}.txt" if cache else None
                if cached and cached.exists():
                    pred = read(cached)
                else:
                    pred = trafilatura_html(html_path)
                    if cached:
                        cached.parent.mkdir(parents=True, exist_ok=True)
                        cached.write_text(pred, encoding="utf-8")
            else:
                pred = fn(flat)
            s = word_prf(pred, truth)
            scores.append(s)
            by_type[page_type].append(s)
            per_page[name][page_id] = s[2]
        results[name] = {"all": summarise(scores), **{t: summarise(v) for t, v in sorted(by_type.items())}}
    return results, per_page


def print_table(title: str, results: dict, group: str = "all") -> None:
    print(f"\n{title}")
    print(f"{'method':34} {'word-F1':>7} {'P':>6} {'R':>6} {'p10':>6} {'p25':>6} {'median':>6} {'<0.5':>5} {'n':>5}")
    for name, res in results.items():
        r = res[group]
        print(f"{name:34} {r['F1']:7.3f} {r['P']:6.3f} {r['R']:6.3f} {r['p10']:6.3f} {r['p25']:6.3f} {r['median']:6.3f} {r['below_0.5']:5d} {r['n']:5d}")


def speed(rows, profile: str, repeat: int) -> tuple[float, float]:
    """MB/s and ms/page of the text path (decode .. render) over the flat texts, one core."""
    from cleaner import Cleaner

    cleaner = Cleaner(profile=profile)
    texts = [flat for _, flat, *_ in rows]
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            cleaner.clean(text, kind="text")
        best = min(best, time.perf_counter() - start)
    return size / best / 1e6, best / len(texts) * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "scrapinghub")
    ap.add_argument("--wcxb", type=Path, help="also report on a flattened copy of this WCXB folder, by page type")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cleaner-bench-flat"), help="outside the repository")
    ap.add_argument("--profiles", default="default,flat", help="comma-separated cleaner profiles to score")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="speed runs (the best is reported)")
    ap.add_argument("--json", type=Path, help="write per-page F1 per method to this file")
    args = ap.parse_args(argv)

    from cleaner.profile import profile_names

    profiles = [p for p in args.profiles.split(",") if p in profile_names()]
    methods = {"as-is": as_is, "jusText (lines)": make_justext(), "C4 line filter": c4_lines,
               "C4 line + page filters": lambda t: c4_lines(t, page_filters=True),
               ">=10 words + sentence end": words10}
    methods.update({f"cleaner --profile {p}": make_cleaner(p) for p in profiles})
    if not args.no_trafilatura:
        methods["trafilatura (HTML)"] = None

    rows = scrapinghub_rows(args.data, args.limit)
    results, per_page = evaluate(rows, methods, args.cache, "scrapinghub-trafilatura")
    print_table(f"{args.data.name}/flat: {len(rows)} pages, word-F1 macro", results)
    dump = {"scrapinghub": per_page}

    for p in profiles:
        mbs, ms = speed(rows, p, args.repeat)
        print(f"speed, profile {p}: {mbs:.1f} MB/s, {ms:.2f} ms/page (text path, one core, best of {args.repeat})")

    if args.wcxb:
        wrows = flatten_wcxb(args.wcxb, args.cache, args.limit)
        wresults, wpage = evaluate(wrows, methods, args.cache, "wcxb-trafilatura")
        print_table(f"wcxb-flat: {len(wrows)} pages, word-F1 macro", wresults)
        for page_type in sorted({r[4] for r in wrows}):
            print_table(f"wcxb-flat, page type {page_type}", wresults, page_type)
        dump["wcxb"] = wpage
    if args.json:
        args.json.write_text(json.dumps(dump, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
