"""pytest plugin (entry point `pytest11`): one golden test per seed page in your own test suite.

Any test that takes the `golden_case` fixture runs once per seed:

    def test_golden(golden_case):
        golden_case.check()            # text byte for byte, and the metadata golden when present

Folders come from the ini options `golden_seeds` / `golden_dir` (relative to the rootdir; defaults
seeds and golden) or the command-line options `--golden-seeds` / `--golden-dir`; rule packs from
`golden_rules`, `golden_disable`, `golden_profile`. `pytest --golden-update` rewrites the goldens
that differ instead of failing and lists them at the end for review; it is refused when the CI
environment variable is set. The library is imported only when a golden test runs, so the plugin
costs nothing to suites that do not use it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

_UPDATED = pytest.StashKey[list]()
_COMPARED = pytest.StashKey[dict]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cleaner-golden", "cleaner golden tests (seeds -> golden)")
    group.addoption("--golden-update", action="store_true", default=False,
                    help="rewrite goldens that differ from the cleaned seeds (refused in CI); review before committing")
    group.addoption("--golden-seeds", default=None, help="folder of seed pages (overrides ini golden_seeds)")
    group.addoption("--golden-dir", default=None, help="folder of golden outputs (overrides ini golden_dir)")
    parser.addini("golden_seeds", "folder of seed pages, relative to the rootdir", default="seeds")
    parser.addini("golden_dir", "folder of golden outputs, relative to the rootdir", default="golden")
    parser.addini("golden_rules", "extra rule pack files or folders, relative to the rootdir", type="linelist", default=[])
    parser.addini("golden_disable", "rule ids to switch off", type="linelist", default=[])
    parser.addini("golden_profile", "cleaning profile", default="default")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_UPDATED] = []
    config.stash[_COMPARED] = {}
    if config.getoption("golden_update"):
        from .golden import CI_REFUSAL, running_in_ci

        if running_in_ci():
            raise pytest.UsageError(f"--golden-update: {CI_REFUSAL}")


def _folder(config: pytest.Config, option: str, ini: str) -> Path:
    given = config.getoption(option)
    if given:
        return Path(given).resolve()
    return (config.rootpath / config.getini(ini)).resolve()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "golden_case" not in metafunc.fixturenames:
        return
    from .golden import find_seeds

    config = metafunc.config
    seeds = _folder(config, "golden_seeds", "golden_seeds")
    golden = _folder(config, "golden_dir", "golden_dir")
    try:
        cases = find_seeds(seeds, golden)
    except FileNotFoundError as exc:
        raise pytest.Collector.CollectError(
            f"golden tests: {exc} (set golden_seeds in your pytest ini or pass --golden-seeds)"
        ) from None
    metafunc.parametrize("golden_case", cases, ids=[case.name for case in cases], indirect=True)


@pytest.fixture(scope="session")
def golden_cleaner(pytestconfig: pytest.Config):
    """The Cleaner the golden tests use, built once from the golden_* ini options."""
    from .api import Cleaner

    root = pytestconfig.rootpath
    return Cleaner(
        extra_rules=[root / p for p in pytestconfig.getini("golden_rules")],
        disable=pytestconfig.getini("golden_disable"),
        profile=pytestconfig.getini("golden_profile"),
    )


class GoldenCase:
    """One seed under test: `check()`, or `assert_text()` and `assert_metadata()` separately."""

    def __init__(self, case, cleaner, config: pytest.Config):
        self.case = case
        self.seed = case.seed
        self._cleaner = cleaner
        self._config = config
        self._update = config.getoption("golden_update")
        tw = config.get_terminal_writer() if config.pluginmanager.has_plugin("terminalreporter") else None
        self._colour = bool(tw and tw.hasmarkup)

    @property
    def comparison(self):
        from .golden import compare

        cache = self._config.stash[_COMPARED]
        if self.seed not in cache:
            cache[self.seed] = compare(self._cleaner, self.case)
        return cache[self.seed]

    def _rewrite(self, text: bool, metadata: bool) -> None:
        from .golden import write_golden

        written = write_golden(self.comparison, text=text, metadata=metadata)
        self._config.stash[_UPDATED].extend(written)

    def assert_text(self) -> None:
        comparison = self.comparison
        if comparison.missing or not comparison.text_matches:
            if self._update:
                self._rewrite(text=True, metadata=False)
                return
            if comparison.missing:
                pytest.fail(f"no golden for {self.case.name}: write and review {self.case.golden_text}", pytrace=False)
            pytest.fail(f"{self.case.name}: cleaned text differs from its golden\n" + comparison.text_diff(self._colour),
                        pytrace=False)

    def assert_metadata(self, skip_when_absent: bool = True) -> None:
        comparison = self.comparison
        if comparison.expected_metadata is None:
            if skip_when_absent:
                pytest.skip("no metadata golden for this seed")
            return
        if comparison.metadata_matches:
            return
        if self._update and not comparison.metadata_error:
            self._rewrite(text=False, metadata=True)
            return
        pytest.fail(f"{self.case.name}: metadata differs from its golden\n" + comparison.metadata_diff(self._colour),
                    pytrace=False)

    def check(self) -> None:
        self.assert_text()
        self.assert_metadata(skip_when_absent=False)


@pytest.fixture
def golden_case(request: pytest.FixtureRequest, golden_cleaner) -> GoldenCase:
    return GoldenCase(request.param, golden_cleaner, request.config)


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    updated = config.stash.get(_UPDATED, [])
    if updated:
        terminalreporter.section("golden files updated: review them line by line before committing")
        for path in updated:
            terminalreporter.write_line(str(path))
