"""`cleaner golden check|update`: seeds/ against golden/, byte for byte.

`update` never writes silently: it shows every change first, then asks (or takes `--yes`). It
refuses when it cannot ask (no terminal and no `--yes`) and always refuses in CI (the `CI`
environment variable set), even with `--yes`: a build that rewrites its own expected output
proves nothing. To update from a script on purpose, clear the variable for that one command:
`CI= cleaner golden update --yes`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..golden import CI_REFUSAL, Comparison, compare_all, running_in_ci, write_golden
from .common import COLOUR_HELP, DISABLE_HELP, PROFILE_HELP, RULES_HELP, fail, make_cleaner, use_colour

app = typer.Typer(help="Golden regression tests: seeds/ clean to golden/ byte for byte.", no_args_is_help=True)

SEEDS_ARG = typer.Argument(Path("seeds"), help="Folder of seed pages.")
GOLDEN_ARG = typer.Argument(Path("golden"), help="Folder of reviewed expected outputs.")


def _comparisons(seeds: Path, golden: Path, rules, disable, profile) -> list[Comparison]:
    cleaner = make_cleaner(rules, disable, profile)
    try:
        return list(compare_all(cleaner, seeds, golden))
    except FileNotFoundError as exc:
        raise fail(str(exc)) from exc


def _summary(comparisons: list[Comparison]) -> str:
    missing = sum(c.missing for c in comparisons)
    differ = sum(not c.ok and not c.missing for c in comparisons)
    passed = len(comparisons) - missing - differ
    return f"{len(comparisons)} seeds: {passed} match, {differ} differ, {missing} without golden"


@app.command()
def check(
    seeds: Path = SEEDS_ARG,
    golden: Path = GOLDEN_ARG,
    rules: list[Path] | None = typer.Option(None, "--rules", help=RULES_HELP),
    disable: list[str] | None = typer.Option(None, "--disable", help=DISABLE_HELP),
    profile: str = typer.Option("default", help=PROFILE_HELP),
    colour: bool | None = typer.Option(None, "--colour/--no-colour", "--color/--no-color", help=COLOUR_HELP),
) -> None:
    """Clean every seed and compare with its golden; print a diff per mismatch. Exit 1 on any."""
    comparisons = _comparisons(seeds, golden, rules, disable, profile)
    coloured = use_colour(colour)
    for comparison in comparisons:
        if not comparison.ok:
            typer.echo(f"FAIL {comparison.case.name}")
            typer.echo(comparison.report(coloured), nl=False, color=coloured)
    typer.echo(_summary(comparisons))
    if not comparisons:
        raise fail(f"{seeds}: no seed pages found")
    if any(not c.ok for c in comparisons):
        raise typer.Exit(1)


def _can_ask() -> bool:
    return sys.stdin.isatty()


@app.command()
def update(
    seeds: Path = SEEDS_ARG,
    golden: Path = GOLDEN_ARG,
    yes: bool = typer.Option(False, "--yes", "-y", help="Write without asking (still refused in CI)."),
    rules: list[Path] | None = typer.Option(None, "--rules", help=RULES_HELP),
    disable: list[str] | None = typer.Option(None, "--disable", help=DISABLE_HELP),
    profile: str = typer.Option("default", help=PROFILE_HELP),
    colour: bool | None = typer.Option(None, "--colour/--no-colour", "--color/--no-color", help=COLOUR_HELP),
) -> None:
    """Rewrite the goldens that differ, after showing what changes. Review them before committing."""
    if running_in_ci():
        raise fail(CI_REFUSAL)
    comparisons = _comparisons(seeds, golden, rules, disable, profile)
    changed = [c for c in comparisons if not c.ok]
    if not changed:
        typer.echo(f"all {len(comparisons)} goldens are up to date; nothing to write")
        return
    coloured = use_colour(colour)
    for comparison in changed:
        typer.echo(f"{'NEW' if comparison.missing else 'CHANGED'} {comparison.case.name}")
        typer.echo(comparison.text_diff(coloured) + comparison.metadata_diff(coloured), nl=False, color=coloured)
    if not yes:
        if not _can_ask():
            raise fail("not a terminal, so cannot ask before writing goldens; pass --yes after reviewing the diff")
        if not typer.confirm(f"Write {len(changed)} golden file set(s)?", default=False):
            typer.echo("nothing written")
            raise typer.Exit(1)
    for comparison in changed:
        if comparison.metadata_error:
            typer.echo(f"cleaner: {comparison.case.golden_metadata}: {comparison.metadata_error}; fix it by hand", err=True)
        for path in write_golden(comparison):
            typer.echo(f"wrote {path}")
    typer.echo("review the new goldens line by line before committing them")
