"""WARC input (.warc, .warc.gz): the HTML of each response record, with its target URI and record
id. Read with FastWARC: a compiled reader several times faster than pure-Python ones, which
undoes transfer and content encodings (chunked, gzip) of the stored HTTP body for us."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Iterator

from .records import Record, UniqueNames, content_fingerprint, failed

INSTALL_HINT = "reading WARC files needs FastWARC: pip install 'cleaner-pages[warc]'"


def warc_records(raw: BinaryIO, path: Path, base: str) -> Iterator[Record]:
    """HTML response records from an open binary file; `base` is the output folder name."""
    origin = str(path)
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        yield failed(origin, "", "missing-dependency", INSTALL_HINT)
        return
    names = UniqueNames()
    ref = ""
    try:
        records = ArchiveIterator(raw, record_types=WarcRecordType.response, parse_http=True, auto_decode="all")
        for position, record in enumerate(records, 1):
            ref = record.record_id or f"record {position}"
            if "html" not in (record.http_content_type or "").lower():
                continue
            body = record.reader.read()
            url = record.headers.get("WARC-Target-URI") or None
            data = decode_declared(body, record.http_charset)
            name = f"{base}/{names(url or record.record_id, position)}"
            fingerprint = content_fingerprint(body, url, record.record_id)
            yield Record(origin, ref, name, fingerprint, record.content_length, data=data, url=url, id=record.record_id, kind="html")
    except Exception as exc:  # the reader raises plain exceptions on corrupt archives
        yield failed(origin, ref, "bad-warc", f"unreadable WARC after {ref or 'the start'}: {exc}")


def decode_declared(body: bytes, charset: str | None) -> bytes | str:
    """The HTTP header's charset wins over the page's own declaration (as in browsers); when it is
    missing or wrong the bytes go to the cleaner, which detects the encoding itself."""
    if not charset:
        return body
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return body
