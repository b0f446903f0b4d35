"""The input formats, chosen by a file's suffix: JSON Lines, WARC, else a page file. A new format
is a Reader (cleaner.io.record) added to READERS."""
from __future__ import annotations

from .jsonl import JsonlReader
from .pagefile import PAGE_SUFFIXES, PageFileReader
from .record import Reader
from .warc import WarcReader

__all__ = ["CONTAINERS", "PAGE_FILES", "PAGE_SUFFIXES", "READERS", "Reader", "container_kind", "known_input", "reader_for"]

PAGE_FILES = PageFileReader()
CONTAINERS: tuple[Reader, ...] = (JsonlReader(), WarcReader())
READERS: tuple[Reader, ...] = (*CONTAINERS, PAGE_FILES)


def reader_for(name: str) -> Reader:
    """The reader of a file name: a container format by its suffix, else the page-file reader
    (a --glob may pick a page file with any suffix)."""
    return next((reader for reader in CONTAINERS if reader.takes(name)), PAGE_FILES)


def container_kind(name: str) -> str | None:
    """"jsonl" or "warc" when the file holds many records; None for a page file."""
    reader = reader_for(name)
    return reader.name if reader.container else None


def known_input(name: str) -> bool:
    """Whether a walk without --glob takes the file: some reader names its suffix."""
    return any(reader.takes(name) for reader in READERS)
