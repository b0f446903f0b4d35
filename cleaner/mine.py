"""Learn candidate rules from a corpus: lines (and blocks of lines) that repeat across many pages
of one site but are not article-like are that site's chrome.

Pages are read with cleaner.io.records (folders of pages, JSON Lines, WARC) and cleaned with a
Cleaner(explain=True), so what is counted is exactly what the line rules see: the text page's
lines, or the extracted text of an HTML page. Lines the current rules (or other stages) already
remove are not candidates. A page's site is the host of its URL when the record has one, else
the first folder of its name (a corpus laid out as corpus/<site>/...), else the whole corpus.

Memory is bounded, whatever the corpus size: each site tracks at most `max_lines_per_site`
distinct lines (8-byte hashes with one example each); when the table fills, the rarer half is
dropped and its highest count is kept as the error bound of later counts, as in lossy counting.
Chrome sits on most pages of its site, so it is never the rarer half. At most `max_sites` sites
are tracked; beyond that, the sites with the fewest pages are dropped.

The candidates are written in the normal rule format (a pack that load_packs accepts), each with
its evidence in comments, for a person to review before adding them to a pack.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import regex

from .api import Cleaner
from .io.record import InputError, Record
from .io.records import iter_records
from .rulebook.examples import check_rule
from .rulebook.model import Rule
from .rulebook.write import LineRule, line_pack_toml
from .textnorm import ARTICLE_MIN_WORDS, is_article_like, match_key, words

CORPUS_ROOT_SITE = "(corpus)"


@dataclass(frozen=True)
class MineSettings:
    """What counts as repeated chrome, and the memory bounds. All fields documented inline."""

    min_pages: int = 3  # a candidate repeats on at least this many pages of its site
    min_share: float = 0.3  # ... and on at least this share of the site's pages
    max_words: int = 25  # longer lines are prose, never chrome
    article_min_words: int = ARTICLE_MIN_WORDS  # a line this long ending like a sentence is article-like
    max_lines_per_site: int = 20_000  # distinct lines tracked per site
    max_sites: int = 5_000  # sites tracked at once
    examples: int = 3  # page names kept as evidence per candidate
    keep_samples: int = 50  # article lines kept per site, to give each candidate a keep example


@dataclass
class _Seen:
    count: int  # pages of the site the line (or pair of lines) is on
    text: str
    pages: list[str] = field(default_factory=list)


class _BoundedCounter:
    """Counts keys in at most `capacity` entries; `floor` bounds how much a count may miss."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.entries: dict[bytes, _Seen] = {}
        self.floor = 0

    def add(self, key: bytes, text: str, page: str, examples: int) -> None:
        seen = self.entries.get(key)
        if seen is None:
            seen = self.entries[key] = _Seen(0, text)
            if len(self.entries) > self.capacity:
                self._prune()
                seen = self.entries.setdefault(key, _Seen(0, text))
        seen.count += 1
        if len(seen.pages) < examples:
            seen.pages.append(page)

    def _prune(self) -> None:
        counts = sorted(seen.count for seen in self.entries.values())
        median = counts[len(counts) // 2]
        dropped = [key for key, seen in self.entries.items() if seen.count <= median]
        self.floor = max(self.floor, median)
        for key in dropped:
            del self.entries[key]


@dataclass
class _Site:
    name: str
    is_host: bool
    lines: _BoundedCounter
    pairs: _BoundedCounter  # two candidate lines next to each other: the links of a block
    pages: int = 0
    keep: list[str] = field(default_factory=list)


def _hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


def site_of(record: Record) -> tuple[str, bool]:
    """(site name, whether it is a host): the URL's host, else the first folder of the name."""
    if record.url:
        host = urlsplit(record.url).hostname
        if host:
            return host.removeprefix("www."), True
    head, sep, _ = record.name.partition("/")
    return (head, False) if sep else (CORPUS_ROOT_SITE, False)


@dataclass(frozen=True)
class Candidate:
    site: str
    is_host: bool
    lines: tuple[str, ...]  # one line, or the lines of a block in page order
    pages: int  # pages of the site it is on (at least; see `uncertainty`)
    site_pages: int
    examples: tuple[str, ...]  # page names
    keep_example: str | None
    uncertainty: int  # the count may be low by up to this much (0: exact)


@dataclass
class MineReport:
    candidates: list[Candidate]
    pages: int
    sites: int
    errors: list[str]
    dropped_sites: int = 0


class Miner:
    """Feed pages with `add`, then read `candidates()`. One per run; not shared between threads."""

    def __init__(self, cleaner: Cleaner, settings: MineSettings = MineSettings()):
        self.cleaner = cleaner
        self.settings = settings
        self.sites: dict[str, _Site] = {}
        self.pages = 0
        self.dropped_sites = 0

    def add(self, data: bytes | str, name: str, site: str, is_host: bool, url: str | None = None, kind: str | None = None) -> None:
        result = self.cleaner.clean(data, url=url, kind=kind, explain=True)
        if result.explanation is None:
            return
        settings = self.settings
        entry = self._site(site, is_host)
        entry.pages += 1
        self.pages += 1
        seen_keys: set[bytes] = set()
        previous: tuple[bytes, str] | None = None
        for decision in result.explanation.decisions():
            text = decision.text
            eligible = decision.kept and self._chrome_shaped(text)
            if decision.kept and not eligible and len(entry.keep) < settings.keep_samples \
                    and is_article_like(text, settings.article_min_words):
                entry.keep.append(text)
            if not eligible:
                previous = None
                continue
            key = _hash(match_key(text))
            if key not in seen_keys:
                seen_keys.add(key)
                entry.lines.add(key, text, name, settings.examples)
                if previous is not None:
                    entry.pairs.add(previous[0] + key, previous[1] + "\n" + text, name, settings.examples)
            previous = (key, text)

    def _chrome_shaped(self, text: str) -> bool:
        n = len(words(text))
        return 0 < n <= self.settings.max_words and not is_article_like(text, self.settings.article_min_words)

    def _site(self, name: str, is_host: bool) -> _Site:
        site = self.sites.get(name)
        if site is None:
            if len(self.sites) >= self.settings.max_sites:
                self._drop_small_sites()
            capacity = self.settings.max_lines_per_site
            site = self.sites[name] = _Site(name, is_host, _BoundedCounter(capacity), _BoundedCounter(capacity))
        return site

    def _drop_small_sites(self) -> None:
        by_size = sorted(self.sites.values(), key=lambda s: s.pages)
        for site in by_size[: len(by_size) // 2]:
            del self.sites[site.name]
            self.dropped_sites += 1

    def threshold(self, site: _Site) -> int:
        return max(self.settings.min_pages, math.ceil(self.settings.min_share * site.pages))

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        for site in self.sites.values():
            if site.pages < self.settings.min_pages:
                continue
            need = self.threshold(site)
            frequent = {key: seen for key, seen in site.lines.entries.items() if seen.count >= need}
            for block in _blocks(frequent, site.pairs, need):
                seen = [frequent[key] for key in block]
                texts = tuple(s.text for s in seen)
                found.append(Candidate(
                    site=site.name,
                    is_host=site.is_host,
                    lines=texts,
                    pages=min(s.count for s in seen),
                    site_pages=site.pages,
                    examples=tuple(seen[0].pages),
                    keep_example=_keep_example(texts, site.keep),
                    uncertainty=site.lines.floor,
                ))
        found.sort(key=lambda c: (-c.pages / c.site_pages, c.site, c.lines))
        return found


# Two lines are one block when one follows the other on nearly every page either is on.
BLOCK_TOGETHER_SHARE = 0.9


def _blocks(frequent: dict[bytes, _Seen], pairs: _BoundedCounter, need: int) -> list[list[bytes]]:
    """Frequent lines grouped into blocks: chains of lines that follow each other on (nearly)
    every page where either appears. A line on its own is a block of one."""
    follows: dict[bytes, bytes] = {}
    preceded: set[bytes] = set()
    strongest = sorted(pairs.entries.items(), key=lambda item: -item[1].count)
    for pair, seen in strongest:
        first, second = pair[:8], pair[8:]
        if first == second or first not in frequent or second not in frequent:
            continue
        together = BLOCK_TOGETHER_SHARE * max(frequent[first].count, frequent[second].count)
        if seen.count < max(need, together):
            continue
        if first in follows or second in preceded:
            continue  # each line links to one successor and one predecessor: chains, not trees
        follows[first] = second
        preceded.add(second)
    blocks, placed = [], set()
    for key in frequent:
        if key in preceded or key in placed:
            continue
        chain = [key]
        placed.add(key)
        while chain[-1] in follows and follows[chain[-1]] not in placed:
            chain.append(follows[chain[-1]])
            placed.add(chain[-1])
        blocks.append(chain)
    # Lines left over are on a cycle (a block repeated in a loop): each on its own.
    blocks += [[key] for key in frequent if key not in placed]
    return blocks


def _keep_example(lines: tuple[str, ...], samples: list[str]) -> str | None:
    """An article line of the site, preferring one that shares words with the candidate."""
    if not samples:
        return None
    vocabulary = {w.casefold() for line in lines for w in words(line)}
    return max(samples, key=lambda s: len(vocabulary & {w.casefold() for w in words(s)}))


def mine_records(records: Iterable[Record], cleaner: Cleaner, settings: MineSettings = MineSettings()) -> MineReport:
    miner = Miner(cleaner, settings)
    errors: list[str] = []
    for record in records:
        if record.error:
            errors.append(f"{record.origin}{' ' + record.ref if record.ref else ''}: {record.error}")
            continue
        try:
            data = record.page()
        except InputError as exc:
            errors.append(str(exc))
            continue
        site, is_host = site_of(record)
        try:
            miner.add(data, record.name, site, is_host, url=record.url, kind=record.kind)
        except Exception as exc:  # one bad page never stops the run
            errors.append(f"{record.origin}{' ' + record.ref if record.ref else ''}: {type(exc).__name__}: {exc}")
    return MineReport(miner.candidates(), miner.pages, len(miner.sites), errors, miner.dropped_sites)


def mine(inputs: Iterable[str | Path], cleaner: Cleaner, settings: MineSettings = MineSettings(),
         pattern: str | None = None) -> MineReport:
    """Mine candidate rules from files and folders of pages, JSON Lines or WARC."""
    return mine_records(iter_records(inputs, pattern), cleaner, settings)


# Writing the candidates as a rule pack ------------------------------------------------------

def _slug(text: str, limit: int) -> str:
    slug = regex.sub(r"[^\p{L}\p{N}]+", "-", match_key(text)).strip("-")
    return slug[:limit].rstrip("-") or "line"


def group_candidates(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Candidates with the same lines on several sites, together: one rule, evidence per site."""
    groups: dict[tuple[str, ...], list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(tuple(match_key(line) for line in candidate.lines), []).append(candidate)
    return list(groups.values())


def _rule_ids(groups: list[list[Candidate]]) -> Iterator[str]:
    used: set[str] = set()
    for group in groups:
        where = f"{_slug(group[0].site, 30)}." if len(group) == 1 else ""
        base = f"mined.{where}{_slug(group[0].lines[0], 40)}"
        rule_id, n = base, 2
        while rule_id in used:
            rule_id, n = f"{base}-{n}", n + 1
        used.add(rule_id)
        yield rule_id


def checked_keep(group: list[Candidate], rule_id: str) -> str | None:
    """A keep example the rule really keeps, from any of the group's sites."""
    for candidate in group:
        if candidate.keep_example is None:
            continue
        rule = Rule(rule_id, "mined", "candidate", "line", candidate.lines, examples_keep=(candidate.keep_example,))
        if not check_rule(rule):
            return candidate.keep_example
    return None


def evidence_of(candidate: Candidate) -> str:
    share = candidate.pages / candidate.site_pages
    at_least = f", at least: counts may be low by up to {candidate.uncertainty}" if candidate.uncertainty else ""
    return f"{candidate.pages} of {candidate.site_pages} pages of {candidate.site} ({share:.0%}{at_least})"


def candidates_toml(report: MineReport, source: str) -> str:
    """The candidates as a rule pack, with evidence in comments. Loads with load_packs."""
    header = [
        f"Candidate rules mined from {source}: {report.pages} pages, {report.sites} sites.",
        "Each line (or block of lines) below repeats on many pages of a site and is not article-like.",
        "Review every rule before use: keep the ones that are chrome, delete the rest, and add a keep",
        "example where none was found. Then move them into a pack of your own.",
    ]
    groups = group_candidates(report.candidates)
    rules = []
    for group, rule_id in zip(groups, _rule_ids(groups)):
        lines = group[0].lines
        what = "line" if len(lines) == 1 else f"block of {len(lines)} lines"
        sites = ", ".join(evidence_of(c) for c in group)
        counts = "; ".join(f"{c.pages} of {c.site_pages} pages of {c.site}" for c in group)
        rules.append(LineRule(
            id=rule_id,
            why=f"Repeats on {counts}: site chrome, not article text.",
            lines=lines,
            keep=checked_keep(group, rule_id),
            hosts=tuple(c.site for c in group) if all(c.is_host for c in group) else (),
            comments=(f"evidence: {what} on {sites}", f"e.g. on: {', '.join(page for c in group for page in c.examples)}"),
        ))
    return line_pack_toml(
        header, "mined-candidates", f"Candidate chrome lines mined from {source}; review each before use.", rules,
        missing_keep_note="no article line of this site to keep was found: add one before use",
    )
