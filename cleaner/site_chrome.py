"""Site chrome learned while cleaning a crawl (`cleaner clean --learn-site-chrome`).

A first pass counts, per site, the lines and short blocks that the cleaner keeps (cleaner.mine's
Miner: same notion of site, same bounded memory); those on at least `min_pages` pages and
`min_share` of their site's pages, and not article-like, become drop rules named
`site.<site>.<n>`, with the evidence (pages seen) in their reason. They are written as a rule pack
in the project's format, which the second pass loads as an extra pack, and which
`--save-site-rules` keeps for review and for `--rules` in later runs.

A site is the host of the record's URL (rules scoped to it); a page without a URL belongs to the
first folder of its output name (mine.site_of; its rules then have no host to be scoped to, and
apply to every page of the run).
"""
from __future__ import annotations

from collections.abc import Iterable

from .api import Cleaner
from .io.record import Record
from .mine import (
    Candidate,
    Miner,
    MineReport,
    MineSettings,
    checked_keep,
    evidence_of,
    site_of,
)
from .page_timer import PageTimeout, page_alarm
from .rulebook.write import LineRule, line_pack_toml

PACK_ID = "site-chrome"


def learn(records: Iterable[Record], cleaner: Cleaner, settings: MineSettings, time_limit: float | None = None) -> MineReport:
    """The first pass: what repeats per site across the records. A page that cannot be read or
    cleaned, or takes longer than `time_limit`, is left out; the second pass reports it."""
    miner = Miner(cleaner, settings)
    for record in records:
        if record.error:
            continue
        try:
            data = record.page()
            site, is_host = site_of(record)
            with page_alarm(time_limit):
                miner.add(data, record.name, site, is_host, url=record.url, kind=record.kind)
        except (Exception, PageTimeout):
            continue
    return MineReport(miner.candidates(), miner.pages, len(miner.sites), [], miner.dropped_sites)


def rule_ids(candidates: list[Candidate]) -> list[str]:
    """`site.<site>.<n>`, numbered from 1 per site in the order of the candidates."""
    numbers: dict[str, int] = {}
    ids = []
    for candidate in candidates:
        numbers[candidate.site] = numbers.get(candidate.site, 0) + 1
        ids.append(f"site.{candidate.site}.{numbers[candidate.site]}")
    return ids


def site_rules_toml(report: MineReport, source: str) -> str:
    """The learned rules as a pack that load_packs accepts: one rule per candidate line or block."""
    header = [
        f"Site chrome learned from {source}: {report.pages} pages, {report.sites} sites.",
        "Each rule is a line (or block of lines) that repeats on many pages of one site and is not",
        "article-like. Review before reuse with --rules.",
    ]
    rules = []
    candidates = report.candidates
    for candidate, rule_id in zip(candidates, rule_ids(candidates)):
        what = "line" if len(candidate.lines) == 1 else f"block of {len(candidate.lines)} lines"
        rules.append(LineRule(
            id=rule_id,
            why=f"Site chrome: {what} seen on {evidence_of(candidate)}.",
            lines=candidate.lines,
            keep=checked_keep([candidate], rule_id),
            hosts=(candidate.site,) if candidate.is_host else (),
            comments=(f"e.g. on: {', '.join(candidate.examples)}",),
        ))
    return line_pack_toml(header, PACK_ID, f"Site chrome learned from {source}.", rules)
