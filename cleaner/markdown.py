"""Markdown that keeps the page's structure: headings, nested lists, tables, block quotes and code
blocks, with exactly the removals of the text.

The structure comes from the extractor's XML of the article (Document.content, trafilatura's
<head>, <p>, <list>/<item>, <table>/<row>/<cell>, <quote>, <code>). The text pipeline decides what
stays: every piece of the XML that becomes a line of text (a paragraph, a list item's own words, a
table row, a line of code) is kept only when it lines up with a line of the final text, compared
by its letters and digits alone (so "- item" and "| a | b |" meet their XML). Lines of the text no
piece of the XML accounts for (a title the title stage put first, a declared articleBody that
replaced the extraction) are kept as paragraphs in their place; when the XML accounts for less than
half the text, or there is none (text pages), the Markdown is the text's paragraphs, the title as
a `# ` heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .textnorm import canonical_whitespace, to_nfc

# Zero-width and format characters the text's whitespace normalisation removes too.
_INVISIBLE = dict.fromkeys([0xAD, *range(0x200B, 0x2010), *range(0x2060, 0x2065), 0xFEFF, 0x180E])
_KEY_DROP = re.compile(r"[\W_]+")
# A piece of the XML this long that repair split over several text lines still lines up, by
# containment in the text; shorter pieces must match a whole line (so "News" never matches
# inside "Newsroom").
_SPLIT_MIN_CHARS = 30
_MIN_ACCOUNTED = 0.5
# Characters that would turn words into Markdown syntax.
_INLINE_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+](?=\s)|\d{1,9}(?=[.)]\s)|={3,}$|-{3,}$)")


def key(text: str) -> str:
    return _KEY_DROP.sub("", text.casefold())


def to_markdown(text: str, content: Any, title: str | None) -> str:
    """The Markdown of a cleaned page: `text` is its final text, `content` the extractor's XML
    (None for text pages), `title` the metadata title."""
    lines = [line for line in text.split("\n") if line]
    if not lines:
        return ""
    if content is not None:
        structured = _Aligner(lines).render(content)
        if structured is not None:
            return to_nfc(structured)
    return _paragraphs(lines, title)


def _paragraphs(lines: list[str], title: str | None) -> str:
    blocks = [_escape_block(line) for line in lines]
    if title and lines[0] == canonical_whitespace(title):
        blocks[0] = "# " + _escape_inline(lines[0])
    return "\n\n".join(blocks) + "\n"


def _escape_inline(text: str) -> str:
    return _INLINE_ESCAPE.sub(r"\\\1", text)


def _escape_block(text: str) -> str:
    escaped = _escape_inline(text)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    # "1. " -> "1\. ", "# " -> "\# ", "- " -> "\- ": the words stay words.
    end = match.end()
    if escaped[end:end + 1] in (".", ")"):
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


# --- reading the XML -------------------------------------------------------------------------

def _inline_lines(element: Any, skip: tuple[str, ...] = ()) -> list[str]:
    """The element's words as the text renders them: <lb/> breaks a line; children whose tag is in
    `skip` (nested lists) are left out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag in skip:
            parts.append(child.tail or "")
            continue
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in _HANDLERS:  # a block inside an inline context (a heading in an item)
            parts.extend(["\n", *_inline_lines(child, skip), "\n"])
        else:
            parts.extend(_inline_lines(child, skip))
        parts.append(child.tail or "")
    return parts if element.tag != "lb" else ["\n"]


def _lines_of(element: Any, skip: tuple[str, ...] = ()) -> list[str]:
    joined = "".join(_inline_lines(element, skip)).translate(_INVISIBLE)
    return [line for line in (" ".join(part.split()) for part in joined.split("\n")) if line]


@dataclass
class _Block:
    """One Markdown block and the index of the first text line it accounts for."""

    anchor: int
    markdown: str


@dataclass
class _Item:
    text: str
    ordered: bool
    children: list[_Item] = field(default_factory=list)


class _Aligner:
    """Walks the XML in order and keeps each piece that lines up with an unused line of the text."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.keys = [key(line) for line in lines]
        self.used = [False] * len(lines)
        self.cursor = 0
        self.where: dict[str, list[int]] = {}
        for i, line_key in enumerate(self.keys):
            self.where.setdefault(line_key or lines[i], []).append(i)

    def take(self, text: str) -> int | None:
        """The index of the text line this piece is, marked used; None when the text dropped it.
        The first unused match at or after the last one taken wins (the text's order), else the
        first unused one before it (the title stage moves the headline up)."""
        wanted = key(text)
        free = [i for i in self.where.get(wanted or text, ()) if not self.used[i]]
        if free:
            return self._use(next((i for i in free if i >= self.cursor), free[0]))
        if len(wanted) >= _SPLIT_MIN_CHARS:
            for i in range(len(self.lines)):
                if not self.used[i] and self.keys[i] and wanted.startswith(self.keys[i]) and self._starts_run(i, wanted):
                    return self._use(i)
        return None

    def _starts_run(self, first: int, wanted: str) -> bool:
        """Lines first, first+1... spell out the piece: repair split it; all of them are used."""
        joined, last = "", first
        while last < len(self.lines) and len(joined) < len(wanted):
            joined += self.keys[last]
            last += 1
        if joined != wanted:
            return False
        for i in range(first + 1, last):
            self.used[i] = True
        return True

    def _use(self, i: int) -> int:
        self.used[i] = True
        self.cursor = i + 1
        return i

    def render(self, content: Any) -> str | None:
        blocks = self._blocks(content)
        accounted = sum(self.used) / len(self.lines)
        if accounted < _MIN_ACCOUNTED:
            return None
        for i, line in enumerate(self.lines):
            if not self.used[i] and self.keys[i]:
                blocks.append(_Block(i, "# " + _escape_inline(line) if i == 0 else _escape_block(line)))
        blocks.sort(key=lambda block: block.anchor)  # stable: the XML's order among equals
        return "\n\n".join(block.markdown for block in blocks) + "\n" if blocks else None

    def _blocks(self, element: Any) -> list[_Block]:
        blocks: list[_Block] = []
        for child in element:
            handler = _HANDLERS.get(child.tag)
            if handler is not None:
                block = handler(self, child)
                if block is not None:
                    blocks.append(block)
            elif child.tag in ("lb", "graphic"):
                continue
            elif any(grandchild.tag in _HANDLERS for grandchild in child):
                blocks.extend(self._blocks(child))  # a wrapper of blocks (div, section)
            else:
                blocks.extend(self._paragraph_lines(child))  # words at block level (hi, ref)
        return blocks

    def _paragraph_lines(self, element: Any) -> list[_Block]:
        lines = _lines_of(element)
        out = []
        for line in lines:
            if line and (at := self.take(line)) is not None:
                out.append(_Block(at, _escape_block(line)))
        return out

    def _paragraph(self, element: Any) -> _Block | None:
        kept = self._paragraph_lines(element)
        if not kept:
            return None
        return _Block(kept[0].anchor, "\n\n".join(block.markdown for block in kept))

    def _heading(self, element: Any) -> _Block | None:
        level = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}.get(element.get("rend", ""), 2)
        text = " ".join(_lines_of(element))
        if not text or (at := self.take(text)) is None:
            return None
        return _Block(at, "#" * level + " " + _escape_inline(text))

    def _quote(self, element: Any) -> _Block | None:
        inner = self._blocks(element) if len(element) and element[0].tag not in ("hi", "ref", "lb") else []
        if not inner:
            inner = self._paragraph_lines(element)
        if not inner:
            return None
        body = "\n\n".join(block.markdown for block in inner)
        quoted = "\n".join(("> " + line) if line else ">" for line in body.split("\n"))
        return _Block(min(block.anchor for block in inner), quoted)

    def _code(self, element: Any) -> _Block | None:
        raw = "".join(element.itertext()).strip("\n")
        kept, first = [], None
        for line in raw.split("\n"):
            if not line.strip():
                kept.append(line)
                continue
            at = self.take(canonical_whitespace(line))
            if at is not None:
                kept.append(line.rstrip())
                first = at if first is None else first
        if first is None:
            return None
        code = "\n".join(kept).strip("\n")
        fence = "```"
        while fence in code:
            fence += "`"
        return _Block(first, f"{fence}\n{code}\n{fence}")

    def _list(self, element: Any) -> _Block | None:
        anchors: list[int] = []
        items = self._items(element, anchors)
        if not items:
            return None
        return _Block(min(anchors), "\n".join(_render_items(items, "")))

    def _items(self, element: Any, anchors: list[int]) -> list[_Item]:
        ordered = element.get("rend", "") == "ol"
        items: list[_Item] = []
        for item in element:
            if item.tag != "item":
                continue
            nested: list[_Item] = []
            for sub in item.iter("list"):
                if _nearest(sub, "item") is item:
                    nested.extend(self._items(sub, anchors))
            text = " ".join(_lines_of(item, skip=("list",)))
            at = self.take(text) if text else None
            if at is not None:
                anchors.append(at)
                items.append(_Item(_escape_block(text), ordered, nested))
            else:
                items.extend(nested)  # the item's own words were dropped: its sub-items move up
        return items

    def _table(self, element: Any) -> _Block | None:
        rows: list[list[str]] = []
        first = None
        head_rows = 0
        for row in element.iter("row"):
            if _nearest(row, "table") is not element:
                continue
            cells = [" ".join(_lines_of(cell)) for cell in row if cell.tag == "cell"]
            if not any(cells):
                continue
            at = self.take(" ".join(cells))
            if at is None:
                continue
            first = at if first is None else first
            if all(cell.get("role") == "head" for cell in row if cell.tag == "cell") and len(rows) == head_rows:
                head_rows += 1
            rows.append([_escape_inline(cell).replace("|", "\\|") for cell in cells])
        if first is None:
            return None
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        if head_rows == 0:
            rows.insert(0, [""] * width)  # GFM needs a header row; the data stays data
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "|".join(["---"] * width) + "|")
        return _Block(first, "\n".join(lines))


def _nearest(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _render_items(items: list[_Item], indent: str) -> list[str]:
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        marker = f"{number}. " if item.ordered else "- "
        lines.append(indent + marker + item.text)
        if item.children:
            lines.extend(_render_items(item.children, indent + " " * len(marker)))
    return lines


_HANDLERS = {
    "p": _Aligner._paragraph,
    "head": _Aligner._heading,
    "list": _Aligner._list,
    "table": _Aligner._table,
    "quote": _Aligner._quote,
    "code": _Aligner._code,
}
