"""bench/scoring.py must give the same figures as the reference ../shared/bench/score.py."""
import importlib.util
import sys

import pytest
from project_paths import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import scoring  # noqa: E402

# Hand-made pairs covering the edge cases: empty sides, repeats, case, punctuation, short texts.
PAIRS = [
    ("", ""),
    ("", "The truth has words."),
    ("Some prediction.", ""),
    ("The cat sat on the mat. The cat!", "the Cat sat on a mat, the end"),
    ("one two three", "one two three four five six"),
    ("Alpha beta gamma delta epsilon zeta eta", "alpha Beta gamma delta epsilon"),
    ("word", "word"),
    ("Menu Home\n\nReal article text goes here and here.", "Real article text goes here and here."),
]


@pytest.fixture(scope="module")
def reference(shared_bench):
    spec = importlib.util.spec_from_file_location("reference_score", shared_bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference_bag(reference, tokenizer, pred, truth):
    return reference.prf_from_counts(*reference.bag_counts(tokenizer(pred), tokenizer(truth)))


def test_edge_cases_without_reference():
    assert scoring.word_prf("", "") == (1.0, 1.0, 1.0)
    assert scoring.word_prf("x", "") == (0.0, 0.0, 0.0)
    assert scoring.word_prf("", "x") == (0.0, 0.0, 0.0)
    # Bag overlap counts a repeated token only as often as the truth has it.
    p, r, f = scoring.word_prf("a a b", "a b c d")
    assert (p, r) == (pytest.approx(2 / 3), 0.5)
    assert f == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


@pytest.mark.parametrize("pred,truth", PAIRS)
def test_bag_metrics_match_reference(reference, pred, truth):
    assert tuple(scoring.word_prf(pred, truth)) == _reference_bag(reference, reference.tokens_word, pred, truth)
    assert tuple(scoring.ws_prf(pred, truth)) == _reference_bag(reference, reference.tokens_ws, pred, truth)


@pytest.mark.parametrize("pred,truth", PAIRS)
def test_shingle_triple_matches_reference(reference, pred, truth):
    assert scoring.shingle_triple(truth, pred) == reference.sh_tp_fp_fn(truth, pred)


def test_shingle_aggregate_matches_reference(reference):
    triples = [reference.sh_tp_fp_fn(t, p) for p, t in PAIRS]
    assert tuple(scoring.shingle_aggregate(triples)) == reference.sh_aggregate(triples)


def _dataset_docs(shared_bench, name, count):
    dataset = shared_bench / name
    meta = scoring.load_meta(dataset)
    ids = sorted(meta)[:count]
    return dataset, meta, ids


@pytest.mark.parametrize("dataset_name", ["scrapinghub", "wcxb-dev"])
def test_real_documents_match_reference(reference, shared_bench, dataset_name):
    dataset, meta, ids = _dataset_docs(shared_bench, dataset_name, 6)
    assert meta == reference.load_meta(dataset)
    # The prediction is another page's truth plus this page's truth cut in half:
    # partial overlap on real text, so every metric takes a non-trivial value.
    truths = [scoring.read_text(dataset / "truth" / f"{i}.txt") for i in ids]
    preds = [truths[k][: len(truths[k]) // 2] + "\n" + truths[k - 1][:300] for k in range(len(ids))]
    ours = [scoring.word_prf(p, t) for p, t in zip(preds, truths)]
    theirs = [_reference_bag(reference, reference.tokens_word, p, t) for p, t in zip(preds, truths)]
    assert [tuple(x) for x in ours] == theirs
    assert tuple(scoring.macro(ours)) == pytest.approx(
        tuple(sum(x[k] for x in theirs) / len(theirs) for k in range(3))
    )
    triples = [scoring.shingle_triple(t, p) for p, t in zip(preds, truths)]
    assert tuple(scoring.shingle_aggregate(triples)) == reference.sh_aggregate(
        [reference.sh_tp_fp_fn(t, p) for p, t in zip(preds, truths)]
    )


def test_snippet_rates_match_reference(reference, shared_bench):
    dataset, meta, ids = _dataset_docs(shared_bench, "wcxb-dev", 10)
    for doc_id in ids:
        record = meta[doc_id]
        truth = scoring.read_text(dataset / "truth" / f"{doc_id}.txt")
        text = truth + "\n" + " ".join((record.get("without") or [])[:1])
        normalised = reference._norm(text)
        assert scoring.with_found(text, record) == reference.snippet_rate(normalised, record.get("with") or [])
        assert scoring.without_leaked(text, record) == reference.snippet_rate(
            normalised, record.get("without") or []
        )
