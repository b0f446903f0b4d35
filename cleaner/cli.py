"""The command line: `cleaner clean` and friends. Every command goes through the library face."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .api import Cleaner
from .io.readers import InputError, iter_pages, read_page
from .io.writers import write_atomic
from .profile import ProfileError
from .rulebook import RuleError

app = typer.Typer(
    help="Strip boilerplate from scraped web pages (HTML or flattened text).",
    no_args_is_help=True,
    add_completion=False,
)


class OutputFormat(str, Enum):
    txt = "txt"
    json = "json"
    jsonl = "jsonl"


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"cleaner: {message}", err=True)
    return typer.Exit(code)


def build_cleaner(rules: list[Path] | None, disable: list[str] | None, profile: str) -> Cleaner:
    try:
        return Cleaner(extra_rules=rules or (), disable=disable or (), profile=profile)
    except (RuleError, ProfileError) as exc:
        raise fail(str(exc))


def render_result(result, fmt: OutputFormat, name: str | None = None) -> str:
    if fmt is OutputFormat.txt:
        return result.text
    record = result.as_dict()
    if name is not None:
        record = {"input": name, **record}
    if fmt is OutputFormat.jsonl:
        return json.dumps(record, ensure_ascii=False) + "\n"
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


@app.callback()
def main() -> None:
    """cleaner: clean article text and metadata out of scraped pages."""


@app.command()
def clean(
    inputs: list[str] = typer.Argument(..., help="Files or folders to clean; '-' reads standard input."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (txt/json) or file (jsonl). Default: stdout."),
    fmt: OutputFormat = typer.Option(OutputFormat.txt, "--format", "-f", help="txt, json or jsonl."),
    kind: Optional[str] = typer.Option(None, help="Force 'html' or 'text' instead of detecting."),
    url: Optional[str] = typer.Option(None, help="The page URL (single input), for metadata and host scopes."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Only files matching this pattern inside folders."),
    rules: Optional[list[Path]] = typer.Option(None, "--rules", help="Extra rule pack file or folder, layered over the shipped packs."),
    disable: Optional[list[str]] = typer.Option(None, "--disable", help="Rule id to switch off (repeatable)."),
    profile: str = typer.Option("default", help="Profile: which stages run, with which parameters."),
) -> None:
    """Clean pages. A folder is cleaned into --out keeping its relative tree."""
    if kind not in (None, "html", "text"):
        raise fail(f"--kind must be 'html' or 'text', not {kind!r}")
    cleaner = build_cleaner(rules, disable, profile)
    failures = 0
    done = 0
    jsonl_parts: list[str] = []
    for given in inputs:
        if given == "-":
            result = cleaner.clean(sys.stdin.buffer.read(), url=url, kind=kind)
            _report_warnings("<stdin>", result)
            _emit(render_result(result, fmt, "-" if fmt is OutputFormat.jsonl else None), out, fmt, Path("stdin"), jsonl_parts)
            done += 1
            continue
        try:
            pages = list(iter_pages(Path(given), glob))
        except InputError as exc:
            typer.echo(f"cleaner: {exc}", err=True)
            failures += 1
            continue
        for page in pages:
            try:
                result = cleaner.clean(read_page(page.path), url=url, kind=kind)
            except InputError as exc:
                typer.echo(f"cleaner: {exc}", err=True)
                failures += 1
                continue
            _report_warnings(str(page.path), result)
            _emit(render_result(result, fmt, str(page.relative)), out, fmt, page.relative, jsonl_parts)
            done += 1
    if fmt is OutputFormat.jsonl and out is not None:
        write_atomic(out, "".join(jsonl_parts))
    if failures:
        raise typer.Exit(2 if done == 0 else 1)


def _report_warnings(name: str, result) -> None:
    for warning in result.warnings:
        typer.echo(f"cleaner: {name}: warning: {warning}", err=True)


def _emit(payload: str, out: Path | None, fmt: OutputFormat, relative: Path, jsonl_parts: list[str]) -> None:
    if out is None:
        sys.stdout.write(payload)
        sys.stdout.flush()
    elif fmt is OutputFormat.jsonl:
        jsonl_parts.append(payload)
    else:
        write_atomic(out / relative.with_suffix(f".{fmt.value}"), payload)


# Command groups kept in their own modules (cleaner/commands/).
from .commands import golden as _golden_commands  # noqa: E402
from .commands import rules as _rules_commands  # noqa: E402

app.add_typer(_golden_commands.app, name="golden")
app.add_typer(_rules_commands.app, name="rules")


if __name__ == "__main__":
    app()
