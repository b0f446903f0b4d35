"""Every page under seeds/ cleans to the file of the same relative name under golden/, byte for byte.

The comparison is the cleaner pytest plugin's (`golden_case`, one test per seed), the same one users
run on their own seeds; the folders are the plugin's defaults, seeds/ and golden/ at the rootdir.
"""

from project_paths import ROOT

from cleaner.golden import find_seeds


def test_there_are_seeds():
    assert len(find_seeds(ROOT / "seeds", ROOT / "golden")) >= 2


def test_the_plugin_compares_the_project_seeds(golden_cleaner, pytestconfig):
    assert pytestconfig.rootpath == ROOT, "golden tests must read this project's seeds/ and golden/"


def test_seed_matches_golden_text(golden_case):
    golden_case.assert_text()


def test_seed_matches_golden_metadata(golden_case):
    golden_case.assert_metadata()
