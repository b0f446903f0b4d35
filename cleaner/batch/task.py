"""What a batch sends to a worker and gets back: the Cleaner's recipe (CleanerSpec), what every
worker shares (Job), a group of records (Task) and the counters of one task (Outcome)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..api import Cleaner, Result
from ..io.outpaths import shown
from ..io.record import Record
from ..limits import Limits


@dataclass(frozen=True)
class CleanerSpec:
    """How to build the Cleaner; picklable, so each worker process builds its own once."""

    extra_rules: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    profile: str = "default"
    time_limit: float | None = Limits.time_limit  # seconds per page (--time-limit); None: none
    comments: str = "drop"

    def build(self) -> Cleaner:
        return Cleaner(extra_rules=self.extra_rules, disable=self.disable, profile=self.profile,
                       limits=Limits(time_limit=self.time_limit), comments=self.comments)


@dataclass(frozen=True)
class Job:
    """What every worker needs besides its records."""

    cleaner: CleanerSpec
    fmt: str  # txt | json (tree) or jsonl (one file)
    out: str  # tree root, or the JSONL file
    tmp_dir: str  # temporary files, swept at start: a killed run leaves nothing half-written
    kind: str | None = None  # --kind: force html/text for every record
    time_limit: float | None = None  # seconds per page, enforced by page_timer


@dataclass(frozen=True)
class Segment:
    """JSONL output: the run of records a task writes to one file of the state folder."""

    path: str
    key: str  # its manifest key (input and position)
    fingerprint: str  # of the configuration and every record in it


@dataclass
class Task:
    records: list[Record]
    input_bytes: int
    segment: Segment | None = None  # JSONL output: the segment this task writes; None: a tree
    alone: bool = False  # rerun by itself after a worker died
    number: int = 0  # given by the pool runner, to name the task on the page clock
    timed_out: frozenset[int] = frozenset()  # pages (indexes) whose worker was ended for time: not run again


@dataclass
class Outcome:
    """Counters from one task (or the whole run, once merged)."""

    pages: int = 0
    empty: int = 0
    failed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    input_bytes: int = 0
    rule_hits: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    done: list[tuple[str, str, int]] = field(default_factory=list)  # manifest entries (key, fingerprint, size)

    def add_page(self, record: Record, result: Result, data: bytes | str) -> None:
        self.pages += 1
        self.bytes_in += len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
        self.bytes_out += len(result.text.encode("utf-8"))
        self.empty += not result.text
        self.rule_hits.update(removal.rule for removal in result.removed)
        raised = sorted(name for name, value in (getattr(result, "flags", None) or {}).items() if value)
        if raised:
            self.flags.update(raised)
            self.flagged.append({"file": shown(record.origin), "record": record.ref or record.id or "", "flags": raised})

    def add_error(self, record: Record, kind: str, reason: str) -> None:
        self.failed += 1
        self.errors.append({"file": shown(record.origin), "record": record.ref or (record.id or ""), "kind": kind, "reason": reason})


def alone(task: Task) -> list[Task]:
    """A task to rerun by itself: page by page for a tree, whole for a JSONL segment."""
    if task.segment is not None or len(task.records) == 1:
        return [replace(task, alone=True)]
    return [
        Task([record], record.size, alone=True, timed_out=frozenset({0}) if index in task.timed_out else frozenset())
        for index, record in enumerate(task.records)
    ]


def crashed(task: Task) -> Outcome:
    """The outcome of a task whose worker died on it: each of its pages is a "worker-crashed" error."""
    outcome = Outcome(input_bytes=task.input_bytes)
    for record in task.records:
        outcome.add_error(record, "worker-crashed", "the worker process died cleaning this page (a crash or out of memory)")
    return outcome
