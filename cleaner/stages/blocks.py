"""blocks: split the text into paragraph blocks, one per non-empty line, whitespace normalised."""
from __future__ import annotations

from ..document import Block, Document
from ..textnorm import canonical_whitespace


class Blocks:
    name = "blocks"

    def run(self, doc: Document) -> Document:
        if doc.kind == "html":
            raw = doc.blocks
        else:
            raw = [Block(line, i) for i, line in enumerate(doc.source.split("\n"))]
        doc.blocks = [Block(text, b.line) for b in raw if (text := canonical_whitespace(b.text))]
        return doc
