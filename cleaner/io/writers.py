"""Writing outputs atomically: a temporary file, fsync, then rename over the target.
A run killed at any moment leaves either the old file or the complete new one, never half.

The temporary file lives in the target's folder by default, or in `tmp_dir` (which must be on the
same file system) so that a batch can sweep the leftovers of a killed run from one place."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp creates files readable by the owner only; outputs get the usual mode (0644 under the
# common umask). Read once at import: os.umask can only be read by setting it.
FILE_MODE = 0o666 & ~_current_umask()


@contextlib.contextmanager
def atomic_writer(path: Path, tmp_dir: Path | None = None, fsync: bool = True) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces `path` only when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_dir if tmp_dir is not None else path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), FILE_MODE)
            if fsync:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, data: str | bytes, tmp_dir: Path | None = None, fsync: bool = True) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, tmp_dir, fsync) as handle:
        handle.write(payload)
