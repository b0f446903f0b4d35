"""textnorm's ASCII fast paths give what the general path gives, on real lines and on edges."""
from __future__ import annotations

import unicodedata

from project_paths import ROOT, SHARED

from cleaner import textnorm
from cleaner.rulebook.concept import fold


def _general_canonical(line: str) -> str:
    return textnorm._HSPACE.sub(" ", textnorm._INVISIBLE.sub("", line)).strip()


def _general_key(line: str) -> str:
    folded = unicodedata.normalize("NFKC", textnorm._INVISIBLE.sub("", line)).casefold()
    return " ".join(folded.split()).strip(textnorm.EDGE_DECORATION)


def _lines() -> list[str]:
    # The seeds and goldens (in every clone), and 40 flattened benchmark pages when ../shared is there.
    paths = sorted((ROOT / "seeds").rglob("*.txt")) + sorted((ROOT / "golden").rglob("*.txt"))
    paths += sorted((SHARED / "bench" / "scrapinghub" / "flat").glob("*.txt"))[:40]
    lines = [line for path in paths for line in path.read_text(encoding="utf-8", errors="replace").split("\n")]
    ascii_edges = ["", " ", "  a  b ", "a\tb", "a\x0bb", "a\x0cb", "a\rb", "a\x1cb", "a\x1fb", " a\n b ",
                   "\x1c a \x1d", "-- Follow US on: --", "A B", "…", "x\u00a0y", "x\u200by", "ﬁne", "Straße"]
    return list(dict.fromkeys(lines + ascii_edges + [chr(c) + "a" + chr(c) for c in range(128)]))


def test_canonical_whitespace_fast_path_is_the_general_one():
    lines = _lines()
    assert sum(1 for line in lines if line.isascii()) > 300  # the comparison means something
    textnorm.forget_lines()
    assert [line for line in lines if textnorm.canonical_whitespace(line) != _general_canonical(line)] == []


def test_match_key_fast_path_is_the_general_one():
    lines = _lines()
    textnorm.forget_lines()
    assert [line for line in lines if textnorm.match_key(line) != _general_key(line)] == []


def test_concept_fold_fast_path_is_the_general_one():
    lines = _lines()
    assert [line for line in lines if fold(line) != unicodedata.normalize("NFKC", line).casefold()] == []
