"""Where a batch writes: the output (a folder tree, or one JSON Lines file) and its state folder
(manifest, segments, temporary files, the lock), checked before any work and held by one run at
a time; and the assembly of a JSON Lines output from its segments."""
from __future__ import annotations

import fcntl
import gzip
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..io.outpaths import OutputPathError, check_file_output, check_folder_output, shown
from ..io.writers import atomic_writer
from .options import BatchError


def jsonl_output(out: Path, fmt: str) -> bool:
    return fmt == "jsonl" or out.name.lower().endswith((".jsonl", ".jsonl.gz"))


def state_dir(out: Path, single_file: bool) -> Path:
    """Where the manifest, segments and temporary files live: inside a tree output, beside a file."""
    return out.parent / f".{out.name}.cleaner" if single_file else out / ".cleaner"


def errors_path(out: Path, single_file: bool) -> Path:
    if not single_file:
        return out / "errors.jsonl"
    stem = out.name[: -len(".gz")] if out.name.lower().endswith(".gz") else out.name
    stem = stem[: -len(".jsonl")] if stem.lower().endswith(".jsonl") else stem
    return out.parent / f"{stem}.errors.jsonl"


@dataclass(frozen=True)
class OutputLayout:
    """The paths of one output: `single_file` for a JSON Lines file, else a folder tree."""

    out: Path
    single_file: bool

    @property
    def state(self) -> Path:
        return state_dir(self.out, self.single_file)

    @property
    def tmp(self) -> Path:
        return self.state / "tmp"

    @property
    def segments(self) -> Path:
        return self.state / "segments"

    @property
    def errors_file(self) -> Path:
        return errors_path(self.out, self.single_file)

    def check(self, inputs: Sequence[str]) -> str | None:
        """Refuse, before any work, an output that would replace or mix with the inputs; a note
        to show when the output is allowed inside an input folder."""
        out = self.out
        try:
            if not self.single_file:
                return check_folder_output(out, inputs)
            ours = self.state.is_dir()
            check_file_output(out, inputs, "--out", reads=lambda path, folder: out.exists() and not ours)
        except OutputPathError as exc:
            raise BatchError(str(exc)) from exc
        return None

    @contextmanager
    def held(self) -> Iterator[None]:
        """The output and its state folder made, locked for this run, and the temporary files of
        a killed run swept (never a finished output); the lock goes when the block ends."""
        try:
            self._make_folders()
            lock = self._take_lock()
        except OSError as exc:
            raise BatchError(f"{self.out}: cannot write here: {exc.strerror or exc}") from exc
        try:
            try:
                shutil.rmtree(self.tmp, ignore_errors=True)
                self.tmp.mkdir(parents=True, exist_ok=True)
                self.segments.mkdir(exist_ok=True)
            except OSError as exc:
                raise BatchError(f"{self.out}: cannot write here: {exc.strerror or exc}") from exc
            yield
        finally:
            os.close(lock)

    def _make_folders(self) -> None:
        out = self.out
        if self.single_file:
            if out.is_dir():
                raise BatchError(f"{out}: is a folder; a .jsonl output must be a file")
            out.parent.mkdir(parents=True, exist_ok=True)
        else:
            if out.exists() and not out.is_dir():
                raise BatchError(f"{out}: exists and is not a folder")
            out.mkdir(parents=True, exist_ok=True)
        self.state.mkdir(parents=True, exist_ok=True)

    def _take_lock(self) -> int:
        """One run per output at a time: a second run would sweep the first one's temporary files.
        The lock is the operating system's, so it goes with the process however it ends."""
        fd = os.open(self.state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BatchError(f"{shown(self.out)}: busy: another cleaner run is writing to it; wait for it to end") from None
        return fd

    def assemble(self, plan: Path) -> None:
        """The JSONL output from the segments `plan` lists, in input order; gzip without a
        timestamp, so the same input always gives the same bytes."""
        out = self.out
        with atomic_writer(out, self.tmp) as handle:
            sink = gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) if out.name.lower().endswith(".gz") else handle
            with open(plan, encoding="utf-8") as segments:
                for line in segments:
                    path = self.segments / line.rstrip("\n")
                    if path.is_file():
                        with open(path, "rb") as segment:
                            shutil.copyfileobj(segment, sink)
            if sink is not handle:
                sink.close()
