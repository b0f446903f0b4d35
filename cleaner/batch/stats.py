"""The figures of a run (BatchStats): the merged counters of its tasks, pages skipped as up to
date, errors by kind; the summary and --stats show them (cleaner.batch_report)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from .task import Outcome

# How many flagged pages and errors the stats keep as examples (errors.jsonl lists them all).
FLAGGED_SAMPLE = 50
ERRORS_SAMPLE = 20


@dataclass
class BatchStats:
    pages_read: int = 0
    skipped: int = 0
    totals: Outcome = field(default_factory=Outcome)
    seconds: float = 0.0
    workers: int = 1
    engine: str = "local"
    out: str = ""
    errors_file: str | None = None
    interrupted: bool = False
    errors_by_kind: Counter = field(default_factory=Counter)
    site_rules: int | None = None  # rules learned by --learn-site-chrome (None: not learning)
    site_rules_file: str | None = None

    def merge(self, outcome: Outcome) -> None:
        t = self.totals
        t.pages += outcome.pages
        t.empty += outcome.empty
        t.failed += outcome.failed
        t.bytes_in += outcome.bytes_in
        t.bytes_out += outcome.bytes_out
        t.input_bytes += outcome.input_bytes
        t.rule_hits.update(outcome.rule_hits)
        t.flags.update(outcome.flags)
        t.flagged.extend(outcome.flagged[: max(0, FLAGGED_SAMPLE - len(t.flagged))])
        t.errors.extend(outcome.errors[: max(0, ERRORS_SAMPLE - len(t.errors))])

    def as_dict(self) -> dict[str, Any]:
        t = self.totals
        return {
            "version": __version__,
            "engine": self.engine,
            "workers": self.workers,
            "out": self.out,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "pages_read": self.pages_read,
            "pages_skipped_up_to_date": self.skipped,
            "pages_in": t.pages,
            "pages_out": t.pages - t.empty,
            "pages_empty": t.empty,
            "pages_failed": t.failed,
            "bytes_in": t.bytes_in,
            "bytes_out": t.bytes_out,
            "share_removed": round(1 - t.bytes_out / t.bytes_in, 4) if t.bytes_in else 0.0,
            "pages_per_second": round(t.pages / self.seconds, 2) if self.seconds else 0.0,
            "top_rules": dict(t.rule_hits.most_common(20)),
            "flagged": dict(t.flags),
            "flagged_pages": t.flagged,
            "errors_by_kind": dict(self.errors_by_kind),
            "site_rules_learned": self.site_rules,
            "site_rules_file": self.site_rules_file,
            "errors_file": self.errors_file,
            "errors": t.errors,
        }
