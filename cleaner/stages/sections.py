"""sections: the sections of a service page that the extractor left out.

A service page is a run of short sections inside the page's <main>: a hero, features, steps,
plans, an FAQ. An extractor built for articles keeps the part that reads most like prose and
drops the rest as boilerplate, so its text is one section of several. When that text lies inside
the page's <main> element (`min_inside` of its words are there) and holds less than
`max_coverage` of the words of <main>, while <main> is not more than `max_ratio` times the text
(a <main> wrapping a whole site is no content region), the text of <main> stands for the page,
each line once: a responsive layout prints a block twice, for wide and for narrow screens.
Not when the text lies inside an <article> (or articleBody) within <main>: the page has marked
its own content there, and the rest of <main> is what goes around a story.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from ..htmltext import html_to_text
from ..textnorm import share_held, word_bag, words

_MAIN = "main, [role='main']"
_ARTICLE = "article, [itemprop='articleBody']"
# What <main> holds that is no text of the page: form fields and their labels, players' fallbacks.
_NOT_TEXT = "form, select, label, input, textarea, video, audio"


def main_sections(tree, text: str, max_coverage: float, min_inside: float, max_ratio: float) -> str | None:
    """The text of the page's <main> when the extracted text is a part of it, else None."""
    body = tree.body
    if body is None or not text:
        return None
    text_words = word_bag(text)
    n_text = sum(text_words.values())
    for main in body.css(_MAIN):
        main_text = html_to_text(main.html or "")
        main_words = word_bag(main_text)
        if share_held(main_words, text_words) < min_inside:
            continue  # the text is not in this element
        if sum(main_words.values()) > max_ratio * n_text:
            return None
        if share_held(text_words, main_words) >= max_coverage:
            return None  # the text already stands for <main>
        if any(share_held(word_bag(html_to_text(article.html or "")), text_words) >= min_inside
               for article in main.css(_ARTICLE)):
            return None
        return _readable(main)
    return None


def _readable(main) -> str:
    """The lines of <main>, each once, without its form fields and media fallbacks."""
    copy = LexborHTMLParser(main.html or "")
    for node in reversed(copy.css(_NOT_TEXT)):  # descendants first: none is touched once freed
        node.decompose()
    text = html_to_text(copy.body.html or "") if copy.body is not None else ""
    seen, lines = set(), []
    for line in text.split("\n"):
        line = " ".join(line.split())
        key = line.casefold()
        if words(line) and key not in seen:
            seen.add(key)
            lines.append(line)
    return "\n".join(lines)
