"""What a batch shows a person: a live progress bar on a terminal, and the summary at the end.

The bar uses rich (already installed with typer): it redraws in place at a fixed rate from its own
thread, computes rates and the ETA, and degrades cleanly on narrow terminals; nothing is drawn when
stderr is not a terminal or a CI variable is set, so logs stay clean."""
from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, TextIO

from .batch import BatchStats

if TYPE_CHECKING:
    from rich.progress import TaskID


def progress_wanted(stream: TextIO | None = None) -> bool:
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class BarProgress:
    """pages, MB read, pages/s, errors, and an ETA from the bytes of input done."""

    def __init__(self, stream: TextIO | None = None):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.fields[pages]:>9,} pages"),
            TextColumn("{task.fields[mb]:>9.1f} MB"),
            TextColumn("{task.fields[rate]:>7.1f} pages/s"),
            TextColumn("{task.fields[errors]:>5,} errors"),
            BarColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream or sys.stderr),
            transient=True,
            refresh_per_second=4,
        )
        self._task: TaskID | None = None
        self._started = time.monotonic()

    def start(self, total_bytes: int | None) -> None:
        self._started = time.monotonic()
        self._task = self._progress.add_task("clean", total=total_bytes or None, pages=0, mb=0.0, rate=0.0, errors=0)
        self._progress.start()

    def advance(self, stats: BatchStats) -> None:
        if self._task is None:  # advance() before start(): nothing drawn yet
            return
        done = stats.totals.pages + stats.skipped
        elapsed = max(time.monotonic() - self._started, 1e-6)
        self._progress.update(
            self._task,
            completed=stats.totals.input_bytes,
            pages=done,
            mb=stats.totals.input_bytes / 1e6,
            rate=stats.totals.pages / elapsed,
            errors=sum(stats.errors_by_kind.values()),
        )

    def stop(self) -> None:
        self._progress.stop()


def summary(stats: BatchStats) -> str:
    """The end-of-run summary, a few lines for a person (the same figures as --stats JSON)."""
    data = stats.as_dict()
    share = data["share_removed"]
    # Output can outgrow its input (text pages given a title line): say so rather than "-1.2% removed".
    change = f"{share:.1%} removed" if share >= 0 else f"output {-share:.1%} larger"
    lines = [
        f"{plural(data['pages_in'], 'page')} in ({mb(data['bytes_in'])}) -> {data['pages_out']:,} out ({mb(data['bytes_out'])}), "
        f"{change}; {data['pages_empty']:,} empty, "
        f"{data['pages_skipped_up_to_date']:,} up to date (skipped), {data['pages_failed']:,} failed; "
        f"{data['seconds']:.1f} s, {data['pages_per_second']:.1f} pages/s, {data['engine']} engine, {plural(data['workers'], 'worker')}"
    ]
    if data["site_rules_learned"] is not None:
        saved = f", saved to {data['site_rules_file']}" if data["site_rules_file"] else ""
        lines.append(f"site chrome: {plural(data['site_rules_learned'], 'rule')} learned (--learn-site-chrome){saved}")
    if data["top_rules"]:
        top = ", ".join(f"{rule} {hits:,}" for rule, hits in list(data["top_rules"].items())[:8])
        lines.append(f"top rules: {top}")
    if data["flagged"]:
        lines.append("flagged pages (over-cleaning guard, limits): " + ", ".join(f"{flag} {n:,}" for flag, n in data["flagged"].items()))
        lines.extend(f"  {page['file']} {page['record']}: {', '.join(page['flags'])}".rstrip() for page in data["flagged_pages"][:5])
    if data["errors_by_kind"]:
        kinds = ", ".join(f"{kind} {n:,}" for kind, n in sorted(data["errors_by_kind"].items()))
        lines.append(f"errors: {kinds} (all listed in {data['errors_file'] or 'errors.jsonl'})")
        for error in data["errors"][:10]:
            where = f"{error['file']} {error['record']}".rstrip()
            lines.append(f"  {where}: {error['kind']}: {error['reason']}")
    if stats.interrupted:
        lines.append("interrupted: finished outputs are kept; run the same command again to resume")
    return "\n".join(lines)


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def mb(count: int) -> str:
    return f"{count / 1e6:,.1f} MB" if count >= 100_000 else f"{count / 1e3:,.1f} kB"
