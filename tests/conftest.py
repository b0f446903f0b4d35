from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_bench() -> Path:
    bench = SHARED / "bench"
    if not bench.is_dir():
        pytest.skip("benchmark data ../shared/bench is absent (only developers' and CI machines have it)")
    return bench
