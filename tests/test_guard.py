"""The over-cleaning guard (cleaner/stages/guard.py): flags pages whose cleaning lost too much of
their article-like text; never changes the text."""
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from project_paths import SEEDS

from cleaner import Cleaner, clean
from cleaner.stages.guard import OverCleaningGuard, article_words, lost_share

SENTENCES = [
    "After three dry months, heavy rain fell across the valley on Sunday, filling the reservoirs again.",
    "Farmers welcomed the downpour but warned that one wet weekend would not make up for the summer.",
    "Forecasters expect more showers later in the week, with temperatures close to the seasonal average.",
    "The water authority said restrictions on garden hoses would stay in place until the end of the month.",
    "Local schools reopened their playing fields, which had been closed since July because of the heat.",
]


def eager_pack(tmp_path) -> Path:
    """A user pack whose rule is too broad: it drops paragraphs of the article."""
    pack = tmp_path / "eager.toml"
    pack.write_text(textwrap.dedent('''
        [pack]
        id = "eager"
        why = "A rule that is too broad."

        [[rules]]
        id = "eager.drop"
        why = "Drops lines opening with a few words that articles use too."
        match = "regex"
        pattern = "^(?:Farmers|Forecasters|The water|Local schools) "
        max_words = 100
        action = "drop"
        examples.remove = ["Farmers say"]
        examples.keep = ["Nothing"]
    '''), encoding="utf-8")
    return pack


def test_a_page_that_lost_most_of_its_article_is_flagged(tmp_path):
    page = "\n\n".join(SENTENCES)
    result = Cleaner(extra_rules=[eager_pack(tmp_path)]).clean(page)
    assert result.text.strip() == SENTENCES[0]
    flag = result.flags["over_cleaned"]
    assert flag["threshold"] == 0.5
    assert 0.7 < flag["share"] <= 1
    assert flag["article_words"] == sum(len(s.split()) for s in SENTENCES)  # every word is counted
    assert any("over-cleaned" in w for w in result.warnings)
    assert result.as_dict()["flags"]["over_cleaned"] == flag


def test_text_after_an_end_of_article_cut_is_not_a_loss():
    """A cut-to-end rule says the article has ended: what it removed is not counted as lost."""
    from cleaner.document import Block, Document, Removal
    from cleaner.rulebook.model import Rule

    end = Rule(id="end.partners", pack="t", why="end", match="line", patterns=("partner stories",), action="cut-to-end")
    drop = Rule(id="other.drop", pack="t", why="drop", match="line", patterns=("x",), action="drop")
    related = [f"{s} More on this story from our partners in the region." for s in SENTENCES]
    source = "\n".join([SENTENCES[0], "Partner stories", *related])

    def run(rule):
        removed = [Removal("rules", rule.id, "why", text) for text in ["Partner stories", *related]]
        doc = Document(raw=source, kind="text", source=source, blocks=[Block(SENTENCES[0])], events=removed)
        return OverCleaningGuard((end, drop)).run(doc).flags

    assert "over_cleaned" not in run(end)
    assert run(drop)["over_cleaned"]["share"] > 0.7


def test_a_normally_cleaned_page_is_not_flagged():
    page = "\n\n".join(["Follow us on:", *SENTENCES, "Share this article", SENTENCES[0]])
    result = clean(page)
    assert "over_cleaned" not in result.flags
    assert "Follow us" not in result.text


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir() if p.is_file()))
def test_no_seed_page_is_flagged(seed):
    assert "over_cleaned" not in clean((SEEDS / seed).read_bytes()).flags


def test_html_pages_are_measured_against_their_visible_text():
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    page = f"<html><head><title>Rain</title><script>var a = 'x';</script></head><body><article>{body}</article></body></html>"
    result = clean(page)
    assert "over_cleaned" not in result.flags
    stage = OverCleaningGuard()
    from cleaner.document import Block, Document

    doc = Document(raw=page, kind="html", source=page, blocks=[Block(SENTENCES[0])])
    assert stage.run(doc).flags["over_cleaned"]["share"] > 0.7


def test_short_pages_are_never_flagged():
    from cleaner.document import Document

    doc = Document(raw="", kind="text", source=SENTENCES[0], blocks=[])
    assert "over_cleaned" not in OverCleaningGuard(min_article_words=50).run(doc).flags
    assert "over_cleaned" in OverCleaningGuard(min_article_words=5).run(doc).flags


def test_duplicates_and_case_do_not_count_as_losses():
    before = article_words([SENTENCES[0], SENTENCES[0], SENTENCES[1]], article_min_words=12)
    assert before == article_words([SENTENCES[0], SENTENCES[1]], article_min_words=12)
    assert lost_share(before, [SENTENCES[0].upper(), SENTENCES[1]]) == 0
    assert lost_share(Counter(), ["anything"]) == 0
    assert lost_share(before, []) == 1


def test_threshold_is_validated():
    with pytest.raises(ValueError, match="max_lost_share"):
        OverCleaningGuard(max_lost_share=1.5)


# --- the degraded path (HTML over Limits.max_html_bytes: tags stripped, no extraction) ----------

from cleaner.limits import Limits  # noqa: E402

STORY = [
    "After three dry months, heavy rain fell across the valley on Sunday, filling reservoirs that had"
    " dropped to their lowest level in a decade, the water authority said.",
    "Farmers welcomed the downpour but warned that one wet weekend would not make up for the losses of"
    " the summer, when many fields were left unsown because of the drought.",
    "Forecasters expect more showers later in the week, with temperatures staying close to the seasonal"
    " average across most of the region.",
    "The authority said the reservoirs would need several more weeks of steady rain before the"
    " restrictions on garden hoses could be lifted in the towns.",
    "Local councils have asked residents to keep saving water, and the regional government promised"
    " money for new pipes to cut the leaks that waste a fifth of the supply.",
    "Scientists at the university said the dry spell was the longest since records began and warned"
    " that such summers were likely to become more common.",
]
DEGRADED = Limits(max_html_bytes=500)  # every test page here is larger: the cheap path


def story_page(nav: str = "", middle: str = "") -> str:
    return ("<html><head><title>Rain returns to the valley - Valley News</title></head><body>" + nav
            + "<article><h1>Rain returns to the valley</h1>" + "".join(f"<p>{p}</p>" for p in STORY[:3]) + middle
            + "".join(f"<p>{p}</p>" for p in STORY[3:]) + "</article><footer><p>© 2025 Valley News</p></footer></body></html>")


def test_a_generic_cut_to_end_in_the_middle_of_a_degraded_page_is_flagged():
    """Without extraction, a "Related articles" box inside the story is text like the story: a
    generic end-of-article marker there cuts half of it, which the guard must report."""
    page = story_page(middle="<aside><h3>Related articles</h3><ul><li><a>Dry summer hits farms</a></li></ul></aside>")
    result = Cleaner(limits=DEGRADED).clean(page)
    assert result.flags["degraded"]["name"] == "max_html_bytes"
    assert STORY[3] not in result.text  # the rules stage's cut is still made (and reported)
    flag = result.flags["over_cleaned"]
    assert 0.4 < flag["share"] < 0.6 and flag["cut_share"] > 0.4
    assert any("over-cleaned" in w for w in result.warnings)
    assert "over_cleaned" not in Cleaner(limits=DEGRADED).clean(story_page()).flags


def test_navigation_above_the_headline_is_dropped_on_the_degraded_path():
    nav = "<nav><ul><li><a>World news and analysis from our reporters</a></li><li><a>Business</a></li></ul></nav>"
    result = Cleaner(limits=DEGRADED).clean(story_page(nav=nav))
    assert result.flags["degraded"]["name"] == "max_html_bytes"
    assert result.metadata["title"] == "Rain returns to the valley"
    assert result.text.startswith("Rain returns to the valley\n\n" + STORY[0])
    assert "World news and analysis" not in result.text and "Business" not in result.text


def test_html_baseline_is_read_from_the_tree_before_pruning():
    from cleaner.document import Block, Document
    from cleaner.stages.structured import ReadStructured

    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    page = f"<html><body><article>{body}</article></body></html>"
    doc = ReadStructured().run(Document(raw=page, kind="html", source=page))
    assert doc.html_paragraphs == SENTENCES
    doc.source = "<html><body></body></html>"  # the guard reads the paragraphs, not the markup again
    doc.blocks = [Block(SENTENCES[0])]
    assert OverCleaningGuard().run(doc).flags["over_cleaned"]["share"] > 0.7
