"""extract: main content and metadata from (pruned) HTML with trafilatura."""
from __future__ import annotations

import trafilatura

from ..document import Block, Document

_METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "language", "description")


class Extract:
    name = "extract"

    def __init__(self, fast: bool = False, favor_precision: bool = False, include_tables: bool = True):
        self.fast = fast
        self.favor_precision = favor_precision
        self.include_tables = include_tables

    def run(self, doc: Document) -> Document:
        if doc.kind != "html":
            return doc
        html = doc.html_tree.html if doc.html_tree is not None else doc.source
        result = trafilatura.bare_extraction(
            html,
            url=doc.url,
            fast=self.fast,
            favor_precision=self.favor_precision,
            include_comments=False,
            include_tables=self.include_tables,
            with_metadata=True,
        )
        if result is None:
            doc.warnings.append("no main content found in the HTML")
            doc.blocks = []
            return doc
        for name in _METADATA_FIELDS:
            value = getattr(result, name, None)
            if value and not doc.metadata.get(_field_name(name)):
                doc.metadata[_field_name(name)] = value
        doc.blocks = [Block(line, i) for i, line in enumerate((result.text or "").split("\n"))]
        return doc


def _field_name(trafilatura_name: str) -> str:
    return "source" if trafilatura_name == "sitename" else trafilatura_name
