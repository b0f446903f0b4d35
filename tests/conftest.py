from pathlib import Path

import pytest
from project_paths import ROOT, SHARED


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_bench() -> Path:
    bench = SHARED / "bench"
    if not bench.is_dir():
        pytest.skip("benchmark data ../shared/bench is absent (only developers' and CI machines have it)")
    return bench


def pytest_collection_modifyitems(config, items):
    """Tests marked slow (long fuzz runs, huge inputs) run only when asked: `pytest -m slow`."""
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run by hand with `pytest -m slow`")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
