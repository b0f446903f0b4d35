"""`cleaner mine CORPUS --out candidates.toml`: candidate rules from chrome that repeats across a
site's pages, written as a rule pack with the evidence for each, to review before use."""
from __future__ import annotations

from pathlib import Path

import typer

from ..io.outpaths import OutputPathError, check_file_output
from ..io.records import walk_reads
from ..io.writers import write_atomic
from ..mine import MineSettings, candidates_toml, group_candidates, mine
from .common import DISABLE_HELP, PROFILE_HELP, RULES_HELP, fail, make_cleaner

_DEFAULTS = MineSettings()


def mine_command(
    corpus: list[Path] = typer.Argument(..., help="Folders or files of pages, JSON Lines or WARC."),
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the candidate rule pack (TOML)."),
    min_pages: int = typer.Option(_DEFAULTS.min_pages, help="A candidate repeats on at least this many pages of a site."),
    min_share: float = typer.Option(_DEFAULTS.min_share, help="... and on at least this share of the site's pages."),
    max_lines_per_site: int = typer.Option(_DEFAULTS.max_lines_per_site, help="Distinct lines tracked per site (memory bound)."),
    glob: str | None = typer.Option(None, "--glob", help="Only files matching this pattern inside folders."),
    rules: list[Path] | None = typer.Option(None, "--rules", help=RULES_HELP),
    disable: list[str] | None = typer.Option(None, "--disable", help=DISABLE_HELP),
    profile: str = typer.Option("default", help=PROFILE_HELP),
) -> None:
    """Write candidate rules for lines that repeat across a site's pages but are not article-like.

    Sites are URL hosts, else the corpus's first-level folders. Review the candidates before use."""
    if min_pages < 2 or not 0 < min_share <= 1 or max_lines_per_site < 100:
        raise fail("--min-pages must be at least 2, --min-share in (0, 1], --max-lines-per-site at least 100")
    try:
        check_file_output(out, corpus, "--out", reads=lambda path, folder: walk_reads(path, folder, glob))
    except OutputPathError as exc:
        raise fail(str(exc)) from exc
    settings = MineSettings(min_pages=min_pages, min_share=min_share, max_lines_per_site=max_lines_per_site)
    report = mine(corpus, make_cleaner(rules, disable, profile), settings, glob)
    for error in report.errors:
        typer.echo(f"cleaner: {error}", err=True)
    if report.pages == 0:
        raise fail("no pages could be read from " + ", ".join(map(str, corpus)))
    write_atomic(out, candidates_toml(report, ", ".join(str(p) for p in corpus)))
    dropped = f" ({report.dropped_sites} small sites dropped to bound memory)" if report.dropped_sites else ""
    rule_count = len(group_candidates(report.candidates))
    typer.echo(f"{report.pages} pages, {report.sites} sites{dropped}: {rule_count} candidate rules written to {out}")
    typer.echo(f"review them, then try: cleaner rules lint {out} && cleaner clean PAGES --rules {out}")
    if report.errors:
        raise typer.Exit(1)
