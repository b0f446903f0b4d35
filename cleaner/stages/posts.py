"""posts: the post bodies of a forum or question-and-answer thread, in page order.

On a thread the question and its replies are the content, but a main-content extractor often
keeps the first post alone (the replies look like comments) or a run of posts with the author
cards, join dates and reaction counts between them. The rule packs name each engine's post-body
element (rules with action "content", rules/html-content.toml); `post_texts` gives the text of
each outermost match (a quoted post inside a reply goes with the reply). Measured on wcxb-dev
threads, the post bodies beat the extracted text whether it missed the replies or kept them with
the author cards between them, so they replace it whenever they hold enough words (`posts_to_use`).
"""
from __future__ import annotations

from ..htmltext import html_to_text
from ..textnorm import words
from .htmltree import has_ancestor_in


def post_texts(tree, selector: str) -> list[str]:
    """The text of each outermost element the selector matches, in page order, blank ones left out."""
    if not selector or tree is None:
        return []
    nodes = tree.css(selector)
    if not nodes:
        return []
    matched = {node.mem_id for node in nodes}
    texts = []
    for node in nodes:
        if has_ancestor_in(node, matched):
            continue
        text = "\n".join(line for line in (" ".join(raw.split()) for raw in html_to_text(node.html or "").split("\n")) if line)
        if words(text):
            texts.append(text)
    return texts


def posts_to_use(posts: list[str], min_words: int) -> bool:
    """Whether the posts stand for the thread: they hold at least min_words words (a stray match
    of one short element does not replace a text)."""
    return sum(len(words(post)) for post in posts) >= min_words
