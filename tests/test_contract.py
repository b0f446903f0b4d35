"""The output contract holds for every seed: UTF-8, LF, NFC, one paragraph per line, one blank line
between paragraphs, no edge spaces, exactly one final newline, title first and once."""
import unicodedata
from pathlib import Path

import pytest
from project_paths import SEEDS

from cleaner import clean

SEED_FILES = sorted(p for p in SEEDS.rglob("*") if p.is_file())


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_output_contract(seed: Path):
    result = clean(seed.read_bytes())
    text = result.text
    assert text, "every seed has an article"
    assert "\r" not in text
    assert unicodedata.normalize("NFC", text) == text
    assert text.endswith("\n") and not text.endswith("\n\n")
    paragraphs = text[:-1].split("\n\n")
    for paragraph in paragraphs:
        assert paragraph and "\n" not in paragraph
        assert paragraph == paragraph.strip()
    title = result.metadata.get("title")
    if title:
        assert paragraphs[0] == title
        assert paragraphs.count(title) == 1
    text.encode("utf-8")


def test_metadata_never_in_text():
    seed = SEEDS / "000_408a3d0338c94663.txt"
    result = clean(seed.read_bytes())
    assert result.metadata["source"] == "BBC News"
    assert result.metadata["date"] == "2025-06-18"
    assert "BBC News18-06-2025" not in result.text
    assert "18-06-2025" not in result.text
