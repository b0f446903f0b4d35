"""Output names from record ids and URLs: one safe component each; nothing lands outside --out."""
import json

import pytest

from cleaner.io.naming import MAX_NAME_BYTES, UnsafePathError, safe_join, safe_name

HOSTILE = ["../../etc/passwd", "/etc/passwd", "..", ".", "", "a\x00b", "C:\\Windows\\system32", "~/.ssh/id_rsa",
           "x" * 5000, "ü" * 400, "con", "CON.txt", ".hidden", "a/../../b", "\\\\server\\share"]


@pytest.mark.parametrize("raw", HOSTILE)
def test_safe_name_is_one_harmless_component(raw):
    name = safe_name(raw)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert name not in (".", "..")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.split(".")[0].lower() != "con"


def test_urls_become_readable_names():
    assert safe_name("https://news.example/2025/06/story?id=7") == "news.example_2025_06_story_id_7"
    assert safe_name("Grüße aus Köln") == "Grüße_aus_Köln"


def test_long_names_stay_distinct():
    first, second = safe_name("a" * 500 + "1"), safe_name("a" * 500 + "2")
    assert first != second
    assert len(first.encode()) <= MAX_NAME_BYTES


def test_empty_and_dot_names_differ_from_each_other():
    assert len({safe_name(".."), safe_name("."), safe_name("...")}) == 3


@pytest.mark.parametrize("relative", ["../x.txt", "/abs/x.txt", "a/../../x.txt", "a\x00b.txt", ""])
def test_safe_join_refuses_escapes(tmp_path, relative):
    with pytest.raises(UnsafePathError):
        safe_join(tmp_path, relative)


def test_safe_join_refuses_a_symlink_out_of_the_root(tmp_path):
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside)
    with pytest.raises(UnsafePathError):
        safe_join(root, "link/x.txt")
    assert safe_join(root, "sub/x.txt") == root / "sub" / "x.txt"


def test_batch_with_hostile_ids_writes_only_inside_out(tmp_path):
    from cleaner.batch import Batch, BatchOptions

    page = "Officials said the new bridge will open in the spring after two years of work on the river crossing.\n"
    records = [{"id": raw, "text": page} for raw in HOSTILE] + [{"url": "file:///etc/shadow", "text": page}]
    source = tmp_path / "in" / "hostile.jsonl"
    source.parent.mkdir()
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    out = tmp_path / "out"
    stats = Batch(BatchOptions(inputs=(str(source),), out=out, workers=1)).run()
    assert stats.totals.failed == 0 and stats.totals.pages == len(records)
    written = {p for p in tmp_path.rglob("*")} - before
    assert all(p == out or out in p.parents for p in written)
    outputs = [p for p in (out / "hostile").iterdir()]
    assert len(outputs) == len(records)  # repeated names were made unique, none overwritten
    assert all(p.read_text(encoding="utf-8") == page for p in outputs)
