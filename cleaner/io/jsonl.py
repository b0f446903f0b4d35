"""JSON Lines input: one page per line, {"html": ...} or {"text": ...} (or the field --field
names), with optional "url" and "id". Plain or gzip-compressed; read as a stream."""
from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .record import ContainerReader, Record, UniqueNames, content_fingerprint, failed

DEFAULT_FIELDS = ("html", "text")


# A page within Limits.max_bytes characters can take up to six bytes per character once escaped
# ("\u00e9"); a line longer than this (plus room for the other fields) is refused unparsed.
ESCAPE_FACTOR = 6
OTHER_FIELDS_BYTES = 1 << 20
SKIP_CHUNK = 1 << 20


def line_limit(max_bytes: int | None) -> int | None:
    return None if max_bytes is None else max_bytes * ESCAPE_FACTOR + OTHER_FIELDS_BYTES


class JsonlReader(ContainerReader):
    name = "jsonl"
    suffixes = (".jsonl", ".jsonl.gz")

    def read(self, raw: BinaryIO, path: Path, base: str, field: str | None, max_bytes: int | None) -> Iterator[Record]:
        return jsonl_records(raw, path, base, field, max_bytes)


def jsonl_records(raw: BinaryIO, path: Path, base: str, field: str | None = None, max_bytes: int | None = None) -> Iterator[Record]:
    """Records from an open binary file; `base` is the output folder name for its records. A line
    over line_limit(max_bytes) is skipped as it is read, so memory stays bounded."""
    origin = str(path)
    names = UniqueNames()
    lineno = 0
    stream = gzip.GzipFile(fileobj=raw, mode="rb") if path.name.lower().endswith(".gz") else raw
    position = 0
    limit = line_limit(max_bytes)
    try:
        while True:
            line = stream.readline(limit + 1 if limit is not None else -1)
            if not line:
                break
            lineno += 1
            too_long = limit is not None and len(line) > limit and not line.endswith(b"\n")
            length = len(line)
            while too_long and not line.endswith(b"\n"):
                line = stream.readline(SKIP_CHUNK)
                length += len(line)
                if not line:
                    break
            # Compressed bytes consumed so far: progress and stats count what is on disk.
            now = raw.tell()
            size, position = now - position, now
            if too_long:
                yield failed(origin, f"line {lineno}", "too-large", (
                    f"not read: the line is {length:,} bytes, longer than a page within the size limit of "
                    f"{max_bytes:,} (Limits.max_bytes) can be"
                ), size)
            elif line.strip():
                yield parse_line(line, origin, lineno, base, field, names, size)
    except (OSError, EOFError, zlib.error) as exc:
        yield failed(origin, f"line {lineno + 1}", "bad-gzip", f"unreadable after line {lineno}: {exc}")


def parse_line(line: bytes, origin: str, lineno: int, base: str, field: str | None, names: UniqueNames, size: int) -> Record:
    ref = f"line {lineno}"
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return failed(origin, ref, "bad-json", f"not valid JSON: {exc}", size)
    if not isinstance(obj, dict):
        return failed(origin, ref, "bad-record", f"a record must be a JSON object, not {type(obj).__name__}", size)
    fields = (field,) if field else DEFAULT_FIELDS
    present = [f for f in fields if isinstance(obj.get(f), str)]
    # An empty "html" next to a non-empty "text" is a page in "text": the first non-empty one wins.
    key = next((f for f in present if obj[f]), present[0] if present else None)
    if key is None:
        return failed(origin, ref, "missing-field", f"no string field {' or '.join(repr(f) for f in fields)}", size)
    record_id = obj.get("id")
    record_id = None if record_id is None else str(record_id)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    kind = key if key in DEFAULT_FIELDS else None
    data = obj[key]
    name = f"{base}/{names(record_id or url, lineno)}"
    return Record(origin, ref, name, content_fingerprint(data, url, kind, record_id), size, data=data, url=url, id=record_id, kind=kind)
