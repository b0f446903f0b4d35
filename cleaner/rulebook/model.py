"""What a rule is. A rule is data: an id, a one-line reason, what it matches, what it does,
where it applies, and examples of what it must remove and keep."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MATCH_KINDS = ("exact", "line", "prefix", "regex", "concept", "selector")
# cut-list: the line and the run of list items ("• ...") right after it (an AI summary's bullets), or, when
# no item follows, the run right above it unless a line ending in ":" introduces that run.
# content (selector rules only): the elements are the page's content, taken in page order by the
# extract stage on the page types it names (a forum engine's post bodies, without author cards).
ACTIONS = ("drop", "cut-to-end", "cut-block", "cut-list", "capture", "content")
# "beside-chrome": only when the line before or after it is chrome too (removed by another rule):
# for labels that are chrome in a row of buttons but may be text alone ("X", "Like").
POSITIONS = ("any", "head", "rest", "beside-chrome")


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a rule applies. Empty tuples mean 'everywhere'.

    position: "head" = before the first article-like paragraph, "rest" = from it on, "any", or
    "beside-chrome" = anywhere, but only next to a line another rule removes.
    page_contains: the page's text must contain one of these strings (a layout fingerprint).
    hosts: the page URL's host must equal or end with one of these.
    languages: the page language (when known) must be one of these.
    """

    position: str = "any"
    page_contains: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def page_allows(self, page_text: str, host: str | None, language: str | None) -> bool:
        if self.page_contains and not any(marker in page_text for marker in self.page_contains):
            return False
        if self.hosts and not (host and any(host == h or host.endswith("." + h) for h in self.hosts)):
            return False
        # "de-AT" and "de_DE" are German: compare the primary language subtag.
        if self.languages and language and primary_language(language) not in self.languages:
            return False
        return True


def primary_language(tag: str) -> str:
    """'de-AT' -> 'de', 'fr_FR' -> 'fr', 'EN' -> 'en'."""
    return tag.replace("_", "-").split("-", 1)[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pack: str
    why: str
    match: str
    patterns: tuple[str, ...]
    action: str = "drop"
    scope: Scope = field(default_factory=Scope)
    # Prefix and regex rules never fire on lines longer than this: chrome is short, prose is not.
    max_words: int = 25
    # Concept rules (cleaner/rulebook/concept.py): words that may stand beside the terms, and how
    # many other words (a brand or source name) the line may hold.
    fillers: tuple[str, ...] = ()
    slot_words: int = 0
    anchor: str = "any"  # "start": the first group's term begins the line
    questions: bool = True  # False: a line ending in a question mark is not this chrome
    # For capture rules: the order of day, month and year in numeric dates ("dmy", "mdy", "ymd").
    date_order: str = "dmy"
    examples_remove: tuple[str, ...] = ()
    examples_keep: tuple[str, ...] = ()
    examples_capture: tuple[dict[str, Any], ...] = ()
    origin: str = ""  # "file:line", for error messages


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    why: str
    path: str
    rules: tuple[Rule, ...]
