"""Page files: one page per file (.html, .txt, ...; any file a --glob picks), read by the worker
that cleans it, so the planner never holds its bytes."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .record import Reader, Record, failed, over_limit

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text")


class PageFileReader(Reader):
    name = "page"
    suffixes = PAGE_SUFFIXES
    container = False

    def records(self, path: Path, rel: PurePosixPath, field: str | None, max_bytes: int | None,
                keep_suffix: bool) -> Iterator[Record]:
        try:
            stat = path.stat()
        except OSError as exc:
            yield failed(str(path), "", "unreadable", f"cannot read: {exc.strerror or exc}")
            return
        if max_bytes is not None and stat.st_size > max_bytes:
            yield failed(str(path), "", "too-large", over_limit(stat.st_size, max_bytes), stat.st_size)
            return
        # A page file is "unchanged" when its size and modification time are: the planner need
        # not read it, and the worker that cleans it reads it (on its own node, under Ray).
        name = (rel.with_suffix("") if rel.suffix and not keep_suffix else rel).as_posix()
        yield Record(str(path), "", name, f"file:{stat.st_size}:{stat.st_mtime_ns}", stat.st_size, path=str(path))
