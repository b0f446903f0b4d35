"""The one selectolax tree of an HTML page, parsed by the first stage that needs it and shared."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from ..document import Document


def shared_tree(doc: Document) -> LexborHTMLParser:
    if doc.html_tree is None:
        doc.html_tree = LexborHTMLParser(doc.source)
    return doc.html_tree
