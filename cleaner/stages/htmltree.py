"""The one selectolax tree of an HTML page, parsed by the first stage that needs it and shared."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from ..document import Document


def shared_tree(doc: Document) -> LexborHTMLParser:
    if doc.html_tree is None:
        doc.html_tree = LexborHTMLParser(doc.source)
    return doc.html_tree


# Elements whose text is one paragraph of the page as a reader sees it.
_PARAGRAPHS = "p, li, h1, h2, h3, h4, h5, h6, td, th, blockquote, pre, dd, dt, figcaption, caption, address"


def paragraph_texts(tree: LexborHTMLParser) -> list[str]:
    """The text of every paragraph-like element of the body, in page order (a paragraph inside
    another, as a <p> in an <li>, is listed in both)."""
    body = tree.body
    if body is None:
        return []
    return [node.text(deep=True, separator="") for node in body.css(_PARAGRAPHS)]


# Elements that hold no text a reader sees and that trafilatura deletes first anyway; JSON-LD
# stays (trafilatura reads it to recognise forum threads).
_INERT = 'style, script:not([type="application/ld+json"]), noscript, svg, template, link, iframe'


def drop_inert(tree: LexborHTMLParser) -> None:
    """Remove scripts, styles and other invisible elements, so the extractor parses a smaller page
    (a third of the markup on wcxb-dev pages)."""
    for node in tree.css(_INERT):
        node.decompose()


def document_order(body) -> dict[int, int]:
    """Each element's position in the page (mem_id -> index in document order)."""
    return {node.mem_id: index for index, node in enumerate(body.traverse())}


def has_ancestor_in(node, ids: set[int]) -> bool:
    """Whether an element above the node (not the node itself) is one of `ids` (mem_id values)."""
    if not ids:
        return False
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False
