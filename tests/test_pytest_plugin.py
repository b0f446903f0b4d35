"""The golden pytest plugin, run on a throwaway project with pytester: a wrong golden fails with a
visible diff, --golden-update rewrites it (and is refused in CI), and folders are configurable."""
import json

import pytest

pytest_plugins = ["pytester"]

PAGE = "Rain returns to the valley\n\nFollow us on:\n\nAfter three dry months, heavy rain fell across the valley on Sunday, the water authority said.\n"
CLEAN = "Rain returns to the valley\n\nAfter three dry months, heavy rain fell across the valley on Sunday, the water authority said.\n"
TEST_FILE = """
def test_golden(golden_case):
    golden_case.check()
"""


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(test_user_golden=TEST_FILE)
    (pytester.path / "seeds").mkdir()
    (pytester.path / "golden").mkdir()
    (pytester.path / "seeds" / "page.txt").write_text(PAGE, encoding="utf-8")
    return pytester


def test_plugin_is_loaded_through_its_entry_point(pytestconfig):
    plugin = pytestconfig.pluginmanager.get_plugin("cleaner")
    assert plugin is not None and plugin.__name__ == "cleaner.pytest_plugin"


def test_matching_golden_passes(project):
    (project.path / "golden" / "page.txt").write_text(CLEAN, encoding="utf-8")
    result = project.runpytest("-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*test_golden?page.txt? PASSED*"])


def test_wrong_golden_fails_with_a_visible_diff(project):
    # Differs only by a trailing space and an NBSP: invisible unless the diff shows them.
    wrong = CLEAN.replace("valley\n", "valley \n", 1).replace("three dry", "three\u00a0dry")
    (project.path / "golden" / "page.txt").write_text(wrong, encoding="utf-8")
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*page.txt: cleaned text differs from its golden*", "-Rain returns to the valley⟨SP⟩", "*three⟨NBSP⟩dry*"])


def test_missing_golden_fails(project):
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no golden for page.txt*"])


def test_wrong_metadata_golden_fails(project):
    (project.path / "golden" / "page.txt").write_text(CLEAN, encoding="utf-8")
    (project.path / "golden" / "page.json").write_text(json.dumps({"title": "Another title"}), encoding="utf-8")
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*metadata differs from its golden*", '*+  "title": "Rain returns to the valley"*'])


def test_golden_update_rewrites_and_lists_the_files(project):
    golden = project.path / "golden" / "page.txt"
    golden.write_text("stale\n", encoding="utf-8")
    result = project.runpytest("--golden-update")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*golden files updated*", f"*{golden}"])
    assert golden.read_text(encoding="utf-8") == CLEAN
    project.runpytest().assert_outcomes(passed=1)


def test_golden_update_is_refused_in_ci(project, monkeypatch):
    golden = project.path / "golden" / "page.txt"
    golden.write_text("stale\n", encoding="utf-8")
    monkeypatch.setenv("CI", "true")
    result = project.runpytest("--golden-update")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*refusing to update goldens in CI*"])
    assert golden.read_text(encoding="utf-8") == "stale\n"


def test_folders_come_from_ini_options(project):
    (project.path / "seeds").rename(project.path / "pages")
    (project.path / "golden").rename(project.path / "expected")
    (project.path / "expected" / "page.txt").write_text(CLEAN, encoding="utf-8")
    project.makeini("[pytest]\ngolden_seeds = pages\ngolden_dir = expected\n")
    project.runpytest().assert_outcomes(passed=1)


def test_folders_come_from_command_line_options(project):
    (project.path / "golden" / "page.txt").write_text("wrong\n", encoding="utf-8")
    other = project.path / "other-golden"
    other.mkdir()
    (other / "page.txt").write_text(CLEAN, encoding="utf-8")
    project.runpytest(f"--golden-dir={other}").assert_outcomes(passed=1)


def test_user_rule_pack_from_ini(project):
    rules = project.path / "my-rules"
    rules.mkdir()
    (rules / "site.toml").write_text(
        '[pack]\nid = "site"\nwhy = "Site chrome."\n\n[[rules]]\nid = "site.rain"\nwhy = "Test rule."\n'
        'match = "exact"\npattern = "Rain returns to the valley"\nexamples.remove = ["Rain returns to the valley"]\n'
        'examples.keep = ["Rain returns."]\n', encoding="utf-8")
    project.makeini("[pytest]\ngolden_rules = my-rules\n")
    (project.path / "golden" / "page.txt").write_text(CLEAN.split("\n\n", 1)[1], encoding="utf-8")
    project.runpytest().assert_outcomes(passed=1)


def test_missing_seeds_folder_is_a_clear_collection_error(project):
    project.makeini("[pytest]\ngolden_seeds = nowhere\n")
    result = project.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*nowhere: no such seeds folder*"])
    result.stdout.no_fnmatch_line("*Traceback*")
