"""Runners: how a batch's tasks get run. `Runner` is the interface; InlineRunner runs them in
this process, PoolRunner in a local process pool; cleaner.integrations.ray.RayRunner on a Ray
cluster. Every runner calls the same worker function (cleaner.batch.worker.run_task)."""
from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context

from ..page_timer import PageClock, hard_deadline, use_clock
from .task import Job, Outcome, Task, alone, crashed
from .worker import run_task


class Runner(ABC):
    """Runs a batch's tasks somewhere and yields one Outcome per task, in any order.

    `run` calls run_task(job, task) for each task (in this process, a pool, a cluster), takes
    tasks from the iterator only as it has room for them (so the planner, and memory, keep pace
    with the workers), yields crashed(task) for a task whose worker died, and lets
    KeyboardInterrupt through after stopping its workers (the batch then keeps what is done)."""

    @property
    def engine(self) -> str:
        """The engine's name in the summary and --stats: the class name without "Runner"."""
        return type(self).__name__.removesuffix("Runner").lower()

    @abstractmethod
    def run(self, job: Job, tasks: Iterator[Task]) -> Iterator[Outcome]: ...


class InlineRunner(Runner):
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


class PoolRunner(Runner):
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
