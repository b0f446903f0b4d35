"""`cleaner rules list|test|lint`: tools for rule authors.

User packs given with --rules are layered over the shipped packs (as in `cleaner clean`);
--no-shipped looks at the user packs alone.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from ..io.record import InputError
from ..io.records import iter_records
from ..rulebook import Pack, RuleError, default_rules_dir, load_packs
from ..rulebook.examples import check_rules, example_count
from ..rulebook.lint import lint_paths
from .common import DISABLE_HELP, PROFILE_HELP, RULES_HELP, fail, make_cleaner

app = typer.Typer(help="Rule authoring: list, test and lint rule packs.", no_args_is_help=True)

SHIPPED_HELP = "Include the shipped packs (--no-shipped: only the --rules packs)."


def _pack_paths(rules: list[Path] | None, shipped: bool) -> list[Path]:
    paths = ([default_rules_dir()] if shipped else []) + list(rules or [])
    if not paths:
        raise fail("no rule packs: give --rules or drop --no-shipped")
    return paths


def _load(paths: list[Path]) -> list[Pack]:
    try:
        return load_packs(paths)
    except RuleError as exc:
        raise fail(f"{exc}\n(run `cleaner rules lint` to see every problem at once)") from exc


def _corpus_hits(corpus: Path, rules, disable, profile) -> tuple[Counter, Counter, int]:
    """Removals per rule id, pages with at least one removal per rule id, and pages read. The
    corpus is read as `cleaner clean` reads its inputs: page files, JSON Lines and WARC records."""
    cleaner = make_cleaner(rules, disable, profile)
    hits: Counter = Counter()
    pages: Counter = Counter()
    count = 0
    if not corpus.exists():
        raise fail(f"{corpus}: no such file or folder")
    for record in iter_records([corpus]):
        try:
            result = cleaner.clean(record.page(), url=record.url, kind=record.kind)
        except InputError as exc:
            typer.echo(f"cleaner: {exc}", err=True)
            continue
        count += 1
        ids = [removal.rule for removal in result.removed]
        hits.update(ids)
        pages.update(set(ids))
    return hits, pages, count


@app.command("list")
def list_rules(
    rules: list[Path] | None = typer.Option(None, "--rules", help=RULES_HELP),
    disable: list[str] | None = typer.Option(None, "--disable", help=DISABLE_HELP),
    shipped: bool = typer.Option(True, "--shipped/--no-shipped", help=SHIPPED_HELP),
    corpus: Path | None = typer.Option(None, "--corpus", help="Pages (a folder, JSON Lines or WARC): add how often each rule fires on them."),
    profile: str = typer.Option("default", help=PROFILE_HELP),
) -> None:
    """Every rule: id, pack, action, why (and hits on a corpus)."""
    packs = _load(_pack_paths(rules, shipped))
    disabled = set(disable or ())
    unknown = disabled - {rule.id for pack in packs for rule in pack.rules}
    if unknown:
        raise fail(f"cannot disable unknown rule id(s): {', '.join(sorted(unknown))}")
    hits: Counter[str] | None = None
    pages: Counter[str] | None = None
    if corpus is not None:
        hits, pages, read = _corpus_hits(corpus, rules, disable, profile)
    rows = []
    for pack in packs:
        for rule in pack.rules:
            row = [rule.id, pack.id, rule.action if rule.id not in disabled else "disabled"]
            if hits is not None and pages is not None:
                row.append(f"{hits[rule.id]} on {pages[rule.id]}/{read}")
            rows.append(row + [rule.why])
    header = ["ID", "PACK", "ACTION"] + (["HITS (pages)"] if hits is not None else []) + ["WHY"]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header) - 1)]
    for row in [header] + rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])
    if hits is not None:
        others = {rule: n for rule, n in hits.items() if rule not in {r[0] for r in rows}}
        if others:
            typer.echo("other stages: " + ", ".join(f"{rule} {n}" for rule, n in sorted(others.items())))


@app.command("test")
def test_rules(
    rules: list[Path] | None = typer.Option(None, "--rules", help=RULES_HELP),
    shipped: bool = typer.Option(True, "--shipped/--no-shipped", help=SHIPPED_HELP),
) -> None:
    """Run every rule's examples; report each one the rule gets wrong, with file:line. Exit 1 on any."""
    packs = _load(_pack_paths(rules, shipped))
    all_rules = [rule for pack in packs for rule in pack.rules]
    failures = check_rules(all_rules)
    for failure in failures:
        typer.echo(f"FAIL {failure}")
    examples = sum(example_count(rule) for rule in all_rules)
    failed_rules = len({failure.rule.id for failure in failures})
    typer.echo(f"{len(all_rules)} rules, {examples} examples: {failed_rules} rules with {len(failures)} failing examples")
    if failures:
        raise typer.Exit(1)


@app.command("lint")
def lint(
    paths: list[Path] | None = typer.Argument(None, help="Pack files or folders (same as --rules)."),
    rules: list[Path] | None = typer.Option(None, "--rules", help=RULES_HELP),
    shipped: bool = typer.Option(True, "--shipped/--no-shipped", help=SHIPPED_HELP),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
) -> None:
    """Find invalid TOML, unknown keys, duplicate ids, broken or slow regexes, missing or failing
    examples, and overlapping rules. Exit 1 on errors (and on warnings with --strict)."""
    targets = _pack_paths(list(paths or []) + list(rules or []), shipped)
    findings = lint_paths(targets)
    for finding in findings:
        typer.echo(str(finding))
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    typer.echo(f"{errors} errors, {warnings} warnings")
    if errors or (strict and warnings):
        raise typer.Exit(1)
