"""Output names from untrusted strings (record ids, URLs): one safe path component each, and a
join that refuses anything that would land outside the output root."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path, PurePosixPath

# Bytes, not characters: most file systems cap a name at 255 bytes; leave room for a suffix
# (".json"), a duplicate marker ("~123") and the temporary-file prefix of write_atomic.
MAX_NAME_BYTES = 160
_UNSAFE = re.compile(r"[^\w.\-]+")
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")
# Names Windows reserves for devices; a share mounted from Windows would refuse them.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


class UnsafePathError(ValueError):
    """A relative output path that would escape the output root."""


def safe_name(raw: str) -> str:
    """One path component made from `raw`: no separators, no `..`, no NUL or control characters,
    no leading dot, at most MAX_NAME_BYTES bytes (long names keep a hash of the whole so that
    different long ids stay different). A URL loses its scheme: "https://a.org/x?id=1" -> "a.org_x_id_1"."""
    text = unicodedata.normalize("NFC", _URL_SCHEME.sub("", raw.strip()))
    name = _UNSAFE.sub("_", text).strip("._ ")
    if name.lower().split(".")[0] in _RESERVED:
        name = "_" + name
    if not name:
        name = "_" + hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest() if raw else "_"
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_NAME_BYTES:
        digest = hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        head = encoded[: MAX_NAME_BYTES - len(digest) - 1].decode("utf-8", "ignore").rstrip("._")
        name = f"{head}-{digest}"
    return name


def safe_join(root: Path, relative: str | PurePosixPath) -> Path:
    """root / relative, or UnsafePathError when `relative` is absolute, climbs with `..`, holds a
    NUL, or resolves (through symlinks) outside root."""
    rel = PurePosixPath(relative)
    text = str(relative)
    if "\x00" in text or rel.is_absolute() or text.startswith(("/", "\\")) or ".." in rel.parts or not rel.parts:
        raise UnsafePathError(f"refusing output name {text!r}: it would leave the output folder")
    path = root.joinpath(*rel.parts)
    resolved_root = root.resolve()
    if not path.resolve().is_relative_to(resolved_root):
        raise UnsafePathError(f"refusing output name {text!r}: it resolves outside {root}")
    return path
