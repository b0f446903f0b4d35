"""Planning: which records need cleaning, grouped into tasks. A record whose output is up to date
(same input, same configuration fingerprint, the output still there with its size) is skipped;
the others go out in small tasks, or, for a JSON Lines output, in segments of consecutive records."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import TextIO

from .. import __version__
from ..api import Cleaner
from ..io.manifest import Manifest, NameClaims
from ..io.record import Record
from .layout import OutputLayout
from .ledger import Ledger
from .task import Segment, Task

# Records per task (tree output) and per segment (JSONL output), and input bytes per either:
# small enough to spread work evenly over workers, large enough to amortise the trip to a worker.
TASK_PAGES = 16
SEGMENT_PAGES = 256
TASK_BYTES = 4 << 20


def config_fingerprint(cleaner: Cleaner, fmt: str, field_name: str | None, kind: str | None) -> str:
    """Everything besides the input that decides an output: version, rules, profile, options."""
    rules = [[(f.name, getattr(rule, f.name)) for f in fields(rule) if f.name != "origin"] for rule in cleaner.rules]
    options = (fmt, field_name, kind) + ((cleaner.comments,) if cleaner.comments != "drop" else ())
    text = repr((__version__, rules, cleaner.profile, *options))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def combined(config: str, fingerprint: str) -> str:
    return hashlib.blake2b(f"{config}:{fingerprint}".encode(), digest_size=16).hexdigest()


class Planner:
    """Tasks for one run. `config` is the configuration's fingerprint; `several_inputs` says
    whether output names must be claimed across inputs; `plan_log` (JSONL output) lists the
    segments in input order, for the assembly at the end."""

    def __init__(self, layout: OutputLayout, fmt: str, config: str, several_inputs: bool,
                 manifest: Manifest, ledger: Ledger, plan_log: TextIO):
        self.layout = layout
        self.fmt = fmt
        self.config = config
        self.several_inputs = several_inputs
        self.manifest = manifest
        self.ledger = ledger
        self.plan_log = plan_log

    def tasks(self, records: Iterable[Record]) -> Iterator[Task]:
        """Tasks for the records whose output is missing or stale; the rest are counted as skipped."""
        if self.layout.single_file:
            return self._segment_tasks(records)
        return self._tree_tasks(records)

    def _tree_tasks(self, records: Iterable[Record]) -> Iterator[Task]:
        batch: list[Record] = []
        batch_bytes = 0
        out = self.layout.out
        # Within one input names are unique; two inputs may share one (a/x.html, b/x.html).
        claims = NameClaims(self.layout.tmp / "names.sqlite") if self.several_inputs else None
        for record in records:
            if record.error:
                self.ledger.reject(record)
                continue
            self.ledger.stats.pages_read += 1
            if claims is not None:
                record.name = claims.claim(record.name, record.input)
            record.fingerprint = combined(self.config, record.fingerprint)
            key = f"{record.name}.{self.fmt}"
            if self.manifest.up_to_date(key, record.fingerprint, out / key):
                self.ledger.skip(1, record.size)
                continue
            batch.append(record)
            batch_bytes += record.size
            if len(batch) >= TASK_PAGES or batch_bytes >= TASK_BYTES:
                yield Task(batch, batch_bytes)
                batch, batch_bytes = [], 0
        if batch:
            yield Task(batch, batch_bytes)
        if claims is not None:
            claims.close()

    def _segment_tasks(self, records: Iterable[Record]) -> Iterator[Task]:
        """JSONL output: runs of consecutive records from one input file (or, for page files, one
        folder) form segments; a segment is skipped when its records are all unchanged."""
        group: str | None = None
        index = 0
        batch: list[Record] = []
        batch_bytes = 0
        for record in records:
            if record.error:
                self.ledger.reject(record)
                continue
            self.ledger.stats.pages_read += 1
            record_group = record.origin if record.path is None else str(Path(record.origin).parent)
            if batch and (record_group != group or len(batch) >= SEGMENT_PAGES or batch_bytes >= TASK_BYTES):
                yield from self._segment(f"{group}#{index}", batch, batch_bytes)
                index = index + 1 if record_group == group else 0
                batch, batch_bytes = [], 0
            group = record_group
            batch.append(record)
            batch_bytes += record.size
        if batch:
            yield from self._segment(f"{group}#{index}", batch, batch_bytes)

    def _segment(self, key: str, batch: list[Record], batch_bytes: int) -> Iterator[Task]:
        digest = hashlib.blake2b(self.config.encode(), digest_size=16)
        for record in batch:
            digest.update(record.fingerprint.encode())
        fingerprint = digest.hexdigest()
        path = self.layout.segments / f"{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}.jsonl"
        self.plan_log.write(f"{path.name}\n")  # a hex name: safe on one line whatever --out is called
        if self.manifest.up_to_date(key, fingerprint, path):
            self.ledger.skip(len(batch), batch_bytes)
        else:
            yield Task(list(batch), batch_bytes, Segment(str(path), key, fingerprint))
