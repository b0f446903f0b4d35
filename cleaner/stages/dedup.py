"""dedup: remove repeated blocks (a title printed twice, a paragraph duplicated by the scraper).

The first copy stays. A later copy goes when it repeats the title, repeats the block just before
it, or is a paragraph of prose (article-like): scrapers and templates duplicate paragraphs and
whole sections, while an article's own repeats are short items: list entries, headings, refrains,
the lines of a weekly plan. Those stay, as does any repeat under `min_words` words.
"""
from __future__ import annotations

from ..document import Document, Removal
from ..textnorm import ARTICLE_MIN_WORDS, is_article_like, match_key, words


class Dedup:
    name = "dedup"

    def __init__(self, min_words: int = 3, article_min_words: int = ARTICLE_MIN_WORDS):
        self.min_words = min_words
        self.article_min_words = article_min_words

    def run(self, doc: Document) -> Document:
        seen: set[str] = set()
        kept = []
        title_key = match_key(str(doc.metadata.get("title") or ""))
        previous_key = None
        for block in doc.blocks:
            key = match_key(block.text)
            repeats_title = bool(title_key) and key == title_key  # no title: nothing repeats it
            is_duplicate = key in seen and (
                repeats_title or key == previous_key or is_article_like(block.text, self.article_min_words)
            )
            if is_duplicate and (repeats_title or len(words(block.text)) >= self.min_words):
                rule = "dedup.title" if repeats_title else "dedup.repeated-block"
                doc.record(Removal.of_block(self.name, rule, "repeats an earlier paragraph", block))
                continue
            # "Just before" means the last block kept: removing a copy can bring two repeats together.
            previous_key = key
            seen.add(key)
            kept.append(block)
        doc.blocks = kept
        return doc
