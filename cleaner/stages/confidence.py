"""confidence: how sure the pipeline is that an HTML page's text is the page's main content (0-1).

`result.metadata["confidence"]` is the product of:
- the page type's prior (`priors`): how well main-content extraction does on that kind of page
  (stories extract well; product grids and listings less so), scaled by how clearly the type won
  (`PageTypeVerdict.margin`: a type no signal supports counts `type_weight` less);
- the length of the text against the visible text left in the page: no text is 0; a text under
  `min_words` or under `min_share` of the page's words is probably a fragment, and one holding
  nearly all of it (`max_share`) probably kept the chrome too;
- what the other stages found: the page's declared articleBody agreeing with the text raises it;
  an over-cleaning flag or a pruning back-off lowers it.

Text pages get no confidence (nothing here is measured for them). bench/quality.py reports the
correlation of this figure with word-F1.
"""
from __future__ import annotations

from ..document import Document
from ..textnorm import words

DEFAULT_PRIORS = {
    "article": 0.92, "documentation": 0.9, "service": 0.8, "forum": 0.78, "product": 0.75,
    "listing": 0.72, "collection": 0.65,
}


class Confidence:
    name = "confidence"

    def __init__(
        self, priors: dict[str, float] | None = None, type_weight: float = 0.3, min_words: int = 20,
        min_share: float = 0.05, max_share: float = 0.95,
    ):
        self.priors = {**DEFAULT_PRIORS, **(priors or {})}
        self.type_weight = type_weight
        self.min_words = min_words
        self.min_share = min_share
        self.max_share = max_share

    def run(self, doc: Document) -> Document:
        if doc.kind != "html" or "page_type" not in doc.metadata:
            return doc
        doc.metadata["confidence"] = round(self.score(doc), 3)
        return doc

    def score(self, doc: Document) -> float:
        n_words = sum(len(words(block.text)) for block in doc.blocks)
        if not n_words:
            return 0.0
        verdict = doc.page_type
        margin = verdict.margin if verdict is not None else 0.0
        clarity = min(1.0, margin / 4.0)
        value = self.priors.get(doc.metadata["page_type"], 0.7) * (1 - self.type_weight * (1 - clarity))
        tree = doc.html_tree
        page_words = 0
        if tree is not None and tree.body is not None:
            page_words = len(tree.body.text(separator=" ", strip=True).split())
        share = n_words / page_words if page_words else 1.0
        if n_words < self.min_words:
            value *= 0.5
        if share < self.min_share:
            value *= 0.6
        elif share > self.max_share:
            value *= 0.8
        if doc.flags.get("article_body_used"):
            value = min(1.0, value * 1.1)
        if "over_cleaned" in doc.flags:
            value *= 0.7
        if doc.flags.get("over_pruning_guard"):
            value *= 0.85
        return max(0.0, min(1.0, value))
