"""title: find the article title and make it the first paragraph, once.

For HTML the extractor's metadata title is used. For text, the title is a headline-like line
before the body: the one equal to a title given in the metadata; else the first one the page
repeats (aggregators print the headline twice; whole flattened pages print the <title>, "Headline -
Site", above it); failing those, the longest headline-like line of the head (site names, section
labels and navigation words are shorter than a headline). Lines above a title found
in the head are masthead and navigation, and are removed. Further copies are left to dedup.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import regex

from ..dates import carries_timestamp
from ..document import Added, Block, Document, Moved, Removal
from ..rulebook.match import Matcher
from ..textnorm import (
    ARTICLE_MIN_WORDS,
    canonical_whitespace,
    ends_like_sentence,
    is_article_like,
    match_key,
    word_count,
)
from .repair import split_glued

# Separators of breadcrumbs and navigation rows ("News › Local", "Home | Sport"): not headlines.
_NAV_SEPARATORS = (" › ", " > ", " » ", " | ", " / ", " · ", " • ")
# A label in capitals before a headline ("LIVE | Storm closes the coast road"): one separator,
# one word before it; a navigation row has more separators or words in lower case.
_LABELLED = regex.compile(r"^\p{Lu}{2,14}\s+[|·•›»]\s+(?P<rest>.+)$")
# Where a page title's site name begins: "Headline - Site", "Headline | Site", "Headline — Site".
_TITLE_SUFFIX = regex.compile(r"\s+[-|–—:]{1,2}\s+(?=[^-|–—:]+$)")
# A person's name standing alone ("Priya Raman", "Jan van der Berg"): a byline without "By".
_BARE_NAME = regex.compile(
    r"^\p{Lu}[\p{L}'’-]*\.?(?:\s+(?:(?:van|von|de|der|den|du|la|le|da|di|del|dos)\s+)*\p{Lu}[\p{L}'’-]*\.?){1,3}$"
)


def is_bare_name(text: str) -> bool:
    return bool(_BARE_NAME.match(text))


def is_headline_like(text: str, max_words: int = 30) -> bool:
    n = word_count(text)
    return 2 <= n <= max_words and not text.rstrip().endswith((".", ":", ";", ",", "。", "．", "।"))


def is_headline_candidate(text: str, min_words: int = 4, max_words: int = 30) -> bool:
    """A line that can stand as a headline without help from repetition or metadata."""
    labelled = _LABELLED.match(text)
    rest = labelled.group("rest") if labelled else text
    return (
        word_count(rest) >= min_words
        and is_headline_like(text.rstrip("\"'”’»)]"), max_words)
        and not any(sep in rest for sep in _NAV_SEPARATORS)
        and _starts_like_headline(rest)
        and not carries_timestamp(rest)
    )


# A line ending a sentence with this many words is text, not navigation: a headline found on
# length alone must stand above it.
SENTENCE_MIN_WORDS = 6
# Quotes and brackets a headline may open with ("'Toughest budget'", "【Update】").
_HEADLINE_OPENERS = "\"'“‘«„「『【"


def _starts_like_headline(text: str) -> bool:
    """Begins with a capital letter, a digit, or a letter of a script without case (CJK,
    Devanagari, Hangul), perhaps after an opening quote: not a lower-case fragment or markup."""
    first = text.lstrip(_HEADLINE_OPENERS)[:1]
    return first.isalnum() and not first.islower()


class Title:
    name = "title"

    def __init__(
        self, matcher: Matcher | None = None, max_words: int = 30, article_min_words: int = ARTICLE_MIN_WORDS,
        fallback_min_words: int = 4,
    ):
        self.matcher = matcher
        self.max_words = max_words
        self.article_min_words = article_min_words
        self.fallback_min_words = fallback_min_words

    def run(self, doc: Document) -> Document:
        title = self._find(doc)
        if title and self._is_chrome(title):
            # A page <title> such as "Comments" or "(Additional reporting by ...)" is no headline:
            # put first, the rules would drop it when the output is cleaned again.
            doc.metadata["title"] = None
            return doc
        if not title:
            return doc
        doc.metadata["title"] = title
        key = match_key(title)
        at = next((i for i, block in enumerate(doc.blocks) if match_key(block.text) == key), None)
        if at is None:
            doc.blocks.insert(0, Block(title, -1))
            doc.record(Added(self.name, title, 0))
            return doc
        if doc.kind == "text" and at < self._head_length(doc):
            for block in doc.blocks[:at]:
                doc.record(Removal.of_block(self.name, "title.masthead", "page furniture above the headline", block))
            del doc.blocks[:at]
            self._drop_bare_bylines(doc)
            return doc
        # Move the title to the front: the first copy moves, later copies are left to dedup.
        if at:
            doc.record(Moved(self.name, doc.blocks[at].line, doc.blocks[at].text, 0))
            doc.blocks.insert(0, doc.blocks.pop(at))
        return doc

    def _is_chrome(self, title: str) -> bool:
        """Whether a line rule (any scope but 'beside-chrome', which needs chrome around it)
        would remove this title as a line of its own."""
        if self.matcher is None:
            return False
        return self.matcher.find(title, lambda rule: rule.scope.position != "beside-chrome") is not None

    def _drop_bare_bylines(self, doc: Document) -> None:
        """A bare name between the headline and the body is the byline, unless a line rule knows
        it as chrome ("Related Articles"): that is the rules' to judge, by their scopes."""
        head_end = self._head_length(doc)
        kept = doc.blocks[:1]
        for index, block in enumerate(doc.blocks[1:], start=1):
            if index < head_end and is_bare_name(block.text) and not self._is_chrome(block.text):
                doc.record(Removal.of_block(self.name, "title.bare-byline", "an author's name between headline and body", block))
            else:
                kept.append(block)
        doc.blocks = kept

    def _head_length(self, doc: Document) -> int:
        """How many blocks come before the first article-like paragraph."""
        return next(
            (i for i, b in enumerate(doc.blocks) if is_article_like(b.text, self.article_min_words)),
            len(doc.blocks),
        )

    def _find(self, doc: Document) -> str | None:
        given = canonical_whitespace(str(doc.metadata.get("title") or "").replace("\n", " "))
        # A heading glued to the next sentence ("Rain returns.After three months") is split like
        # the text (repair runs before this stage); its first piece is the title.
        given = split_glued(given)[0] if given else given
        if doc.kind == "html":
            return given or None
        head = doc.blocks[: self._head_length(doc)]
        if given:
            key = match_key(given)
            return next((b.text for b in head if match_key(b.text) == key), given)
        candidates = [
            b.text for b in head if is_headline_candidate(b.text, self.fallback_min_words, self.max_words)
        ]
        has_body = len(head) < len(doc.blocks)
        counts = headline_counts(b.text for b in doc.blocks)
        repeated = [text for text in candidates if counts[match_key(text)] >= 2]
        if repeated:
            return repeated[0]
        # The longest wins; among equals, the first. A line below a sentence is not taken on length
        # alone: the lines above a headline are navigation, never text, and they will be removed.
        first_sentence = next(
            (i for i, b in enumerate(head) if ends_like_sentence(b.text) and word_count(b.text) >= SENTENCE_MIN_WORDS),
            len(head),
        )
        # Without an article paragraph after it, a long line is a fragment, not a headline.
        above = {b.text for b in head[: first_sentence + 1]} if has_body else set()
        best = max((text for text in candidates if text in above), key=word_count, default=None)
        if best is None:
            return None
        # A longer line above it that is no navigation strip is text, not page furniture: then the
        # page has no believable headline.
        for block in head:
            if block.text == best:
                return best
            if word_count(block.text) > word_count(best) and not any(sep in block.text for sep in _NAV_SEPARATORS):
                return None
        return best


def headline_counts(lines: Iterable[str]) -> Counter[str]:
    """How often each line occurs, counting "Headline - Site" and "Headline | Site" (the page's
    <title> printed at the top) as an occurrence of "Headline" too."""
    counts: Counter[str] = Counter()
    for line in lines:
        counts[match_key(line)] += 1
        parts = _TITLE_SUFFIX.split(line)
        if len(parts) > 1:
            counts[match_key(parts[0])] += 1
    return counts
