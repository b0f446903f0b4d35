"""The harness on a tiny data set of the shared layout written here (no ../shared needed)."""
import gzip
import json
import sys
from pathlib import Path

from project_paths import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import quality  # noqa: E402

STORY = [
    "The harbour authority opened the new ferry terminal on Monday after three years of work.",
    "Passengers can now board directly from the station, which cuts the walk to two minutes.",
    "The old terminal will become a market hall, the mayor said at the opening ceremony.",
]


def _dataset(tmp_path: Path) -> Path:
    (tmp_path / "html").mkdir(parents=True)
    (tmp_path / "truth").mkdir()
    html = (
        "<html><head><title>Ferry terminal opens</title></head><body><nav><a>Home</a><a>News</a></nav>"
        "<article><h1>Ferry terminal opens</h1>" + "".join(f"<p>{s}</p>" for s in STORY) + "</article></body></html>"
    )
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(html.encode()))
    (tmp_path / "truth" / "p1.txt").write_text("\n\n".join(STORY) + "\n", encoding="utf-8")
    record = {"id": "p1", "url": "https://example.org/ferry", "page_type": "article",
              "with": [STORY[1]], "without": ["Home News"], "title": "Ferry terminal opens", "date": None}
    (tmp_path / "meta.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return tmp_path


def test_metadata_hits():
    truth = {"title": "Ferry Terminal Opens!", "date": "2025-03-14", "author": "Ana Ruiz"}
    hits = quality.metadata_hits({"title": "ferry terminal opens", "date": "2025-03-14T10:00"}, truth)
    assert hits == {"title": True, "date": True, "author": None}  # author not reported: not scored
    assert quality.metadata_hits({"title": "Other", "author": None}, truth) == {
        "title": False, "date": None, "author": False}


def test_harness_scores_the_pipeline_on_a_dataset(tmp_path, capsys):
    data = _dataset(tmp_path / "set")
    out = tmp_path / "results.json"
    assert quality.main(["--data", str(data), "--systems", "cleaner:default", "--out", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]["set"]["cleaner:default"]
    # The title paragraph is scored out, the nav is pruned: the body matches the truth exactly.
    assert summary["word_f1"] == 1.0
    assert summary["with_found"] == 1.0 and summary["without_leaked"] == 0.0
    assert summary["metadata_accuracy"]["title"] == 1.0
    assert summary["errors"] == 0 and summary["empty"] == 0
    assert "| cleaner:default | 1.000 |" in capsys.readouterr().out
