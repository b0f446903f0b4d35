"""Finding and reading input pages: single files, folder trees, stdin."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text")


@dataclass(frozen=True, slots=True)
class PageSource:
    """One input page: where it came from and its name relative to the input root."""

    path: Path
    relative: Path


class InputError(Exception):
    """An input path that cannot be read; the message names it, `reason` says why without it."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


def iter_pages(root: Path, pattern: str | None = None) -> Iterator[PageSource]:
    """Pages under `root` (a file or a folder tree), in a stable order."""
    if not root.exists():
        raise InputError(f"{root}: no such file or folder")
    if root.is_file():
        yield PageSource(root, Path(root.name))
        return
    candidates = root.rglob(pattern) if pattern else root.rglob("*")
    for path in sorted(candidates):
        if path.is_file() and not path.name.startswith(".") and (pattern or path.suffix.lower() in PAGE_SUFFIXES):
            yield PageSource(path, path.relative_to(root))


def read_page(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        raise InputError(f"{path}: {reason}", reason) from exc
