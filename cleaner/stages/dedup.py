"""dedup: remove repeated blocks (a title printed twice, a paragraph duplicated by the scraper).

The first copy stays. Very short lines (under `min_words`) are left alone: a repeated "Yes" in an
interview is text, and short chrome is the rules' job.
"""
from __future__ import annotations

from ..document import Document
from ..textnorm import match_key, words


class Dedup:
    name = "dedup"

    def __init__(self, min_words: int = 3):
        self.min_words = min_words

    def run(self, doc: Document) -> Document:
        seen: set[str] = set()
        kept = []
        title_key = match_key(str(doc.metadata.get("title") or ""))
        for block in doc.blocks:
            key = match_key(block.text)
            if key in seen and (key == title_key or len(words(block.text)) >= self.min_words):
                rule = "dedup.title" if key == title_key else "dedup.repeated-block"
                doc.remove(self.name, rule, "repeats an earlier paragraph", block)
                continue
            seen.add(key)
            kept.append(block)
        doc.blocks = kept
        return doc
