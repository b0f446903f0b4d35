"""The batch engine: plan inputs -> clean in a runner's workers -> write outputs -> stats.

Records stream from the inputs (cleaner.io.records); the planner groups the ones whose output is
not up to date into small tasks; a runner (in-process, a local process pool, or Ray) cleans each
task in a worker that writes its outputs atomically and returns counters; the ledger folds the
counters into BatchStats and notes finished outputs in the manifest. At most a few tasks per
worker are in flight, so memory does not grow with the corpus.

Two output shapes:
- a folder tree: one file per page, <out>/<name>.txt|.json, one manifest entry per page;
- one JSON Lines file (--out x.jsonl or x.jsonl.gz): tasks write segments of consecutive records
  into a state folder beside it, one manifest entry per segment, and the file is assembled from
  the segments in input order at the end (atomically, so readers never see half of it).
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..io.manifest import Manifest
from ..io.outpaths import shown
from ..io.record import Record
from ..io.records import iter_records, walk
from ..io.writers import atomic_writer, write_atomic
from ..output import FORMATS
from .layout import OutputLayout, jsonl_output
from .ledger import Ledger
from .options import BatchError, BatchOptions
from .plan import Planner, config_fingerprint
from .progress import NoProgress, Progress
from .runners import InlineRunner, PoolRunner, Runner
from .stats import BatchStats
from .task import CleanerSpec, Job


@dataclass(frozen=True)
class LearnedChrome:
    """What the --learn-site-chrome pass gives the cleaning pass."""

    rules: int  # rules learned
    saved: str | None  # --save-site-rules, when given
    spec: CleanerSpec  # the Cleaner with the learned pack added (as given when none was learned)
    config: str  # the configuration fingerprint of that Cleaner


class Batch:
    """One batch run. `run()` returns BatchStats; raises BatchError when it cannot start."""

    def __init__(self, options: BatchOptions, runner: Runner | None = None, progress: Progress | None = None):
        self.options = options
        self.workers = options.workers or os.cpu_count() or 1
        self.runner = runner or (InlineRunner() if self.workers == 1 else PoolRunner(self.workers))
        self.progress = progress or NoProgress()
        self.layout = OutputLayout(options.out, jsonl_output(options.out, options.fmt))
        self.fmt = "jsonl" if self.layout.single_file else options.fmt
        if self.fmt not in FORMATS:
            raise BatchError(f"--format must be one of {', '.join(FORMATS)}, not {options.fmt!r}")
        try:
            cleaner = options.cleaner.build()
        except (ValueError, OSError) as exc:  # RuleError and ProfileError are ValueErrors
            raise BatchError(str(exc)) from exc
        self.config = config_fingerprint(cleaner, self.fmt, options.field, options.kind)
        self.max_bytes = cleaner.limits.max_bytes
        self.note = self.layout.check(options.inputs)

    def run(self) -> BatchStats:
        with self.layout.held():
            try:
                learned = self._learn_site_chrome() if self.options.site_chrome is not None else None
            except KeyboardInterrupt:  # in the first pass: nothing written yet
                return BatchStats(workers=self.workers, out=str(self.options.out), interrupted=True)
            if learned is None:
                return self._clean(self.options.cleaner, self.config)
            stats = self._clean(learned.spec, learned.config)
            stats.site_rules, stats.site_rules_file = learned.rules, learned.saved
            return stats

    def _records(self) -> Iterator[Record]:
        options, layout = self.options, self.layout
        return iter_records(
            options.inputs, options.pattern, options.field,
            exclude=[options.out, layout.state, layout.errors_file],
            follow_symlinks=options.follow_symlinks, max_bytes=self.max_bytes,
        )

    def _learn_site_chrome(self) -> LearnedChrome:
        """The first pass of --learn-site-chrome: learn each site's chrome, write it as a pack in
        the state folder and clean with it as an extra pack. The learned rules are part of the
        rules, so of the fingerprint: a re-run that learns another set cleans every page again."""
        from ..site_chrome import learn, site_rules_toml

        options, state = self.options, self.layout.state
        assert options.site_chrome is not None
        report = learn(self._records(), options.cleaner.build(), options.site_chrome, options.cleaner.time_limit)
        text = site_rules_toml(report, ", ".join(shown(given) for given in options.inputs))
        # Named by its content: a worker's cached Cleaner (worker_cleaner) is keyed by the spec,
        # so another learned set must be another path.
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
        pack = state / f"site-rules-{digest}.toml"
        for earlier in state.glob("site-rules-*.toml"):
            if earlier != pack:
                earlier.unlink(missing_ok=True)
        try:
            write_atomic(pack, text, self.layout.tmp)
            if options.save_site_rules is not None:
                write_atomic(options.save_site_rules, text)
        except OSError as exc:
            where = options.save_site_rules if options.save_site_rules is not None else pack
            raise BatchError(f"{shown(where)}: cannot write the learned site rules: {exc.strerror or exc}") from exc
        saved = str(options.save_site_rules) if options.save_site_rules is not None else None
        if not report.candidates:
            return LearnedChrome(0, saved, options.cleaner, self.config)
        spec = replace(options.cleaner, extra_rules=(*options.cleaner.extra_rules, str(pack)))
        try:
            cleaner = spec.build()
        except (ValueError, OSError) as exc:
            raise BatchError(f"the learned site rules do not load: {exc}") from exc
        config = config_fingerprint(cleaner, self.fmt, options.field, options.kind)
        return LearnedChrome(len(report.candidates), saved, spec, config)

    def _clean(self, spec: CleanerSpec, config: str) -> BatchStats:
        """The cleaning pass, with the Cleaner `spec` builds and its configuration fingerprint."""
        options, layout = self.options, self.layout
        stats = BatchStats(workers=self.workers, engine=self.runner.engine, out=str(options.out))
        job = Job(spec, self.fmt, str(options.out), str(layout.tmp), options.kind, spec.time_limit)
        manifest = Manifest(layout.state / "manifest.sqlite")
        errors_partial, plan_partial = layout.state / "errors.partial", layout.state / "plan.partial"
        started = time.monotonic()
        with atomic_writer(errors_partial, layout.tmp, fsync=False) as errors_log, \
                open(plan_partial, "w", encoding="utf-8") as plan_log:
            ledger = Ledger(stats, errors_log, manifest, self.progress)
            planner = Planner(layout, self.fmt, config, len(options.inputs) > 1, manifest, ledger, plan_log)
            self.progress.start(self._total_bytes())
            try:
                for outcome in self.runner.run(job, planner.tasks(self._records())):
                    ledger.take(outcome)
            except KeyboardInterrupt:
                stats.interrupted = True
            finally:
                manifest.close()
                stats.seconds = time.monotonic() - started
                self.progress.stop()
        if stats.interrupted:
            return stats
        if layout.single_file:
            layout.assemble(plan_partial)
        if stats.errors_by_kind:
            os.replace(errors_partial, layout.errors_file)
            stats.errors_file = str(layout.errors_file)
        else:
            layout.errors_file.unlink(missing_ok=True)
            errors_partial.unlink(missing_ok=True)
        plan_partial.unlink(missing_ok=True)
        return stats

    def _total_bytes(self) -> int | None:
        if isinstance(self.progress, NoProgress):
            return None
        options = self.options
        total = 0
        for given in options.inputs:
            root = Path(given)
            if root.is_file():
                total += root.stat().st_size
            elif root.is_dir():
                skip = {options.out.resolve(), self.layout.state.resolve()}
                total += sum(found.path.stat().st_size for found in walk(root, options.pattern, skip, options.follow_symlinks) if not found.error)
        return total
