"""`cleaner golden check|update` through typer's CliRunner, on throwaway seed folders."""
import json

import pytest
from project_paths import ROOT
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.commands import golden as golden_commands
from cleaner.golden import unified_diff, visible

runner = CliRunner()
PARAGRAPH = "After three dry months, heavy rain fell across the valley on Sunday, the water authority said."
PAGE = f"Rain returns to the valley\n\n{PARAGRAPH}\n\nFollow us on:\n\n{PARAGRAPH.replace('Sunday', 'Monday')}\n"
CLEAN = f"Rain returns to the valley\n\n{PARAGRAPH}\n\n{PARAGRAPH.replace('Sunday', 'Monday')}\n"


@pytest.fixture
def folders(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    seeds, golden = tmp_path / "seeds", tmp_path / "golden"
    (seeds / "site").mkdir(parents=True)
    golden.mkdir()
    (seeds / "site" / "page.txt").write_text(PAGE, encoding="utf-8")
    return seeds, golden


def invoke(*args, **kwargs):
    return runner.invoke(app, ["golden", *map(str, args)], **kwargs)


def test_check_passes_on_a_project_seed(tmp_path):
    name = "002_288f55b03288e325.txt"
    for folder in ("seeds", "golden"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_bytes((ROOT / folder / name).read_bytes())
    result = invoke("check", tmp_path / "seeds", tmp_path / "golden")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 seeds: 1 match, 0 differ, 0 without golden\n"


def test_check_reports_missing_golden_with_exit_1(folders):
    result = invoke("check", *folders)
    assert result.exit_code == 1
    assert "FAIL site/page.txt" in result.stdout and "no golden" in result.stdout
    assert "1 without golden" in result.stdout


def test_check_shows_a_diff_with_whitespace_made_visible(folders):
    seeds, golden = folders
    (golden / "site").mkdir()
    (golden / "site" / "page.txt").write_bytes(CLEAN.replace("valley\n", "valley\r\n", 1).replace("three dry", "three\tdry").encode())
    result = invoke("check", seeds, golden, "--no-colour")
    assert result.exit_code == 1
    assert "-Rain returns to the valley⟨CR⟩" in result.stdout
    assert "+Rain returns to the valley\n" in result.stdout
    assert "three⟨TAB⟩dry" in result.stdout
    assert "\x1b[" not in result.stdout
    assert "1 differ" in result.stdout


def test_check_colours_on_request(folders):
    seeds, golden = folders
    (golden / "site").mkdir()
    (golden / "site" / "page.txt").write_text("something else\n", encoding="utf-8")
    result = invoke("check", seeds, golden, "--colour")
    assert "\x1b[31m-something else" in result.stdout


def test_check_compares_the_metadata_golden(folders):
    seeds, golden = folders
    (golden / "site").mkdir()
    (golden / "site" / "page.txt").write_text(CLEAN, encoding="utf-8")
    (golden / "site" / "page.json").write_text(json.dumps({"title": "Wrong"}), encoding="utf-8")
    result = invoke("check", seeds, golden)
    assert result.exit_code == 1
    assert '-  "title": "Wrong"' in result.stdout


def test_check_with_a_user_pack_and_disable(folders, tmp_path):
    seeds, golden = folders
    (golden / "site").mkdir()
    (golden / "site" / "page.txt").write_text(PAGE, encoding="utf-8")
    assert invoke("check", seeds, golden).exit_code == 1
    assert invoke("check", seeds, golden, "--disable", "social.follow-us", "--disable", "chrome.follow-prompt").exit_code == 0
    assert invoke("check", seeds, golden, "--disable", "no.such-rule").exit_code == 2


def test_update_writes_only_with_yes_and_shows_the_change(folders):
    seeds, golden = folders
    result = invoke("update", seeds, golden)  # CliRunner has no terminal: it must not write
    assert result.exit_code == 2 and "pass --yes" in result.stderr
    assert not (golden / "site" / "page.txt").exists()
    result = invoke("update", seeds, golden, "--yes")
    assert result.exit_code == 0, result.output
    assert "NEW site/page.txt" in result.stdout and "+Rain returns to the valley" in result.stdout
    assert (golden / "site" / "page.txt").read_text(encoding="utf-8") == CLEAN
    assert invoke("check", seeds, golden).exit_code == 0
    assert "up to date" in invoke("update", seeds, golden).stdout


def test_update_asks_on_a_terminal(folders, monkeypatch):
    seeds, golden = folders
    monkeypatch.setattr(golden_commands, "_can_ask", lambda: True)
    result = invoke("update", seeds, golden, input="n\n")
    assert result.exit_code == 1 and "nothing written" in result.stdout
    assert not (golden / "site" / "page.txt").exists()
    result = invoke("update", seeds, golden, input="y\n")
    assert result.exit_code == 0
    assert (golden / "site" / "page.txt").read_text(encoding="utf-8") == CLEAN


def test_update_is_refused_in_ci_even_with_yes(folders, monkeypatch):
    seeds, golden = folders
    monkeypatch.setenv("CI", "true")
    result = invoke("update", seeds, golden, "--yes")
    assert result.exit_code == 2 and "refusing to update goldens in CI" in result.stderr
    assert not (golden / "site" / "page.txt").exists()


def test_update_keeps_the_fields_a_metadata_golden_lists(folders):
    seeds, golden = folders
    (golden / "site").mkdir()
    (golden / "site" / "page.txt").write_text(CLEAN, encoding="utf-8")
    (golden / "site" / "page.json").write_text(json.dumps({"title": "Wrong"}), encoding="utf-8")
    assert invoke("update", seeds, golden, "--yes").exit_code == 0
    assert json.loads((golden / "site" / "page.json").read_text(encoding="utf-8")) == {"title": "Rain returns to the valley"}


def test_missing_seeds_folder_is_a_clear_error(tmp_path):
    result = invoke("check", tmp_path / "nope", tmp_path)
    assert result.exit_code == 2 and "no such seeds folder" in result.stderr


@pytest.mark.parametrize("text, shown", [
    ("a \u00a0b", "a ⟨NBSP⟩b"),
    ("end  ", "end⟨SP⟩⟨SP⟩"),
    ("zero\u200bwidth", "zero⟨ZWSP⟩width"),
    ("e\u0301", "e⟨U+0301⟩"),
    ("bad \udce9 byte", "bad ⟨0xE9⟩ byte"),
    ("“typographic” — kept", "“typographic” — kept"),
])
def test_visible_spells_out_invisible_characters(text, shown):
    assert visible(text) == shown


def test_diff_notes_a_missing_final_newline():
    assert "final newline" in unified_diff("a\n", "a", "old", "new")
    assert unified_diff("same\n", "same\n", "old", "new") == ""
