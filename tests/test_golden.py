"""Every page under seeds/ cleans to the file of the same relative name under golden/, byte for byte."""
import json
from pathlib import Path

import pytest

from cleaner import clean

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "golden"
SEED_FILES = sorted(p for p in SEEDS.rglob("*") if p.is_file() and not p.name.startswith("."))


def golden_for(seed: Path, suffix: str) -> Path:
    return (GOLDEN / seed.relative_to(SEEDS)).with_suffix(suffix)


def test_there_are_seeds():
    assert len(SEED_FILES) >= 2


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: str(p.relative_to(SEEDS)))
def test_seed_matches_golden_text(seed: Path):
    expected = golden_for(seed, ".txt")
    assert expected.exists(), f"no golden for {seed.name}: write and review {expected}"
    result = clean(seed.read_bytes())
    assert result.text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: str(p.relative_to(SEEDS)))
def test_seed_matches_golden_metadata(seed: Path):
    expected = golden_for(seed, ".json")
    if not expected.exists():
        pytest.skip("no metadata golden for this seed")
    want = json.loads(expected.read_text(encoding="utf-8"))
    got = clean(seed.read_bytes()).as_dict()
    assert {key: got.get(key) for key in want} == want
