"""blocks: split the text into paragraph blocks, one per non-empty line, whitespace normalised."""
from __future__ import annotations

from ..document import Block, Document
from ..textnorm import canonical_whitespace


class Blocks:
    name = "blocks"

    def run(self, doc: Document) -> Document:
        if doc.kind == "html":
            doc.blocks = [Block(text, b.line) for b in doc.blocks if (text := canonical_whitespace(b.text))]
        else:  # one Block per kept line, straight from the source's lines
            doc.blocks = [Block(text, i) for i, line in enumerate(doc.source.split("\n")) if (text := canonical_whitespace(line))]
        return doc
