"""Structured data a page declares about itself: JSON-LD (schema.org), OpenGraph and meta tags.

Read from the selectolax tree before extraction: headline, articleBody, datePublished, author,
publisher. Cheap (no date guessing over the page text): the extract stage uses these as metadata
and cross-checks its text against `articleBody`.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..dates import parse_date
from ..document import Document
from ..htmltext import html_to_text
from ..textnorm import canonical_whitespace, words
from .htmltree import paragraph_texts, shared_tree

# schema.org types whose `articleBody`/`text` is the page's main text.
_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle",
    "techarticle", "report", "socialmediaposting", "liveblogposting", "posting", "review",
}
_META_TITLE = ("og:title", "twitter:title")
_META_DATE = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
    "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
    "parsely-pub-date",
)
_META_AUTHOR = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_META_SITE = ("og:site_name", "application-name")
_MAX_JSON_CHARS = 2_000_000


@dataclass(slots=True)
class Structured:
    title: str | None = None
    body: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None
    page_title: str | None = None  # the <title> element, the weakest title source


def iso_day(value: str | None) -> str | None:
    """'2025-09-04T10:00:00+02:00' or '4 September 2025' -> '2025-09-04'."""
    if not value:
        return None
    value = value.strip()
    head = value[:10]
    if len(head) == 10 and head[4] == "-" and head[7] == "-" and head.replace("-", "").isdigit():
        return head
    return parse_date(value, "ymd" if value[:4].isdigit() else "dmy")


def _type_names(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _walk(value):
    """Every dict in a JSON-LD document (top level, lists, @graph, nested mainEntity)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)


def _names(value) -> list[str]:
    """Person/Organization values as names: 'A', {'name': 'A'}, [{'name': 'A'}, 'B']."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = canonical_whitespace(value)
    return text or None


def json_ld_documents(tree) -> Iterator[Any]:
    """Each JSON-LD script of the page, parsed; broken or oversized ones are skipped."""
    for script in tree.css("script[type='application/ld+json']"):
        raw = script.text(deep=True, strip=True)
        if not raw or len(raw) > _MAX_JSON_CHARS:
            continue
        try:
            yield json.loads(raw)
        except ValueError:
            continue  # broken JSON-LD is common; the page's other signals still count


def _json_ld(tree) -> list[dict]:
    return [node for data in json_ld_documents(tree) for node in _walk(data)]


def _meta_values(tree) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in tree.css("meta[content]"):
        attrs = meta.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = attrs.get("content")
        if key and content and key not in values:
            values[key] = content
    return values


def _first(values: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if values.get(key):
            return _clean(values[key])
    return None


class ReadStructured:
    """Stage: parse the HTML once (the tree later stages share) and take title, date, author and
    source from what the page declares. `date_search`: when nothing declares a date, let htmldate
    search the markup (its quick mode still costs about 40 ms on the pages that need it)."""

    name = "structured"

    def __init__(self, date_search: bool = False):
        self.date_search = date_search

    def run(self, doc: Document) -> Document:
        if doc.kind != "html":
            return doc
        tree = shared_tree(doc)
        # Read before the prune stage changes the tree: what the page showed is the guard's baseline.
        doc.html_paragraphs = paragraph_texts(tree)
        declared = read_structured(tree)
        date = declared.date or (self._search_date(doc) if self.date_search else None)
        found = {"title": pick_title(tree, declared), "date": date, "author": declared.author,
                 "source": declared.publisher}
        for key, value in found.items():
            if value and not doc.metadata.get(key):
                doc.metadata[key] = value
        return doc

    @staticmethod
    def _search_date(doc: Document) -> str | None:
        import htmldate  # trafilatura's own date finder; imported here because it loads slowly

        try:
            return iso_day(htmldate.find_date(doc.source, extensive_search=False, original_date=True, url=doc.url))
        except Exception:  # htmldate raises on odd markup; a page without a date is fine
            return None


def read_article_body(tree) -> str | None:
    """The longest JSON-LD articleBody/text of an article-typed node, paragraphs kept."""
    best = None
    for node in _json_ld(tree):
        if _type_names(node) & _ARTICLE_TYPES:
            body = _clean_body(node.get("articleBody") or node.get("text"))
            if body and (best is None or len(body) > len(best)):
                best = body
    return best


def read_structured(tree) -> Structured:
    """What the page's JSON-LD and meta tags say; JSON-LD article fields win over meta tags."""
    found = Structured()
    for node in _json_ld(tree):
        kinds = _type_names(node)
        if not kinds & _ARTICLE_TYPES:
            continue
        found.title = found.title or _clean(node.get("headline")) or _clean(node.get("name"))
        body = _clean_body(node.get("articleBody") or node.get("text"))
        if body and (found.body is None or len(body) > len(found.body)):
            found.body = body
        found.date = found.date or iso_day(_clean(node.get("datePublished")) or _clean(node.get("dateCreated")))
        if not found.author:
            names = [n for n in (_clean(x) for x in _names(node.get("author"))) if n]
            found.author = ", ".join(dict.fromkeys(names)) or None
        if not found.publisher:
            found.publisher = next((n for n in (_clean(x) for x in _names(node.get("publisher"))) if n), None)
    meta = _meta_values(tree)
    found.title = found.title or _first(meta, _META_TITLE)
    found.date = found.date or iso_day(_first(meta, _META_DATE)) or _marked_up_date(tree)
    author = _first(meta, _META_AUTHOR)
    if not found.author and author and "://" not in author:  # article:author is often a profile URL
        found.author = author
    found.publisher = found.publisher or _first(meta, _META_SITE)
    title_node = tree.css_first("title")
    found.page_title = _clean(title_node.text()) if title_node is not None else None
    return found


def _marked_up_date(tree) -> str | None:
    """A publication date in the markup: microdata datePublished, else the first <time datetime>."""
    node = tree.css_first("[itemprop='datePublished']")
    if node is not None:
        value = node.attributes.get("content") or node.attributes.get("datetime") or node.text(strip=True)
        if day := iso_day(value):
            return day
    node = tree.css_first("time[datetime]")
    return iso_day(node.attributes.get("datetime")) if node is not None else None


def _clean_body(value) -> str | None:
    """articleBody keeps its paragraph breaks; other whitespace is collapsed per line."""
    if not isinstance(value, str):
        return None
    lines = [canonical_whitespace(line) for line in value.replace("\r", "\n").split("\n")]
    text = "\n".join(line for line in lines if line)
    return text or None


def pick_title(tree, declared: Structured) -> str | None:
    """The page's headline: the first <h1> that the declared titles (JSON-LD headline, og:title,
    <title>) confirm by sharing most of its words; else the declared title; else the first <h1>.

    The <h1> is the headline as readers see it; declared titles often carry the site name or an
    SEO variant, and a page can have several <h1> (logo, section name), hence the confirmation.
    """
    declared_words = set(_title_words(f"{declared.title or ''} {declared.page_title or ''}"))
    headings = [t for t in (_clean(n.text(deep=True)) for n in tree.css("h1")) if t]
    best, best_shared = None, 0
    for heading in headings:
        heading_words = _title_words(heading)
        shared = sum(w in declared_words for w in heading_words)
        # The most confirmed heading wins: a logo <h1> shares only the site name with <title>.
        if heading_words and shared >= 0.5 * len(heading_words) and shared > best_shared:
            best, best_shared = heading, shared
    if best:
        return best
    return declared.title or (headings[0] if headings else None) or declared.page_title


def _title_words(text: str) -> list[str]:
    return [w.casefold() for w in words(text)]


_PRODUCT_TYPES = {"product", "productgroup", "individualproduct", "productmodel"}


def read_product_description(tree) -> str | None:
    """The longest JSON-LD description of a Product node, markup stripped, paragraphs kept; else
    the longest microdata description of a Product (itemprop="description" whose nearest item is
    the Product, not one of its reviews or offers)."""
    best = None
    for node in _json_ld(tree):
        if _type_names(node) & _PRODUCT_TYPES:
            raw = node.get("description")
            if isinstance(raw, str) and "<" in raw:  # descriptions often hold HTML
                raw = html_to_text(raw)
            body = _clean_body(raw)
            if body and (best is None or len(body) > len(best)):
                best = body
    return best or _microdata_product_description(tree)


def _microdata_product_description(tree) -> str | None:
    best = None
    for node in tree.css("[itemprop='description']"):
        if not _is_product_item(_nearest_item(node)):
            continue
        raw = node.attributes.get("content") or html_to_text(node.html or "")
        body = _clean_body(raw)
        if body and (best is None or len(body) > len(best)):
            best = body
    return best


def _nearest_item(node):
    """The closest element above the node that starts a microdata item (has an itemtype)."""
    parent = node.parent
    while parent is not None:
        if "itemtype" in parent.attributes:
            return parent
        parent = parent.parent
    return None


def _is_product_item(node) -> bool:
    if node is None:
        return False
    types = (node.attributes.get("itemtype") or "").split()
    return any(t.rstrip("/").rsplit("/", 1)[-1].lower() in _PRODUCT_TYPES for t in types)
