"""Run a batch on a Ray cluster: the same tasks and the same worker function as the local process
pool, sent as Ray tasks instead.

The driver (the machine running `cleaner clean --engine ray`) reads the inputs, plans tasks and
keeps the manifest; Ray workers on any node clean a task and write its outputs. So the input
page files and the output folder must be paths every node sees at the same place (NFS, a shared
volume, a FUSE mount of object storage). JSON Lines and WARC records travel with their task;
page files are read by the worker from the shared path.

Install with `pip install 'cleaner-pages[ray]'`."""
from __future__ import annotations

from collections.abc import Iterator

import ray

from ..batch import Job, Outcome, Runner, Task, crashed, run_task

# Tasks in flight per CPU of the cluster: enough to keep every worker busy while results come
# back, few enough that the driver's memory stays flat.
IN_FLIGHT_PER_CPU = 3


class RayRunner(Runner):
    """Sends batch tasks to Ray. `address`: None starts (or reuses) a local Ray; "auto" or
    "ray://head:10001" joins an existing cluster. `workers`: cap on tasks running at once
    (default: the cluster's CPUs)."""

    def __init__(self, address: str | None = None, workers: int | None = None):
        self.address = address
        self.workers = workers

    def run(self, job: Job, tasks: Iterator[Task]) -> Iterator[Outcome]:
        if not ray.is_initialized():
            ray.init(address=self.address, log_to_driver=False, include_dashboard=False)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        limit = max(1, (self.workers or cpus) * IN_FLIGHT_PER_CPU)
        remote = ray.remote(num_cpus=1, max_retries=1)(run_task)
        job_ref = ray.put(job)
        pending: dict = {}
        try:
            for task in tasks:
                pending[remote.remote(job_ref, task)] = task
                while len(pending) >= limit:
                    yield from self._next_done(pending)
            while pending:
                yield from self._next_done(pending)
        finally:
            for ref in pending:
                ray.cancel(ref)

    @staticmethod
    def _next_done(pending: dict) -> Iterator[Outcome]:
        (finished,), _ = ray.wait(list(pending), num_returns=1)
        task = pending.pop(finished)
        try:
            yield ray.get(finished)
        except ray.exceptions.RayError:
            # The worker died on this task even after Ray's retry (a crash, out of memory): its
            # pages are errors; the rest of the batch goes on.
            yield crashed(task)
