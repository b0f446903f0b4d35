"""decode: bytes to text (BOM, declared charset, detection), NFC, LF; and HTML-or-text detection."""
from __future__ import annotations

import codecs

import regex
from charset_normalizer import from_bytes

from ..document import Document
from ..textnorm import normalise_newlines, to_nfc

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", regex.I)
_HTML_START = regex.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article|section|p|main|span|table|ul|h[1-6])\b",
    regex.I | regex.S,
)
_TAG = regex.compile(r"</?(?:p|div|span|a|br|li|ul|table|tr|td|h[1-6]|article|section|img|script|meta)\b[^>]*>", regex.I)
# Text is taken as HTML when it is dense in tags even without a document head (fragments).
_MIN_TAGS_FOR_FRAGMENT = 5


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


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding used, warnings). Never raises on undecodable bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding, []
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

    def run(self, doc: Document) -> Document:
        if isinstance(doc.raw, bytes):
            text, encoding, warnings = decode_bytes(doc.raw)
            doc.metadata.setdefault("encoding", encoding)
            doc.warnings.extend(warnings)
        else:
            text = doc.raw
        text = to_nfc(normalise_newlines(text.replace("\x00", "")))
        doc.source = text
        if doc.kind is None:
            doc.kind = "html" if looks_like_html(text) else "text"
        return doc
