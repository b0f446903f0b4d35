"""Hostile and broken input: every kind gives a clear result or message, never a crash or a hang.

Big inputs are generated at test time; the largest (50 MB on one line, 200 MB) are marked slow and
run by hand with `pytest -m slow`; each kind also has a test of sensible size in the normal run.
"""
import gzip
import json
import os
import subprocess
import sys
import time

import pytest

from cleaner import Cleaner, clean
from cleaner.limits import Limits
from cleaner.textnorm import match_key

PARA = (
    "The council met on Tuesday to discuss the new budget, which includes more money for schools, "
    "roads and the library that closed last year after the flood."
)
RUSSIAN = "Совет собрался во вторник, чтобы обсудить новый бюджет города, школы и дороги после наводнения."
JAPANESE = "議会は火曜日に新しい予算について話し合いました。学校と道路のための資金が増えます。"
CHINESE = "理事会周二开会讨论新的预算，其中包括为学校和道路提供更多资金，以及去年洪水后关闭的图书馆。"


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}<title>Budget</title></head><body><article><p>{body}</p></article></body></html>"


# --- not text at all --------------------------------------------------------------------------

@pytest.mark.parametrize("data, what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 20, "JPEG image"),
    (b"GIF89a" + bytes(range(256)) * 4, "GIF image"),
    (gzip.compress(page(PARA).encode()), "gzip"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 4, "PDF"),
    (os.urandom(20000), "binary data"),
    (b"\x00" * 5000, "NUL bytes only"),
])
def test_binary_data_named_html_gives_no_text_and_says_what_it_is(data, what):
    result = clean(data)
    assert result.text == ""
    assert any(what in warning and "not a text page" in warning for warning in result.warnings), result.warnings


@pytest.mark.parametrize("data", [b"", "", b"   \n\t\r\n  ", " \u00a0\u2003\n\n", "\ufeff", b"\xef\xbb\xbf"])
def test_empty_and_whitespace_only_give_empty_output_and_a_warning(data):
    result = clean(data)
    assert result.text == ""
    assert any("empty output" in warning for warning in result.warnings)


# --- encodings ----------------------------------------------------------------------------------

def test_invalid_utf8_is_replaced_not_fatal():
    data = f"{PARA} ".encode() + b"\xff\xfe\xc3\x28 broken \xe2\x82 tail. " + PARA.encode()
    result = clean(data)
    assert "The council met on Tuesday" in result.text


def test_mixed_utf8_and_latin1_keeps_the_readable_text():
    data = ("Café owners welcomed the decision, said the mayor. " * 3).encode() + (" Résumé naïve café. " * 3).encode("latin-1")
    result = clean(data)
    assert "welcomed the decision" in result.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("text", [PARA, RUSSIAN, CHINESE])
def test_utf16_and_utf32_with_and_without_bom(encoding, text):
    """'utf-16' writes a BOM; the -le/-be forms write none."""
    result = clean(page(text * 2).encode(encoding))
    assert text in result.text, (encoding, result.text[:200])


@pytest.mark.parametrize("encoding, text", [("windows-1251", RUSSIAN), ("shift_jis", JAPANESE), ("gb18030", CHINESE)])
def test_legacy_encoding_declared_in_meta(encoding, text):
    data = page(text * 2, f'<meta charset="{encoding}">').encode(encoding)
    result = clean(data)
    assert text in result.text
    assert result.metadata["encoding"].replace("_", "-") in (encoding, "cp1251", "shift-jis")


@pytest.mark.parametrize("encoding, declared, text", [
    ("windows-1251", "shift_jis", RUSSIAN),     # declared wrongly: undecodable as declared
    ("windows-1251", "x-no-such-charset", RUSSIAN),  # declared nonsense
    ("utf-8", "windows-1252", RUSSIAN),          # valid UTF-8 wins over a wrong declaration
])
def test_wrongly_declared_encoding_is_detected(encoding, declared, text):
    data = page(text * 3, f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">').encode(encoding)
    result = clean(data)
    assert text in result.text, result.text[:200]


def test_nul_bytes_are_dropped_and_the_text_kept():
    scattered = PARA.replace(" ", " \x00").encode()
    data = page(PARA).encode().replace(PARA.encode(), scattered) + b"\x00" * 3000
    result = clean(data)
    assert PARA in result.text
    assert "\x00" not in result.text
    assert "\x00" not in clean(PARA + "\x00\x00 " + PARA).text


def test_control_characters_never_reach_the_output():
    result = clean(("Alpha\x01\x02 beta\x1b gamma\x7f delta\x85 epsilon " + PARA + "\x1c\x1d").encode())
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in result.text)
    assert "Alpha beta gamma delta epsilon" in result.text


# --- size and shape -----------------------------------------------------------------------------

def test_long_single_line_of_two_megabytes():
    line = (PARA + " ") * (2_000_000 // len(PARA))
    started = time.monotonic()
    result = clean(line.encode())
    assert time.monotonic() - started < 30
    assert result.text.startswith("The council met")
    assert result.text.count("\n") == 1


def test_fifty_megabyte_line_is_refused_at_once_by_default(tmp_path):
    path = tmp_path / "line.txt"
    with open(path, "wb") as handle:
        chunk = (PARA + " ").encode() * 1000
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    started = time.monotonic()
    result = clean(path.read_bytes())
    assert time.monotonic() - started < 5
    assert result.text == "" and result.flags["limit"]["name"] == "max_bytes"
    assert any("Limits.max_bytes" in w for w in result.warnings)


@pytest.mark.slow
def test_fifty_megabyte_line_cleaned_when_the_size_limit_is_lifted():
    data = (PARA + " ").encode() * (50 * 1024 * 1024 // (len(PARA) + 1))
    result = Cleaner(limits=Limits(max_bytes=None, time_limit=None)).clean(data)
    assert result.text.startswith("The council met") and result.text.count("\n") == 1


def test_huge_page_over_the_limit_is_refused_quickly():
    data = page(PARA * 20).encode() * 2000  # ~ 2.2 MB
    result = Cleaner(limits=Limits(max_bytes=1024 * 1024)).clean(data)
    assert result.text == "" and result.flags["limit"]["name"] == "max_bytes"


@pytest.mark.slow
def test_two_hundred_megabyte_page(tmp_path):
    path = tmp_path / "huge.html"
    block = f"<div><p>{PARA}</p><span>menu</span></div>\n".encode() * 1000
    with open(path, "wb") as handle:
        handle.write(b"<html><body>")
        while handle.tell() < 200 * 1024 * 1024:
            handle.write(block)
    data = path.read_bytes()
    started = time.monotonic()
    result = clean(data)
    assert time.monotonic() - started < 5
    assert result.flags["limit"]["name"] == "max_bytes"


def test_deeply_nested_html_100000_levels():
    depth = 100_000
    for data in (
        "<html><body>" + "<div>" * depth + f"<p>{PARA}</p>" + "</div>" * depth + "</body></html>",
        "<html><body>" + "<div>" * depth + PARA,  # never closed
        "<html><body><p>" + "<b><i>" * depth + PARA,
    ):
        started = time.monotonic()
        result = clean(data)
        assert time.monotonic() - started < 10
        assert PARA in result.text
        assert result.flags["degraded"]["name"] == "max_depth"


@pytest.mark.parametrize("data", [
    "<html><body><div><p>" + PARA + "<p>unfinished <b",
    "<html><body><p>" + PARA + "</div></span></p></p></body></html></html>",
    "<html><body><table><tr><td><p>" + PARA + "</td></p></tr>",
    "<html><body><p>" + PARA + "<!-- never closed comment",
    "<<<<>>>><p>" + PARA + "</p><a href='x",
    "<html><body><p>" + PARA + "<" * 5000,
    "</p></div>" * 1000 + "<p>" + PARA + "</p>",
    "<p " + "a=" * 5000 + ">" + PARA,
])
def test_malformed_and_truncated_html_keeps_the_paragraph(data):
    result = clean(data)
    assert PARA in result.text
    assert result.warnings == ()


def test_a_paragraph_inside_an_unclosed_script_is_code_and_the_empty_page_is_reported():
    result = clean("<html><body><script>var x = '</p>" + PARA)
    assert result.text == ""
    assert "empty output: no article text found" in result.warnings


def test_external_entities_and_doctype_tricks_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE4711", encoding="utf-8")
    uri = secret.as_uri()
    pages = [
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{uri}">]><html><body><p>{PARA} &xxe;</p></body></html>',
        f'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "{uri}">]><html><body><p>{PARA} &xxe;</p></body></html>',
        f'<!DOCTYPE html SYSTEM "{uri}"><html><body><p>{PARA}</p></body></html>',
        f'<!DOCTYPE html [<!ENTITY % p SYSTEM "{uri}"> %p;]><html><body><p>{PARA}</p></body></html>',
        f'<html><body><p>{PARA}</p><iframe src="{uri}"></iframe><img src="{uri}"><link rel=stylesheet href="{uri}"></body></html>',
        f'<html><body><p>{PARA}</p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{uri}"/></body></html>',
    ]
    for data in pages:
        for kind in (None, "html", "text"):
            result = clean(data, kind=kind)
            assert "TOPSECRETVALUE4711" not in result.text
            assert "TOPSECRETVALUE4711" not in str(result.as_dict())


def test_entity_expansion_bomb_is_not_expanded():
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    ) + "]>"
    data = lol + f"<html><body><p>{PARA} &lol9;</p></body></html>"
    started = time.monotonic()
    result = clean(data)
    assert time.monotonic() - started < 5
    assert result.text.count("lol") < 100


def test_a_million_tiny_lines_are_refused_quickly():
    started = time.monotonic()
    result = clean(b"a\n" * 1_000_000)
    assert time.monotonic() - started < 5
    assert result.flags["limit"]["name"] == "max_lines"
    assert any("Limits.max_lines" in w for w in result.warnings)


def test_many_tiny_lines_under_the_limit_are_cleaned():
    lines = "\n".join(f"item {i}" for i in range(5000)) + "\n" + PARA
    result = clean(lines)
    assert PARA in result.text


# --- scripts and invisible characters -----------------------------------------------------------

def test_right_to_left_and_combining_text_is_kept_exactly():
    arabic = "قال المجلس يوم الثلاثاء إن الميزانية الجديدة تتضمن مزيدا من المال للمدارس والطرق والمكتبة العامة."
    hebrew = "המועצה התכנסה ביום שלישי כדי לדון בתקציב החדש, הכולל יותר כסף לבתי ספר, לכבישים ולספרייה."
    combining = "Cafe\u0301 owners in the old town said the new rules, which take effect on Monday, would help."
    result = clean("\n\n".join([arabic, "\u202bمرحبا\u202c", hebrew, combining]))
    assert arabic in result.text and hebrew in result.text
    assert "Café owners" in result.text  # NFC composes the accent, characters otherwise untouched
    assert clean(result.text).text == result.text


@pytest.mark.parametrize("chrome", [
    "Fol\u200blow us on:",
    "Follow\u200c us\u200d on:",
    "\ufeffFollow us on:",
    "Follow\u2060 us on\u00ad:",
])
def test_zero_width_characters_inside_chrome_phrases_do_not_hide_them(chrome):
    assert match_key(chrome) == match_key("Follow us on:")
    result = clean(f"{PARA}\n\n{chrome}\n")
    assert "Follow" not in result.text and "Fol" not in result.text.replace("following", "")
    assert [r.rule for r in result.removed if r.stage == "rules"] == ["social.follow-us"]


# --- through the command line: one bad file never stops the run --------------------------------

def test_cli_cleans_a_folder_of_bad_files_and_names_each_problem(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (inputs / "empty.html").write_bytes(b"")
    (inputs / "deep.html").write_text("<html><body>" + "<div>" * 50_000 + f"<p>{PARA}</p>")
    (inputs / "utf16.html").write_bytes(page(RUSSIAN * 2).encode("utf-16-le"))
    (inputs / "good.txt").write_text(PARA + "\n\nFollow us on:\n", encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "clean", str(inputs), "--out", str(out), "--format", "json"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr
    record = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert record["good"]["text"] == PARA + "\n"
    assert RUSSIAN in record["utf16"]["text"]
    assert PARA in record["deep"]["text"] and record["deep"]["flags"]["degraded"]["name"] == "max_depth"
    assert record["image"]["text"] == "" and any("PNG image" in w for w in record["image"]["warnings"])
    assert record["empty"]["text"] == ""
