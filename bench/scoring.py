"""Extraction metrics, identical in figures to ../shared/bench/score.py.

Word tokens (`\\w+`, lower-cased) and whitespace tokens are scored as bag overlap per
page and macro-averaged; Scrapinghub's shingle metric keeps case, builds 4-word
shingles, normalises each page's TP/FP/FN to sum 1 and averages P and R over pages.
Edge cases follow WCXB: empty truth and empty prediction score 1/1/1, any other
empty side scores 0/0/0.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_WS_RE = re.compile(r"\s+")
SHINGLE_SIZE = 4


class PRF(NamedTuple):
    precision: float
    recall: float
    f1: float


def word_tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def ws_tokens(text: str) -> list[str]:
    return text.lower().split()


def bag_overlap(pred_tokens: list[str], truth_tokens: list[str]) -> int:
    if not pred_tokens or not truth_tokens:
        return 0
    return sum((Counter(pred_tokens) & Counter(truth_tokens)).values())


def prf_from_counts(overlap: int, n_pred: int, n_truth: int) -> PRF:
    if n_truth == 0:
        return PRF(1.0, 1.0, 1.0) if n_pred == 0 else PRF(0.0, 0.0, 0.0)
    if n_pred == 0:
        return PRF(0.0, 0.0, 0.0)
    precision = overlap / n_pred
    recall = overlap / n_truth
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def _bag_prf(pred_tokens: list[str], truth_tokens: list[str]) -> PRF:
    overlap = bag_overlap(pred_tokens, truth_tokens)
    return prf_from_counts(overlap, len(pred_tokens), len(truth_tokens))


def word_prf(pred: str, truth: str) -> PRF:
    """WCXB's word metric for one page."""
    return _bag_prf(word_tokens(pred), word_tokens(truth))


def ws_prf(pred: str, truth: str) -> PRF:
    """Whitespace-token metric for one page (score.py's default)."""
    return _bag_prf(ws_tokens(pred), ws_tokens(truth))


def macro(scores: Iterable[PRF]) -> PRF:
    """Per-page mean of P, R and F1 (every page weighs the same)."""
    scores = list(scores)
    if not scores:
        return PRF(0.0, 0.0, 0.0)
    n = len(scores)
    return PRF(
        sum(s.precision for s in scores) / n,
        sum(s.recall for s in scores) / n,
        sum(s.f1 for s in scores) / n,
    )


def _shingles(text: str) -> Counter:
    tokens = _WORD_RE.findall(text or "")
    out = []
    for start in range(0, max(1, len(tokens) - SHINGLE_SIZE + 1)):
        shingle = tuple(tokens[start:start + SHINGLE_SIZE])
        if shingle:
            out.append(shingle)
    return Counter(out)


def shingle_triple(truth: str, pred: str) -> tuple[float, float, float]:
    """Scrapinghub's per-page (TP, FP, FN), normalised to sum 1. Note the argument order."""
    truth_sh, pred_sh = _shingles(truth), _shingles(pred)
    tp = fp = fn = 0.0
    for key in set(truth_sh) | set(pred_sh):
        t, p = truth_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return tp, fp, fn


def _shingle_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _shingle_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def shingle_aggregate(triples: Iterable[tuple[float, float, float]]) -> PRF:
    triples = list(triples)
    ps = [_shingle_precision(*t) for t in triples if t[0] + t[1] > 0]
    rs = [_shingle_recall(*t) for t in triples if t[0] + t[2] > 0]
    precision = sum(ps) / len(ps) if ps else 0.0
    recall = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def normalise_for_snippets(text: str) -> str:
    return _WS_RE.sub(" ", text).strip().lower()


def snippet_rate(text: str, snippets: Iterable[str] | None) -> float | None:
    """Share of snippets found in text (case-insensitive, whitespace-normalised).

    None when there is no non-blank snippet: such pages are left out of the mean.
    """
    wanted = [s for s in (snippets or []) if s and s.strip()]
    if not wanted:
        return None
    haystack = normalise_for_snippets(text)
    return sum(1 for s in wanted if normalise_for_snippets(s) in haystack) / len(wanted)


def with_found(text: str, record: dict) -> float | None:
    return snippet_rate(text, record.get("with"))


def without_leaked(text: str, record: dict) -> float | None:
    return snippet_rate(text, record.get("without"))


def mean_rate(rates: Iterable[float | None]) -> float | None:
    present = [r for r in rates if r is not None]
    return sum(present) / len(present) if present else None


def load_meta(dataset_dir: Path | str) -> dict[str, dict]:
    """meta.jsonl records by id; without meta.jsonl, one bare record per truth file."""
    dataset_dir = Path(dataset_dir)
    meta: dict[str, dict] = {}
    path = dataset_dir / "meta.jsonl"
    if path.exists():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    meta[str(record["id"])] = record
    else:
        for truth in sorted((dataset_dir / "truth").glob("*.txt")):
            meta[truth.stem] = {"id": truth.stem}
    return meta


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")
