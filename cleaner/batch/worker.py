"""The worker's side of a batch: clean a task's records and write their outputs. Every runner
(inline, the local process pool, Ray) calls `run_task` for each task, wherever it runs."""
from __future__ import annotations

import functools
from pathlib import Path

from ..api import Cleaner
from ..io.naming import UnsafePathError, safe_join
from ..io.outpaths import shown
from ..io.record import InputError
from ..io.writers import write_atomic
from ..output import render
from ..page_timer import PageTimeout, timed_out_reason, timed_page
from .task import CleanerSpec, Job, Outcome, Task


@functools.lru_cache(maxsize=4)
def worker_cleaner(spec: CleanerSpec) -> Cleaner:
    return spec.build()


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
            if task.segment is None:
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
            where = shown(out / f"{record.name}.{job.fmt}") if task.segment is None else shown(job.out)
            outcome.add_error(record, "write-failed", f"cannot write {where}: {exc.strerror or exc}")
            continue
        except Exception as exc:  # one bad page never stops the batch
            outcome.add_error(record, "clean-failed", f"{type(exc).__name__}: {exc}")
            continue
        outcome.add_page(record, result, data)
    if task.segment is not None:
        payload = b"".join(segment)
        try:
            write_atomic(Path(task.segment.path), payload, tmp_dir, fsync=False)
        except OSError as exc:
            for record in task.records:
                outcome.add_error(record, "write-failed", f"cannot write a segment of {shown(job.out)} in {shown(tmp_dir.parent)}: {exc.strerror or exc}")
            return outcome
        if not outcome.failed:  # a segment with failures is made again by the next run
            outcome.done.append((task.segment.key, task.segment.fingerprint, len(payload)))
    return outcome
