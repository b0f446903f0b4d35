"""decode: bytes to text (BOM, declared charset, detection), NFC, LF; and HTML-or-text detection.

Parameters (profiles.toml, [<profile>.params.decode]), the encoding repairs of
cleaner/stages/encoding_repair.py, both run before control characters are dropped:
- repair_mojibake: restore text that was UTF-8 read as cp1252/latin-1 upstream ("donâ€™t" -> "don’t");
- decode_text_entities: decode HTML entities left in text pages ("Tom &amp; Jerry"), unless the page
  shows markup or speaks of entities.
"""
from __future__ import annotations

import codecs
import re

import regex
from charset_normalizer import from_bytes

from ..document import Document
from ..textnorm import normalise_newlines, to_nfc
from .encoding_repair import EncodingRepair

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", regex.I)
# An XML prolog, comments and any doctype (with an internal subset, which is never expanded) may
# come before the first HTML tag.
_HTML_START = regex.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\b[^>\[]*(?:\[[^\]]*\])?[^>]*>\s*(?:<!--.*?-->\s*)*)?<(?:!doctype\s+html|html|head|body|meta|title|div|article|section|p|main|span|table|ul|h[1-6])\b",
    regex.I | regex.S,
)
_TAG = regex.compile(r"</?(?:p|div|span|a|br|li|ul|table|tr|td|h[1-6]|article|section|img|script|meta)\b[^>]*>", regex.I)
# Control characters are never text (C0 except tab, newlines and form feeds; C1): binary debris,
# dropped; the information separators and NEL separate words, so they become spaces.
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_SEPARATOR = regex.compile(r"[\x1c-\x1f\x85]")
# Both sets at once, with the standard library's engine: one scan that is several times faster
# than the two substitutions, which then run only on the rare page that has such a character.
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# File signatures of formats that are sometimes saved under a page's name.
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"), (b"BZh9", "bzip2 data"), (b"\xfd7zXZ\x00", "xz data"), (b"(\xb5/\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"), (b"\x7fELF", "an executable"), (b"wOFF", "a font"), (b"wOF2", "a font"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"\x00\x00\x01\x00", "an icon"),
)
_SNIFF_BYTES = 8192
# Share of control bytes in the first _SNIFF_BYTES above which the data is not text.
_MAX_CONTROL_SHARE = 0.05
# Decoded as UTF-16, real text has next to no format, private-use or unassigned characters.
_NOT_TEXT = regex.compile(r"[\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Cc}--[\t\n\r]]", regex.V1)
# Text is taken as HTML when it is dense in tags even without a document head (fragments).
_MIN_TAGS_FOR_FRAGMENT = 5


# trafilatura drops every non-printable character from extracted text, which glues the words
# on either side of an unassigned or private-use one ("0\ud7fc0" -> "00"; icon-font glyphs in
# "\ue800Share"). In HTML they become spaces first, so words stay apart.
_UNPRINTABLE_IN_HTML = regex.compile(r"[\p{Cn}\p{Co}]")


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def _drop_unprintable(html: str) -> str:
    """Unassigned and private-use characters become spaces. The property scan runs over the page's
    distinct non-ASCII characters, not the whole page (a page holds a few dozen, and the scan over
    all of it cost about 10 ms); the ASCII runs go first, in one C-level pass."""
    distinct = "".join(set(_ASCII_RUN.sub("", html)))
    found = set(_UNPRINTABLE_IN_HTML.findall(distinct))
    if not found:
        return html
    return html.translate({ord(ch): " " for ch in found})


# Half of a UTF-16 pair on its own is not a character; UTF-8 cannot encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """Drop control characters; information separators and NEL become spaces."""
    if not _ANY_CONTROL.search(text):
        return text
    return _SEPARATOR.sub(" ", _CONTROL.sub("", text))


def looks_like_html(text: str) -> bool:
    head = text[:20000]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head, overlapped=False)) >= _MIN_TAGS_FOR_FRAGMENT and head.lstrip().startswith("<")


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _signature(data: bytes) -> str | None:
    for signature, name in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media (WebP, WAV or AVI)"
    if data[4:8] == b"ftyp":
        return "an MP4/HEIF media file"
    return None


def _control_share(sample: bytes) -> float:
    """Share of control bytes among the non-NUL bytes (NUL padding or strays are stripped later).
    Random binary data has ~10% of its bytes in these ranges, text next to none."""
    nuls = sample.count(0)
    if nuls == len(sample):
        return 1.0 if sample else 0.0
    controls = sum(sample.count(bytes([b])) for b in (*range(1, 9), *range(14, 27), *range(28, 32)))
    return controls / (len(sample) - nuls)


def _utf16_or_32(sample: bytes) -> str | None:
    """The UTF-16/32 encoding of text saved without a byte order mark (it is often valid UTF-8
    too, NULs and all), or None. Asked only of data with NULs or control bytes."""
    best = from_bytes(sample).best()
    encoding = best.encoding if best is not None else None
    if not encoding or not encoding.startswith(("utf_16", "utf_32")):
        return None
    decoded = sample.decode(encoding, errors="replace")
    return encoding if len(_NOT_TEXT.findall(decoded)) < 0.02 * len(decoded) else None


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding used, warnings). Never raises on undecodable bytes.
    Binary data (images, archives...) gives no text and a warning saying what it is."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding, []
    found = _signature(data)
    if found:
        return "", "binary", [f"not a text page: the data is {found}; nothing to clean"]
    sample = data[:_SNIFF_BYTES]
    sample = sample[: len(sample) - len(sample) % 4]
    # UTF-16/32 of Latin text is half NULs, of other scripts full of control bytes; a few stray
    # NULs in a UTF-8 page are neither.
    suspicious = sample.count(0) > 0.25 * len(sample) or _control_share(sample) > _MAX_CONTROL_SHARE
    if suspicious:
        wide = _utf16_or_32(sample)
        if wide:
            return data.decode(wide, errors="replace"), wide, []
        if _control_share(sample) > _MAX_CONTROL_SHARE:
            what = "binary data" if sample.strip(b"\x00") else "binary data (NUL bytes only)"
            return "", "binary", [f"not a text page: the data is {what}; nothing to clean"]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared, []
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding, []
    return data.decode("utf-8", errors="replace"), "utf-8", ["undecodable bytes replaced with U+FFFD"]


class Decode:
    name = "decode"

    def __init__(self, repair_mojibake: bool = True, decode_text_entities: bool = True):
        self.repair = EncodingRepair(mojibake=repair_mojibake, text_entities=decode_text_entities)

    def run(self, doc: Document) -> Document:
        if isinstance(doc.raw, bytes):
            text, encoding, warnings = decode_bytes(doc.raw)
            doc.metadata.setdefault("encoding", encoding)
            doc.warnings.extend(warnings)
        else:
            text = doc.raw
            if _LONE_SURROGATE.search(text):  # str input (a JSON "\ud800") that no UTF-8 output can hold
                text = _LONE_SURROGATE.sub("\ufffd", text)
                doc.warnings.append("lone surrogate code points replaced with U+FFFD")
        text = normalise_newlines(text)
        clean = strip_controls(text)
        if doc.kind is None:
            doc.kind = "html" if looks_like_html(clean) else "text"
        # The repair reads the C1 controls that are part of mojibake ("â\x80\x99"), so it sees the
        # text before they are dropped.
        repaired, events = self.repair.run(text, doc.kind, self.name)
        if events:
            doc.repaired.extend(events)
            clean = strip_controls(repaired)
        text = to_nfc(clean)
        doc.source = text
        if doc.kind == "html" and not text.isascii():
            doc.source = _drop_unprintable(doc.source)
        return doc
