"""What the prefilter tests check against: every shipped regex pattern, and the lines they must agree
on (every line of the seeds, and every rule example, kept or removed)."""

from project_paths import ROOT

from cleaner.rulebook import load_packs
from cleaner.textnorm import canonical_whitespace

PATTERNS = [p for pack in load_packs() for r in pack.rules if r.match == "regex" for p in r.patterns]
LINES = sorted(
    {
        canonical_whitespace(line)
        for seed in (ROOT / "seeds").rglob("*")
        if seed.is_file()
        for line in seed.read_text(encoding="utf-8", errors="replace").splitlines()
    }
    | {e for pack in load_packs() for r in pack.rules for e in (*r.examples_remove, *r.examples_keep)}
)
