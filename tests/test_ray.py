"""The Ray engine: the same batch on a local Ray instance (2 CPUs) gives byte-identical outputs."""
import json
import os
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'cleaner-pages[ray]' to run the Ray engine tests")

from batch_corpus import tree, write_folder, write_jsonl  # noqa: E402

from cleaner.batch import Batch, BatchOptions  # noqa: E402
from cleaner.integrations.ray import RayRunner  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    # Workers import the test helpers (batch_corpus) too.
    tests = str(Path(__file__).resolve().parent)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True,
             runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join(filter(None, [tests, os.environ.get("PYTHONPATH")]))}})
    yield
    ray.shutdown()


def run(inputs, out, runner=None, workers=2):
    options = BatchOptions(inputs=tuple(str(i) for i in inputs), out=out, fmt="json", workers=workers)
    return Batch(options, runner=runner).run()


def test_ray_tree_output_is_identical_to_the_local_pool(local_ray, tmp_path):
    corpus = write_folder(tmp_path / "corpus", 20)
    source = write_jsonl(tmp_path / "corpus" / "crawl.jsonl.gz", 15)
    local = run([corpus], tmp_path / "local")
    on_ray = run([corpus], tmp_path / "ray", RayRunner())
    assert on_ray.engine == "ray" and on_ray.totals.failed == 0
    assert on_ray.totals.pages == local.totals.pages > 35
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")
    assert json.loads(tree(tmp_path / "ray")["crawl/rec-3.json"])["id"] == "rec-3"
    assert source.exists()


def test_ray_jsonl_output_and_resume_match_the_local_engine(local_ray, tmp_path):
    source = write_jsonl(tmp_path / "crawl.jsonl", 25)
    run([source], tmp_path / "local.jsonl")
    first = run([source], tmp_path / "ray.jsonl", RayRunner())
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    again = run([source], tmp_path / "ray.jsonl", RayRunner())
    assert again.totals.pages == 0 and again.skipped == first.totals.pages


def test_cli_engine_ray_uses_the_running_instance(local_ray, tmp_path):
    from typer.testing import CliRunner

    from cleaner.cli import app

    corpus = write_folder(tmp_path / "corpus", 4)
    result = CliRunner().invoke(app, ["clean", str(corpus), "--out", str(tmp_path / "out"), "--engine", "ray", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "ray engine" in result.stderr
    assert len(tree(tmp_path / "out")) == len([p for p in corpus.rglob("*") if p.is_file()])


def test_a_task_that_kills_its_ray_worker_is_reported_and_the_batch_goes_on(local_ray, tmp_path):
    from batch_corpus import CRASH_MARKER, CrashingSpec

    source = tmp_path / "crawl.jsonl"
    lines = [json.dumps({"id": f"p{i}", "text": f"Page {i}: the council approved the new budget on Tuesday.\n"}) for i in range(40)]
    lines[5] = json.dumps({"id": "p5", "text": f"{CRASH_MARKER}\n"})
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = BatchOptions(inputs=(str(source),), out=tmp_path / "out", workers=2, cleaner=CrashingSpec())
    stats = Batch(options, runner=RayRunner()).run()
    assert set(stats.errors_by_kind) == {"worker-crashed"}
    assert any(e["file"] == str(source) and e["record"] == "line 6" for e in stats.totals.errors)
    assert stats.totals.pages == 40 - stats.totals.failed >= 24  # only the crashing task's pages (at most 16) fail
