"""Forum threads: the engines' post bodies (rules with action "content", cleaner/stages/posts.py)
replace an extracted text that kept the first post alone."""
from selectolax.lexbor import LexborHTMLParser

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rulebook import load_packs
from cleaner.stages.extract import Extract
from cleaner.stages.htmltree import shared_tree
from cleaner.stages.posts import post_texts, posts_to_use
from cleaner.stages.prune import Prune

RULES = tuple(rule for pack in load_packs() for rule in pack.rules)
SELECTOR = ", ".join(p for r in RULES if r.action == "content" for p in r.patterns)
POSTS = [
    "My eyelid has been twitching for three weeks and I would like some reassurance please.",
    "Twitching without weakness points away from the disease; a lack of sleep is the usual cause.",
    "Thanks for your reply, I will try to sleep more and drink more water this week.",
    "Dry eyes and dehydration cause the same twitch, so see an optician if it stays.",
]


def _thread() -> str:
    """A XenForo thread: each post an <article> with the author card beside the body."""
    posts = "".join(
        f"<article class='message message--post'><div class='message-userDetails'><h4>user{i}</h4>"
        f"<span>New member</span><dl><dt>Joined</dt><dd>Apr 12, 2024</dd><dt>Messages</dt><dd>3</dd></dl></div>"
        f"<article class='message-body js-selectToQuote'><div class='bbWrapper'>{text}</div></article>"
        f"<footer><a class='reply'>Reply</a><span>Like 4</span></footer></article>"
        for i, text in enumerate(POSTS))
    return f"<html><body><h1>Early symptoms</h1><main><div class='block-body'>{posts}</div></main></body></html>"


def test_post_bodies_in_page_order_without_author_cards():
    posts = post_texts(LexborHTMLParser(_thread()), SELECTOR)
    assert posts == POSTS


def test_a_quote_inside_a_reply_goes_with_the_reply():
    html = ("<div class='message-body'><div class='bbWrapper'><blockquote>earlier words</blockquote>"
            "My answer.</div></div>")
    assert post_texts(LexborHTMLParser(html), ".message-body .bbWrapper, blockquote") == ["earlier words\nMy answer."]


def test_a_stray_short_match_is_no_thread():
    assert posts_to_use(POSTS, min_words=20)
    assert not posts_to_use(["Thanks!"], min_words=20)
    assert not posts_to_use([], min_words=20)


def _extract(page_type: str, text: str) -> Document:
    html = _thread()
    doc = Document(raw=html, kind="html", source=html, metadata={"page_type": page_type})
    shared_tree(doc)
    extract = Extract(RULES, posts_for=["forum"])
    extract._trafilatura = lambda html, url, options, fast: (text, None)  # the extractor kept the first post
    return extract.run(doc)


def test_a_forum_thread_keeps_its_replies_and_other_pages_do_not_gain_them():
    forum = _extract("forum", POSTS[0])
    assert [b.text for b in forum.blocks] == POSTS
    assert forum.flags["posts_used"] == len(POSTS)
    story = _extract("article", POSTS[0])
    assert [b.text for b in story.blocks] == [POSTS[0]]


def test_content_selectors_are_not_pruned():
    doc = Document(raw=_thread(), kind="html", source=_thread())
    Prune(RULES).run(doc)
    assert all(post in shared_tree(doc).body.text() for post in POSTS)


def test_a_whole_thread_through_the_pipeline():
    result = Cleaner().clean(_thread(), url="https://forum.example.org/threads/early-symptoms.53800/", kind="html")
    assert result.metadata["page_type"] == "forum"
    for post in POSTS:
        assert post in result.text
    for chrome in ("New member", "Joined", "Like 4"):
        assert chrome not in result.text
