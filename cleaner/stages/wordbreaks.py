"""wordbreaks: line breaks and spaces that keep words apart where trafilatura joins them.

trafilatura drops some elements whole and joins their tail text, or a list item or header, to the
text before: "read<footer>...</footer><span>12" gave "read12". A block's end is a line break on
the page, so breaks and spaces added there change no word and keep the words on either side apart.
"""
from __future__ import annotations

import re

# Block elements trafilatura drops whole (its MANUALLY_CLEANED list) keep their tail text, which
# it joins to the text before them: "read<footer>...</footer><span>12" gave "read12".
_DROPPED_BLOCKS = "aside, footer, nav, form, figure, menu, dialog, fieldset"
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# The same elements' start and end tags in the page's source (a tag stops at the next "<" or ">").
_DROPPED_TAG = re.compile(r"</?(?:aside|footer|nav|form|figure|menu|dialog|fieldset)\b[^<>]*>", re.I)


# The end tag of every block element. trafilatura may drop any element it takes for boilerplate
# (by tag, class or text) and joins the element's tail to the text before it: "1:36<section>(c)
# 2023 News Corp</section>0:00" gave "1:360:00". A block's end is a line break on the page, so a
# line break after each end tag changes no word and keeps the words on either side apart.
_BLOCK_END = re.compile(
    r"</(?:address|article|aside|blockquote|center|details|dialog|dd|div|dl|dt|fieldset|figcaption|figure"
    r"|footer|form|h[1-6]|header|hgroup|li|main|menu|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th"
    r"|thead|tr|ul)\s*>",
    re.I,
)


def break_after_blocks(html: str) -> str:
    """A line break after the end tag of each block element (see _BLOCK_END)."""
    return _BLOCK_END.sub("\\g<0>\n", html)


def keep_words_apart(tree) -> None:
    """A line break on either side of each block element trafilatura drops and a space at the end
    of the element before it, a space after each list item and header."""
    for node in tree.css(_DROPPED_BLOCKS):
        node.insert_before("\n")
        node.insert_after("\n")
        before = node.prev
        while before is not None and not (before.tag or "").isalnum():  # text and comment nodes
            before = before.prev
        if before is not None and before.tag not in _VOID:  # the element before it too: "Corp</span><footer>"
            before.insert_child(" ")
    # trafilatura joins a list item to the next when the list lost its <ul> ("1:36" + "0" gave
    # "1:360"), and a <header> inside inline text to what follows ("News Corp" + "0:00" gave
    # "Corp0:00"): a space at the end of each keeps them apart.
    for node in tree.css("li, dt, dd, header"):
        node.insert_child(" ")


def space_dropped_tags(source: str) -> str:
    """A line break on either side of each start and end tag of the blocks trafilatura drops, in
    the page's source (the unpruned page, which is not parsed)."""
    return _DROPPED_TAG.sub("\n\\g<0>\n", source)
