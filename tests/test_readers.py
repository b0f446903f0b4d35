"""Readers: folders, JSON Lines (plain and gzip), WARC (plain and gzip), as streams of records."""
import gzip
import json

import pytest
from batch_corpus import html_page, warc_record, write_jsonl, write_warc

from cleaner.io.records import iter_records


def records(*paths, **kwargs):
    return list(iter_records([str(p) for p in paths], **kwargs))


@pytest.mark.parametrize("name", ["pages.jsonl", "pages.jsonl.gz"])
def test_jsonl_records_keep_id_url_and_order(tmp_path, name):
    path = write_jsonl(tmp_path / name, 3)
    found = records(path)
    assert [r.id for r in found[:3]] == ["rec-0", "rec-1", "rec-2"]
    assert found[0].url == "https://courier.example/news/0"
    assert found[0].kind == "html" and found[-1].kind == "text"
    assert found[0].data == html_page(0)
    assert [r.name for r in found[:2]] == ["pages/rec-0", "pages/rec-1"]
    assert all(r.error is None for r in found)
    assert [r.ref for r in found[:2]] == ["line 1", "line 2"]


def test_bad_lines_are_errors_with_their_line_number(tmp_path):
    lines = ["{not json", json.dumps([1, 2]), json.dumps({"id": "x", "body": "no page field"}), json.dumps({"text": "fine"})]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = records(path)
    assert [(r.ref, r.error_kind) for r in found] == [
        ("line 1", "bad-json"), ("line 2", "bad-record"), ("line 3", "missing-field"), ("line 4", "")]
    assert found[3].data == "fine"


def test_field_option_names_the_page_field(tmp_path):
    path = tmp_path / "custom.jsonl"
    path.write_text(json.dumps({"id": 7, "body": "<p>hello</p>", "html": "other"}) + "\n", encoding="utf-8")
    (found,) = records(path, field="body")
    assert found.data == "<p>hello</p>" and found.id == "7" and found.kind is None


def test_repeated_ids_get_distinct_names(tmp_path):
    path = tmp_path / "dupes.jsonl"
    path.write_text("\n".join(json.dumps({"id": "same", "text": f"page {i}"}) for i in range(3)) + "\n", encoding="utf-8")
    assert [r.name for r in records(path)] == ["dupes/same", "dupes/same~2", "dupes/same~3"]


def test_truncated_gzip_gives_the_records_before_and_one_error(tmp_path):
    whole = gzip.compress(("\n".join(json.dumps({"id": i, "text": f"page {i} " * 200}) for i in range(50)) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    found = records(path)
    good, bad = [r for r in found if not r.error], [r for r in found if r.error]
    assert good and len(good) < 50
    assert len(bad) == 1 and bad[0].error_kind == "bad-gzip"


def test_a_missing_input_is_an_error_record_not_an_exception(tmp_path):
    (found,) = records(tmp_path / "nope")
    assert found.error_kind == "missing-input" and "no such file" in found.error


def test_folders_are_walked_in_order_with_hidden_files_and_excluded_paths_skipped(tmp_path):
    for rel in ["b/2.html", "a/1.txt", "a/z.jsonl", ".git/x.html", "a/.hidden.html", "a/skip.png", "out/o.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"text": "x"}) if rel.endswith(".jsonl") else "x", encoding="utf-8")
    found = list(iter_records([tmp_path], exclude=[tmp_path / "out"]))
    assert [r.name for r in found] == ["a/1", "a/z/00000001", "b/2"]
    assert [r.name for r in iter_records([tmp_path], pattern="*.html")] == ["b/2"]


def test_page_files_are_read_lazily_with_a_stat_fingerprint(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    (found,) = records(page)
    assert found.data is None and found.path == str(page) and found.fingerprint.startswith("file:")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_response_records_with_html(tmp_path, name):
    pytest.importorskip("fastwarc", reason="WARC input needs the 'warc' extra (fastwarc)")
    found = records(write_warc(tmp_path / name, 3))
    assert [r.url for r in found] == [f"https://courier.example/warc/{i}" for i in range(3)]
    assert all(r.kind == "html" and r.id.startswith("<urn:uuid:") for r in found)
    assert found[0].data == html_page(0)
    assert found[0].name == "crawl/courier.example_warc_0"


def test_warc_bodies_are_decoded_from_gzip_and_chunked(tmp_path):
    pytest.importorskip("fastwarc", reason="WARC input needs the 'warc' extra (fastwarc)")
    body = html_page(5).encode("utf-8")
    zipped = warc_record("https://courier.example/z", gzip.compress(body), http_headers="Content-Encoding: gzip\r\n")
    size = f"{len(body):x}".encode()
    chunked_body = size + b"\r\n" + body + b"\r\n0\r\n\r\n"
    chunked = warc_record("https://courier.example/c", chunked_body, http_headers="Transfer-Encoding: chunked\r\n")
    path = tmp_path / "enc.warc"
    path.write_bytes(zipped + chunked)
    found = records(path)
    assert [r.data for r in found] == [html_page(5), html_page(5)]


def test_corrupt_warc_is_one_error(tmp_path):
    pytest.importorskip("fastwarc", reason="WARC input needs the 'warc' extra (fastwarc)")
    path = tmp_path / "bad.warc.gz"
    good = gzip.compress(warc_record("https://courier.example/ok", html_page(1).encode()))
    path.write_bytes(good + b"\x1f\x8b\x08garbage-not-gzip" * 3)
    found = records(path)
    assert found[0].url == "https://courier.example/ok" and found[0].error is None
    assert [r.error_kind for r in found[1:]] == ["bad-warc"]
    not_warc = tmp_path / "notes.warc"
    not_warc.write_bytes(b"this is not a WARC file\n" * 10)
    (only,) = records(not_warc)
    assert only.error_kind == "bad-warc" and "WARC" in only.error
