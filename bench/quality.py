"""Quality and speed of this pipeline against peer extractors, on the same pages, in one run.

    python bench/quality.py [--data DIR ...] [--limit N] [--every K] [--systems NAME ...] [--out results.json]

DIR is a folder of the ../shared/bench layout (html/<id>.html.gz, truth/<id>.txt, meta.jsonl);
the default is both shared sets. Systems: cleaner:<profile> for every shipped profile, and the
peers trafilatura, trafilatura-fast, justext, readability-lxml, resiliparse (the `bench` extra).

Pages are run page by page through every system in turn, so load from other processes on a
shared machine falls on all systems alike; times are CPU seconds of this process (one core).
Scores follow ../shared/bench/score.py (bench/scoring.py): word-F1 macro, Scrapinghub's
shingle-F1, WCXB's with/without snippets. The pipeline's leading title paragraph is scored out
(both truth sets hold the body only; the title is in the metadata) unless --keep-title.
"""
from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import scoring  # noqa: E402
from bench.systems import PEER_METADATA, build_systems  # noqa: E402

SHARED_BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
DEFAULT_DATA = [SHARED_BENCH / "scrapinghub", SHARED_BENCH / "wcxb-dev"]
METADATA_FIELDS = ("title", "date", "author")
CATASTROPHE_GAP = 0.2
BASELINE = "trafilatura"


def load_pages(dataset: Path, limit: int | None, every: int = 1) -> list[dict]:
    meta = scoring.load_meta(dataset)
    ids = list(meta)[::every]
    ids = ids[:limit] if limit else ids
    pages = []
    for doc_id in ids:
        html_path = dataset / "html" / f"{doc_id}.html.gz"
        with gzip.open(html_path, "rb") as handle:
            html = handle.read()
        truth = scoring.read_text(dataset / "truth" / f"{doc_id}.txt")
        pages.append({"id": doc_id, "html": html, "truth": truth, "meta": meta[doc_id]})
    return pages


def _norm_field(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return " ".join(scoring.word_tokens(str(value)))


def metadata_hits(predicted: dict, truth: dict) -> dict[str, bool | None]:
    """Per field: None when the truth has no value or the system does not report the field,
    else whether the prediction matches. Title and author match on their word tokens; dates on the day.
    """
    hits: dict[str, bool | None] = {}
    for name in METADATA_FIELDS:
        want = truth.get(name)
        if not want or name not in predicted:
            hits[name] = None
        elif name == "date":
            hits[name] = str(predicted.get(name) or "")[:10] == str(want)[:10]
        else:
            hits[name] = _norm_field(predicted.get(name)) == _norm_field(want)
    return hits


def run_pages(pages: list[dict], systems: dict, dataset_name: str) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {name: [] for name in systems}
    # Warm-up, untimed: first calls load models, stoplists and compile patterns in every system.
    for page in pages[:2]:
        for extract in systems.values():
            try:
                extract(page["html"], page["meta"].get("url"))
            except Exception:
                pass
    for page in pages:
        url = page["meta"].get("url")
        for name, extract in systems.items():
            error = None
            started = time.process_time()
            try:
                result = extract(page["html"], url)
                text, metadata = result.text or "", dict(result.metadata)
            except Exception as exc:  # a peer failing on one page is a figure, not a crash
                text, metadata, error = "", {}, f"{type(exc).__name__}: {exc}"[:200]
            elapsed_ms = (time.process_time() - started) * 1000
            if name in PEER_METADATA:
                try:
                    metadata = PEER_METADATA[name](page["html"], url)
                except Exception:
                    metadata = {}
            rows[name].append(score_page(page, text, metadata, elapsed_ms, error, dataset_name))
    return rows


def score_page(page: dict, text: str, metadata: dict, elapsed_ms: float, error: str | None, dataset: str) -> dict:
    truth, record = page["truth"], page["meta"]
    word = scoring.word_prf(text, truth)
    return {
        "dataset": dataset,
        "id": page["id"],
        "page_type": record.get("page_type"),
        "word": list(word),
        "shingle": list(scoring.shingle_triple(truth, text)),
        "with": scoring.with_found(text, record),
        "without": scoring.without_leaked(text, record),
        "ms": elapsed_ms,
        "empty": not text.strip(),
        "error": error,
        "metadata": metadata_hits(metadata, record) if metadata else {n: None for n in METADATA_FIELDS},
        "has_metadata": bool(metadata),
        "predicted_type": metadata.get("page_type"),
        "confidence": metadata.get("confidence"),
    }


def summarise(rows: list[dict], baseline_rows: list[dict] | None) -> dict:
    words = [scoring.PRF(*r["word"]) for r in rows]
    macro = scoring.macro(words)
    shingle = scoring.shingle_aggregate([tuple(r["shingle"]) for r in rows])
    times = sorted(r["ms"] for r in rows)
    total_s = sum(times) / 1000
    by_type = defaultdict(list)
    for r in rows:
        if r["page_type"]:
            by_type[r["page_type"]].append(scoring.PRF(*r["word"]))
    meta_acc = {}
    for name in METADATA_FIELDS:
        hits = [r["metadata"][name] for r in rows if r["has_metadata"] and r["metadata"][name] is not None]
        meta_acc[name] = sum(hits) / len(hits) if hits else None
    worse = None if baseline_rows is None else []
    if baseline_rows is not None:
        for ours, base in zip(rows, baseline_rows):
            if ours["word"][2] < base["word"][2] - CATASTROPHE_GAP:
                worse.append({"id": ours["id"], "f1": round(ours["word"][2], 3), "baseline_f1": round(base["word"][2], 3)})
    pairs = [(r["confidence"], r["word"][2]) for r in rows if r.get("confidence") is not None]
    typed = [r for r in rows if r.get("predicted_type") and r["page_type"]]
    return {
        "pages": len(rows),
        "confidence_f1_correlation": pearson(pairs),
        "page_type_accuracy": sum(r["predicted_type"] == r["page_type"] for r in typed) / len(typed) if typed else None,
        "word_f1": macro.f1,
        "word_precision": macro.precision,
        "word_recall": macro.recall,
        "shingle_f1": shingle.f1,
        "shingle_precision": shingle.precision,
        "shingle_recall": shingle.recall,
        "with_found": scoring.mean_rate(r["with"] for r in rows),
        "without_leaked": scoring.mean_rate(r["without"] for r in rows),
        "f1_by_page_type": {t: scoring.macro(v).f1 for t, v in sorted(by_type.items())},
        "pages_per_s": len(rows) / total_s if total_s else None,
        "p50_ms": statistics.median(times) if times else None,
        "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))] if times else None,
        "empty": sum(r["empty"] for r in rows),
        "errors": sum(r["error"] is not None for r in rows),
        "metadata_accuracy": meta_acc,
        f"worse_than_{BASELINE}_by_{CATASTROPHE_GAP}": worse,
    }


def pearson(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson correlation of (x, y) pairs; None for fewer than 3 pairs or a constant side."""
    if len(pairs) < 3:
        return None
    xs, ys = zip(*pairs)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in pairs)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if not sxx or not syy:
        return None
    return sxy / (sxx * syy) ** 0.5


def _fmt(value, digits=3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown(results: dict) -> str:
    out = []
    for dataset, per_system in results.items():
        base_speed = per_system.get(BASELINE, {}).get("pages_per_s")
        out.append(f"### {dataset} ({next(iter(per_system.values()))['pages']} pages)\n")
        out.append(
            "| system | word-F1 | shingle-F1 | P | R | with found | without leaked | pages/s | × trafilatura "
            "| p50 ms | p95 ms | empty | errors | title | date | author | F1 < trafilatura−0.2 |"
        )
        out.append("|" + "---|" * 17)
        for name, s in per_system.items():
            ratio = s["pages_per_s"] / base_speed if base_speed and s["pages_per_s"] else None
            meta = s["metadata_accuracy"]
            worse = s[f"worse_than_{BASELINE}_by_{CATASTROPHE_GAP}"]
            out.append(
                f"| {name} | {_fmt(s['word_f1'])} | {_fmt(s['shingle_f1'])} | {_fmt(s['word_precision'])} "
                f"| {_fmt(s['word_recall'])} | {_fmt(s['with_found'])} | {_fmt(s['without_leaked'])} "
                f"| {_fmt(s['pages_per_s'], 1)} | {_fmt(ratio, 2)} | {_fmt(s['p50_ms'], 1)} | {_fmt(s['p95_ms'], 1)} "
                f"| {s['empty']} | {s['errors']} | {_fmt(meta['title'])} | {_fmt(meta['date'])} "
                f"| {_fmt(meta['author'])} | {len(worse) if worse is not None and name != BASELINE else '–'} |"
            )
        for name, s in per_system.items():
            if s.get("confidence_f1_correlation") is not None or s.get("page_type_accuracy") is not None:
                out.append(f"\n{name}: confidence/word-F1 correlation {_fmt(s.get('confidence_f1_correlation'))},"
                           f" page-type accuracy {_fmt(s.get('page_type_accuracy'))}")
        types = sorted({t for s in per_system.values() for t in s["f1_by_page_type"]})
        if len(types) > 1:
            out.append("\nword-F1 by page type:\n")
            out.append("| system | " + " | ".join(types) + " |")
            out.append("|" + "---|" * (len(types) + 1))
            for name, s in per_system.items():
                out.append(f"| {name} | " + " | ".join(_fmt(s["f1_by_page_type"].get(t)) for t in types) + " |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, action="append", help="benchmark folder (repeatable)")
    parser.add_argument("--limit", type=int, help="first N pages of each folder (quick runs)")
    parser.add_argument("--every", type=int, default=1, metavar="K",
                        help="every K-th page of each folder: a sample spread over the whole set")
    parser.add_argument("--systems", nargs="+", help="systems to run (default: all)")
    parser.add_argument("--out", type=Path, help="write summary and per-page scores as JSON")
    parser.add_argument("--keep-title", action="store_true", help="score the pipeline's title paragraph too")
    args = parser.parse_args(argv)

    datasets = args.data or DEFAULT_DATA
    missing = [str(d) for d in datasets if not (d / "html").is_dir()]
    if missing:
        parser.error(f"no html/ folder in: {', '.join(missing)} (see ../shared/bench/README.md)")
    systems, problems = build_systems(args.systems, args.keep_title)
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    if not systems:
        return 2

    summary: dict[str, dict] = {}
    per_page: dict[str, dict] = {}
    for dataset in datasets:
        pages = load_pages(dataset, args.limit, args.every)
        started = time.time()
        rows = run_pages(pages, systems, dataset.name)
        print(f"{dataset.name}: {len(pages)} pages x {len(systems)} systems in {time.time() - started:.0f}s",
              file=sys.stderr)
        baseline = rows.get(BASELINE)
        summary[dataset.name] = {name: summarise(r, baseline) for name, r in rows.items()}
        per_page[dataset.name] = rows
        # Each set's table as soon as it is done: a long run that is stopped keeps what it measured.
        print(markdown({dataset.name: summary[dataset.name]}), flush=True)
        if args.out:
            args.out.write_text(
                json.dumps({"summary": summary, "pages": per_page, "argv": sys.argv[1:]}, ensure_ascii=False, indent=1),
                encoding="utf-8",
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
