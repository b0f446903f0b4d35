"""The command line, through typer's CliRunner."""
import json

from project_paths import ROOT
from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()


def test_clean_folder_writes_the_tree(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(ROOT / "seeds"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for seed in (ROOT / "seeds").rglob("*"):
        if seed.is_file():
            rel = seed.relative_to(ROOT / "seeds").with_suffix(".txt")
            assert (out / rel).read_text(encoding="utf-8") == (ROOT / "golden" / rel).read_text(encoding="utf-8")


def test_clean_one_file_prints_to_stdout():
    seed = ROOT / "seeds" / "002_288f55b03288e325.txt"
    result = runner.invoke(app, ["clean", str(seed)])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "golden" / "002_288f55b03288e325.txt").read_text(encoding="utf-8")


def test_clean_stdin():
    seed = ROOT / "seeds" / "002_288f55b03288e325.txt"
    result = runner.invoke(app, ["clean", "-"], input=seed.read_bytes())
    assert result.exit_code == 0
    assert "Follow us on" not in result.stdout
    assert result.stdout.startswith("North Korea will send")


def test_json_format_has_metadata_and_removals(tmp_path):
    result = runner.invoke(app, ["clean", str(ROOT / "seeds"), "--out", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "000_408a3d0338c94663.json").read_text(encoding="utf-8"))
    assert record["source"] == "BBC News" and record["date"] == "2025-06-18"
    assert any(r["rule"] == "daily8.byline" for r in record["removed"])


def test_jsonl_format_one_line_per_page(tmp_path):
    out = tmp_path / "pages.jsonl"
    result = runner.invoke(app, ["clean", str(ROOT / "seeds"), "--out", str(out), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    seeds = [p for p in (ROOT / "seeds").rglob("*") if p.is_file()]
    assert len(lines) == len(seeds)
    assert all("text" in json.loads(line) for line in lines)


def test_missing_path_is_a_clear_error_with_exit_2(tmp_path):
    missing = tmp_path / "nope"
    result = runner.invoke(app, ["clean", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.stderr and "no such file" in result.stderr


def test_one_bad_input_does_not_stop_the_rest(tmp_path):
    out = tmp_path / "out"
    good = ROOT / "seeds" / "002_288f55b03288e325.txt"
    result = runner.invoke(app, ["clean", str(tmp_path / "missing.txt"), str(good), "--out", str(out)])
    assert result.exit_code == 1
    assert (out / "002_288f55b03288e325.txt").exists()


def test_inputs_are_never_modified(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes((ROOT / "seeds" / "000_408a3d0338c94663.txt").read_bytes())
    before = page.read_bytes()
    runner.invoke(app, ["clean", str(page), "--out", str(tmp_path / "out")])
    assert page.read_bytes() == before
