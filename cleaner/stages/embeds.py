"""embeds: posts from social networks quoted in a story (an embedded tweet is the quote the story
reports), whose wrappers the extractor takes for widgets by their names ('social-media-embed',
'article-widget tweet') and drops with the quote.

The wrappers around an embedded post that hold nothing but it lose their class and id; the post
itself (a blockquote the network's script would render) is left as it is.
"""
from __future__ import annotations

# The blockquotes the networks' embed codes write.
EMBEDDED_POSTS = (
    "blockquote.twitter-tweet, blockquote.instagram-media, blockquote.tiktok-embed, "
    "blockquote.bluesky-embed, blockquote.threads-embed, blockquote.mastodon-embed"
)
# A wrapper holds only the post when it has at most this many characters of text besides it.
_OTHER_CHARS = 40
_NEVER_UNNAMED = frozenset({"body", "html", "main", "article"})


def unname_embed_wrappers(body) -> int:
    """Take class and id off the wrappers that hold only an embedded post; the number of wrappers."""
    changed = 0
    for post in body.css(EMBEDDED_POSTS):
        post_chars = len(_text(post))
        wrapper = post.parent
        while wrapper is not None and wrapper.tag not in _NEVER_UNNAMED:
            if len(_text(wrapper)) - post_chars > _OTHER_CHARS:
                break
            attributes = wrapper.attributes
            if "class" in attributes or "id" in attributes:
                for name in ("class", "id"):
                    if name in attributes:
                        del wrapper.attrs[name]
                changed += 1
            wrapper = wrapper.parent
    return changed


def _text(node) -> str:
    return "".join(node.text(deep=True, separator="").split())
