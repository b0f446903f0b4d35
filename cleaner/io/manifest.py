"""The manifest of a batch output: which output was made from which input fingerprint. Kept in
SQLite (standard library): lookups stay on disk, so memory does not grow with the corpus, and a
transaction is all or nothing, so a run killed at any moment loses at most its last few entries
(whose outputs are then simply made again, identically)."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Iterable

# Often enough that a killed run loses little finished work; WAL with synchronous=NORMAL makes
# a commit cheap (no fsync) yet safe when the process dies (only a power cut may lose the last ones).
COMMIT_EVERY_SECONDS = 0.2


class Manifest:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level="DEFERRED")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS outputs (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL)")
        self._db.commit()
        self._last_commit = time.monotonic()

    def fingerprint(self, key: str) -> str | None:
        row = self._db.execute("SELECT fingerprint FROM outputs WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def record(self, entries: Iterable[tuple[str, str]]) -> None:
        """Note outputs already written; committed every COMMIT_EVERY_SECONDS (and on close)."""
        self._db.executemany("INSERT OR REPLACE INTO outputs (key, fingerprint) VALUES (?, ?)", entries)
        if time.monotonic() - self._last_commit >= COMMIT_EVERY_SECONDS:
            self.commit()

    def forget(self, key: str) -> None:
        self._db.execute("DELETE FROM outputs WHERE key = ?", (key,))

    def commit(self) -> None:
        self._db.commit()
        self._last_commit = time.monotonic()

    def close(self) -> None:
        self.commit()
        self._db.close()
