"""Where the project's own files are, for tests that read them (one definition; conftest's `root`
fixture returns the same ROOT)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "golden"
SHARED = ROOT.parent / "shared"
