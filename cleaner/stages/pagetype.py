"""pagetype: what kind of page an HTML page is, from cheap signals on the parsed tree and the URL.

Types: article, forum, listing, collection, product, documentation, service. The signals are data
(cleaner/data/page-types.toml): schema.org/OpenGraph types the page declares, URL patterns, and
CSS selectors for platform markup (forum, docs and shop engines). One structural signal is code:
a run of sibling "cards" (same tag and class, each with a link) holding much of the page's text
is a listing, or a collection when the cards carry prices.

Each signal adds its weight to its type; the highest total wins, and a page under `min_score` is an
article (the extractor's home ground). `result.metadata["page_type"]` reports the winner;
`doc.flags["page_type_scores"]` is not set (the scores are internal), but `PageTypeVerdict.margin`
feeds the confidence (cleaner/stages/confidence.py).
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..document import Document
from .htmltree import shared_tree
from .structured import json_ld_documents

PAGE_TYPES = ("article", "forum", "listing", "collection", "product", "documentation", "service")
# Repeated cards: at least this many siblings of one tag and class, each with a link, holding at
# least this share of the page's text.
_MIN_CARDS = 6
_MIN_CARD_SHARE = 0.3
_CARD_WEIGHT = 2.0
_PRICE = re.compile(r"(?:[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:€|zł|kr|CHF|USD|EUR|GBP)\b)")


@dataclass(frozen=True)
class Signal:
    id: str
    why: str
    type: str
    weight: float
    declared: frozenset[str] = frozenset()
    url: tuple[re.Pattern, ...] = ()
    selector: str = ""
    min: int = 1
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


@dataclass
class PageTypeVerdict:
    page_type: str
    scores: dict[str, float] = field(default_factory=dict)
    fired: tuple[str, ...] = ()

    @property
    def margin(self) -> float:
        """How far the winner is ahead of the runner-up (0 when nothing fired)."""
        ranked = sorted(self.scores.values(), reverse=True) + [0.0, 0.0]
        return ranked[0] - ranked[1]


class SignalError(ValueError):
    """The page-type signal file is invalid."""


def load_signals(text: str | None = None) -> tuple[tuple[Signal, ...], float]:
    """The signals and the minimum winning score, from page-types.toml (or the given TOML text)."""
    if text is None:
        text = resources.files("cleaner").joinpath("data/page-types.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    signals = []
    for raw in data.get("signals", []):
        where = f"page-types.toml: signal {raw.get('id')!r}"
        if raw.get("type") not in PAGE_TYPES:
            raise SignalError(f"{where}: type must be one of {PAGE_TYPES}, not {raw.get('type')!r}")
        if not raw.get("why"):
            raise SignalError(f"{where}: 'why' is missing")
        kinds = [k for k in ("declared", "url", "selector") if k in raw]
        if len(kinds) != 1:
            raise SignalError(f"{where}: exactly one of declared, url, selector is needed, not {kinds}")
        examples = raw.get("examples", {})
        signals.append(Signal(
            id=raw["id"], why=raw["why"], type=raw["type"], weight=float(raw.get("weight", 1.0)),
            declared=frozenset(v.lower() for v in raw.get("declared", ())),
            url=tuple(re.compile(p) for p in raw.get("url", ())),
            selector=", ".join(raw.get("selector", ())),
            min=int(raw.get("min", 1)),
            examples_match=tuple(examples.get("match", ())),
            examples_no_match=tuple(examples.get("no_match", ())),
        ))
    return tuple(signals), float(data.get("min_score", 2.0))


def declared_types(tree) -> set[str]:
    """schema.org @type names of every JSON-LD node and microdata item, and og:type as 'og:<value>'."""
    found: set[str] = set()
    for data in json_ld_documents(tree):
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                kind = item.get("@type")
                for name in kind if isinstance(kind, list) else [kind]:
                    if isinstance(name, str):
                        found.add(name.rsplit("/", 1)[-1].lower())
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
            elif isinstance(item, list):
                stack.extend(item)
    og = tree.css_first("meta[property='og:type']")
    if og is not None and og.attributes.get("content"):
        found.add("og:" + og.attributes["content"].strip().lower())
    return found


def count_matches(tree, signal: Signal) -> int:
    return len(tree.css(signal.selector)) if signal.selector else 0


def find_cards(tree) -> list:
    """The largest run of sibling cards (same tag and class, each holding a link) that carries at
    least _MIN_CARD_SHARE of the body's text, in page order; [] when there is none."""
    body = tree.body
    if body is None:
        return []
    page_chars = len(body.text(separator=" ", strip=True)) or 1
    best: list = []
    # Only parents with at least _MIN_CARDS children can hold a run: found by their children.
    parents: dict[int, Any] = {}
    for node in body.css(f"*:nth-child({_MIN_CARDS})"):
        parent = node.parent
        if parent is not None:
            parents.setdefault(parent.mem_id, parent)
    for parent in parents.values():
        groups: Counter = Counter()
        children = []
        child = parent.child
        while child is not None:
            if child.tag and child.tag[0] != "-":
                key = (child.tag, child.attributes.get("class") or "")
                groups[key] += 1
                children.append((key, child))
            child = child.next
        if not groups:
            continue
        key, n = groups.most_common(1)[0]
        if n < _MIN_CARDS or n <= len(best):
            continue
        cards = [c for k, c in children if k == key and c.css_first("a[href]") is not None]
        if len(cards) < _MIN_CARDS or len(cards) <= len(best):
            continue
        if sum(len(c.text(separator=" ", strip=True)) for c in cards) < _MIN_CARD_SHARE * page_chars:
            continue
        best = cards
    return best


def repeated_cards(tree) -> tuple[int, bool]:
    """(number of cards of `find_cards`, whether most of them show a price)."""
    cards = find_cards(tree)
    if not cards:
        return 0, False
    priced = sum(bool(_PRICE.search(c.text(separator=" ", strip=True))) for c in cards)
    return len(cards), priced >= 0.5 * len(cards)


def classify_page(tree, url: str | None, signals: tuple[Signal, ...], min_score: float) -> PageTypeVerdict:
    scores: dict[str, float] = {}
    fired = []
    declared = declared_types(tree)
    lowered_url = (url or "").lower()
    for signal in signals:
        if signal.declared:
            hit = bool(signal.declared & declared)
        elif signal.url:
            hit = bool(lowered_url) and any(p.search(lowered_url) for p in signal.url)
        else:
            hit = count_matches(tree, signal) >= signal.min
        if hit:
            scores[signal.type] = scores.get(signal.type, 0.0) + signal.weight
            fired.append(signal.id)
    cards, priced = repeated_cards(tree)
    if cards:
        kind = "collection" if priced else "listing"
        scores[kind] = scores.get(kind, 0.0) + _CARD_WEIGHT
        fired.append(f"structure.cards-{kind}")
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)  # ties keep their order
    if not ranked or ranked[0][1] < min_score:
        # Nothing decisive: a dated story is an article, an undated page presents an offer.
        page_type = "article" if scores.get("article", 0.0) > 0 else "service"
    else:
        page_type = ranked[0][0]
    return PageTypeVerdict(page_type, dict(scores), tuple(fired))


class PageType:
    """Stage: decide the page type of an HTML page; text pages pass through."""

    name = "pagetype"

    def __init__(self, signals_file: str | None = None):
        text = None
        if signals_file is not None:
            with open(signals_file, encoding="utf-8") as handle:
                text = handle.read()
        self.signals, self.min_score = load_signals(text)

    def run(self, doc: Document) -> Document:
        if doc.kind != "html":
            return doc
        verdict = classify_page(shared_tree(doc), doc.url, self.signals, self.min_score)
        doc.metadata["page_type"] = verdict.page_type
        doc.page_type = verdict
        return doc
