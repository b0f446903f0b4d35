"""degrade: the cheap path for HTML the parsers should not be given.

HTML larger than `max_html_bytes`, or nested deeper than `max_depth` (cleaner/limits.py measures
both), has its tags stripped in one linear scan (cleaner/htmltext.py) and goes on through the
text stages as a text page, with `flags["degraded"]` naming the limit and a warning. The parsers'
cost grows faster than the page (trafilatura needs ~20 s for 6 MB of paragraphs) and libxml2
drops content below depth 256. The page's headline (its <h1>, the one the <title> names) becomes
the title, which the title stage puts first, dropping the navigation above it.

The bounds are the Cleaner's `Limits` (the api passes them); None switches one off. Other pages
pass through unchanged.
"""
from __future__ import annotations

from ..document import Document, Flagged
from ..htmltext import html_headline, html_to_text
from ..limits import Limits, oversized_html


class Degrade:
    name = "degrade"

    def __init__(self, max_html_bytes: int | None = Limits.max_html_bytes, max_depth: int | None = Limits.max_depth):
        self.max_html_bytes = max_html_bytes
        self.max_depth = max_depth

    def run(self, doc: Document) -> Document:
        if doc.kind != "html":
            return doc
        reason = oversized_html(doc.source, self.max_html_bytes, self.max_depth)
        if reason is None:
            return doc
        headline = html_headline(doc.source)
        if headline and not doc.metadata.get("title"):
            doc.metadata["title"] = headline
        doc.source = html_to_text(doc.source)
        doc.kind = "text"
        doc.record(Flagged(self.name, "degraded", reason))
        doc.warnings.append(
            f"HTML over Limits.{reason['name']} ({reason['measured']:,} > {reason['limit']:,}):"
            " tags stripped without main-content extraction"
        )
        return doc
