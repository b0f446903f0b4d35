"""extract: main content from the (pruned) HTML with trafilatura, checked against what the page
declares (JSON-LD articleBody) and guarded against over-pruning.

Metadata comes from the structured stage (declared data, cheap); trafilatura runs without its
metadata pass, which costs more than the extraction itself.

Parameters:
- fast: trafilatura without its readability/jusText comparison.
- full_below_words: in fast mode, run the full comparison when the fast text has fewer words
  (short results are where the comparison changes the outcome).
- guard_min_words / guard_share: when the pruned page gives fewer words than guard_min_words, or
  less than guard_share of the declared articleBody, extract again from the unpruned page and keep
  that if it gives clearly more (the back-off is logged as a removal with rule guard.over-pruning).
- back_off_min_pruned: the unpruned page is tried only when pruning took more than this share of
  the page's article-like paragraph words (pages with too few such words to tell are always
  tried): otherwise it holds no more of the article than the pruned page, and the extra
  extraction (a whole trafilatura run) is skipped. Likewise the retry "the other way" (below)
  runs only when what it could recover from the pruned page, the words the text lost that
  pruning did not take, is more than the gain it must show.
- back_off_keeps: ids of prune rules whose elements stay out when pruning backs off (consent
  dialogs and the like never hold the content: a cookie preference centre's prose must not win
  the back-off's word count). Their selectors come from the rules the pipeline passes.
- body_min_words / body_min_coverage: a declared articleBody of at least body_min_words replaces
  the extracted text when the text holds less than body_min_coverage of its words.
- comments: the page's comment sections (trafilatura finds them and strips authors and dates):
  "drop" leaves them out, "keep" adds them to the text after the article, "separate" puts one
  item per comment paragraph in doc.comments. Set by Cleaner(comments=...), not by profiles.
- by page type (comments_for, recall_for, posts_for, fast_for, fast_min_share, description_for, cards_*,
  sections_*, continuation_for, retry_*):
  see cleaner/stages/extract_plan.py.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import trafilatura
from selectolax.lexbor import LexborHTMLParser

from ..document import Block, Document, Flagged, Removal
from ..rulebook.model import Rule
from ..textnorm import share_held, word_bag, words
from .cards import card_lines, missing_cards
from .continuation import continuation_paragraphs
from .extract_plan import ExtractOptions, ExtractPlan, PrunedShare
from .htmltree import drop_inert
from .posts import post_texts, posts_to_use
from .sections import main_sections
from .structured import read_article_body, read_product_description
from .wordbreaks import break_after_blocks, keep_words_apart, space_dropped_tags

GUARD_RULE = "guard.over-pruning"
# Two texts with this share of each other's words (as bags) say the same thing.
_SAME_WORDS = 0.95
BODY_RULE = "structured.article-body"
COMMENT_MODES = ("drop", "keep", "separate")
COMMENT_RULE = "extract.comment"
PLAIN = ExtractOptions()


@dataclass(frozen=True, slots=True)
class _Page:
    """What the page itself says, to judge an extracted text by: its paragraphs before pruning,
    their article-like words (None when too few), and the declared articleBody's words."""

    paragraphs: list[str] | None
    baseline: Counter | None
    declared_words: Counter


class Extract:
    name = "extract"

    def __init__(
        self,
        rules: tuple[Rule, ...] = (),
        back_off_keeps: tuple[str, ...] | list[str] = (),
        fast: bool = False,
        favor_precision: bool = False,
        include_tables: bool = True,
        full_below_words: int = 0,
        guard_min_words: int = 40,
        guard_share: float = 0.5,
        body_min_words: int = 60,
        body_min_coverage: float = 0.6,
        back_off_min_pruned: float = 0.1,
        comments: str = "drop",
        comments_for: tuple[str, ...] | list[str] = (),
        recall_for: tuple[str, ...] | list[str] = (),
        fast_for: tuple[str, ...] | list[str] = (),
        fast_min_share: float = 0.0,
        fast_max_lost: float = 0.0,
        fast_min_body: float = 0.0,
        description_for: tuple[str, ...] | list[str] = (),
        cards_for: tuple[str, ...] | list[str] = (),
        cards_max_coverage: float = 0.5,
        cards_min_ratio: float = 1.0,
        retry_lost_share: float = 0.0,
        retry_gain: float = 0.2,
        retry_min_words: int = 50,
        article_min_words: int = 12,
        posts_for: tuple[str, ...] | list[str] = (),
        posts_min_words: int = 20,
        retry_short_for: tuple[str, ...] | list[str] = (),
        retry_short_share: float = 0.0,
        retry_short_gain: float = 2.0,
        sections_for: tuple[str, ...] | list[str] = (),
        sections_max_coverage: float = 0.55,
        sections_min_inside: float = 0.9,
        sections_max_ratio: float = 5.0,
        continuation_for: tuple[str, ...] | list[str] = (),
    ):
        self.fast = fast
        self.favor_precision = favor_precision
        self.include_tables = include_tables
        self.full_below_words = full_below_words
        self.guard_min_words = guard_min_words
        self.guard_share = guard_share
        self.body_min_words = body_min_words
        self.body_min_coverage = body_min_coverage
        self.back_off_min_pruned = back_off_min_pruned
        kept = set(back_off_keeps)
        self._back_off_drop = ", ".join(p for r in rules if r.id in kept and r.match == "selector" for p in r.patterns)
        self._post_selector = ", ".join(p for r in rules if r.action == "content" for p in r.patterns)
        if comments not in COMMENT_MODES:
            raise ValueError(f"comments must be one of {', '.join(COMMENT_MODES)}, not {comments!r}")
        self.comments = comments
        self.plan = ExtractPlan(
            fast=fast, full_below_words=full_below_words, comments_for=frozenset(comments_for),
            recall_for=frozenset(recall_for), fast_for=frozenset(fast_for), fast_min_share=fast_min_share,
            fast_max_lost=fast_max_lost, fast_min_body=fast_min_body,
            description_for=frozenset(description_for), cards_for=frozenset(cards_for),
            cards_max_coverage=cards_max_coverage, cards_min_ratio=cards_min_ratio, retry_lost_share=retry_lost_share,
            retry_gain=retry_gain, retry_min_words=retry_min_words, article_min_words=article_min_words,
            posts_for=frozenset(posts_for), posts_min_words=posts_min_words,
            retry_short_for=frozenset(retry_short_for), retry_short_share=retry_short_share,
            retry_short_gain=retry_short_gain, sections_for=frozenset(sections_for),
            sections_max_coverage=sections_max_coverage, sections_min_inside=sections_min_inside,
            sections_max_ratio=sections_max_ratio, continuation_for=frozenset(continuation_for),
        )

    def run(self, doc: Document) -> Document:
        if doc.kind != "html":
            return doc
        tree = doc.html_tree
        if tree is not None:
            keep_words_apart(tree)
            drop_inert(tree)
        html = break_after_blocks(tree.html if tree is not None else doc.source)
        page_type = doc.metadata.get("page_type")
        options = self.plan.options(page_type)
        declared = read_article_body(tree) if tree is not None else None
        declared_words = word_bag(declared) if declared else Counter()
        page = _Page(doc.html_paragraphs, self.plan.baseline(doc.html_paragraphs), declared_words)
        text, doc.content = self._extract(html, doc.url, options, page)
        pruned = any(r.stage == "prune" for r in doc.removed)
        pruned_share = PrunedShare(tree if pruned else None, page.baseline)
        if (not options.fast  # fast mode first has its own check
                and self.plan.lost_most(page.baseline, text)
                and self.plan.could_gain(page.baseline, text, pruned_share.value())):
            text, doc.content = self._retry(doc, html, text, doc.content, options, page)
        elif (not options.fast and tree is not None and page_type in self.plan.retry_short_for
                and self.plan.short_of_page(text, tree)):
            text, doc.content = self._retry_short(doc, html, text, doc.content, options, page)

        if (pruned
                and (self._looks_over_pruned(text, declared_words) or self.plan.lost_most(page.baseline, text))
                and not self._pruned_too_little(pruned_share.value())):
            text, doc.content = self._back_off(doc, text, doc.content, options, page)

        if declared and sum(declared_words.values()) >= self.body_min_words:
            coverage = _coverage(text, declared_words)
            if coverage >= _SAME_WORDS and _coverage(declared, word_bag(text)) >= _SAME_WORDS:
                # Same words; the declared body keeps paragraph breaks the text may have lost.
                if declared.count("\n") > text.count("\n"):
                    doc.record(Flagged(self.name, "article_body_used", True))
                    text = declared
            elif coverage < self.body_min_coverage:
                doc.record(Removal(
                    self.name, BODY_RULE,
                    f"extracted text held {coverage:.0%} of the page's declared articleBody: the body is used instead",
                    text[:200],
                ))
                doc.record(Flagged(self.name, "article_body_used", True))
                text, doc.content = declared, None

        if tree is not None and page_type in self.plan.continuation_for:
            text = self._add_continuation(doc, tree, text)
        if tree is not None and page_type in self.plan.posts_for:
            text = self._use_posts(doc, tree, text)
        if tree is not None and page_type in self.plan.sections_for:
            text = self._use_sections(doc, tree, text)
        if tree is not None and page_type in self.plan.description_for:
            text = self._add_description(doc, tree, text)
        if tree is not None and page_type in self.plan.cards_for:
            text = self._add_cards(doc, tree, text)
        if self.comments != "drop":
            found = self._comments(doc.source, doc.url)  # the unpruned page: prune drops comment widgets
            if self.comments == "keep":
                text = "\n".join(part for part in (text, *found) if part)
            else:
                doc.comments = found
        if not text:
            doc.warnings.append("no main content found in the HTML")
        doc.blocks = [Block(line, i) for i, line in enumerate(text.split("\n"))]
        if doc.comments:
            self._keep_comments_out(doc)
        return doc

    def _keep_comments_out(self, doc: Document) -> None:
        """Comments asked for separately never stay in the text as well."""
        items = {" ".join(item.split()) for item in doc.comments}
        kept = []
        for block in doc.blocks:
            if " ".join(block.text.split()) in items:
                doc.record(Removal(self.name, COMMENT_RULE, "a comment: returned in result.comments", block.text, block.line))
            else:
                kept.append(block)
        doc.blocks = kept

    def _extract(self, html: str, url: str | None, options: ExtractOptions = PLAIN,
                 page: _Page | None = None) -> tuple[str, Any]:
        """The main text, and trafilatura's XML of it (None when nothing was found)."""
        options = ExtractOptions(self.fast or options.fast, options.comments, options.recall)
        text, content = self._trafilatura(html, url, options, options.fast)
        if options.fast and self._fast_is_poor(text, page):
            # The plain full sequence: its readability/jusText comparison is what rescues a poor first pass.
            text, content = self._trafilatura(html, url, ExtractOptions(comments=options.comments), False)
        return text, content

    def _fast_is_poor(self, text: str, page: _Page | None) -> bool:
        if page is None:
            return self.plan.fast_is_poor(text, None)
        declared = page.declared_words
        coverage = _coverage(text, declared) if sum(declared.values()) >= self.body_min_words else None
        return self.plan.fast_is_poor(text, page.paragraphs, page.baseline, coverage)

    def _retry(self, doc: Document, html: str, text: str, content: Any, options: ExtractOptions,
               page: _Page) -> tuple[str, Any]:
        """A text that lost most of the page's article-like paragraphs is extracted again the
        other way; the retry is kept when it loses clearly less."""
        retry, retry_content = self._extract(html, doc.url, self.plan.other_way(options), page)
        before, after = self.plan.lost(page.baseline, text), self.plan.lost(page.baseline, retry)
        if before is not None and after is not None and after < before - self.plan.retry_gain:
            doc.record(Flagged(self.name, "extraction_retried", True))
            return retry, retry_content
        return text, content

    def _use_posts(self, doc: Document, tree, text: str) -> str:
        """A thread's post bodies, in page order, replace the extracted text."""
        posts = post_texts(tree, self._post_selector)
        if not posts_to_use(posts, self.plan.posts_min_words):
            return text
        doc.record(Flagged(self.name, "posts_used", len(posts)))
        doc.content = None  # the extractor's XML no longer stands for the text
        return "\n".join(posts)

    def _use_sections(self, doc: Document, tree, text: str) -> str:
        """The text of the page's <main>, when the extracted text is one small part of it."""
        plan = self.plan
        sections = main_sections(tree, text, plan.sections_max_coverage, plan.sections_min_inside,
                                 plan.sections_max_ratio)
        if sections is None:
            return text
        doc.record(Flagged(self.name, "sections_used", True))
        doc.content = None  # the extractor's XML no longer stands for the text
        return sections

    def _retry_short(self, doc: Document, html: str, text: str, content: Any, options: ExtractOptions,
                     page: _Page) -> tuple[str, Any]:
        """A text that is a sliver of the page's visible words (while it holds most of the
        page's few article-like paragraphs, or the page has too few to tell) is extracted again
        the other way; the retry is kept when it has retry_short_gain times the words."""
        retry, retry_content = self._extract(html, doc.url, self.plan.other_way(options), page)
        if len(words(retry)) >= self.plan.retry_short_gain * max(len(words(text)), 1):
            doc.record(Flagged(self.name, "extraction_retried", True))
            return retry, retry_content
        return text, content

    def _add_description(self, doc: Document, tree, text: str) -> str:
        """A declared Product description the text does not hold goes after the text."""
        description = read_product_description(tree)
        if not description or _coverage(text, word_bag(description)) >= self.body_min_coverage:
            return text
        doc.record(Flagged(self.name, "product_description_used", True))
        return f"{text}\n{description}" if text else description

    def _add_continuation(self, doc: Document, tree, text: str) -> str:
        """The later parts of an article body split into containers of one kind go after the text."""
        added = continuation_paragraphs(tree, text)
        if not added:
            return text
        doc.record(Flagged(self.name, "continuation_added", len(added)))
        doc.content = None  # the extractor's XML no longer stands for the text
        return "\n".join([text, *added])

    def _add_cards(self, doc: Document, tree, text: str) -> str:
        """The page's repeated cards the text left out go after it (on a listing they are the content)."""
        added = missing_cards(text, card_lines(tree), self.plan.cards_max_coverage, self.plan.cards_min_ratio)
        if not added:
            return text
        doc.record(Flagged(self.name, "cards_added", len(added)))
        return "\n".join([text, *added]) if text else "\n".join(added)

    def _trafilatura(self, html: str, url: str | None, options: ExtractOptions, fast: bool) -> tuple[str, Any]:
        # Any: typed as Document | dict, and a dict only comes back with as_dict=True
        result: Any = trafilatura.bare_extraction(
            html,
            url=url,
            fast=fast,
            favor_precision=self.favor_precision and not options.recall,
            favor_recall=options.recall,
            include_comments=options.comments,
            include_tables=self.include_tables,
            with_metadata=False,
        )
        if result is None:
            return "", None
        text = result.text or ""
        if options.comments and result.comments:  # on a forum the replies are content too
            text = f"{text}\n{result.comments}" if text else result.comments
        return text, result.body

    def _comments(self, html: str, url: str | None) -> list[str]:
        """The page's comments, one item per paragraph of the comment sections, authors stripped."""
        result: Any = trafilatura.bare_extraction(  # a Document: no as_dict
            html, url=url, fast=self.fast, favor_precision=self.favor_precision,
            include_comments=True, include_tables=self.include_tables, with_metadata=False,
        )
        body = result.commentsbody if result is not None else None
        if body is None:
            return []
        items = (" ".join("".join(element.itertext()).split()) for element in body)
        return [item for item in items if item]

    def _pruned_too_little(self, pruned_share: float | None) -> bool:
        """Pruning took so little of the page's article-like words that the unpruned page cannot
        give clearly more of the article."""
        return pruned_share is not None and pruned_share <= self.back_off_min_pruned

    def _looks_over_pruned(self, text: str, declared_words: Counter) -> bool:
        if len(words(text)) < self.guard_min_words:
            return True
        return bool(declared_words) and _coverage(text, declared_words) < self.guard_share

    def _back_off(self, doc: Document, pruned_text: str, pruned_content: Any,
                  options: ExtractOptions = PLAIN, page: _Page | None = None) -> tuple[str, Any]:
        unpruned_text, unpruned_content = self._extract(self._unpruned(doc.source), doc.url, options, page)
        n_pruned, n_unpruned = len(words(pruned_text)), len(words(unpruned_text))
        # "Clearly more": the unpruned page must give half as much again, so chrome that pruning
        # rightly took out does not come back on pages that are short anyway.
        if n_unpruned <= max(self.guard_min_words // 2, 1.5 * n_pruned):
            return pruned_text, pruned_content
        doc.record(Removal(
            self.name, GUARD_RULE,
            f"selector pruning left {n_pruned} words, the unpruned page gives {n_unpruned}: pruning backed off",
            "",
        ))
        doc.record(Flagged(self.name, "over_pruning_guard", True))
        return unpruned_text, unpruned_content


    def _unpruned(self, source: str) -> str:
        """The page with only the back_off_keeps elements taken out (parsed and written again only
        then: the extractor reads a re-serialised page differently), and a line break on either
        side of each block element trafilatura drops, as on the pruned page."""
        source = break_after_blocks(space_dropped_tags(source))
        if not self._back_off_drop:
            return source
        tree = LexborHTMLParser(source)
        doomed = tree.css(self._back_off_drop)
        if not doomed:
            return source
        for node in reversed(doomed):  # descendants before their ancestors: none is touched once freed
            node.replace_with("\n")
        return tree.html or source


def _coverage(text: str, declared_words: Counter) -> float:
    """Share of the declared body's words (as a bag) that the text holds."""
    return share_held(word_bag(text), declared_words)
