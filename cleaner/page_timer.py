"""The per-page time limit of a batch, enforced twice:

- in the process that cleans the page, an alarm (SIGALRM) interrupts the page's Python code when
  the limit is reached (`page_alarm`): the page is reported as timed out and the worker goes on;
- a page stuck in C code never returns to Python, so no alarm reaches it. Each pool worker keeps
  the page it is cleaning and since when on a shared clock (`PageClock`); the parent reads it and
  ends a worker still on one page a grace period past the limit (`hard_deadline`). The pool is
  replaced as after a crash, and the page is reported as timed out rather than crashed.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Fields of one worker's slot on the clock.
_PID, _TASK, _INDEX, _SINCE = range(4)
_SLOT = 4


class PageTimeout(BaseException):
    """The page's time is up. A BaseException, so that no `except Exception` on the way (the
    library wraps stage errors in CleanerError) turns it into another error."""


def hard_deadline(time_limit: float) -> float:
    """Seconds after which a worker still on one page is ended: the limit plus a grace period in
    which the alarm can act (a quarter of the limit, 1 s to 10 s)."""
    return time_limit + min(10.0, max(1.0, time_limit / 4))


def timed_out_reason(time_limit: float, hard: bool) -> str:
    if hard:
        return (f"still running {hard_deadline(time_limit):g} s after it started, past the page time limit of"
                f" {time_limit:g} s: its worker was ended and replaced (--time-limit)")
    return f"cleaning stopped at the page time limit of {time_limit:g} s (--time-limit)"


def _raise_timeout(signum: int, frame: Any) -> None:
    raise PageTimeout()


@contextmanager
def page_alarm(seconds: float | None) -> Iterator[None]:
    """Raise PageTimeout in the code run inside, after `seconds`. Only in a main thread (where
    signal handlers run); elsewhere, and with None, it does nothing. The previous handler and timer
    are put back afterwards."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    started = time.monotonic()
    earlier_delay, earlier_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier_delay:  # the caller's own timer goes on where it was
            left = earlier_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), earlier_interval)


class PageClock:
    """One slot per worker process in shared memory: (pid, task number, page index, started).
    A worker writes only its own slot; the parent only reads. `started` 0 means idle."""

    def __init__(self, context: Any, workers: int):
        self.cells = context.RawArray("d", workers * _SLOT)
        self.next_slot = context.Value("i", 0)

    # --- in the worker ---------------------------------------------------------------------

    def attach(self) -> bool:
        """Take a free slot for this process (called once, when the worker starts); False when
        none is left (more processes than the pool was sized for: that one goes unwatched)."""
        with self.next_slot.get_lock():
            self.slot = self.next_slot.value * _SLOT
            self.next_slot.value += 1
        if self.slot >= len(self.cells):
            return False
        self.cells[self.slot + _PID] = os.getpid()
        return True

    def start(self, task: int, index: int) -> None:
        cells, slot = self.cells, self.slot
        cells[slot + _SINCE] = 0.0  # the page fields are written while the slot reads idle
        cells[slot + _TASK] = task
        cells[slot + _INDEX] = index
        cells[slot + _SINCE] = time.monotonic()

    def stop(self) -> None:
        self.cells[self.slot + _SINCE] = 0.0

    # --- in the parent ---------------------------------------------------------------------

    def overdue(self, seconds: float) -> list[tuple[int, int, int]]:
        """(pid, task number, page index) of every worker on one page for more than `seconds`."""
        now = time.monotonic()
        late = []
        cells = self.cells
        for slot in range(0, len(cells), _SLOT):
            since = cells[slot + _SINCE]
            if since and now - since > seconds:
                found = (int(cells[slot + _PID]), int(cells[slot + _TASK]), int(cells[slot + _INDEX]))
                if cells[slot + _SINCE] == since:  # still the same page after reading it
                    late.append(found)
        return late


# The clock of this worker process, set by the pool's initializer; None elsewhere.
worker_clock: PageClock | None = None


def use_clock(clock: PageClock | None) -> None:
    global worker_clock
    worker_clock = clock if clock is not None and clock.attach() else None


@contextmanager
def timed_page(task: int, index: int, time_limit: float | None) -> Iterator[None]:
    """Around the cleaning of one page: the alarm, and the shared clock when in a pool worker."""
    clock = worker_clock
    if clock is not None and time_limit:
        clock.start(task, index)
    try:
        with page_alarm(time_limit):
            yield
    finally:
        if clock is not None and time_limit:
            clock.stop()
