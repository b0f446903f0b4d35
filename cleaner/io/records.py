"""Records: one page to clean, wherever it came from (a page file, a JSON Lines record, a WARC
response), with the name its output gets and a fingerprint of its input. `iter_records` streams
them from files and folders in a stable order, never holding the list of all pages."""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

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
    input: int = 0  # position of the input (command-line argument) it came from


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
    max_bytes: int | None = None,
) -> Iterator[Record]:
    """Records from files and folders. Folders are walked in sorted order; without `pattern`
    only page files (.html, .txt, ...), JSON Lines and WARC files are taken. `exclude` holds
    paths never to read (the output, when it lies inside an input folder). Symbolic links that
    lead out of the input folder are skipped unless `follow_symlinks`. A folder that cannot be
    listed is a failed record. `max_bytes` (Limits.max_bytes) bounds what is read for one page:
    a larger page file or record is a failed record, refused before it is read."""
    skip = {Path(p).resolve() for p in exclude}
    for position, given in enumerate(inputs):
        root = Path(given)
        if not root.exists():
            found: Iterable[Record] = [failed(str(root), "", "missing-input", "no such file or folder")]
        elif root.is_file():
            found = file_records(root, PurePosixPath(root.name), field, max_bytes)
        else:
            found = folder_records(root, pattern, skip, follow_symlinks, field, max_bytes)
        for record in found:
            record.input = position
            yield record


def folder_records(root: Path, pattern, skip, follow_symlinks, field, max_bytes) -> Iterator[Record]:
    for found in walk(root, pattern, skip, follow_symlinks):
        if found.error:
            yield failed(str(found.path), "", "unreadable", found.error)
        else:
            yield from file_records(found.path, found.rel, field, max_bytes, found.keep_suffix)


@dataclass(frozen=True, slots=True)
class Found:
    """One file the walk takes, or a folder it could not list (`error` set)."""

    path: Path
    rel: PurePosixPath
    keep_suffix: bool = False  # a sibling would get the same output name: keep the input suffix
    error: str | None = None


def output_stem(name: str, is_dir: bool) -> tuple[str, str] | None:
    """What an entry's output is named after: a page file writes <stem>.txt, a JSON Lines or WARC
    file and a folder write into <stem>/; entries of a listing with the same key would collide."""
    if is_dir:
        return ("folder", name)
    if container_kind(name) is not None:
        return ("folder", strip_container_suffix(PurePosixPath(name)))
    stem = PurePosixPath(name).stem if PurePosixPath(name).suffix else name
    return ("page", stem)


def walk(root: Path, pattern: str | None, skip: set[Path], follow_symlinks: bool = False) -> Iterator[Found]:
    """Files under root in sorted order, one directory listing in memory at a time. Paths keep
    the form the root was given in; `skip` holds resolved paths, compared under the resolved root
    (one realpath per walk, not per file). A symbolic link is followed only when it resolves
    inside the root (or always, with `follow_symlinks`); a linked folder already visited is not
    entered again, so link loops end. Hidden entries are skipped, and so are the outputs of earlier
    runs: a folder holding a `.cleaner` state folder, a JSON Lines output with its `.NAME.cleaner`
    state folder beside it, and that output's `NAME.errors.jsonl`."""
    real_root = root.resolve()
    visited = {real_root}
    stack = [(root, real_root, PurePosixPath())]
    while stack:
        folder, real_folder, rel = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield Found(folder, rel, error=f"cannot list folder: {exc.strerror or exc}")
            continue
        names = {entry.name for entry in entries}
        taken: list[tuple[os.DirEntry, Path, bool]] = []
        for entry in entries:
            if entry.name.startswith(".") or real_folder / entry.name in skip or _own_output(entry.name, names):
                continue
            real_entry = real_folder / entry.name
            try:
                if entry.is_symlink():
                    real_entry = Path(os.path.realpath(entry.path))
                    if not follow_symlinks and not real_entry.is_relative_to(real_root):
                        continue
                is_dir = entry.is_dir()
                if is_dir and os.path.isdir(os.path.join(entry.path, ".cleaner")):
                    continue  # the output folder of an earlier run
            except OSError:
                continue
            if is_dir or (entry.is_file() and wanted(rel / entry.name, pattern)):
                taken.append((entry, real_entry, is_dir))
        stems = Counter(output_stem(entry.name, is_dir) for entry, _, is_dir in taken)
        subfolders = []
        for entry, real_entry, is_dir in taken:
            if is_dir:
                if real_entry in visited:
                    continue
                visited.add(real_entry)
                subfolders.append((folder / entry.name, real_entry, rel / entry.name))
            else:
                yield Found(folder / entry.name, rel / entry.name, stems[output_stem(entry.name, False)] > 1)
        # Depth first, in name order: reversed because the stack pops from the end.
        stack.extend(reversed(subfolders))


def _own_output(name: str, siblings: set[str]) -> bool:
    """A JSON Lines output of an earlier run, or its errors file (both have a state folder beside)."""
    if f".{name}.cleaner" in siblings:
        return True
    if name.lower().endswith(".errors.jsonl"):
        stem = name[: -len(".errors.jsonl")]
        return f".{stem}.jsonl.cleaner" in siblings or f".{stem}.jsonl.gz.cleaner" in siblings
    return False


def wanted(rel: PurePosixPath, pattern: str | None) -> bool:
    """Whether a file is an input: it matches --glob (case-insensitive, like the suffix test; a
    leading `**/` also matches at the top level), else it has a page, JSONL or WARC suffix."""
    if pattern:
        lowered, pattern = PurePosixPath(rel.as_posix().lower()), pattern.lower()
        if lowered.match(pattern):
            return True
        # PurePath.match (3.11) wants a folder for a leading "**/"; here it may stand for none.
        rest = pattern
        while rest.startswith("**/"):
            rest = rest[3:]
        return rest != pattern and bool(rest) and lowered.match(rest)
    lower = rel.name.lower()
    return lower.endswith(PAGE_SUFFIXES) or container_kind(lower) is not None


def walk_reads(path: Path, folder: Path, pattern: str | None) -> bool:
    """Whether walking `folder` would take `path` (both resolved) as an input."""
    rel = PurePosixPath(path.relative_to(folder).as_posix())
    return not any(part.startswith(".") for part in rel.parts) and wanted(rel, pattern)


def strip_container_suffix(rel: PurePosixPath) -> str:
    text = rel.as_posix()
    for suffix in (*JSONL_SUFFIXES, *WARC_SUFFIXES):
        if text.lower().endswith(suffix):
            return text[: -len(suffix)]
    return text


def file_records(
    path: Path, rel: PurePosixPath, field: str | None, max_bytes: int | None = None, keep_suffix: bool = False
) -> Iterator[Record]:
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
            base = rel.as_posix() if keep_suffix else strip_container_suffix(rel)
            if kind == "jsonl":
                yield from jsonl_records(raw, path, base, field, max_bytes)
            else:
                yield from warc_records(raw, path, base, max_bytes)
    else:
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


def over_limit(size: int, max_bytes: int, what: str = "page") -> str:
    return f"not read: the {what} is {size:,} bytes, over the size limit of {max_bytes:,} (Limits.max_bytes)"
