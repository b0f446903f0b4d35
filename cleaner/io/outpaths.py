"""Checks on where a command writes, made before any work: an output must never replace, contain
or land among the inputs, and a file output must not be a folder."""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


class OutputPathError(ValueError):
    """An output path that would overwrite or mix with an input; the message names both."""


def shown(path: str | Path) -> str:
    """A path as text a person (and a JSON or UTF-8 file) can take: bytes of a file name that are
    not UTF-8 appear as \\xNN instead of breaking the output."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def _inputs(inputs: Iterable[str | Path]) -> list[tuple[str, Path]]:
    return [(str(given), _real(given)) for given in inputs if str(given) != "-" and os.path.lexists(given)]


def check_file_output(out: Path, inputs: Iterable[str | Path], option: str, *, reads=None) -> None:
    """A file output (--stats, --html, mine --out, a JSONL --out): not a folder, not an input, not
    inside an input folder where the walk would read it (`reads(path, folder)` says whether it would)."""
    if out.is_dir():
        raise OutputPathError(f"{option} {shown(out)}: is a folder; give a file name")
    real = _real(out)
    for given, real_input in _inputs(inputs):
        if real == real_input:
            raise OutputPathError(f"{option} {shown(out)}: is an input; choose another file")
        if real_input.is_dir() and real.is_relative_to(real_input) and (reads is None or reads(real, real_input)):
            raise OutputPathError(
                f"{option} {shown(out)}: is inside the input folder {shown(given)} and would be read as input; choose a path outside it"
            )


def check_folder_output(out: Path, inputs: Iterable[str | Path], option: str = "--out") -> str | None:
    """A folder output (--out of a batch): not an input, not holding an input. Inside an input
    folder it is allowed while it is new or a previous output (it has the state folder): it is then
    left out of the walk, so no output can replace an input. Returns a note to show in that case."""
    if out.exists() and not out.is_dir():
        raise OutputPathError(f"{option} {shown(out)}: exists and is not a folder")
    real = _real(out)
    note = None
    for given, real_input in _inputs(inputs):
        if real == real_input:
            raise OutputPathError(f"{option} {shown(out)}: is an input; outputs would replace the pages they come from")
        if real_input.is_relative_to(real):
            raise OutputPathError(f"{option} {shown(out)}: holds the input {shown(given)}; choose a folder outside the inputs")
        if real_input.is_dir() and real.is_relative_to(real_input):
            if out.exists() and any(out.iterdir()) and not (out / ".cleaner").is_dir():
                raise OutputPathError(
                    f"{option} {shown(out)}: is a folder of other files inside the input folder {shown(given)}; "
                    "choose a new folder or one outside the inputs"
                )
            note = f"{shown(out)} is inside the input folder {shown(given)}; it is not read as input"
    return note
