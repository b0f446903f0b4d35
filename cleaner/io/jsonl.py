"""JSON Lines input: one page per line, {"html": ...} or {"text": ...} (or the field --field
names), with optional "url" and "id". Plain or gzip-compressed; read as a stream."""
from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from .records import Record, UniqueNames, content_fingerprint, failed

DEFAULT_FIELDS = ("html", "text")


def jsonl_records(raw: BinaryIO, path: Path, base: str, field: str | None = None) -> Iterator[Record]:
    """Records from an open binary file; `base` is the output folder name for its records."""
    origin = str(path)
    names = UniqueNames()
    lineno = 0
    stream = gzip.GzipFile(fileobj=raw, mode="rb") if path.name.lower().endswith(".gz") else raw
    position = 0
    try:
        for lineno, line in enumerate(stream, 1):
            # Compressed bytes consumed so far: progress and stats count what is on disk.
            now = raw.tell()
            size, position = now - position, now
            if line.strip():
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
    key = next((f for f in fields if isinstance(obj.get(f), str)), None)
    if key is None:
        return failed(origin, ref, "missing-field", f"no string field {' or '.join(repr(f) for f in fields)}", size)
    record_id = obj.get("id")
    record_id = None if record_id is None else str(record_id)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    kind = key if key in DEFAULT_FIELDS else None
    data = obj[key]
    name = f"{base}/{names(record_id or url, lineno)}"
    return Record(origin, ref, name, content_fingerprint(data, url, kind, record_id), size, data=data, url=url, id=record_id, kind=kind)
