"""guard: flag a page whose cleaning lost too much of its article-like text (over-cleaning).

Nothing is changed: the stage measures and flags, the caller decides (a batch counts the flags; a
crawler may fall back to another profile). The baseline is the page's own article-like text:
its paragraphs with at least `article_min_words` words and a sentence ending (for HTML, the
paragraph elements of the tree as parsed before pruning, so boilerplate-heavy markup does not count). The share
lost is the share of those words, counted with repeats, that no longer appear in the output.
Repeated paragraphs count once, since removing a duplicate loses nothing, and paragraphs removed
by a cut-to-end rule do not count: such a rule says the article has ended ("Related articles"
and the other stories an aggregator appends).

On a degraded page (HTML over a size or depth limit, tags stripped without extraction), sidebars
and "Related articles" boxes are text like the story, so a generic end marker (a cut-to-end rule
with no layout fingerprint or host scope) may stand in the middle of it: there its cut counts as a
loss, and a cut of more than `max_degraded_cut_share` of the article words flags the page alone.

Result.flags["over_cleaned"] = {"share": lost share, "threshold": max_lost_share,
"article_words": words in the baseline, "cut_share": share removed by generic end markers on a
degraded page} when the share is above `max_lost_share` (or the cut share above
`max_degraded_cut_share`) and the page has at least `min_article_words` words of article-like text.
"""
from __future__ import annotations

from collections import Counter

from ..document import Document, Flagged
from ..htmltext import html_to_text
from ..rulebook.model import Rule
from ..textnorm import ARTICLE_MIN_WORDS, canonical_whitespace, folded_words, is_article_like, match_key


def article_lines(lines: list[str], article_min_words: int, skip: frozenset[str] = frozenset()) -> list[str]:
    """The article-like lines, whitespace made canonical, each distinct paragraph once; lines
    whose match_key is in `skip` are left out."""
    seen: set[str] = set(skip)
    found: list[str] = []
    for line in lines:
        text = canonical_whitespace(line)
        if not is_article_like(text, article_min_words):
            continue
        key = match_key(text)
        if key in seen:
            continue
        seen.add(key)
        found.append(text)
    return found


def article_words(lines: list[str], article_min_words: int, skip: frozenset[str] = frozenset()) -> Counter:
    """Case-folded word counts of the article-like lines, each distinct paragraph once; lines
    whose match_key is in `skip` are left out."""
    return word_counts(article_lines(lines, article_min_words, skip))


def word_counts(texts: list[str]) -> Counter:
    """Case-folded word counts of the texts."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(folded_words(text))
    return counts


def lost_share(before: Counter, after_texts: list[str]) -> float:
    """Share of the words in `before` (with repeats) missing from the texts after cleaning."""
    total = sum(before.values())
    if not total:
        return 0.0
    return sum((before - word_counts(after_texts)).values()) / total


class OverCleaningGuard:
    name = "guard"

    def __init__(
        self, rules: tuple[Rule, ...] = (), max_lost_share: float = 0.5, article_min_words: int = ARTICLE_MIN_WORDS,
        min_article_words: int = 50, max_degraded_cut_share: float = 0.2,
    ):
        self.end_rules = frozenset(rule.id for rule in rules if rule.action == "cut-to-end")
        # End markers that know their layout: trusted to cut where the story ends, even degraded.
        self.layout_end_rules = frozenset(
            rule.id for rule in rules
            if rule.action == "cut-to-end" and (rule.scope.page_contains or rule.scope.hosts)
        )
        self.max_degraded_cut_share = max_degraded_cut_share
        if not 0 <= max_lost_share <= 1:
            raise ValueError(f"guard: max_lost_share must be between 0 and 1, not {max_lost_share!r}")
        self.max_lost_share = max_lost_share
        self.article_min_words = article_min_words
        self.min_article_words = min_article_words

    def run(self, doc: Document) -> Document:
        if doc.kind != "html":
            lines = doc.source.split("\n")
        elif doc.html_paragraphs is not None:
            lines = doc.html_paragraphs
        else:  # a document that did not come through the structured stage
            lines = html_to_text(doc.source).split("\n")
        trusted = self.layout_end_rules if "degraded" in doc.flags else self.end_rules
        ends = [r for r in doc.removed if r.rule in self.end_rules]
        after_the_end = frozenset(match_key(r.text) for r in ends if r.rule in trusted)
        article = article_lines(lines, self.article_min_words, after_the_end)
        total = sum(len(folded_words(text)) for text in article)
        if total < self.min_article_words:
            return doc
        kept = {block.text for block in doc.blocks}
        if all(text in kept for text in article):
            share = 0.0  # every article-like paragraph is still there as it was: nothing is lost
        else:
            share = lost_share(word_counts(article), [block.text for block in doc.blocks])
        doc.lost_share = share
        cut = article_words([r.text for r in ends if r.rule not in trusted], self.article_min_words)
        cut_share = sum(cut.values()) / total
        if share > self.max_lost_share or cut_share > self.max_degraded_cut_share:
            doc.record(Flagged(self.name, "over_cleaned", {
                "share": round(share, 3),
                "threshold": self.max_lost_share,
                "article_words": total,
                **({"cut_share": round(cut_share, 3)} if cut_share else {}),
            }))
            if share > self.max_lost_share:
                doc.warnings.append(
                    f"over-cleaned: {share:.0%} of the page's article-like text was removed"
                    f" (more than {self.max_lost_share:.0%})"
                )
            else:
                doc.warnings.append(
                    f"over-cleaned: a generic end-of-article marker cut {cut_share:.0%} of the page's"
                    f" article-like text, on a page cleaned without extraction (degraded)"
                )
        return doc
