"""HTML to text without a tree, in linear time: the cheap path's flattening (stages/degrade.py)
and the guard's baseline (stages/guard.py), and the headline the cheap path keeps.

Every pattern here is linear: no nested quantifiers, and a tag match stops at the next "<", so
a stray "<" cannot make a scan run to the end of the page. No parser is involved, so a page of
any size or depth is read in one pass.
"""
from __future__ import annotations

import html
import itertools
import re

import regex

from .textnorm import normalise_newlines, to_nfc

# Content that is never text: scripts, styles, comments, the head. An unclosed one runs to the
# end, as in a browser. Every pattern here is linear: no nested quantifiers, and a tag match
# stops at the next "<", so a stray "<" cannot make a scan run to the end of the page.
_INVISIBLE_CONTENT = regex.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|noscript|template|svg|head|title)\b[^<>]*>.*?(?:</\1\s*>|\Z)",
    regex.I | regex.S,
)
_BLOCK_TAG = regex.compile(
    r"</?(?:p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|section|article|header|footer|nav|aside"
    r"|main|blockquote|pre|figure|figcaption|form|hr|address|details|summary)\b[^<>]*>",
    regex.I,
)
_OTHER_TAG = regex.compile(r"</?[A-Za-z!?][^<>]*>")
_BLANK_LINES = regex.compile(r"\n(?:[^\S\n]*\n)+")


_MAX_HEADINGS = 8
_MAX_HEADING_CHARS = 2000
# A start tag stops at the next "<" or ">", an end tag is looked for in a bounded window: linear.
_OPENING = {tag: re.compile(rf"<{tag}\b[^<>]*>", re.I) for tag in ("title", "h1")}
_CLOSING = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in ("title", "h1")}


def html_headline(source: str) -> str | None:
    """The article's headline for the cheap path, without a tree: the first <h1> (of the first
    few) whose text the page <title> contains, else the first <h1> of 2 to 30 words; None when
    there is no such heading."""
    title = next((text for text in _elements(source, "title", 1) if text), None)
    fallback = None
    for heading in _elements(source, "h1", _MAX_HEADINGS):
        if not heading or not 2 <= len(heading.split()) <= 30:
            continue
        if title and heading.casefold() in title.casefold():
            return heading
        fallback = fallback or heading
    return fallback


def _elements(source: str, tag: str, limit: int) -> list[str]:
    """The text of the first `limit` <tag> elements: tags stripped, entities decoded, spaces joined."""
    texts = []
    for opening in itertools.islice(_OPENING[tag].finditer(source), limit):
        closing = _CLOSING[tag].search(source, opening.end(), opening.end() + _MAX_HEADING_CHARS)
        if closing is not None:
            inner = html.unescape(_OTHER_TAG.sub(" ", source[opening.end(): closing.start()]))
            texts.append(" ".join(inner.split()))
    return texts


def html_to_text(source: str) -> str:
    """The cheap path: HTML to one line per block element, in linear time and without a tree.
    Entities are decoded from the HTML5 table only; nothing declared in the page is expanded."""
    text = _INVISIBLE_CONTENT.sub("", source)
    text = _BLOCK_TAG.sub("\n", text)
    text = _OTHER_TAG.sub("", text)
    text = normalise_newlines(html.unescape(text).replace("\x00", ""))
    return to_nfc(_BLANK_LINES.sub("\n", text))
