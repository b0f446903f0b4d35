"""Walking the inputs: `iter_records` streams the records (cleaner.io.record) of files and
folders in a stable order, each file read by the reader its suffix chooses (cleaner.io.readers),
never holding the list of all pages."""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .readers import known_input, reader_for
from .record import Record, failed


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
    reader = reader_for(name)
    if reader.container:
        return ("folder", reader.stem(name))
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
    return known_input(rel.name)


def walk_reads(path: Path, folder: Path, pattern: str | None) -> bool:
    """Whether walking `folder` would take `path` (both resolved) as an input."""
    rel = PurePosixPath(path.relative_to(folder).as_posix())
    return not any(part.startswith(".") for part in rel.parts) and wanted(rel, pattern)


def file_records(
    path: Path, rel: PurePosixPath, field: str | None, max_bytes: int | None = None, keep_suffix: bool = False
) -> Iterator[Record]:
    return reader_for(path.name).records(path, rel, field, max_bytes, keep_suffix)
