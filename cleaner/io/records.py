"""Records: one page to clean, wherever it came from (a page file, a JSON Lines record, a WARC
response), with the name its output gets and a fingerprint of its input. `iter_records` streams
them from files and folders in a stable order, never holding the list of all pages."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from .naming import safe_name
from .readers import PAGE_SUFFIXES

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(slots=True)
class Record:
    origin: str  # the input file, as the user can find it
    ref: str  # where in it: "line 12", a WARC record id; "" for a whole page file
    name: str  # relative output name (POSIX), without the format suffix
    fingerprint: str  # identity of the input: changes when the page changes
    size: int  # input bytes this record stands for (stats, progress)
    data: bytes | str | None = None  # None: read `path` when cleaning (in the worker)
    path: str | None = None
    url: str | None = None
    id: str | None = None
    kind: str | None = None  # "html"/"text" when the container says so; None: detect
    error: str | None = None  # set when the record could not be read; error_kind names the kind
    error_kind: str = ""


def content_fingerprint(*parts: bytes | str | None) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        chunk = b"\x00" if part is None else part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


def container_kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    return None


def failed(origin: str, ref: str, kind: str, reason: str, size: int = 0) -> Record:
    return Record(origin, ref, "", "", size, error=reason, error_kind=kind)


class UniqueNames:
    """Makes record names unique within one container: a repeated id or URL gets "~<position>",
    so two records never race for one output file. Holds the names of one container only."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def __call__(self, raw: str | None, position: int) -> str:
        name = safe_name(raw) if raw else f"{position:08d}"
        if name in self._seen:
            name = f"{name}~{position}"
        self._seen.add(name)
        return name


def iter_records(
    inputs: Iterable[str | Path],
    pattern: str | None = None,
    field: str | None = None,
    exclude: Iterable[Path] = (),
    follow_symlinks: bool = False,
) -> Iterator[Record]:
    """Records from files and folders. Folders are walked in sorted order; without `pattern`
    only page files (.html, .txt, ...), JSON Lines and WARC files are taken. `exclude` holds
    paths never to read (the output, when it lies inside an input folder). Symbolic links that
    lead out of the input folder are skipped unless `follow_symlinks`."""
    skip = {Path(p).resolve() for p in exclude}
    for given in inputs:
        root = Path(given)
        if not root.exists():
            yield failed(str(root), "", "missing-input", "no such file or folder")
        elif root.is_file():
            yield from file_records(root, PurePosixPath(root.name), field)
        else:
            for path, rel in walk(root, pattern, skip, follow_symlinks):
                yield from file_records(path, rel, field)


def walk(
    root: Path, pattern: str | None, skip: set[Path], follow_symlinks: bool = False
) -> Iterator[tuple[Path, PurePosixPath]]:
    """Files under root in sorted order, one directory listing in memory at a time. Paths keep
    the form the root was given in; `skip` holds resolved paths, compared under the resolved root
    (one realpath per walk, not per file). A symbolic link is followed only when it resolves
    inside the root (or always, with `follow_symlinks`); a linked folder already visited is not
    entered again, so link loops end."""
    real_root = root.resolve()
    visited = {real_root}
    stack = [(root, real_root, PurePosixPath())]
    while stack:
        folder, real_folder, rel = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith(".") or real_folder / entry.name in skip:
                continue
            real_entry = real_folder / entry.name
            if entry.is_symlink():
                real_entry = Path(os.path.realpath(entry.path))
                if not follow_symlinks and not real_entry.is_relative_to(real_root):
                    continue
            if entry.is_dir():
                if real_entry in visited:
                    continue
                visited.add(real_entry)
                subfolders.append((folder / entry.name, real_entry, rel / entry.name))
            elif entry.is_file() and wanted(rel / entry.name, pattern):
                yield folder / entry.name, rel / entry.name
        # Depth first, in name order: reversed because the stack pops from the end.
        stack.extend(reversed(subfolders))


def wanted(rel: PurePosixPath, pattern: str | None) -> bool:
    if pattern:
        return rel.match(pattern)
    lower = rel.name.lower()
    return lower.endswith(PAGE_SUFFIXES) or container_kind(lower) is not None


def strip_container_suffix(rel: PurePosixPath) -> str:
    text = rel.as_posix()
    for suffix in (*JSONL_SUFFIXES, *WARC_SUFFIXES):
        if text.lower().endswith(suffix):
            return text[: -len(suffix)]
    return text


def file_records(path: Path, rel: PurePosixPath, field: str | None) -> Iterator[Record]:
    kind = container_kind(path.name)
    if kind is not None:
        from .jsonl import jsonl_records
        from .warc import warc_records

        try:
            raw = open(path, "rb")
        except OSError as exc:
            yield failed(str(path), "", "unreadable", f"cannot read: {exc.strerror or exc}")
            return
        with raw:
            base = strip_container_suffix(rel)
            yield from jsonl_records(raw, path, base, field) if kind == "jsonl" else warc_records(raw, path, base)
    else:
        try:
            stat = path.stat()
        except OSError as exc:
            yield failed(str(path), "", "unreadable", f"cannot read: {exc.strerror or exc}")
            return
        # A page file is "unchanged" when its size and modification time are: the planner need
        # not read it, and the worker that cleans it reads it (on its own node, under Ray).
        name = (rel.with_suffix("") if rel.suffix else rel).as_posix()
        yield Record(str(path), "", name, f"file:{stat.st_size}:{stat.st_mtime_ns}", stat.st_size, path=str(path))
