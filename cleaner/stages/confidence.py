"""confidence: how sure the pipeline is that an HTML page's text is the page's main content (0-1).

`result.metadata["confidence"]` is a weighted sum of signals the pipeline has measured anyway,
cut to 0-1 (no text is 0):
- `kept`: the share of the page's article-like paragraph words the text still holds (the guard's
  measure; 0 when the page has too few such words to tell, which `has_baseline` says);
- `words`: the length of the text, log-scaled (1 at about 2,000 words): fragments score low;
- `prose`: the share of the text's words in article-like paragraphs (sentences, not menus);
- `short`: the share of the text's paragraphs under five words (link lists, labels, buttons);
- `prior`: the page type's prior (`priors`): how well extraction does on that kind of page.

The weights are data (`[default.params.confidence]` in cleaner/data/profiles.toml) fitted by
`python bench/confidence_fit.py` on wcxb-dev: least squares against word-F1, cross-validated
with the sites held out. Text pages get no confidence (nothing here is measured for them).
bench/quality.py reports the correlation of this figure with word-F1.
"""
from __future__ import annotations

import math

from ..document import Document
from ..textnorm import is_article_like, words

DEFAULT_PRIORS = {
    "article": 0.92, "documentation": 0.9, "service": 0.8, "forum": 0.78, "product": 0.75,
    "listing": 0.72, "collection": 0.65,
}
SIGNALS = ("kept", "has_baseline", "words", "prose", "short", "prior")
DEFAULT_WEIGHTS = {
    "bias": 0.11, "kept": 0.26, "has_baseline": -0.04, "words": 0.17, "prose": 0.05, "short": -0.13, "prior": 0.51,
}
_LOG_WORDS_SCALE = math.log(2000)
_SHORT_WORDS = 5


def signals(doc: Document, priors: dict[str, float]) -> dict[str, float]:
    """The measured signals of a page's text (see the module docstring), by name."""
    counts = [len(words(block.text)) for block in doc.blocks]
    n_words = sum(counts)
    prose = sum(n for block, n in zip(doc.blocks, counts) if is_article_like(block.text))
    known = doc.lost_share is not None
    return {
        "kept": 1.0 - doc.lost_share if doc.lost_share is not None else 0.0,
        "has_baseline": 1.0 if known else 0.0,
        "words": min(math.log1p(n_words) / _LOG_WORDS_SCALE, 1.5),
        "prose": prose / n_words if n_words else 0.0,
        "short": sum(n < _SHORT_WORDS for n in counts) / len(counts) if counts else 1.0,
        "prior": priors.get(str(doc.metadata.get("page_type")), 0.7),
    }


class Confidence:
    name = "confidence"

    def __init__(self, priors: dict[str, float] | None = None, weights: dict[str, float] | None = None):
        self.priors = {**DEFAULT_PRIORS, **(priors or {})}
        unknown = set(weights or {}) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise ValueError(f"confidence: unknown weights {sorted(unknown)}; known: {sorted(DEFAULT_WEIGHTS)}")
        self.weights = {**DEFAULT_WEIGHTS, **(weights or {})}

    def run(self, doc: Document) -> Document:
        if doc.kind != "html" or "page_type" not in doc.metadata:
            return doc
        doc.metadata["confidence"] = round(self.score(doc), 3)
        return doc

    def score(self, doc: Document) -> float:
        if not any(block.text.strip() for block in doc.blocks):
            return 0.0
        measured = signals(doc, self.priors)
        value = self.weights["bias"] + sum(self.weights[name] * measured[name] for name in SIGNALS)
        return max(0.0, min(1.0, value))
