"""The command line: `cleaner clean` and friends. Every command goes through the library face."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path

import typer

from . import __version__
from .api import Cleaner, CleanerError
from .commands.common import PageKind, fail, make_cleaner, use_plain_help_types
from .io.outpaths import OutputPathError, check_file_output, shown
from .io.readers import container_kind
from .io.record import InputError
from .io.records import walk_reads
from .io.writers import write_atomic
from .mine import MineSettings
from .output import render

use_plain_help_types()
# --learn-site-chrome removes without review, so it asks for more evidence than `cleaner mine`.
SITE_DEFAULTS = MineSettings(min_pages=5, min_share=0.5)
app = typer.Typer(
    help="Strip boilerplate from scraped web pages (HTML or flattened text).",
    no_args_is_help=True,
    add_completion=False,
)


class OutputFormat(str, Enum):
    txt = "txt"
    md = "md"
    json = "json"
    jsonl = "jsonl"


def render_result(result, fmt: OutputFormat, name: str | None = None) -> str:
    return render(result, fmt.value, {"input": name} if name is not None else None)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """cleaner: clean article text and metadata out of scraped pages."""


class Comments(str, Enum):
    drop = "drop"
    keep = "keep"
    separate = "separate"


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command()
def clean(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Files or folders to clean (pages, .jsonl[.gz], .warc[.gz]); '-' reads standard input."),
    out: Path | None = typer.Option(None, "--out", "-o", metavar="PATH", help="Output folder (txt/json), or a .jsonl / .jsonl.gz file. Default: stdout."),
    fmt: OutputFormat | None = typer.Option(None, "--format", "-f", help="txt (default), md (Markdown), json or jsonl; a .jsonl --out means jsonl."),
    kind: PageKind | None = typer.Option(None, help="Force html or text instead of detecting."),
    url: str | None = typer.Option(None, metavar="URL", help="The page URL (one page only), for metadata and host scopes."),
    glob: str | None = typer.Option(None, "--glob", metavar="PATTERN", help="Only files matching this pattern inside folders (case-insensitive; '**/' also matches the top level)."),
    field: str | None = typer.Option(None, "--field", metavar="NAME", help="JSON Lines field holding the page (default: 'html', else 'text')."),
    rules: list[Path] | None = typer.Option(None, "--rules", metavar="PATH", help="Extra rule pack file or folder, layered over the shipped packs (repeatable)."),
    disable: list[str] | None = typer.Option(None, "--disable", metavar="RULE-ID", help="Rule id to switch off (repeatable)."),
    profile: str = typer.Option("default", metavar="NAME", help="Profile: which stages run, with which parameters."),
    comments: Comments = typer.Option(Comments.drop, "--comments", help="HTML comment sections: drop (default), keep in the text, or separate (the JSON's 'comments')."),
    workers: int | None = typer.Option(None, "--workers", "-w", min=0, metavar="N", help="Worker processes with --out (0, the default: all cores; 1: in this process)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (process pool) or ray (a Ray cluster); with --out."),
    address: str | None = typer.Option(None, "--address", metavar="ADDRESS", help="Ray cluster address ('auto', 'ray://host:10001') with --engine ray; default: start Ray locally."),
    stats_file: Path | None = typer.Option(None, "--stats", metavar="FILE", help="Write the run's summary as JSON to this file (with --out)."),
    progress: bool | None = typer.Option(None, "--progress/--no-progress", help="Progress bar with --out (default: on a terminal, off in CI)."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Follow symbolic links that lead out of an input folder (skipped by default)."),
    time_limit: float | None = typer.Option(None, "--time-limit", min=0, metavar="SECONDS", help="Per-page time limit with --out (default 30; 0: none): a page over it is reported as timed-out and its worker replaced."),
    learn_site_chrome: bool = typer.Option(False, "--learn-site-chrome", help="With --out: a first pass learns each site's repeated chrome lines, the second removes them (rules site.<host>.<n>)."),
    site_min_pages: int | None = typer.Option(None, "--site-min-pages", metavar="N", help=f"With --learn-site-chrome: chrome repeats on at least N pages of its site (default {SITE_DEFAULTS.min_pages})."),
    site_min_share: float | None = typer.Option(None, "--site-min-share", metavar="SHARE", help=f"With --learn-site-chrome: ... and on at least this share of the site's pages (default {SITE_DEFAULTS.min_share})."),
    save_site_rules: Path | None = typer.Option(None, "--save-site-rules", metavar="FILE", help="With --learn-site-chrome: also write the learned rules to this TOML pack (loads with --rules)."),
) -> None:
    """Clean pages. With --out, a batch: parallel, resumable, one bad page never stops it."""
    kind_name = kind.value if kind is not None else None
    _refuse_ignored_options(inputs, out, fmt, url, field, engine, address, workers, stats_file, progress, time_limit,
                            learn_site_chrome or None)
    site_chrome = _site_chrome_settings(learn_site_chrome, site_min_pages, site_min_share, save_site_rules)
    fmt = fmt or OutputFormat.txt
    if out is None:
        cleaner = make_cleaner(rules, disable, profile, comments.value)  # bad rules or profile: exit 2 before reading anything
        _clean_to_stdout(inputs, fmt.value, kind_name, url, glob, field, follow_symlinks, cleaner)
        return
    if "-" in inputs:
        raise fail("'-' (standard input) cannot be combined with --out; redirect stdout instead")
    from .batch import Batch, BatchError, BatchOptions, CleanerSpec
    from .batch_report import BarProgress, progress_wanted, summary

    spec = CleanerSpec(tuple(str(r) for r in rules or ()), tuple(disable or ()), profile, comments=comments.value)
    if time_limit is not None:
        spec = replace(spec, time_limit=time_limit or None)
    options = BatchOptions(
        inputs=tuple(inputs), out=out, fmt=fmt.value, pattern=glob, field=field, kind=kind_name,
        cleaner=spec, workers=workers or 0,
        follow_symlinks=follow_symlinks, site_chrome=site_chrome, save_site_rules=save_site_rules,
    )
    show = progress_wanted() if progress is None else progress
    try:
        if stats_file is not None:
            check_file_output(stats_file, inputs, "--stats", reads=lambda path, folder: walk_reads(path, folder, glob))
            if stats_file.resolve() == out.resolve():
                raise OutputPathError(f"--stats {shown(stats_file)}: is the --out path; choose another file")
        if save_site_rules is not None:
            check_file_output(save_site_rules, inputs, "--save-site-rules", reads=lambda path, folder: walk_reads(path, folder, glob))
            if save_site_rules.resolve() in (out.resolve(), stats_file.resolve() if stats_file else None):
                raise OutputPathError(f"--save-site-rules {shown(save_site_rules)}: is another output of this run; choose another file")
        runner = _ray_runner(address, workers or 0) if engine is Engine.ray else None
        batch = Batch(options, runner=runner, progress=BarProgress() if show else None)
        if batch.note:
            typer.echo(f"cleaner: note: {batch.note}", err=True)
        stats = batch.run()
    except (BatchError, OutputPathError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(summary(stats), err=True)
    if stats_file is not None:
        try:
            write_atomic(stats_file, json.dumps(stats.as_dict(), ensure_ascii=False, indent=2) + "\n")
        except OSError as exc:
            typer.echo(f"cleaner: --stats {shown(stats_file)}: cannot write: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from exc
    if stats.interrupted:
        raise typer.Exit(130)
    if stats.pages_read == 0:
        raise fail(_nothing_found(inputs, glob))
    if stats.totals.failed:
        nothing_done = stats.totals.pages == 0 and stats.skipped == 0
        raise typer.Exit(2 if nothing_done else 1)


def _site_chrome_settings(learn: bool, min_pages, min_share, save) -> MineSettings | None:
    """--learn-site-chrome's settings; its options without it, or out of range, are refused."""
    if not learn:
        given = [name for name, value in (("--site-min-pages", min_pages), ("--site-min-share", min_share), ("--save-site-rules", save)) if value is not None]
        if given:
            raise fail(f"{', '.join(given)} only apply with --learn-site-chrome")
        return None
    settings = replace(SITE_DEFAULTS, **{k: v for k, v in (("min_pages", min_pages), ("min_share", min_share)) if v is not None})
    if settings.min_pages < 2:
        raise fail("--site-min-pages must be at least 2: chrome repeats across pages")
    if not 0 < settings.min_share <= 1:
        raise fail("--site-min-share must be a share of the site's pages, above 0 and at most 1")
    return settings


def _nothing_found(inputs: list[str], glob: str | None) -> str:
    where = ", ".join(shown(given) for given in inputs)
    return f"no page found in {where}" + (f" (--glob {glob!r} matched no file)" if glob else " (no page, JSON Lines or WARC file)")


def _refuse_ignored_options(inputs, out, fmt, url, field, engine, address, workers, stats_file, progress, time_limit,
                            learn_site_chrome) -> None:
    """An option that would be silently ignored in this combination is refused instead."""
    if url is not None and (len(inputs) > 1 or any(given != "-" and not _single_page(given) for given in inputs)):
        raise fail("--url names the URL of one page; give a single page file (JSON Lines and WARC records carry their own url)")
    if address is not None and engine is not Engine.ray:
        raise fail("--address is the Ray cluster's address; it needs --engine ray")
    if field is not None and all(given != "-" and Path(given).is_file() for given in inputs) and not any(
        container_kind(given) == "jsonl" for given in inputs
    ):
        raise fail("--field picks the page out of JSON Lines records; no input is a .jsonl file")
    if out is None:
        batch_only = (("--workers", workers), ("--stats", stats_file), ("--progress", progress), ("--time-limit", time_limit),
                      ("--learn-site-chrome", learn_site_chrome))
        given = [name for name, value in batch_only if value is not None]
        if engine is Engine.ray:
            given.append("--engine ray")
        if given:
            raise fail(f"{', '.join(given)} only apply to a batch run: add --out (without it pages go to stdout)")
    elif fmt is not None and fmt is not OutputFormat.jsonl and out.name.lower().endswith((".jsonl", ".jsonl.gz")):
        raise fail(f"--format {fmt.value} conflicts with --out {shown(out)}: a .jsonl output holds JSON Lines; drop --format or use a folder")


def _single_page(given: str) -> bool:
    return Path(given).is_file() and container_kind(given) is None


def _ray_runner(address: str | None, workers: int):
    try:
        from .integrations.ray import RayRunner
    except ImportError as exc:
        raise fail(f"--engine ray needs Ray: pip install 'cleaner-pages[ray]' ({exc})") from exc
    return RayRunner(address=address, workers=workers or None)


def _clean_to_stdout(inputs, fmt: str, kind, url, glob, field, follow_symlinks: bool, cleaner: Cleaner) -> None:
    """No --out: clean in this process, one page after another, and print. With more than one page
    possible (several inputs, a folder, JSON Lines or WARC), txt pages are each preceded by a
    header line `==> FILE [RECORD] <==` (as `head` does), with an empty line between pages."""
    from .io.records import iter_records

    headers = fmt in ("txt", "md") and (len(inputs) > 1 or any(given != "-" and not _single_page(given) for given in inputs))
    failures = done = seen = 0
    try:
        for given in inputs:
            if given == "-":
                seen += 1
                try:
                    result = cleaner.clean(sys.stdin.buffer.read(), url=url, kind=kind)
                except CleanerError as exc:
                    typer.echo(f"cleaner: <stdin>: {exc}", err=True)
                    failures += 1
                    continue
                _report_warnings("<stdin>", result)
                _print(("\n" if done else "") + "==> <stdin> <==\n" if headers else "")
                _print(render_result(result, OutputFormat(fmt), "-" if fmt == "jsonl" else None))
                done += 1
                continue
            for record in iter_records([given], glob, field, follow_symlinks=follow_symlinks):
                seen += 1
                where = shown(f"{record.origin} {record.ref}".rstrip())
                try:
                    if record.error:
                        raise InputError(f"{where}: {record.error}")
                    data = record.page()
                    result = cleaner.clean(data, url=url or record.url, kind=kind or record.kind)
                except (InputError, CleanerError) as exc:
                    typer.echo(f"cleaner: {exc}" if isinstance(exc, InputError) else f"cleaner: {where}: {exc}", err=True)
                    failures += 1
                    continue
                _report_warnings(where, result)
                extra = {"input": shown(record.origin), **({"id": record.id} if record.id is not None else {})}
                if headers:
                    _print(("\n" if done else "") + f"==> {where} <==\n")
                _print(render(result, fmt, extra if fmt != "txt" else None))
                done += 1
    except BrokenPipeError:
        # The reader stopped early (`| head`): nothing more to say, and nothing to flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    if seen == 0:
        raise fail(_nothing_found(inputs, glob))
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
