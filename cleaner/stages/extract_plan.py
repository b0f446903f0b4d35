"""How the extract stage runs trafilatura on one HTML page, by its page type (metadata page_type).

Parameters (profiles.toml, [<profile>.params.extract]), each a list of page types:
- comments_for: keep comments and replies (on a forum the posts are the content).
- recall_for: trafilatura's favor_recall (pages whose content is spread over sections or cards).
- fast_for: fast mode first (no readability/jusText comparison); the full sequence runs only when
  the fast text is poor: shorter than full_below_words, or than fast_min_share of the words of the
  page's paragraphs, or (with fast_max_lost) it lost more than fast_max_lost of the page's
  article-like paragraph words, or it holds less than fast_min_body of a declared articleBody.
  The full sequence then runs plain (without favor_recall).
- description_for: a declared Product description (JSON-LD, else microdata) the text does not hold is added.
- cards_for / cards_max_coverage / cards_min_ratio: the page's repeated cards (cleaner/stages/cards.py)
  are added when the text holds less than cards_max_coverage of their words while they hold more
  than cards_min_ratio times the text's words: on listings the cards are the content.
- posts_for / posts_min_words: the post bodies the rule packs name (rules with action "content",
  cleaner/stages/posts.py) replace the text when they hold at least posts_min_words words: on a
  thread the extractor often keeps the first post alone, or the posts with the author cards.
- sections_for / sections_max_coverage / sections_min_inside / sections_max_ratio: the text of the
  page's <main> replaces a text that lies inside it (sections_min_inside of its words) and holds
  less than sections_max_coverage of its words, unless <main> has more than sections_max_ratio
  times the text's words (cleaner/stages/sections.py): on a service page the extractor keeps one
  section of several.
- continuation_for: on these page types, a body the page splits into several containers of one
  kind (ad rows between them) gets the parts the extractor left out, after the text
  (cleaner/stages/continuation.py).
- retry_short_for / retry_short_share / retry_short_gain: on these page types, when the retry
  above does not run, a text under retry_short_share of the pruned page's visible words is
  extracted again the other way, and the retry kept when it has retry_short_gain times the words.
- retry_lost_share / retry_gain / retry_min_words: when the text lost more than retry_lost_share of
  the page's article-like paragraphs (the guard's measure, on pages with at least retry_min_words
  such words), extract again the other way and keep that when it loses at least retry_gain less
  (0 switches the retry off). Pages extracted fast mode first are not retried: the fast check
  has already run the full sequence on a poor first pass. Nor is a retry run when pruning took
  most of what the text lost: no way of extracting the pruned page brings that back.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..textnorm import words
from .guard import article_words, lost_share
from .htmltree import paragraph_texts


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How trafilatura runs on one page."""

    fast: bool = False
    comments: bool = False
    recall: bool = False


@dataclass(frozen=True, slots=True)
class ExtractPlan:
    fast: bool = False
    full_below_words: int = 0
    comments_for: frozenset[str] = frozenset()
    recall_for: frozenset[str] = frozenset()
    fast_for: frozenset[str] = frozenset()
    fast_min_share: float = 0.0
    fast_max_lost: float = 0.0
    fast_min_body: float = 0.0
    description_for: frozenset[str] = frozenset()
    cards_for: frozenset[str] = frozenset()
    cards_max_coverage: float = 0.5
    cards_min_ratio: float = 1.0
    retry_lost_share: float = 0.0
    retry_gain: float = 0.2
    retry_min_words: int = 50
    article_min_words: int = 12
    posts_for: frozenset[str] = frozenset()
    posts_min_words: int = 20
    retry_short_for: frozenset[str] = frozenset()
    retry_short_share: float = 0.0
    retry_short_gain: float = 2.0
    sections_for: frozenset[str] = frozenset()
    sections_max_coverage: float = 0.55
    sections_min_inside: float = 0.9
    sections_max_ratio: float = 5.0
    continuation_for: frozenset[str] = frozenset()

    def options(self, page_type: str | None) -> ExtractOptions:
        return ExtractOptions(
            fast=self.fast or page_type in self.fast_for,
            comments=page_type in self.comments_for,
            recall=page_type in self.recall_for,
        )

    def baseline(self, paragraphs: list[str] | None) -> Counter | None:
        """The page's article-like paragraph words (the guard's measure), or None when the page
        has too few of them to judge a text by."""
        if not paragraphs:
            return None
        counts = article_words(paragraphs, self.article_min_words)
        return counts if sum(counts.values()) >= self.retry_min_words else None

    def fast_is_poor(self, text: str, paragraphs: list[str] | None, baseline: Counter | None = None,
                     body_coverage: float | None = None) -> bool:
        """A fast-mode text that the full sequence should redo."""
        n_words = len(words(text))
        if self.full_below_words and n_words < self.full_below_words:
            return True
        if self.fast_min_share and paragraphs:
            page_words = sum(len(p.split()) for p in paragraphs)
            if n_words < self.fast_min_share * page_words:
                return True
        if self.fast_max_lost and baseline is not None and lost_share(baseline, [text]) > self.fast_max_lost:
            return True
        return body_coverage is not None and body_coverage < self.fast_min_body

    def lost(self, baseline: Counter | None, text: str) -> float | None:
        """The share of the page's article-like paragraph words the text lost; None when the
        retry is off or the page has too few such words to tell."""
        if not self.retry_lost_share or baseline is None:
            return None
        return lost_share(baseline, [text])

    def lost_most(self, baseline: Counter | None, text: str) -> bool:
        lost = self.lost(baseline, text)
        return lost is not None and lost > self.retry_lost_share

    def could_gain(self, baseline: Counter | None, text: str, pruned_share: float | None) -> bool:
        """Whether a retry on the pruned page could lose retry_gain less than the text: it cannot
        bring back the words pruning took (pruned_share of the page's article-like words)."""
        lost = self.lost(baseline, text)
        if lost is None or pruned_share is None:
            return True
        return lost - pruned_share > self.retry_gain

    def short_of_page(self, text: str, tree) -> bool:
        """Whether the text holds fewer words than retry_short_share of the (pruned) page's
        visible words (0 switches the check off)."""
        if not self.retry_short_share or tree.body is None:
            return False
        n_words = len(words(text))
        page_words = len(tree.body.text(separator=" ").split())
        return n_words < self.retry_short_share * page_words

    @staticmethod
    def other_way(options: ExtractOptions) -> ExtractOptions:
        """The retry: the plain full sequence, or favor_recall when that was the first way."""
        plain = ExtractOptions()
        return ExtractOptions(recall=True) if options == plain else plain


class PrunedShare:
    """The share of the page's article-like paragraph words that pruning took (None when the page
    has too few to tell), measured on the pruned tree once, when first asked."""

    def __init__(self, pruned_tree, baseline: Counter | None):
        self._tree, self._baseline = pruned_tree, baseline
        self._value: float | None = None
        self._measured = False

    def value(self) -> float | None:
        if not self._measured:
            self._measured = True
            if self._baseline is not None:
                # Nothing pruned: nothing taken (scripts and styles dropped hold no paragraphs).
                taken = self._tree is not None
                self._value = lost_share(self._baseline, paragraph_texts(self._tree)) if taken else 0.0
        return self._value
