"""classify: keep the article lines of a whole flattened page (menus, footers, headline lists around it).

Applied when a page looks like a whole page flattened to text rather than an extracted article
(`mode = "auto"`), or always/never by profile. Three steps, jusText's idea applied to text lines:

1. each line gets a class from its features (classify_features.py): good (prose), near (could be
   prose), short (too short to tell) or bad (with the feature that decided);
2. short and near lines take the class of their context: a short line between good lines is a
   subheading and stays, a run of short lines is a menu, near lines next to good text stay;
3. the main block is the largest cluster of good lines; clusters far from it (other stories,
   footers) go unless they are large. The headline of the main block (the line before it that the
   page's title line or a repeat confirms) is kept first, once.

Every dropped line is logged with the rule id of the feature that decided ("classify.menu-run").
Thresholds are the constructor's parameters, set and documented in cleaner/data/profiles.toml.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..document import Block, Document, Flagged, Moved, Removal
from ..rulebook.match import Matcher
from ..textnorm import match_key
from .classify_features import LineFeatures, PhraseFinder, Stoplists, language_sample, line_features
from .span import best_spans
from .title import is_headline_candidate

GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"

WHY = {
    "classify.chrome-phrase": "cookie, consent, policy and subscription wording is site chrome",
    "classify.repeated": "a short line the page repeats is navigation or a widget label",
    "classify.link-like": "URLs, e-mail addresses, handles and breadcrumb separators are navigation",
    "classify.capitalised": "a line of capitalised words without a sentence is a menu or a headline",
    "classify.digits": "a line mostly of numbers is a date, price or score table",
    "classify.low-stopwords": "too few function words for prose in the page's language",
    "classify.menu-run": "part of a run of short lines: a menu, link list or footer",
    "classify.no-prose-nearby": "a short or doubtful line with no prose next to it",
    "classify.after-end-marker": "after a rule pack's end-of-article marker (comments, related stories)",
    "classify.outside-main": "prose far from the main block: other stories, teasers, footers",
}


# The defaults below are the tuned values; cleaner/data/profiles.toml lists and documents each one
# under [flat.params.classify] (a test keeps the two equal), and the default profile uses them as is.
# The chrome phrases are data only: the profiles give them ([default.params.classify]).

@dataclass(slots=True)
class _Line:
    block: Block | None  # None: a line the rules stage already removed (a known chrome pattern)
    features: LineFeatures | None
    cls: str
    rule: str = ""


def _features(line: _Line) -> LineFeatures:
    """The features of a line of the page (not of a placeholder for a line the rules removed)."""
    assert line.features is not None
    return line.features


class Classify:
    name = "classify"

    def __init__(
        self,
        matcher: Matcher | None = None,
        mode: str = "auto",
        languages: list[str] | tuple[str, ...] = (),
        fallback_language: str = "English",
        detect_min_lines: int = 60,
        detect_min_short_share: float = 0.4,
        short_words: int = 5,
        good_words: int = 10,
        long_words: int = 25,
        good_stopwords: float = 0.30,
        near_stopwords: float = 0.20,
        max_capitalised: float = 0.6,
        max_digits: float = 0.4,
        repeated_max_words: int = 10,
        menu_run: int = 4,
        gap_weight: float = 1.0,
        gap_min_words: int = 2,
        keep_cluster_share: float = 0.5,
        title_max_words: int = 30,
        title_window: int = 40,
        title_fallback_window: int = 8,
        title_fallback_min_words: int = 6,
        short_near_good: bool = False,
        near_needs_both: bool = False,
        chrome_phrases: list[str] | tuple[str, ...] = (),
        language_margin: float = 0.9,
        end_marker_max_share: float = 0.5,
        restore_in_main: list[str] | tuple[str, ...] = ("classify.no-prose-nearby", "classify.menu-run", "classify.digits"),
    ):
        if mode not in ("auto", "always", "never"):
            raise ValueError(f"classify mode must be 'auto', 'always' or 'never', not {mode!r}")
        self.mode = mode
        self.fallback_language = fallback_language
        self.detect_min_lines = detect_min_lines
        self.detect_min_short_share = detect_min_short_share
        self.short_words = short_words
        self.good_words = good_words
        self.long_words = long_words
        self.good_stopwords = good_stopwords
        self.near_stopwords = near_stopwords
        self.max_capitalised = max_capitalised
        self.max_digits = max_digits
        self.repeated_max_words = repeated_max_words
        self.menu_run = menu_run
        self.gap_weight = gap_weight
        self.gap_min_words = gap_min_words
        self.keep_cluster_share = keep_cluster_share
        self.title_max_words = title_max_words
        self.title_window = title_window
        self.title_fallback_window = title_fallback_window
        self.title_fallback_min_words = title_fallback_min_words
        self.short_near_good = short_near_good
        self.near_needs_both = near_needs_both
        self.chrome_phrases = tuple(p.casefold() for p in chrome_phrases)
        self.has_chrome_phrase = PhraseFinder(self.chrome_phrases)
        self.language_margin = language_margin
        self.end_marker_max_share = end_marker_max_share
        self.restore_in_main = frozenset(restore_in_main)
        # The rule packs' cut-to-end rules mark where the article ends (comments, related stories).
        self.matcher = matcher
        self.end_rules = tuple(r for r in matcher.rules if r.action == "cut-to-end") if matcher else ()
        self.end_matcher = Matcher(self.end_rules) if self.end_rules else None
        self.stoplists = Stoplists(languages) if mode != "never" else None

    # --- detection -------------------------------------------------------------------------
    def looks_like_whole_page(self, doc: Document) -> bool:
        """Many lines, a large share of them too short to be prose: a flattened page, not an article."""
        if doc.kind == "html" or self.mode == "never":
            return False
        if self.mode == "always":
            return True
        blocks = doc.blocks
        if len(blocks) < self.detect_min_lines:
            return False
        short = sum(1 for b in blocks if b.text.count(" ") + 1 < self.short_words)
        return short / len(blocks) >= self.detect_min_short_share

    # --- decision --------------------------------------------------------------------------
    def run(self, doc: Document) -> Document:
        if not doc.blocks or not self.looks_like_whole_page(doc):
            return doc
        texts = [b.text for b in doc.blocks]
        assert self.stoplists is not None  # mode "never" (no stoplists) never looks like a whole page
        stoplist = self.stoplists.guess(
            language_sample(texts, self.good_words, 2000), self.fallback_language, self.language_margin
        )
        doc.record(Flagged(self.name, "classify.language", self.stoplists.language_of(stoplist)))
        features = line_features(texts, stoplist, self.has_chrome_phrase)
        lines = self._with_rule_flags(doc, [_Line(b, f, *self._classify(f, b.text)) for b, f in zip(doc.blocks, features)])
        self._smooth(lines)
        self._main_block(lines)
        self._end_marker(lines, doc)
        title_index = self._headline(lines, doc)

        kept: list[Block] = []
        for i, line in enumerate(lines):
            if line.block is None:
                continue
            if i == title_index:
                continue
            if line.cls == GOOD:
                kept.append(line.block)
            else:
                doc.record(Removal.of_block(self.name, line.rule, WHY[line.rule], line.block))
        if title_index is not None:
            headline = lines[title_index].block
            assert headline is not None  # _headline picks only a line that has a block
            doc.metadata["title"] = headline.text
            key = match_key(headline.text)
            for block in kept:  # later copies of the headline go, so it stands first, once
                if match_key(block.text) == key:
                    doc.record(Removal.of_block(self.name, "classify.repeated", WHY["classify.repeated"], block))
            kept = [b for b in kept if match_key(b.text) != key]
            above = {id(line.block) for line in lines[:title_index]}
            if any(id(block) in above for block in kept):
                doc.record(Moved(self.name, headline.line, headline.text, 0))
            kept = [headline] + kept
        doc.blocks = kept
        return doc

    def _known_chrome(self, text: str) -> bool:
        return self.matcher is not None and self.matcher.find(text) is not None

    def _classify(self, f: LineFeatures, text: str) -> tuple[str, str]:
        """The class a line's own features give, and the rule that decided a 'bad'."""
        if f.chrome_phrase and not (f.sentence_end and f.words >= self.good_words and not self._known_chrome(text)):
            # A phrase in a sentence ("...its flour in cookies, crackers...") is the story's word,
            # unless a rule knows the line as chrome (a consent banner written as sentences).
            return BAD, "classify.chrome-phrase"
        if f.repeats >= 2 and f.words <= self.repeated_max_words:
            return BAD, "classify.repeated"
        if f.words < self.long_words and f.link_like:  # the cheap test first: link_like is computed on demand
            return BAD, "classify.link-like"
        if f.words < self.short_words:
            return SHORT, "classify.menu-run"
        if f.digits > self.max_digits:
            return BAD, "classify.digits"
        stopwords = self.good_stopwords if f.stopwords is None else f.stopwords  # unspaced script: length decides
        if stopwords < self.near_stopwords:
            return BAD, "classify.low-stopwords"
        if f.capitalised > self.max_capitalised and not f.sentence_end:
            return BAD, "classify.capitalised"
        if self._is_good_prose(f):
            return GOOD, ""
        return NEAR, "classify.no-prose-nearby"

    def _is_good_prose(self, f: LineFeatures) -> bool:
        stopwords = self.good_stopwords if f.stopwords is None else f.stopwords
        return stopwords >= self.good_stopwords and f.words >= self.good_words and (f.sentence_end or f.words >= self.long_words)

    @staticmethod
    def _with_rule_flags(doc: Document, lines: list[_Line]) -> list[_Line]:
        """Put the lines the rules stage removed back in place as bad neighbours (placeholders)."""
        flagged = sorted({r.line for r in doc.removed if r.stage == "rules" and r.line >= 0})
        if not flagged:
            return lines
        merged: list[_Line] = []
        j = 0
        for line in lines:
            assert line.block is not None  # placeholders are only added here
            while j < len(flagged) and flagged[j] < line.block.line:
                merged.append(_Line(None, None, BAD, "rules"))
                j += 1
            merged.append(line)
        merged.extend(_Line(None, None, BAD, "rules") for _ in flagged[j:])
        return merged

    def _smooth(self, lines: list[_Line]) -> None:
        n = len(lines)
        # Runs of short lines: long runs are menus whatever surrounds them.
        i = 0
        while i < n:
            if lines[i].cls != SHORT:
                i += 1
                continue
            j = i
            while j < n and lines[j].cls == SHORT:
                j += 1
            if j - i >= self.menu_run:
                for k in range(i, j):
                    lines[k].cls, lines[k].rule = BAD, "classify.menu-run"
            i = j
        # Short lines take their context: good on both sides -> good, otherwise near good text -> near.
        prev_cls = [BAD] * n
        last = BAD
        for i in range(n):
            prev_cls[i] = last
            if lines[i].cls != SHORT:
                last = lines[i].cls
        last = BAD
        for i in range(n - 1, -1, -1):
            line = lines[i]
            if line.cls == SHORT:
                before, after = prev_cls[i], last
                if before == GOOD and after == GOOD:
                    line.cls = GOOD
                elif self.short_near_good and GOOD in (before, after):
                    line.cls, line.rule = NEAR, "classify.no-prose-nearby"
                else:
                    line.cls, line.rule = BAD, "classify.no-prose-nearby"
            else:
                last = line.cls
        # Near lines stay when good text is next to them (skipping other near lines).
        good_before = [False] * n
        seen = False
        for i in range(n):
            good_before[i] = seen
            if lines[i].cls == GOOD:
                seen = True
            elif lines[i].cls == BAD:
                seen = False
        seen = False
        promote = []
        for i in range(n - 1, -1, -1):
            line = lines[i]
            if line.cls == NEAR and ((seen and good_before[i]) if self.near_needs_both else (seen or good_before[i])):
                promote.append(i)
            if line.cls == GOOD:
                seen = True
            elif line.cls == BAD:
                seen = False
        for i in promote:
            lines[i].cls = GOOD
        for line in lines:
            if line.cls == NEAR:
                line.cls, line.rule = BAD, line.rule or "classify.no-prose-nearby"

    def _main_block(self, lines: list[_Line]) -> None:
        """The main block is the span of lines with the best balance of good words against the
        words of the other lines between them (a maximum-sum span, as in body-text extraction);
        good lines outside it stay only in further spans scoring keep_cluster_share of it."""
        values = []
        for line in lines:
            words = line.features.words if line.features else 0
            if line.cls == GOOD:
                values.append(float(words))
            else:
                values.append(-self.gap_weight * max(words, self.gap_min_words))
        spans = best_spans(values, self.keep_cluster_share)
        keep = [False] * len(lines)
        for a, b in spans:
            for i in range(a, b + 1):
                keep[i] = True
                line = lines[i]
                # Inside the main text, lines dropped for their context alone (lists, short runs) stay.
                if line.cls == BAD and line.rule in self.restore_in_main:
                    line.cls, line.rule = GOOD, ""
        for i, line in enumerate(lines):
            if line.cls == GOOD and not keep[i]:
                line.cls, line.rule = BAD, "classify.outside-main"

    def _end_marker(self, lines: list[_Line], doc: Document) -> None:
        """Once the main block has begun, a cut-to-end marker of the rule packs ends the article,
        unless most of the main block's good text would go with it."""
        if self.end_matcher is None:
            return
        good = [i for i, line in enumerate(lines) if line.cls == GOOD]
        if not good:
            return
        host = urlsplit(doc.url).hostname if doc.url else None
        language = doc.metadata.get("language")
        allowed_ids = {r.id for r in self.end_rules if r.scope.page_allows(doc.source, host, language)}
        total = sum(_features(lines[i]).words for i in good)
        after = total
        for i in range(good[0] + 1, len(lines)):
            line = lines[i]
            if line.block is None:
                continue
            if line.cls == GOOD:
                after -= _features(line).words
                continue
            if self.end_matcher.find(line.block.text, lambda rule: rule.id in allowed_ids) is None:
                continue
            if after > self.end_marker_max_share * total:
                continue
            for rest in lines[i:]:
                if rest.cls == GOOD or rest.block is not None and rest.rule == "":
                    rest.cls, rest.rule = BAD, "classify.after-end-marker"
            return

    def _headline(self, lines: list[_Line], doc: Document) -> int | None:
        """The headline: a title-like line shortly before the first kept line, confirmed by the
        page's title line (flattened pages start with it) or by a repeat in the page."""
        first_good = next((i for i, line in enumerate(lines) if line.cls == GOOD), None)
        if first_good is None:
            return None
        page_title = match_key(doc.blocks[0].text)
        given = match_key(str(doc.metadata.get("title") or ""))
        for i in range(first_good, max(first_good - self.title_window, 0) - 1, -1):
            line = lines[i]
            if line.block is None or i == 0 and not given:
                continue
            f = _features(line)
            if not 2 <= f.words <= self.title_max_words or f.sentence_end or f.digits > self.max_digits:
                continue  # a price or score the page repeats ("-9.12%") is no headline
            key = match_key(line.block.text)
            if not key or not (key == given or key in page_title or f.repeats >= 2 and i > 0):
                continue
            if self.matcher is not None and self.matcher.find(line.block.text) is not None:
                continue  # a known chrome line ("Share this article") that the page repeats
            return i
        return self._unconfirmed_headline(lines, first_good)

    def _unconfirmed_headline(self, lines: list[_Line], first_good: int) -> int | None:
        """With nothing to confirm it, the longest headline-like line of the few lines right above
        the article (bylines, dates and buttons are shorter), when no rule knows it as chrome."""
        best: int | None = None
        for i in range(max(first_good - self.title_fallback_window, 0), first_good):
            line = lines[i]
            if line.block is None or i == 0:
                continue
            text = line.block.text
            if not is_headline_candidate(text, self.title_fallback_min_words, self.title_max_words):
                continue
            if _features(line).digits > self.max_digits:
                continue
            if self.matcher is not None and self.matcher.find(text) is not None:
                continue
            if best is None or _features(line).words > _features(lines[best]).words:
                best = i
        return best
