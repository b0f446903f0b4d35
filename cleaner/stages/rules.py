"""rules: apply the line rules of the rule packs (drop, cut-to-end, cut-block, cut-list, capture).

A cut-to-end fires only once the article has begun. A generic marker (a rule with no layout
fingerprint or host scope) cuts only when it leaves more article prose before it than it would cut
after it (twice as much on text extracted from an HTML article, article_html_cut_max_ratio: the
extractor has left most other stories out, so prose after a marker there is mostly the story's
own): "More from Guidebook" in a menu above the story is not the end of the story. Nor, on an HTML
article, does one heading a box of two or more linked headlines after which the story goes on
(two paragraphs in a row). Nor does a generic marker cut that is a list item, or a line the text
shows again with article prose in between (a repeated sub-heading of the article's own sections). A marker that may not cut but
heads a link box (one to three short lines after it, then prose again, no list) goes alone: a
"Read also" label between the story's paragraphs. Layout packs know where their stories end and
may cut whole appended stories.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from ..document import Block, Document, Removal
from ..rulebook.capture import capture_values
from ..rulebook.match import Matcher
from ..rulebook.model import Rule
from ..textnorm import ARTICLE_MIN_WORDS, is_article_like, is_list_item, match_key, word_tokens

# A 'Read also' box holds at most this many linked headlines under its label.
_LINK_BOX_MAX_LINKS = 3


class ApplyRules:
    name = "rules"

    def __init__(self, matcher: Matcher, article_min_words: int = ARTICLE_MIN_WORDS, generic_cut_max_ratio: float = 1.0,
                 article_html_cut_max_ratio: float = 0.5):
        self.matcher = matcher
        self.article_min_words = article_min_words
        # A generic cut-to-end may remove at most this much article prose per word of prose it keeps.
        self.generic_cut_max_ratio = generic_cut_max_ratio
        # On text extracted from an HTML article the extractor has left the other stories out
        # already: prose after a marker there is mostly the story's own (a read-also box inside it).
        self.article_html_cut_max_ratio = article_html_cut_max_ratio
        # Most rules apply on every page: only those with a page condition are asked per page.
        self._page_conditional = {
            rule.id: rule for rule in matcher.rules if rule.scope.page_contains or rule.scope.hosts or rule.scope.languages
        }
        self._everywhere = {rule.id: True for rule in matcher.rules if rule.id not in self._page_conditional}

    def run(self, doc: Document) -> Document:
        host = urlsplit(doc.url).hostname if doc.url else None
        language = doc.metadata.get("language")
        page_scoped = _PageScope(self._everywhere, self._page_conditional, doc.source, host, language)
        article_like = [is_article_like(b.text, self.article_min_words) for b in doc.blocks]
        first_body = next((i for i, flag in enumerate(article_like) if flag), len(doc.blocks))
        # Words of article prose up to each block (prose_before[i] counts blocks before i). A
        # paragraph repeated from earlier counts once: dedup removes the copy later.
        prose_before = [0]
        seen: set[str] = set()
        for block, flag in zip(doc.blocks, article_like):
            key = match_key(block.text) if flag else ""
            counted = flag and key not in seen
            seen.add(key)
            prose_before.append(prose_before[-1] + (len(word_tokens(block.text)) if counted else 0))

        extracted_article = doc.kind == "html" and doc.metadata.get("page_type") == "article"
        max_ratio = self.article_html_cut_max_ratio if extracted_article else self.generic_cut_max_ratio

        def cut_keeps_the_story(rule: Rule, index: int) -> bool:
            if rule.scope.page_contains or rule.scope.hosts:
                return True
            text = doc.blocks[index].text
            # A list item is not a heading over other stories ("- TDP / Recommended PSU"), and a
            # line the text shows again with article prose in between is one of the article's
            # own sub-headings ("Recommended courses:" over each section of a guide).
            if is_list_item(text):
                return False
            key = match_key(text)  # asked rarely: only when a generic marker matched
            repeats = [i for i, b in enumerate(doc.blocks) if i != index and match_key(b.text) == key]
            if any(any(article_like[min(i, index):max(i, index)]) for i in repeats):
                return False
            before, after = prose_before[index], prose_before[-1] - prose_before[index]
            return after <= max_ratio * before

        def heads_a_link_box(index: int) -> bool:
            """Whether the line heads a 'Read also' box inside the story: one to three short lines
            after it (linked headlines), then article prose again; no list item and no line
            introducing one among them."""
            end = index + 1
            while end < len(doc.blocks) and not article_like[end] and end - index <= _LINK_BOX_MAX_LINKS:
                end += 1
            if end == index + 1 or end >= len(doc.blocks) or not article_like[end]:
                return False
            return not any(is_list_item(block.text) or block.text.rstrip().endswith((":", "："))
                           for block in doc.blocks[index:end])

        def story_resumes_after_box(rule: Rule, index: int) -> bool:
            """Whether a generic marker on an HTML article heads a box of two or more linked
            headlines after which the story goes on (two paragraphs of prose in a row): a 'Don't
            miss' box between the story's paragraphs, not a heading over another story (one
            headline, then its standfirst and text) or over headline and teaser pairs."""
            if not extracted_article or rule.scope.page_contains or rule.scope.hosts or not heads_a_link_box(index):
                return False
            end = index + 1
            while not article_like[end]:
                end += 1
            return end - index > 2 and end + 1 < len(doc.blocks) and article_like[end + 1]

        def is_chrome_alone(text: str) -> bool:
            """Whether a rule that needs no chrome beside it matches this line."""
            return self.matcher.find(
                text, lambda rule: page_scoped[rule.id] and rule.scope.position != "beside-chrome"
            ) is not None

        kept: list[Block] = []
        cutting_block_rule: Rule | None = None
        cutting_list_rule: Rule | None = None
        previous_removed = False
        for index, block in enumerate(doc.blocks):
            if cutting_list_rule is not None:
                if is_list_item(block.text):
                    doc.record(Removal.of_block(self.name, cutting_list_rule.id, cutting_list_rule.why, block))
                    previous_removed = True
                    continue
                cutting_list_rule = None
            if cutting_block_rule is not None:
                if not article_like[index]:
                    doc.record(Removal.of_block(self.name, cutting_block_rule.id, cutting_block_rule.why, block))
                    previous_removed = True
                    continue
                cutting_block_rule = None
            in_head = index < first_body
            following = doc.blocks[index + 1].text if index + 1 < len(doc.blocks) else ""
            beside_chrome = previous_removed

            # matcher.find calls allowed() within this iteration, so the loop variables it reads are current.
            def allowed(rule: Rule) -> bool:
                nonlocal beside_chrome
                if not page_scoped[rule.id]:
                    return False
                position = rule.scope.position
                if position == "head" and not in_head or position == "rest" and in_head:  # noqa: B023
                    return False
                if position == "beside-chrome" and not beside_chrome:
                    beside_chrome = bool(following) and is_chrome_alone(following)  # noqa: B023
                    if not beside_chrome:
                        return False
                if rule.action == "cut-to-end":
                    return not in_head and (cut_keeps_the_story(rule, index) or heads_a_link_box(index))  # noqa: B023
                return True

            hit = self.matcher.find(block.text, allowed)
            previous_removed = hit is not None
            if hit is None:
                kept.append(block)
                continue
            rule = hit.rule
            doc.record(Removal.of_block(self.name, rule.id, rule.why, block))
            if rule.action == "capture":
                _capture(doc, hit.groups, rule)
            elif rule.action == "cut-block":
                cutting_block_rule = rule
            elif rule.action == "cut-list":
                if is_list_item(following):
                    cutting_list_rule = rule
                else:
                    _cut_list_above(doc, kept, index, rule)
            elif (rule.action == "cut-to-end" and cut_keeps_the_story(rule, index)
                  and not story_resumes_after_box(rule, index)):
                for rest in doc.blocks[index + 1:]:
                    doc.record(Removal.of_block(self.name, rule.id, rule.why, rest))
                break
        doc.blocks = kept
        return doc


def _cut_list_above(doc: Document, kept: list[Block], index: int, rule: Rule) -> None:
    """A cut-list line under a run of list items (an AI summary's note below its bullets) takes
    that run with it, unless the line above the run introduces it (':'): then it is the article's."""
    start = len(kept)
    while start > 0 and is_list_item(kept[start - 1].text) and kept[start - 1] is doc.blocks[index - len(kept) + start - 1]:
        start -= 1
    if start == len(kept) or start > 0 and kept[start - 1].text.rstrip().endswith((":", "：")):
        return
    for block in kept[start:]:
        doc.record(Removal.of_block(ApplyRules.name, rule.id, rule.why, block))
    del kept[start:]


class _PageScope(dict):
    """Rule id -> whether the rule applies on this page. A rule with a page condition (layout
    fingerprint, host, language) is asked on first use: most are never candidates on a page."""

    def __init__(self, everywhere: dict[str, bool], conditional: dict[str, Rule], source: str,
                 host: str | None, language: str | None):
        super().__init__(everywhere)
        self._conditional, self._source, self._host, self._language = conditional, source, host, language

    def __missing__(self, rule_id: str) -> bool:
        allowed = self._conditional[rule_id].scope.page_allows(self._source, self._host, self._language)
        self[rule_id] = allowed
        return allowed


def _capture(doc: Document, groups: dict[str, str], rule: Rule) -> None:
    for name, value in capture_values(groups, rule).items():
        if doc.metadata.get(name) is None:
            doc.metadata[name] = value
