"""The record model: one page to clean, wherever it came from (a page file, a JSON Lines record,
a WARC response), with the name its output gets and a fingerprint of its input; and `Reader`,
the base every input format implements (cleaner.io.readers chooses one by the file's suffix)."""
from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, ClassVar

from .naming import safe_name


class InputError(Exception):
    """An input path that cannot be read; the message names it, `reason` says why without it."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


def read_page(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        raise InputError(f"{path}: {reason}", reason) from exc


@dataclass(slots=True)
class Record:
    origin: str  # the input file, as the user can find it
    ref: str  # where in it: "line 12", a WARC record id; "" for a whole page file
    name: str  # relative output name (POSIX), without the format suffix
    fingerprint: str  # identity of the input: changes when the page changes
    size: int  # input bytes this record stands for (stats, progress)
    data: bytes | str | None = None  # the page, when the container held it (JSON Lines, WARC)
    path: str | None = None  # the page file to read instead, when `data` is None (in the worker)
    url: str | None = None
    id: str | None = None
    kind: str | None = None  # "html"/"text" when the container says so; None: detect
    error: str | None = None  # set when the record could not be read; error_kind names the kind
    error_kind: str = ""
    input: int = 0  # position of the input (command-line argument) it came from

    def page(self) -> bytes | str:
        """The page to clean: the record's own data, else its file read now (InputError when it
        cannot be, or when the record is a failed one that holds neither)."""
        if self.data is not None:
            return self.data
        if self.path is None:
            reason = self.error or "the record holds no page"
            raise InputError(f"{f'{self.origin} {self.ref}'.rstrip()}: {reason}", reason)
        return read_page(Path(self.path))


def content_fingerprint(*parts: bytes | str | None) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        chunk = b"\x00" if part is None else part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


def failed(origin: str, ref: str, kind: str, reason: str, size: int = 0) -> Record:
    return Record(origin, ref, "", "", size, error=reason, error_kind=kind)


def over_limit(size: int, max_bytes: int, what: str = "page") -> str:
    return f"not read: the {what} is {size:,} bytes, over the size limit of {max_bytes:,} (Limits.max_bytes)"


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


class Reader(ABC):
    """One input format: the file suffixes it takes and the records it reads from such a file."""

    name: ClassVar[str]  # "page", "jsonl", "warc"
    suffixes: ClassVar[tuple[str, ...]]  # lower case, with the dot: ".jsonl.gz"
    container: ClassVar[bool]  # many records per file, written into a folder named after it

    @abstractmethod
    def records(self, path: Path, rel: PurePosixPath, field: str | None, max_bytes: int | None,
                keep_suffix: bool) -> Iterator[Record]:
        """The records of the file at `path`; `rel` is its path below the input root, which the
        output names derive from (with the input suffix when `keep_suffix`)."""

    def takes(self, name: str) -> bool:
        return name.lower().endswith(self.suffixes)

    def stem(self, rel: PurePosixPath | str) -> str:
        """`rel` without this format's suffix (its case kept)."""
        text = rel.as_posix() if isinstance(rel, PurePosixPath) else rel
        for suffix in self.suffixes:
            if text.lower().endswith(suffix):
                return text[: -len(suffix)]
        return text


class ContainerReader(Reader):
    """A file of many records (JSON Lines, WARC): opened here, read as a stream by `read`; its
    records' output names sit in a folder named after the file without its suffix."""

    container = True

    def records(self, path: Path, rel: PurePosixPath, field: str | None, max_bytes: int | None,
                keep_suffix: bool) -> Iterator[Record]:
        try:
            raw = open(path, "rb")
        except OSError as exc:
            yield failed(str(path), "", "unreadable", f"cannot read: {exc.strerror or exc}")
            return
        with raw:
            yield from self.read(raw, path, rel.as_posix() if keep_suffix else self.stem(rel), field, max_bytes)

    @abstractmethod
    def read(self, raw: BinaryIO, path: Path, base: str, field: str | None, max_bytes: int | None) -> Iterator[Record]:
        """Records from the open file; `base` is the folder name their output names start with."""
