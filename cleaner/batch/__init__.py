"""Batch runs: many pages cleaned in parallel, resumable, one bad page never stopping the run.

    from cleaner.batch import Batch, BatchOptions
    stats = Batch(BatchOptions(inputs=("crawl/",), out=Path("out/"))).run()

The modules, in the order a run uses them: options (BatchOptions, BatchError), layout (the output
and its state folder), plan (which records need cleaning, in tasks), task (CleanerSpec, Job, Task,
Outcome), runners (the Runner interface; inline and process-pool runners), worker (run_task, what
every runner runs for a task), ledger (outcomes into stats, errors log and manifest), stats and
progress, engine (Batch, which ties them together). A runner of another kind (Ray:
cleaner.integrations.ray) implements Runner and runs `run_task` for each Task."""
from .engine import Batch
from .options import BatchError, BatchOptions
from .progress import NoProgress, Progress
from .runners import InlineRunner, PoolRunner, Runner
from .stats import BatchStats
from .task import CleanerSpec, Job, Outcome, Segment, Task, crashed
from .worker import run_task

__all__ = [
    "Batch", "BatchError", "BatchOptions", "BatchStats", "CleanerSpec", "InlineRunner", "Job", "NoProgress",
    "Outcome", "PoolRunner", "Progress", "Runner", "Segment", "Task", "crashed", "run_task",
]
