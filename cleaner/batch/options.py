"""What a batch run is asked to do (BatchOptions), and the error for a run that cannot start."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..mine import MineSettings
from .task import CleanerSpec


class BatchError(Exception):
    """The batch cannot start (bad options, unusable output path); exit code 2."""


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
