"""teasers: the cards of other stories on an article page ('Our latest stories', 'More from the
site'): a row of sibling elements, each one linked headline (a heading inside a link, or a link
inside a heading, to another page of the site) with at most a line or two beside it (a subline,
a date). A row of links to other sites is a list of sources or resources, not teasers.

A card is the largest element around such a heading that holds no other linked heading and at most
`max_extra_words` words besides the headline. At least `min_cards` cards under one parent make a
group, and only when the parent holds little else (`max_other_words` words outside its cards): a
story's own sub-headings stand between its paragraphs, and one that links to its own anchor
('#section') is no teaser. The extractor keeps such rows as short headline lines under the story.

A card that is an <article> element (or wraps one) says by its markup that it is an item of its
own: on a page of several <article> elements, all of them cards but at most one (the story, which
need not be an <article>), it is a teaser however few stand beside it, so long as the page holds
more words besides the cards than in them. The extractor otherwise takes the first <article> of
the page for the story.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from ..textnorm import words
from .htmltree import document_order

_HEADINGS = "h2, h3, h4, h5, h6"
_LINKED_HEADINGS = ", ".join(f"{h} a[href], a[href] {h}" for h in ("h2", "h3", "h4", "h5", "h6"))
_NEVER_CARDS = frozenset({"body", "html", "main"})


def teaser_cards(body, host: str | None = None, min_cards: int = 3, max_extra_words: int = 20,
                 max_other_words: int = 25) -> list:
    """The card elements of the page's groups of teaser cards, in page order. With the page's host,
    only cards linking within the site count: other stories of the site, not a list of sources."""
    groups: dict[int, list] = {}
    parents = {}
    seen: set[int] = set()
    for heading in body.css(_HEADINGS):
        if not _links_elsewhere(heading, host):
            continue
        card = _card_around(heading, max_extra_words)
        parent = card.parent
        if parent is None or card.mem_id in seen:
            continue
        seen.add(card.mem_id)
        groups.setdefault(parent.mem_id, []).append(card)
        parents[parent.mem_id] = parent
    found = []
    loose: list = []
    for parent_id, cards in groups.items():
        card_words = sum(_word_count(card) for card in cards)
        if len(cards) >= min_cards and _word_count(parents[parent_id]) - card_words <= max_other_words:
            found.extend(cards)
        else:
            loose.extend(card for card in cards if _is_article_item(card))
    if loose and _all_articles_but_one_are_cards(body, found + loose):
        every_card = found + loose
        if sum(_word_count(card) for card in every_card) * 2 < _word_count(body):
            found = sorted(every_card, key=_page_order(body))
    return found


def _is_article_item(card) -> bool:
    return card.tag == "article" or len(card.css("article")) == 1


def _all_articles_but_one_are_cards(body, cards: list) -> bool:
    """Whether the page has several <article> elements and at most one of them is no card (the
    story, or a wrapper around the page): a blog's row of longer post summaries is a listing."""
    in_cards = {card.mem_id for card in cards if card.tag == "article"}
    in_cards.update(node.mem_id for card in cards for node in card.css("article"))
    articles = body.css("article")
    return len(articles) >= 2 and sum(node.mem_id not in in_cards for node in articles) <= 1


def _page_order(body):
    """A sort key putting elements of the body in document order."""
    order = document_order(body)
    return lambda node: order.get(node.mem_id, 0)


def _links_elsewhere(heading, host: str | None) -> bool:
    """Whether the heading is inside a link, or holds one, to another page of the site (not
    '#section', not another site when the host is known)."""
    link = heading.css_first("a[href]")
    if link is None:
        parent = heading.parent
        for _ in range(3):
            if parent is None:
                break
            if parent.tag == "a":
                link = parent
                break
            parent = parent.parent
    if link is None:
        return False
    href = (link.attributes.get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    target = urlsplit(href).hostname
    return host is None or target is None or _site(target) == _site(host)


def _site(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def _card_around(heading, max_extra_words: int):
    heading_words = _word_count(heading)
    card = heading
    parent = heading.parent
    while (parent is not None and parent.tag not in _NEVER_CARDS
           and len(parent.css(_LINKED_HEADINGS)) == 1
           and _word_count(parent) <= heading_words + max_extra_words):
        card, parent = parent, parent.parent
    return card


def _word_count(node) -> int:
    return len(words(node.text(deep=True, separator=" ")))
