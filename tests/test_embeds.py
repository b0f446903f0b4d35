"""Social posts quoted in a story: their wrappers lose the widget names the extractor drops."""
import cleaner
from cleaner.document import Document
from cleaner.stages.prune import Prune

STORY = (
    "<p>The harbour board voted on Tuesday to close the old ferry pier for two years of repairs to its piles.</p>"
    "<p>Engineers found that a third of the timber piles had rotted below the waterline since the last survey.</p>"
    "{post}"
    "<p>Ferries will berth at the container quay in the meantime, which adds a ten-minute walk for passengers.</p>"
)
TWEET = (
    "<div class='social-media-embed' id='embed-1'><div class='tweet-widget'><blockquote class='twitter-tweet'>"
    "<p>The pier is closed from today, sorry for the trouble to all our passengers.</p>— Harbour Board (@harbour) "
    "<a href='https://twitter.com/harbour/status/1'>March 1, 2025</a></blockquote></div></div>"
)


def _page() -> str:
    return ("<html><head><title>Old pier to close</title><meta property='og:type' content='article'></head><body>"
            "<article><h1>Old pier to close</h1><div class='story-body'>" + STORY.format(post=TWEET)
            + "</div></article></body></html>")


def test_a_tweet_quoted_in_a_story_stays_in_the_text():
    text = cleaner.Cleaner().clean(_page(), kind="html").text
    assert "The pier is closed from today, sorry for the trouble to all our passengers." in text
    assert "walk for passengers." in text


def test_only_the_wrappers_that_hold_nothing_but_the_post_lose_their_names():
    html = _page()
    doc = Document(raw=html, kind="html", source=html)
    doc.metadata["page_type"] = "article"
    Prune((), embeds_for=("article",)).run(doc)
    post = doc.html_tree.body.css_first("blockquote.twitter-tweet")
    assert post is not None
    assert post.parent.attributes == {} and post.parent.parent.attributes == {}
    assert doc.html_tree.body.css_first("div.story-body") is not None  # holds the story too
