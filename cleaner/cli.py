"""The command line: `cleaner clean` and friends. Every command goes through the library face."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .api import Cleaner
from .commands.common import fail, make_cleaner
from .io.formats import render
from .io.readers import InputError, read_page
from .io.writers import write_atomic

app = typer.Typer(
    help="Strip boilerplate from scraped web pages (HTML or flattened text).",
    no_args_is_help=True,
    add_completion=False,
)


class OutputFormat(str, Enum):
    txt = "txt"
    json = "json"
    jsonl = "jsonl"


def render_result(result, fmt: OutputFormat, name: str | None = None) -> str:
    return render(result, fmt.value, {"input": name} if name is not None else None)


@app.callback()
def main() -> None:
    """cleaner: clean article text and metadata out of scraped pages."""


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command()
def clean(
    inputs: list[str] = typer.Argument(..., help="Files or folders to clean (pages, .jsonl[.gz], .warc[.gz]); '-' reads standard input."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (txt/json), or a .jsonl / .jsonl.gz file. Default: stdout."),
    fmt: OutputFormat = typer.Option(OutputFormat.txt, "--format", "-f", help="txt, json or jsonl."),
    kind: Optional[str] = typer.Option(None, help="Force 'html' or 'text' instead of detecting."),
    url: Optional[str] = typer.Option(None, help="The page URL (single input), for metadata and host scopes."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Only files matching this pattern inside folders."),
    field: Optional[str] = typer.Option(None, "--field", help="JSON Lines field holding the page (default: 'html', else 'text')."),
    rules: Optional[list[Path]] = typer.Option(None, "--rules", help="Extra rule pack file or folder, layered over the shipped packs."),
    disable: Optional[list[str]] = typer.Option(None, "--disable", help="Rule id to switch off (repeatable)."),
    profile: str = typer.Option("default", help="Profile: which stages run, with which parameters."),
    workers: int = typer.Option(0, "--workers", "-w", min=0, help="Worker processes with --out (0: all cores; 1: in this process)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (process pool) or ray (a Ray cluster)."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address ('auto', 'ray://host:10001'); default: start Ray locally."),
    stats_file: Optional[Path] = typer.Option(None, "--stats", help="Write the run's summary as JSON to this file."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on a terminal, off in CI)."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Follow symbolic links that lead out of an input folder (skipped by default)."),
) -> None:
    """Clean pages. With --out, a batch: parallel, resumable, one bad page never stops it."""
    if kind not in (None, "html", "text"):
        raise fail(f"--kind must be 'html' or 'text', not {kind!r}")
    if out is None:
        cleaner = make_cleaner(rules, disable, profile)  # bad rules or profile: exit 2 before reading anything
        _clean_to_stdout(inputs, fmt.value, kind, url, glob, field, follow_symlinks, cleaner)
        return
    if "-" in inputs:
        raise fail("'-' (standard input) cannot be combined with --out; redirect stdout instead")
    from .batch import Batch, BatchError, BatchOptions, CleanerSpec
    from .batch_report import BarProgress, progress_wanted, summary

    options = BatchOptions(
        inputs=tuple(inputs), out=out, fmt=fmt.value, pattern=glob, field=field, kind=kind,
        cleaner=CleanerSpec(tuple(str(r) for r in rules or ()), tuple(disable or ()), profile), workers=workers,
        follow_symlinks=follow_symlinks,
    )
    show = progress_wanted() if progress is None else progress
    try:
        runner = _ray_runner(address, workers) if engine is Engine.ray else None
        batch = Batch(options, runner=runner, progress=BarProgress() if show else None)
        stats = batch.run()
    except BatchError as exc:
        raise fail(str(exc))
    typer.echo(summary(stats), err=True)
    if stats_file is not None:
        write_atomic(stats_file, json.dumps(stats.as_dict(), ensure_ascii=False, indent=2) + "\n")
    if stats.interrupted:
        raise typer.Exit(130)
    if stats.totals.failed:
        nothing_done = stats.totals.pages == 0 and stats.skipped == 0
        raise typer.Exit(2 if nothing_done else 1)


def _ray_runner(address: str | None, workers: int):
    try:
        from .integrations.ray import RayRunner
    except ImportError as exc:
        raise fail(f"--engine ray needs Ray: pip install 'cleaner-pages[ray]' ({exc})")
    return RayRunner(address=address, workers=workers or None)


def _clean_to_stdout(inputs, fmt: str, kind, url, glob, field, follow_symlinks: bool, cleaner: Cleaner) -> None:
    """No --out: clean in this process, one page after another, and print."""
    from .io.records import iter_records

    failures = done = 0
    for given in inputs:
        if given == "-":
            result = cleaner.clean(sys.stdin.buffer.read(), url=url, kind=kind)
            _report_warnings("<stdin>", result)
            _print(render_result(result, OutputFormat(fmt), "-" if fmt == "jsonl" else None))
            done += 1
            continue
        for record in iter_records([given], glob, field, follow_symlinks=follow_symlinks):
            where = f"{record.origin} {record.ref}".rstrip()
            try:
                if record.error:
                    raise InputError(f"{where}: {record.error}")
                data = record.data if record.data is not None else read_page(Path(record.path))
                result = cleaner.clean(data, url=url or record.url, kind=kind or record.kind)
            except InputError as exc:
                typer.echo(f"cleaner: {exc}", err=True)
                failures += 1
                continue
            _report_warnings(where, result)
            extra = {"input": record.origin, **({"id": record.id} if record.id is not None else {})}
            _print(render(result, fmt, extra if fmt != "txt" else None))
            done += 1
    if failures:
        raise typer.Exit(2 if done == 0 else 1)


def _report_warnings(name: str, result) -> None:
    for warning in result.warnings:
        typer.echo(f"cleaner: {name}: warning: {warning}", err=True)


def _print(payload: str) -> None:
    sys.stdout.write(payload)
    sys.stdout.flush()


# Command groups kept in their own modules (cleaner/commands/).
from .commands import golden as _golden_commands  # noqa: E402
from .commands import rules as _rules_commands  # noqa: E402
from .commands.explain import explain as _explain_command  # noqa: E402
from .commands.mine import mine_command as _mine_command  # noqa: E402

app.add_typer(_golden_commands.app, name="golden")
app.add_typer(_rules_commands.app, name="rules")
app.command("explain")(_explain_command)
app.command("mine")(_mine_command)


if __name__ == "__main__":
    app()
