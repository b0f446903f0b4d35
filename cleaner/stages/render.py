"""render: the output contract. One paragraph per line, one blank line between paragraphs,
no trailing spaces, NFC, exactly one final newline (empty text stays empty)."""
from __future__ import annotations

from ..document import Document
from ..textnorm import canonical_whitespace, to_nfc


def render_blocks(paragraphs: list[str]) -> str:
    lines = [canonical_whitespace(p) for p in paragraphs]
    lines = [line for line in lines if line]
    return to_nfc("\n\n".join(lines) + "\n") if lines else ""


class Render:
    name = "render"

    def run(self, doc: Document) -> Document:
        doc.text = render_blocks([b.text for b in doc.blocks])
        if not doc.text:
            doc.warnings.append("empty output: no article text found")
        return doc
