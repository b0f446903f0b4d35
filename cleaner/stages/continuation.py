"""continuation: the rest of an article whose body the page splits into several containers of one
kind (an ad row or a sidebar between them), which the extractor reads as separate blocks and keeps
one of.

The container of the text is the parent of most of the text's article-like <p> paragraphs. Other
elements of the same tag and class, in wrappers of the same tag and class as its own, are its
continuation when they hold at least `min_prose_words` words of article-like paragraphs (an author's
one-line biography in a box of the same kind is not), most of them new to the text, lie in the same
<article> element (or none) with no
<h1> between them and the text's container (the next story of an endless page has its own headline),
and there are at most `max_parts` of them (a class on dozens of elements is a card or a comment,
not a body split by ads). Lists of links in a part ('More great stories') are left out. Only parts after the container count: what comes before the body in a
container of its kind is a summary or a quoted claim more often than the story's start. Their
paragraphs go after the text, in page order.
"""
from __future__ import annotations

from ..textnorm import is_article_like, words
from .htmltree import document_order, has_ancestor_in

# Runs of this many words: a paragraph is in the text when most of its runs are (the extractor's
# spacing and punctuation differ from the markup's).
_RUN = 4
# A list whose every item holds a link, links carrying this share of its text, lists other pages.
_LINK_LIST_SHARE = 0.3

# Elements whose text is one paragraph of a body part; one inside another counts once (the outer).
_PART_PARAGRAPHS = "p, h2, h3, h4, h5, h6, li, blockquote, pre"


def continuation_paragraphs(tree, text: str, max_parts: int = 8, max_known_share: float = 0.5,
                            min_prose_words: int = 30) -> list[str]:
    """The paragraphs of the body parts after the text's container, in page order."""
    body = tree.body
    if body is None or not text:
        return []
    known = _runs(text)
    container = _text_container(body, known)
    if container is None:
        return []
    classes = container.attributes.get("class")
    if not classes or not classes.strip():
        return []
    same = [node for node in body.css(container.tag) if node.attributes.get("class") == classes]
    if len(same) < 2 or len(same) > max_parts + 1:
        return []
    parts = []
    for node in same:
        if (node.mem_id == container.mem_id or has_ancestor_in(node, {container.mem_id})
                or has_ancestor_in(container, {node.mem_id})):
            continue
        if not _same_kind(node.parent, container.parent) or _article_of(node) != _article_of(container):
            continue
        paragraphs = _new_paragraphs(node, known, max_known_share, min_prose_words)
        if paragraphs:
            parts.append((node, paragraphs))
    if not parts:
        return []
    order = document_order(body)
    at = order.get(container.mem_id, 0)
    after: list[str] = []
    for node, paragraphs in parts:
        position = order.get(node.mem_id, at)
        if position > at and not _headline_between(order, body, at, position):
            after.extend(paragraphs)
    return after


def _runs(text: str) -> set[tuple[str, ...]]:
    tokens = [w.casefold() for w in words(text)]
    return {tuple(tokens[i:i + _RUN]) for i in range(max(1, len(tokens) - _RUN + 1))}


def _in_text(paragraph: str, known: set[tuple[str, ...]]) -> bool:
    runs = _runs(paragraph)
    return len(runs & known) * 2 > len(runs)


def _text_container(body, known: set[tuple[str, ...]]):
    """The parent of most of the text's article-like paragraphs (by words)."""
    weight: dict[int, int] = {}
    parents = {}
    for paragraph in body.css("p"):
        content = paragraph.text(deep=True, separator="")
        if not is_article_like(content) or not _in_text(content, known):
            continue
        parent = paragraph.parent
        if parent is None:
            continue
        weight[parent.mem_id] = weight.get(parent.mem_id, 0) + len(words(content))
        parents[parent.mem_id] = parent
    if not weight:
        return None
    return parents[max(weight, key=weight.__getitem__)]


def _same_kind(node, other) -> bool:
    """Whether two elements have one tag and one class (the wrappers of two parts of one body)."""
    if node is None or other is None:
        return node is other
    return node.tag == other.tag and node.attributes.get("class") == other.attributes.get("class")


def _new_paragraphs(node, known: set[tuple[str, ...]], max_known_share: float, min_prose_words: int) -> list[str]:
    """The part's paragraphs, when it holds article prose that is mostly new to the text."""
    elements = node.css(_PART_PARAGRAPHS)
    # The part itself is among its matches when it is a paragraph-like element (a blockquote).
    inner_ids = {element.mem_id for element in elements} - {node.mem_id}
    texts = []
    link_lists: dict[int, bool] = {}
    for element in elements:
        if has_ancestor_in(element, inner_ids) or element.tag == "li" and _in_link_list(element, link_lists):
            continue
        content = " ".join(element.text(deep=True, separator="").split())
        if content:
            texts.append(content)
    prose = [t for t in texts if is_article_like(t)]
    if not any(is_article_like(p.text(deep=True, separator="")) for p in node.css("p")):
        return []
    total = sum(len(words(t)) for t in prose)
    if total < min_prose_words:
        return []
    known_words = sum(len(words(t)) for t in prose if _in_text(t, known))
    if known_words > max_known_share * total:
        return []
    return [t for t in texts if not _in_text(t, known)]


def _in_link_list(item, seen: dict[int, bool]) -> bool:
    """Whether the list item is in a list of links ('More great stories'): every item holds a link,
    and links carry at least _LINK_LIST_SHARE of the list's text."""
    parent = item.parent
    if parent is None:
        return False
    if parent.mem_id not in seen:
        items = [child for child in parent.iter() if child.tag == "li"]
        text = sum(len(child.text(deep=True, separator="")) for child in items)
        linked = sum(len(a.text(deep=True, separator="")) for child in items for a in child.css("a"))
        seen[parent.mem_id] = bool(items) and all(child.css_first("a") is not None for child in items) \
            and linked >= _LINK_LIST_SHARE * text
    return seen[parent.mem_id]


def _article_of(node):
    parent = node.parent
    while parent is not None:
        if parent.tag == "article":
            return parent.mem_id
        parent = parent.parent
    return None


def _headline_between(order: dict[int, int], body, start: int, end: int) -> bool:
    return any(start < order.get(h1.mem_id, -1) < end for h1 in body.css("h1"))
