"""What a batch tells about its progress while it runs: the interface a display implements
(cleaner.batch_report.BarProgress draws a bar), and NoProgress, which shows nothing."""
from __future__ import annotations

from typing import Protocol

from .stats import BatchStats


class Progress(Protocol):
    def start(self, total_bytes: int | None) -> None: ...

    def advance(self, stats: BatchStats) -> None: ...

    def stop(self) -> None: ...


class NoProgress:
    def start(self, total_bytes: int | None) -> None:
        pass

    def advance(self, stats: BatchStats) -> None:
        pass

    def stop(self) -> None:
        pass
