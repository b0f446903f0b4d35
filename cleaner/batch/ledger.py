"""The books of a running batch: every outcome (and every record that could not be read) is
counted in the stats, its errors appended to the errors log, its finished outputs noted in the
manifest, and the progress display told."""
from __future__ import annotations

import json
from typing import BinaryIO

from ..io.manifest import Manifest
from ..io.record import Record
from ..output import escape_surrogates
from .progress import Progress
from .stats import BatchStats
from .task import Outcome


class Ledger:
    def __init__(self, stats: BatchStats, errors_log: BinaryIO, manifest: Manifest, progress: Progress):
        self.stats = stats
        self._errors_log = errors_log
        self._manifest = manifest
        self._progress = progress

    def take(self, outcome: Outcome) -> None:
        """A task's outcome: its counters, its errors, its finished outputs."""
        self._count(outcome)
        self._manifest.record(outcome.done)
        self._progress.advance(self.stats)

    def reject(self, record: Record) -> None:
        """A record that could not be read: an error of its own, nothing to note in the manifest."""
        bad = Outcome(input_bytes=record.size)
        bad.add_error(record, record.error_kind, record.error or "")
        self.stats.pages_read += 1
        self._count(bad)
        self._progress.advance(self.stats)

    def skip(self, count: int, input_bytes: int) -> None:
        """Pages whose outputs are up to date."""
        self.stats.skipped += count
        self.stats.totals.input_bytes += input_bytes
        self._progress.advance(self.stats)

    def _count(self, outcome: Outcome) -> None:
        for error in outcome.errors:
            self.stats.errors_by_kind[error["kind"]] += 1
            self._errors_log.write((escape_surrogates(json.dumps(error, ensure_ascii=False)) + "\n").encode("utf-8"))
        self.stats.merge(outcome)
