"""WARC input (.warc, .warc.gz): the HTML of each response record, with its target URI and record
id. Read with FastWARC: a compiled reader several times faster than pure-Python ones, which
undoes transfer and content encodings (chunked, gzip) of the stored HTTP body for us."""
from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .record import ContainerReader, Record, UniqueNames, content_fingerprint, failed, over_limit

CHUNK = 1 << 16
INSTALL_HINT = "reading WARC files needs FastWARC: pip install 'cleaner-pages[warc]'"


class WarcReader(ContainerReader):
    name = "warc"
    suffixes = (".warc", ".warc.gz")

    def read(self, raw: BinaryIO, path: Path, base: str, field: str | None, max_bytes: int | None) -> Iterator[Record]:
        return warc_records(raw, path, base, max_bytes)


def warc_records(raw: BinaryIO, path: Path, base: str, max_bytes: int | None = None) -> Iterator[Record]:
    """HTML response records from an open binary file; `base` is the output folder name. A record
    whose block is over `max_bytes` is refused before it is read; a record cut short (the file ends
    before its Content-Length does) ends the file with a "truncated" error naming it."""
    origin = str(path)
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        yield failed(origin, "", "missing-dependency", INSTALL_HINT)
        return
    names = UniqueNames()
    ref = last_read = ""
    last_start = last_length = None
    try:
        # Every record type, so a file cut inside a record that is not read is noticed too.
        records = ArchiveIterator(raw, parse_http=False)
        for position, record in enumerate(records, 1):
            ref = record.record_id or f"record {position}"
            declared = record.content_length
            if record.record_type != WarcRecordType.response:
                if record.freeze() is not None and record.content_length < declared:
                    yield truncated(origin, ref, record.content_length, declared, last_read)
                    return
                last_read, last_start, last_length = ref, record.stream_pos, declared
                continue
            if max_bytes is not None and declared > max_bytes:
                yield failed(origin, ref, "too-large", over_limit(declared, max_bytes, "record"), declared)
                continue
            record.freeze()  # the block into memory (bounded above), which also tells its real length
            if record.content_length < declared:
                yield truncated(origin, ref, record.content_length, declared, last_read)
                return
            last_read, last_start, last_length = ref, record.stream_pos, declared
            record.parse_http(auto_decode="all")
            if "html" not in (record.http_content_type or "").lower():
                continue
            body = record.reader.read()
            url = record.headers.get("WARC-Target-URI") or None
            data = decode_declared(body, record.http_charset)
            name = f"{base}/{names(url or record.record_id, position)}"
            fingerprint = content_fingerprint(body, url, record.record_id)
            yield Record(origin, ref, name, fingerprint, declared, data=data, url=url, id=record.record_id, kind="html")
        if bytes_after(raw, path, last_start, last_length):
            yield truncated(origin, "", 0, 0, last_read)
    except Exception as exc:  # the reader raises plain exceptions on corrupt archives
        yield failed(origin, ref, "bad-warc", f"unreadable WARC after {ref or 'the start'}: {exc}")


def bytes_after(raw: BinaryIO, path: Path, start: int | None, length: int | None) -> bool:
    """Whether the file goes on past the end of its last whole record: the reader stops without a
    word at a record whose headers are cut short."""
    size = os.fstat(raw.fileno()).st_size
    if start is None or length is None:  # no whole record read (the two are set together)
        return size > 0
    raw.seek(start)
    if path.name.lower().endswith(".gz"):  # one gzip member per record: is there one more?
        inflate = zlib.decompressobj(31)
        while not inflate.eof:
            chunk = raw.read(CHUNK)
            if not chunk:
                return True  # the last record's own member is cut short
            inflate.decompress(chunk)
        return bool(inflate.unused_data.strip(b"\x00") or raw.read(1))
    head = raw.read(CHUNK)
    end_of_headers = head.find(b"\r\n\r\n")
    if end_of_headers < 0:
        return True
    record_end = start + end_of_headers + 4 + length
    raw.seek(record_end)
    return bool(raw.read(CHUNK).strip(b"\r\n"))


def truncated(origin: str, ref: str, read: int, declared: int, last_read: str) -> Record:
    """The error for a file cut short inside a record (`ref` and its byte counts, when its headers
    were read), naming the last whole record read."""
    after = f"after {last_read}" if last_read else "at its first record"
    inside = f"the file ends inside this record ({read:,} of its {declared:,} bytes); " if ref else "the file ends inside a record's headers; "
    return failed(origin, ref, "truncated", f"{inside}the archive is cut short {after}", read)


def decode_declared(body: bytes, charset: str | None) -> bytes | str:
    """The HTTP header's charset wins over the page's own declaration (as in browsers); when it is
    missing or wrong the bytes go to the cleaner, which detects the encoding itself."""
    if not charset:
        return body
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return body
