"""The batch engine: plan inputs -> clean in a process pool -> write outputs -> stats.

Records stream from the inputs (cleaner.io.records); the planner groups the ones whose output is
not up to date into small tasks; a runner (in-process, a local process pool, or Ray) cleans each
task in a worker that writes its outputs atomically and returns counters; the engine folds the
counters into BatchStats and notes finished outputs in the manifest. At most a few tasks per
worker are in flight, so memory does not grow with the corpus.

Two output shapes:
- a folder tree: one file per page, <out>/<name>.txt|.json, one manifest entry per page;
- one JSON Lines file (--out x.jsonl or x.jsonl.gz): tasks write segments of consecutive records
  into a state folder beside it, one manifest entry per segment, and the file is assembled from
  the segments in input order at the end (atomically, so readers never see half of it).
"""
from __future__ import annotations

import fcntl
import functools
import gzip
import hashlib
import itertools
import json
import os
import shutil
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

from . import __version__
from .api import Cleaner
from .io.manifest import Manifest, NameClaims
from .io.naming import UnsafePathError, safe_join
from .io.outpaths import OutputPathError, check_file_output, check_folder_output, shown
from .io.record import InputError, Record
from .io.records import iter_records
from .io.writers import atomic_writer, write_atomic
from .limits import Limits
from .mine import MineSettings
from .output import FORMATS, escape_surrogates, render
from .page_timer import PageClock, PageTimeout, hard_deadline, timed_out_reason, timed_page, use_clock

# Records per task (tree output) and per segment (JSONL output), and input bytes per either:
# small enough to spread work evenly over workers, large enough to amortise the trip to a worker.
TASK_PAGES = 16
SEGMENT_PAGES = 256
TASK_BYTES = 4 << 20
FLAGGED_SAMPLE = 50
ERRORS_SAMPLE = 20


class BatchError(Exception):
    """The batch cannot start (bad options, unusable output path); exit code 2."""


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


@functools.lru_cache(maxsize=4)
def worker_cleaner(spec: CleanerSpec) -> Cleaner:
    return spec.build()


@dataclass(frozen=True)
class Job:
    """What every worker needs besides its records."""

    cleaner: CleanerSpec
    fmt: str  # txt | json (tree) or jsonl (one file)
    out: str  # tree root, or the JSONL file
    tmp_dir: str  # temporary files, swept at start: a killed run leaves nothing half-written
    kind: str | None = None  # --kind: force html/text for every record
    time_limit: float | None = None  # seconds per page, enforced by page_timer


@dataclass
class Task:
    records: list[Record]
    input_bytes: int
    segment_path: str | None = None  # JSONL output: the segment this task writes
    segment_key: str | None = None
    segment_fingerprint: str | None = None
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

    def add_page(self, record: Record, result: Any, data: bytes | str) -> None:
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


def run_task(job: Job, task: Task) -> Outcome:
    """Clean a task's records and write their outputs. Runs in a worker; never raises for one page."""
    cleaner = worker_cleaner(job.cleaner)
    outcome = Outcome(input_bytes=task.input_bytes)
    segment: list[bytes] = []
    out, tmp_dir = Path(job.out), Path(job.tmp_dir)
    for index, record in enumerate(task.records):
        if index in task.timed_out:
            outcome.add_error(record, "timed-out", timed_out_reason(job.time_limit or 0, hard=True))
            continue
        try:
            data = record.page()
            with timed_page(task.number, index, job.time_limit):
                result = cleaner.clean(data, url=record.url, kind=job.kind or record.kind)
            if ((getattr(result, "flags", None) or {}).get("limit") or {}).get("name") == "time_limit":
                raise PageTimeout()  # the library's own check between stages saw it first
            extra = {"input": shown(record.origin), **({"id": record.id} if record.id is not None else {})}
            payload = render(result, job.fmt, extra).encode("utf-8")
            if task.segment_path is None:
                # No fsync per page: the rename already protects against a killed process, and
                # the manifest's size check catches a file cut short by a power cut.
                key = f"{record.name}.{job.fmt}"
                target = safe_join(out, key)
                write_atomic(target, payload, tmp_dir, fsync=False)
                outcome.done.append((key, record.fingerprint, len(payload)))
            else:
                segment.append(payload)
        except PageTimeout:
            outcome.add_error(record, "timed-out", timed_out_reason(job.time_limit or 0, hard=False))
            continue
        except UnsafePathError as exc:
            outcome.add_error(record, "unsafe-name", str(exc))
            continue
        except InputError as exc:
            outcome.add_error(record, "unreadable", exc.reason)
            continue
        except OSError as exc:  # named by the output it was for, never the temporary .part file
            where = shown(out / f"{record.name}.{job.fmt}") if task.segment_path is None else shown(job.out)
            outcome.add_error(record, "write-failed", f"cannot write {where}: {exc.strerror or exc}")
            continue
        except Exception as exc:  # one bad page never stops the batch
            outcome.add_error(record, "clean-failed", f"{type(exc).__name__}: {exc}")
            continue
        outcome.add_page(record, result, data)
    if task.segment_path is not None:
        payload = b"".join(segment)
        try:
            write_atomic(Path(task.segment_path), payload, tmp_dir, fsync=False)
        except OSError as exc:
            for record in task.records:
                outcome.add_error(record, "write-failed", f"cannot write a segment of {shown(job.out)} in {shown(tmp_dir.parent)}: {exc.strerror or exc}")
            return outcome
        if not outcome.failed:  # a segment with failures is made again by the next run
            outcome.done.append((task.segment_key, task.segment_fingerprint, len(payload)))
    return outcome


class Runner(Protocol):
    def run(self, job: Job, tasks: Iterator[Task]) -> Iterator[Outcome]: ...


class InlineRunner:
    """workers=1: clean in this process (no pool, easiest to debug and profile)."""

    def run(self, job: Job, tasks: Iterator[Task]) -> Iterator[Outcome]:
        for task in tasks:
            yield run_task(job, task)


def _start_worker(parent: int, clock: PageClock) -> None:
    # Ctrl-C reaches the whole process group; the parent decides, workers finish their task.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    use_clock(clock)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A parent killed outright (kill -9) cannot stop its workers: they notice and leave."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


# How often the parent looks at the page clock when a time limit is set (seconds).
CLOCK_POLL = 0.25


class PoolRunner:
    """A local process pool with a bounded number of tasks in flight.

    A page that kills its worker process (a crash in a C extension, the out-of-memory killer)
    breaks the whole pool: the pool is replaced, and the tasks that were in flight are run again
    one at a time, page by page (tree output) or whole (a JSONL segment), so only the page (or
    segment) that kills a worker when run alone is reported, as a "worker-crashed" error.

    A worker still on one page past the hard deadline of the time limit (page_timer) is ended by
    this process: the pool breaks in the same way, the page is reported as "timed-out", and the
    tasks in flight are run again as they were (they are known to be innocent), the task of the
    late page without it."""

    def __init__(self, workers: int):
        self.workers = workers

    def _pool(self) -> tuple[ProcessPoolExecutor, PageClock]:
        # spawn: workers start from a clean interpreter, never a fork of a process running threads
        # (the progress bar's refresh thread), which could deadlock; and they are this process's
        # own children, with no server process left behind if it is killed.
        context = get_context("spawn")
        clock = PageClock(context, self.workers)
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), clock))
        return pool, clock

    def run(self, job: Job, tasks: Iterator[Task]) -> Iterator[Outcome]:
        hard = hard_deadline(job.time_limit) if job.time_limit else None
        numbers = itertools.count(1)
        pool, clock = self._pool()
        pending: dict[Future, Task] = {}
        suspects: deque[Task] = deque()  # in flight when a worker died: rerun alone
        retry: deque[Task] = deque()  # in flight when a worker was ended for time: rerun as they were
        ended: dict[int, int] = {}  # task number -> index of its page whose worker was ended for time

        def submit(task: Task) -> None:
            task = replace(task, number=next(numbers))
            pending[pool.submit(run_task, job, task)] = task

        try:
            while True:
                if suspects:  # one at a time, so a crash names its own page
                    if not pending:
                        submit(suspects.popleft())
                else:
                    while len(pending) < self.workers * 3 and (task := retry.popleft() if retry else next(tasks, None)) is not None:
                        submit(task)
                if not pending:
                    break
                finished, _ = wait(pending, timeout=CLOCK_POLL if hard else None, return_when=FIRST_COMPLETED)
                if hard is not None:
                    self._end_late_workers(pool, clock, hard, pending, ended)
                broken = False
                for future in finished:
                    task = pending.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield from self._recover(task, ended, suspects, retry)
                if broken:
                    for task in pending.values():  # the pool's other tasks failed with it
                        yield from self._recover(task, ended, suspects, retry)
                    pending.clear()
                    ended.clear()
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool, clock = self._pool()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _end_late_workers(pool: ProcessPoolExecutor, clock: PageClock, hard: float,
                          pending: dict[Future, Task], ended: dict[int, int]) -> None:
        running = {task.number for task in pending.values()}
        ours = getattr(pool, "_processes", None)  # pid -> process; only our own workers are ended
        for pid, number, index in clock.overdue(hard):
            if number in running and number not in ended and (ours is None or pid in ours):
                ended[number] = index
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    @staticmethod
    def _recover(task: Task, ended: dict[int, int], suspects: deque[Task], retry: deque[Task]) -> Iterator[Outcome]:
        """A task lost with a broken pool: rerun without its late page, rerun as it was (the
        break was a worker ended for time), or rerun alone to find the page that crashes."""
        if task.number in ended:
            retry.append(replace(task, timed_out=task.timed_out | {ended[task.number]}))
        elif ended:
            retry.append(task)
        elif task.alone:
            yield crashed(task)
        else:
            suspects.extend(alone(task))


def alone(task: Task) -> list[Task]:
    """A task to rerun by itself: page by page for a tree, whole for a JSONL segment."""
    if task.segment_path is not None or len(task.records) == 1:
        return [replace(task, alone=True)]
    return [
        Task([record], record.size, alone=True, timed_out=frozenset({0}) if index in task.timed_out else frozenset())
        for index, record in enumerate(task.records)
    ]


def crashed(task: Task) -> Outcome:
    outcome = Outcome(input_bytes=task.input_bytes)
    for record in task.records:
        outcome.add_error(record, "worker-crashed", "the worker process died cleaning this page (a crash or out of memory)")
    return outcome


@dataclass
class BatchOptions:
    inputs: tuple[str, ...]
    out: Path
    fmt: str = "txt"  # txt | json | jsonl; an --out ending in .jsonl or .jsonl.gz means jsonl
    pattern: str | None = None
    field: str | None = None
    kind: str | None = None
    cleaner: CleanerSpec = CleanerSpec()
    workers: int = 0  # 0: all cores
    follow_symlinks: bool = False  # symbolic links out of an input folder are skipped unless set
    site_chrome: MineSettings | None = None  # --learn-site-chrome: a first pass learns each site's chrome
    save_site_rules: Path | None = None  # --save-site-rules: where to keep the learned pack


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


def jsonl_output(out: Path, fmt: str) -> bool:
    return fmt == "jsonl" or out.name.lower().endswith((".jsonl", ".jsonl.gz"))


def state_dir(out: Path, single_file: bool) -> Path:
    """Where the manifest, segments and temporary files live: inside a tree output, beside a file."""
    return out.parent / f".{out.name}.cleaner" if single_file else out / ".cleaner"


def errors_path(out: Path, single_file: bool) -> Path:
    if not single_file:
        return out / "errors.jsonl"
    stem = out.name[: -len(".gz")] if out.name.lower().endswith(".gz") else out.name
    stem = stem[: -len(".jsonl")] if stem.lower().endswith(".jsonl") else stem
    return out.parent / f"{stem}.errors.jsonl"


def config_fingerprint(cleaner: Cleaner, fmt: str, field_name: str | None, kind: str | None) -> str:
    """Everything besides the input that decides an output: version, rules, profile, options."""
    rules = [[(f.name, getattr(rule, f.name)) for f in fields(rule) if f.name != "origin"] for rule in cleaner.rules]
    options = (fmt, field_name, kind) + ((cleaner.comments,) if cleaner.comments != "drop" else ())
    text = repr((__version__, rules, cleaner.profile, *options))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def combined(config: str, fingerprint: str) -> str:
    return hashlib.blake2b(f"{config}:{fingerprint}".encode(), digest_size=16).hexdigest()


class Batch:
    """One batch run. `run()` returns BatchStats; raises BatchError when it cannot start."""

    def __init__(self, options: BatchOptions, runner: Runner | None = None, progress: Progress | None = None):
        self.options = options
        self.workers = options.workers or os.cpu_count() or 1
        self.runner = runner or (InlineRunner() if self.workers == 1 else PoolRunner(self.workers))
        self.progress = progress or NoProgress()
        self.single_file = jsonl_output(options.out, options.fmt)
        self.fmt = "jsonl" if self.single_file else options.fmt
        if self.fmt not in FORMATS:
            raise BatchError(f"--format must be one of {', '.join(FORMATS)}, not {options.fmt!r}")
        try:
            cleaner = options.cleaner.build()
        except (ValueError, OSError) as exc:  # RuleError and ProfileError are ValueErrors
            raise BatchError(str(exc)) from exc
        self.config = config_fingerprint(cleaner, self.fmt, options.field, options.kind)
        self.max_bytes = cleaner.limits.max_bytes
        self.state = state_dir(options.out, self.single_file)
        self.tmp = self.state / "tmp"
        self.note = self._check_out()
        self._lock: int | None = None

    def _check_out(self) -> str | None:
        """Refuse, before any work, an output that would replace or mix with the inputs."""
        out, inputs = self.options.out, self.options.inputs
        try:
            if not self.single_file:
                return check_folder_output(out, inputs)
            ours = self.state.is_dir()
            check_file_output(out, inputs, "--out", reads=lambda path, folder: out.exists() and not ours)
        except OutputPathError as exc:
            raise BatchError(str(exc)) from exc
        return None

    def prepare(self) -> None:
        out = self.options.out
        try:
            if self.single_file:
                if out.is_dir():
                    raise BatchError(f"{out}: is a folder; a .jsonl output must be a file")
                out.parent.mkdir(parents=True, exist_ok=True)
            else:
                if out.exists() and not out.is_dir():
                    raise BatchError(f"{out}: exists and is not a folder")
                out.mkdir(parents=True, exist_ok=True)
            self.state.mkdir(parents=True, exist_ok=True)
            self._take_lock()
            # Leftovers of a killed run: temporary files only, never a finished output.
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp.mkdir(parents=True, exist_ok=True)
            (self.state / "segments").mkdir(exist_ok=True)
        except OSError as exc:
            raise BatchError(f"{out}: cannot write here: {exc.strerror or exc}") from exc

    def _take_lock(self) -> None:
        """One run per output at a time: a second run would sweep the first one's temporary files.
        The lock is the operating system's, so it goes with the process however it ends."""
        fd = os.open(self.state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BatchError(f"{shown(self.options.out)}: busy: another cleaner run is writing to it; wait for it to end") from None
        self._lock = fd

    def _release_lock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def run(self) -> BatchStats:
        self.prepare()
        try:
            try:
                learned = self._learn_site_chrome() if self.options.site_chrome is not None else None
            except KeyboardInterrupt:  # in the first pass: nothing written yet
                return BatchStats(workers=self.workers, out=str(self.options.out), interrupted=True)
            stats = self._run()
            if learned is not None:
                stats.site_rules, stats.site_rules_file = learned
            return stats
        finally:
            self._release_lock()

    def _records(self) -> Iterator[Record]:
        options = self.options
        return iter_records(
            options.inputs, options.pattern, options.field,
            exclude=[options.out, self.state, errors_path(options.out, self.single_file)],
            follow_symlinks=options.follow_symlinks, max_bytes=self.max_bytes,
        )

    def _learn_site_chrome(self) -> tuple[int, str | None]:
        """The first pass of --learn-site-chrome: learn each site's chrome, write it as a pack in
        the state folder and clean with it as an extra pack. The learned rules are part of the
        rules, so of the fingerprint: a re-run that learns another set cleans every page again."""
        from .site_chrome import learn, site_rules_toml

        options = self.options
        assert options.site_chrome is not None
        report = learn(self._records(), options.cleaner.build(), options.site_chrome, options.cleaner.time_limit)
        text = site_rules_toml(report, ", ".join(shown(given) for given in options.inputs))
        # Named by its content: a worker's cached Cleaner (worker_cleaner) is keyed by the spec,
        # so another learned set must be another path.
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
        pack = self.state / f"site-rules-{digest}.toml"
        for earlier in self.state.glob("site-rules-*.toml"):
            if earlier != pack:
                earlier.unlink(missing_ok=True)
        try:
            write_atomic(pack, text, self.tmp)
            if options.save_site_rules is not None:
                write_atomic(options.save_site_rules, text)
        except OSError as exc:
            where = options.save_site_rules if options.save_site_rules is not None else pack
            raise BatchError(f"{shown(where)}: cannot write the learned site rules: {exc.strerror or exc}") from exc
        saved = str(options.save_site_rules) if options.save_site_rules is not None else None
        if not report.candidates:
            return 0, saved
        spec = replace(options.cleaner, extra_rules=(*options.cleaner.extra_rules, str(pack)))
        try:
            cleaner = spec.build()
        except (ValueError, OSError) as exc:
            raise BatchError(f"the learned site rules do not load: {exc}") from exc
        self.options = replace(options, cleaner=spec)
        self.config = config_fingerprint(cleaner, self.fmt, options.field, options.kind)
        return len(report.candidates), saved

    def _run(self) -> BatchStats:
        options = self.options
        stats = BatchStats(workers=self.workers, engine=type(self.runner).__name__.removesuffix("Runner").lower(), out=str(options.out))
        job = Job(options.cleaner, self.fmt, str(options.out), str(self.tmp), options.kind, options.cleaner.time_limit)
        manifest = Manifest(self.state / "manifest.sqlite")
        errors_final = errors_path(options.out, self.single_file)
        started = time.monotonic()
        with atomic_writer(self.state / "errors.partial", self.tmp, fsync=False) as errors_log, \
                open(self.state / "plan.partial", "w", encoding="utf-8") as plan_log:
            self._errors_log = errors_log
            self._plan_log = plan_log
            self.progress.start(self._total_bytes())
            try:
                tasks = self._plan(self._records(), manifest, stats)
                for outcome in self.runner.run(job, tasks):
                    self._take(outcome, stats, manifest)
            except KeyboardInterrupt:
                stats.interrupted = True
            finally:
                manifest.close()
                stats.seconds = time.monotonic() - started
                self.progress.stop()
        if stats.interrupted:
            return stats
        if self.single_file:
            self._assemble(self.state / "plan.partial")
        if stats.errors_by_kind:
            os.replace(self.state / "errors.partial", errors_final)
            stats.errors_file = str(errors_final)
        else:
            errors_final.unlink(missing_ok=True)
            (self.state / "errors.partial").unlink(missing_ok=True)
        (self.state / "plan.partial").unlink(missing_ok=True)
        return stats

    def _total_bytes(self) -> int | None:
        if isinstance(self.progress, NoProgress):
            return None
        from .io.records import walk

        total = 0
        for given in self.options.inputs:
            root = Path(given)
            if root.is_file():
                total += root.stat().st_size
            elif root.is_dir():
                skip = {self.options.out.resolve(), self.state.resolve()}
                total += sum(found.path.stat().st_size for found in walk(root, self.options.pattern, skip, self.options.follow_symlinks) if not found.error)
        return total

    def _note_error(self, stats: BatchStats, error: dict[str, str]) -> None:
        stats.errors_by_kind[error["kind"]] += 1
        self._errors_log.write((escape_surrogates(json.dumps(error, ensure_ascii=False)) + "\n").encode("utf-8"))

    def _take(self, outcome: Outcome, stats: BatchStats, manifest: Manifest) -> None:
        for error in outcome.errors:
            self._note_error(stats, error)
        stats.merge(outcome)
        manifest.record(outcome.done)
        self.progress.advance(stats)

    def _reject(self, record: Record, stats: BatchStats) -> None:
        bad = Outcome(input_bytes=record.size)
        bad.add_error(record, record.error_kind, record.error or "")
        stats.pages_read += 1
        self._take(bad, stats, _NO_MANIFEST)

    def _skip(self, count: int, input_bytes: int, stats: BatchStats) -> None:
        stats.skipped += count
        stats.totals.input_bytes += input_bytes
        self.progress.advance(stats)

    def _plan(self, records: Iterable[Record], manifest: Manifest, stats: BatchStats) -> Iterator[Task]:
        """Tasks for the records whose output is missing or stale; the rest are counted as skipped."""
        if self.single_file:
            yield from self._plan_segments(records, manifest, stats)
            return
        batch: list[Record] = []
        batch_bytes = 0
        out = self.options.out
        # Within one input names are unique; two inputs may share one (a/x.html, b/x.html).
        claims = NameClaims(self.tmp / "names.sqlite") if len(self.options.inputs) > 1 else None
        for record in records:
            if record.error:
                self._reject(record, stats)
                continue
            stats.pages_read += 1
            if claims is not None:
                record.name = claims.claim(record.name, record.input)
            record.fingerprint = combined(self.config, record.fingerprint)
            key = f"{record.name}.{self.fmt}"
            if manifest.up_to_date(key, record.fingerprint, out / key):
                self._skip(1, record.size, stats)
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

    def _plan_segments(self, records: Iterable[Record], manifest: Manifest, stats: BatchStats) -> Iterator[Task]:
        """JSONL output: runs of consecutive records from one input file (or, for page files, one
        folder) form segments; a segment is skipped when its records are all unchanged."""
        group, index = None, 0
        batch: list[Record] = []
        batch_bytes = 0

        def flush() -> Iterator[Task]:
            key = f"{group}#{index}"
            digest = hashlib.blake2b(self.config.encode(), digest_size=16)
            for record in batch:
                digest.update(record.fingerprint.encode())
            fingerprint = digest.hexdigest()
            path = self.state / "segments" / f"{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}.jsonl"
            self._plan_log.write(f"{path.name}\n")  # a hex name: safe on one line whatever --out is called
            if manifest.up_to_date(key, fingerprint, path):
                self._skip(len(batch), batch_bytes, stats)
            else:
                yield Task(list(batch), batch_bytes, str(path), key, fingerprint)

        for record in records:
            if record.error:
                self._reject(record, stats)
                continue
            stats.pages_read += 1
            record_group = record.origin if record.path is None else str(Path(record.origin).parent)
            if batch and (record_group != group or len(batch) >= SEGMENT_PAGES or batch_bytes >= TASK_BYTES):
                yield from flush()
                index = index + 1 if record_group == group else 0
                batch, batch_bytes = [], 0
            group = record_group
            batch.append(record)
            batch_bytes += record.size
        if batch:
            yield from flush()

    def _assemble(self, plan: Path) -> None:
        """The JSONL output from its segments, in input order; gzip without a timestamp, so the
        same input always gives the same bytes."""
        out = self.options.out
        with atomic_writer(out, self.tmp) as handle:
            sink = gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) if out.name.lower().endswith(".gz") else handle
            with open(plan, encoding="utf-8") as segments:
                for line in segments:
                    path = self.state / "segments" / line.rstrip("\n")
                    if path.is_file():
                        with open(path, "rb") as segment:
                            shutil.copyfileobj(segment, sink)
            if sink is not handle:
                sink.close()


class _NoManifest:
    def record(self, entries: Iterable[tuple[str, str, int]]) -> None:
        pass


_NO_MANIFEST = _NoManifest()
