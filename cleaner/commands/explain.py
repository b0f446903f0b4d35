"""`cleaner explain PAGE`: the page with every removed line marked and the rule that removed it;
--html writes a side-by-side report to open in a browser."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..api import CleanerError
from ..explain import render_html, render_terminal
from ..io.outpaths import OutputPathError, check_file_output, shown
from ..io.readers import container_kind
from ..io.record import InputError, read_page
from ..io.writers import write_atomic
from .common import COLOUR_HELP, DISABLE_HELP, PROFILE_HELP, RULES_HELP, PageKind, fail, make_cleaner, use_colour


def explain(
    page: str = typer.Argument(..., help="The page to explain (a file, or '-' for standard input)."),
    html: Path | None = typer.Option(None, "--html", help="Write a side-by-side HTML report to this file."),
    url: str | None = typer.Option(None, help="The page URL, for metadata and host scopes."),
    kind: PageKind | None = typer.Option(None, help="Force html or text instead of detecting."),
    rules: list[Path] | None = typer.Option(None, "--rules", help=RULES_HELP),
    disable: list[str] | None = typer.Option(None, "--disable", help=DISABLE_HELP),
    profile: str = typer.Option("default", help=PROFILE_HELP),
    colour: bool | None = typer.Option(None, "--colour/--no-colour", "--color/--no-color", help=COLOUR_HELP),
) -> None:
    """Show which lines of a page were removed, by which rule and why; kept text stays plain."""
    if page != "-" and container_kind(page) is not None:
        raise fail(
            f"{shown(page)}: explain takes one page, and this file holds many records; "
            "save the record's page to a file (or pipe it to `cleaner explain -`)"
        )
    if html is not None:
        try:
            check_file_output(html, [page], "--html")
        except OutputPathError as exc:
            raise fail(str(exc)) from exc
    cleaner = make_cleaner(rules, disable, profile)
    try:
        data = sys.stdin.buffer.read() if page == "-" else read_page(Path(page))
    except InputError as exc:
        raise fail(str(exc)) from exc
    try:
        result = cleaner.clean(data, url=url, kind=kind.value if kind else None, explain=True)
    except CleanerError as exc:
        raise fail(f"{shown(page)}: {exc}") from exc
    for warning in result.warnings:
        typer.echo(f"cleaner: {page}: warning: {warning}", err=True)
    if result.explanation is None:
        raise fail(f"{page}: nothing to explain (the page was not cleaned line by line)")
    if html is not None:
        write_atomic(html, render_html(result.explanation, title=f"cleaner explain: {page}"))
        typer.echo(f"wrote {html}")
        return
    coloured = use_colour(colour)
    typer.echo(render_terminal(result.explanation, coloured), nl=False, color=coloured)
