"""The manifest of a batch output: which output was made from which input fingerprint, and its
size (an output cut short by a power cut, when outputs are not fsynced, is then made again). Kept in
SQLite (standard library): lookups stay on disk, so memory does not grow with the corpus, and a
transaction is all or nothing, so a run killed at any moment loses at most its last few entries
(whose outputs are then simply made again, identically)."""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

# Often enough that a killed run loses little finished work; WAL with synchronous=NORMAL makes
# a commit cheap (no fsync) yet safe when the process dies (only a power cut may lose the last ones).
COMMIT_EVERY_SECONDS = 0.2


class Manifest:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level="DEFERRED")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(outputs)")]
        if columns and columns != ["key", "fingerprint", "size"]:
            self._db.execute("DROP TABLE outputs")  # another layout: forget it, outputs are remade
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS outputs (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, size INTEGER NOT NULL)"
        )
        self._db.commit()
        self._last_commit = time.monotonic()

    def up_to_date(self, key: str, fingerprint: str, path: Path) -> bool:
        """True when `path` was made from `fingerprint` and still has the size it was written with."""
        row = self._db.execute("SELECT fingerprint, size FROM outputs WHERE key = ?", (db_key(key),)).fetchone()
        if row is None or row[0] != fingerprint:
            return False
        try:
            return path.stat().st_size == row[1]
        except OSError:
            return False

    def record(self, entries: Iterable[tuple[str, str, int]]) -> None:
        """Note outputs already written (key, fingerprint, size in bytes); committed every
        COMMIT_EVERY_SECONDS and on close."""
        rows = ((db_key(key), fingerprint, size) for key, fingerprint, size in entries)
        self._db.executemany("INSERT OR REPLACE INTO outputs (key, fingerprint, size) VALUES (?, ?, ?)", rows)
        if time.monotonic() - self._last_commit >= COMMIT_EVERY_SECONDS:
            self.commit()

    def commit(self) -> None:
        self._db.commit()
        self._last_commit = time.monotonic()

    def close(self) -> None:
        self.commit()
        self._db.close()


def db_key(key: str) -> str | bytes:
    """A key SQLite can store: a name from a file name that is not UTF-8 (surrogate escapes) is
    kept as its bytes, so it stays distinct and is found again on the next run."""
    try:
        key.encode("utf-8")
        return key
    except UnicodeEncodeError:
        return key.encode("utf-8", "surrogatepass")


class NameClaims:
    """Output names taken so far in one run, on disk (memory stays flat): a name an earlier input
    (in command-line order) already took gets "~<input number>", so two inputs never share an output."""

    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE names (name PRIMARY KEY, input INTEGER NOT NULL)")

    def claim(self, name: str, position: int) -> str:
        """`name` for the input at `position` (0-based), or a numbered name when another input has it."""
        candidate = name
        while True:
            row = self._db.execute("SELECT input FROM names WHERE name = ?", (db_key(candidate),)).fetchone()
            if row is None:
                self._db.execute("INSERT INTO names (name, input) VALUES (?, ?)", (db_key(candidate), position))
                return candidate
            if row[0] == position:
                return candidate
            candidate = f"{name}~{position + 1}" if candidate == name else f"{candidate}~{position + 1}"

    def close(self) -> None:
        self._db.close()
