"""prune: remove chrome elements from HTML by the CSS selectors in the rule packs (selectolax).

Guard: a matched element that holds the article body (an <article>/<main>/articleBody element,
or most of the page's text) is left in place and recorded as kept, not removed, so a broad selector can never
take the article with it. Before the rules, on the page types of `reveal_panels_for`, the hidden
panels of tabs and accordions are revealed (cleaner/stages/panels.py): their text is content, not
hidden chrome. On the page types of `teasers_for`, rows of other stories' teaser cards (linked
headlines, cleaner/stages/teasers.py) go as well, after the rules; on those of `embeds_for`, the
wrappers of embedded social posts lose the names that make the extractor drop them as widgets
(cleaner/stages/embeds.py).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from ..document import Document, Kept, Removal
from ..rulebook.model import Rule
from .embeds import unname_embed_wrappers
from .htmltree import has_ancestor_in, shared_tree
from .panels import reveal_panels
from .teasers import teaser_cards

_BODY_MARKERS = "article, main, [itemprop='articleBody'], [itemprop=articleBody]"
_LOG_CHARS = 200
TEASER_RULE = "html.teaser-cards"
_TEASER_WHY = "A row of other stories' cards (a linked headline each) on an article page is not the story."


class Prune:
    name = "prune"

    def __init__(self, rules: tuple[Rule, ...], max_share_of_page: float = 0.5,
                 reveal_panels_for: tuple[str, ...] | list[str] = (),
                 teasers_for: tuple[str, ...] | list[str] = (), embeds_for: tuple[str, ...] | list[str] = ()):
        self.reveal_panels_for = frozenset(reveal_panels_for)
        self.teasers_for = frozenset(teasers_for)
        self.embeds_for = frozenset(embeds_for)
        # Content selectors (action "content") name what to keep, not what to remove.
        self.rules = tuple(r for r in rules if r.match == "selector" and r.action == "drop")
        # One query per rule (a selector list): the tree is walked once per rule, not per pattern.
        self._queries = tuple((r, ", ".join(r.patterns)) for r in self.rules)
        self.max_share_of_page = max_share_of_page

    def run(self, doc: Document) -> Document:
        if doc.kind != "html":
            return doc
        tree = shared_tree(doc)
        if tree.body is None:
            return doc
        page_type = doc.metadata.get("page_type")
        if page_type in self.reveal_panels_for:
            reveal_panels(tree)  # before html.hidden: a closed tab or accordion panel is content
        if self.rules:
            self._apply_rules(doc, tree)
        if page_type in self.teasers_for and tree.body is not None:
            self._drop_teasers(doc, tree.body)
        if page_type in self.embeds_for and tree.body is not None:
            unname_embed_wrappers(tree.body)
        return doc

    def _drop_teasers(self, doc: Document, body) -> None:
        cards = teaser_cards(body, urlsplit(doc.url).hostname if doc.url else None)
        for card in cards:
            doc.record(Removal(self.name, TEASER_RULE, _TEASER_WHY, card.text(separator=" ", strip=True)[:_LOG_CHARS]))
        for card in cards:  # after the walk, as for the rules; cards never hold one another
            card.replace_with("\n")

    def _apply_rules(self, doc: Document, tree) -> None:
        page_chars = len(tree.body.text(separator=" ", strip=True)) or 1
        for rule, selector in self._queries:
            doomed = []
            doomed_ids: set[int] = set()
            for node in tree.css(selector):  # document order: an ancestor comes before its descendants
                if has_ancestor_in(node, doomed_ids):
                    continue  # goes with the ancestor already chosen
                text = node.text(separator=" ", strip=True)
                if self._holds_article(node, len(text), page_chars):
                    doc.record(Kept(self.name, rule.id, "the element holds the article body"))
                    continue
                doc.record(Removal(self.name, rule.id, rule.why, text[:_LOG_CHARS]))
                doomed.append(node)
                doomed_ids.add(node.mem_id)
            # Replace only after the walk: a freed element's descendants must not be touched. A
            # line break stands in for the element, so the words on either side stay apart
            # ("read<nav>...</nav><span>12" is not "read12").
            for node in doomed:
                node.replace_with("\n")

    def _holds_article(self, node, n_chars: int, page_chars: int) -> bool:
        if n_chars > self.max_share_of_page * page_chars and n_chars > 500:
            return True
        if node.tag in ("article", "main", "body", "html"):
            return True
        return node.css_first(_BODY_MARKERS) is not None
