"""title: find the article title and make it the first paragraph, once.

For HTML the extractor's metadata title is used. For text, the title is the first headline-like
line before the body that the page repeats (aggregators print the headline twice) or that equals
a title given in the metadata. Further copies are removed by the dedup stage.
"""
from __future__ import annotations

from collections import Counter

from ..document import Block, Document
from ..textnorm import canonical_whitespace, ends_like_sentence, is_article_like, match_key, words


def is_headline_like(text: str, max_words: int = 30) -> bool:
    n = len(words(text))
    return 2 <= n <= max_words and not text.rstrip().endswith((".", ":", ";", ","))


class Title:
    name = "title"

    def __init__(self, max_words: int = 30, article_min_words: int = 12):
        self.max_words = max_words
        self.article_min_words = article_min_words

    def run(self, doc: Document) -> Document:
        title = self._find(doc)
        if not title:
            return doc
        doc.metadata["title"] = title
        key = match_key(title)
        if doc.blocks and match_key(doc.blocks[0].text) == key:
            return doc
        # Move the title to the front: the first copy moves, later copies are left to dedup.
        for i, block in enumerate(doc.blocks):
            if match_key(block.text) == key:
                doc.blocks.insert(0, doc.blocks.pop(i))
                return doc
        doc.blocks.insert(0, Block(title, -1))
        return doc

    def _find(self, doc: Document) -> str | None:
        given = canonical_whitespace(str(doc.metadata.get("title") or ""))
        if doc.kind == "html":
            return given or None
        head: list[Block] = []
        for block in doc.blocks:
            if is_article_like(block.text, self.article_min_words):
                break
            head.append(block)
        counts = Counter(match_key(b.text) for b in doc.blocks)
        for block in head:
            if not is_headline_like(block.text, self.max_words) or ends_like_sentence(block.text):
                continue
            key = match_key(block.text)
            if counts[key] >= 2 or (given and key == match_key(given)):
                return block.text
        return given or None
