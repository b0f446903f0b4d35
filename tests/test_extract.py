"""The extract stage: trafilatura on the pruned page, the over-pruning guard, the articleBody check."""
import json

from cleaner.document import Document
from cleaner.rulebook.model import Rule
from cleaner.stages.extract import BODY_RULE, GUARD_RULE, Extract, break_after_blocks
from cleaner.stages.prune import Prune
from cleaner.stages.structured import ReadStructured

SENTENCES = [
    "The harbour authority opened the new ferry terminal on Monday after three years of work.",
    "Passengers can now board directly from the station, which cuts the walk to two minutes.",
    "The old terminal will become a market hall, the mayor said at the opening ceremony.",
    "Engineers reinforced the quay walls so that larger ships can dock in winter storms.",
    "Local shops expect more visitors once the summer timetable starts in June.",
    "The project cost less than planned because the steel was bought before prices rose.",
]


def _run(html: str, rules=(), **extract_params) -> Document:
    doc = Document(raw=html, kind="html", source=html)
    for stage in (ReadStructured(date_search=False), Prune(tuple(rules)), Extract(tuple(rules), **extract_params)):
        doc = stage.run(doc)
    return doc


def _text(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks)


def _rule(selector: str) -> Rule:
    return Rule(id="test.too-broad", pack="test", why="a selector that also matches the story", match="selector",
                patterns=(selector,))


def test_guard_backs_off_when_pruning_took_the_article():
    # Each paragraph is its own small element, so the prune stage's per-element guard lets the
    # broad selector through; the extract guard must notice the story is gone and back off.
    paragraphs = "".join(f"<div class='reveal'><p>{s}</p></div>" for s in SENTENCES)
    html = f"<html><body><div class='story'><h1>Ferry terminal opens</h1>{paragraphs}</div></body></html>"
    doc = _run(html, [_rule(".reveal")])
    assert all(s in _text(doc) for s in SENTENCES)
    guard = [r for r in doc.removed if r.rule == GUARD_RULE]
    assert len(guard) == 1 and "backed off" in guard[0].reason
    assert doc.flags.get("over_pruning_guard") is True


def test_backing_off_keeps_the_consent_dialog_out(monkeypatch):
    """A consent dialog's prose is never the content (and can win the back-off's word count):
    when pruning backs off, the elements of the rules named in back_off_keeps stay out of the
    unpruned page handed to the extractor."""
    consent = ("<div id='consent-centre'>" + "".join(
        f"<p>These cookies allow us to measure traffic and improve the site, purpose {i} of our partners.</p>"
        for i in range(3)) + "</div>")
    paragraphs = "".join(f"<div class='reveal'><p>{s}</p></div>" for s in SENTENCES)
    html = f"<html><body>{consent}<div class='story'><h1>Ferry terminal opens</h1>{paragraphs}</div></body></html>"
    consent_rule = Rule(id="test.consent", pack="test", why="consent dialogs", match="selector",
                        patterns=("#consent-centre",))
    rules = [_rule(".reveal"), consent_rule]
    handed = []
    original = Extract._trafilatura

    def spy(self, page_html, url, options, fast):
        handed.append(page_html)
        return original(self, page_html, url, options, fast)

    monkeypatch.setattr(Extract, "_trafilatura", spy)
    kept_out = _run(html, rules, back_off_keeps=["test.consent"])
    assert kept_out.flags.get("over_pruning_guard") is True
    assert all(s in _text(kept_out) for s in SENTENCES)
    assert "consent-centre" not in handed[-1] and "class=\"reveal\"" in handed[-1]
    handed.clear()
    _run(html, rules)  # without back_off_keeps the back-off hands over the whole page
    assert "consent-centre" in handed[-1]


def test_guard_stays_quiet_when_pruning_removed_only_furniture():
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = f"<html><body><div class='promo'><p>Subscribe for 1 dollar</p></div><div>{paragraphs}</div></body></html>"
    doc = _run(html, [_rule(".promo")])
    assert "Subscribe" not in _text(doc)
    assert SENTENCES[0] in _text(doc)
    assert not any(r.rule == GUARD_RULE for r in doc.removed)


def test_declared_article_body_replaces_a_text_that_misses_it():
    body = "\n\n".join(SENTENCES * 2)
    ld = json.dumps({"@type": "NewsArticle", "headline": "Ferry terminal opens", "articleBody": body})
    html = (
        f"<html><head><script type='application/ld+json'>{ld}</script></head><body>"
        "<h1>Ferry terminal opens</h1><div id='app'><p>Loading the story, please enable JavaScript to read it.</p></div>"
        "</body></html>"
    )
    doc = _run(html)
    assert _text(doc).split("\n") == SENTENCES * 2
    assert doc.flags.get("article_body_used") is True
    assert "Loading the story" not in _text(doc)


def test_declared_article_body_replaces_a_teaser():
    body = "\n\n".join(SENTENCES * 2)
    ld = json.dumps({"@type": "NewsArticle", "headline": "Ferry terminal opens", "articleBody": body})
    teaser = "<p>Subscribers read the full story about the harbour in our app, with photos and a video of the day.</p>" * 2
    html = (
        f"<html><head><script type='application/ld+json'>{ld}</script></head><body>"
        f"<article><h1>Ferry terminal opens</h1>{teaser}<p>{SENTENCES[0]}</p></article></body></html>"
    )
    doc = _run(html)
    assert _text(doc).split("\n") == SENTENCES * 2
    assert [r.rule for r in doc.removed] == [BODY_RULE]


def test_extracted_text_is_kept_when_it_holds_the_declared_body():
    body = " ".join(SENTENCES[:5])
    ld = json.dumps({"@type": "Article", "articleBody": body})
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = f"<html><head><script type='application/ld+json'>{ld}</script></head><body><article>{paragraphs}</article></body></html>"
    doc = _run(html)
    # The page has a sixth paragraph the declared body lacks: the page's own text wins.
    assert SENTENCES[5] in _text(doc)
    assert not any(r.rule == BODY_RULE for r in doc.removed)


def test_text_input_passes_through():
    doc = Extract().run(Document(raw="x", kind="text", source="x"))
    assert doc.blocks == [] and doc.removed == ()


def test_words_around_an_element_trafilatura_drops_stay_apart():
    """Found by fuzzing (adds-words): trafilatura drops a <footer> but keeps its tail, joined to
    the text before it ("12-minute read12-minute read")."""
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    doc = _run(f"<html><body><article>{body}<div>12-minute read<footer>(credits)</footer><span>Next story</span></div></article></body></html>")
    assert "readNext" not in _text(doc)
    assert "12-minute read" in _text(doc)


def test_words_around_a_dropped_element_stay_apart_when_pruning_backs_off():
    """Found by fuzzing (adds-words): the back-off hands trafilatura the unpruned page, which must
    get the same care as the pruned one ("News Corp<nav>...</nav><div>0:00" gave "Corp0:00")."""
    credit = "(Additional reporting by Ana Costa in Lisbon; Writing by Ben Ode)"
    html = (f"<!doctype html><html><head></head><body><p>{credit}<article>{credit}<p>{credit}<p>(c) 2023 News Corp"
            f"<nav>{credit}</nav><div>0:00 / 1:36</body></html>")
    doc = _run(html, [_rule("nav")])
    assert doc.flags.get("over_pruning_guard") is True
    assert "Corp0" not in _text(doc) and "News Corp" in _text(doc)


def test_a_header_inside_inline_text_stays_apart_from_what_follows():
    """Found by fuzzing (adds-words): "<span>...<header>News Corp</header><span>0:00" gave "Corp0:00"."""
    credit = "(Additional reporting by Ana Costa in Lisbon; Writing by Ben Ode)"
    html = (f"<!doctype html><html><head></head><body><p>{credit}<article>{credit}<span>{credit}"
            f"<header>(c) 2023 News Corp</header><nav>{credit}</nav><span>0:00 / 1:36</body></html>")
    doc = _run(html, [_rule("nav")])
    assert "Corp0" not in _text(doc) and "News Corp" in _text(doc)


def test_an_element_before_a_dropped_footer_stays_apart_from_what_follows():
    """Found by fuzzing (adds-words): "<span>News Corp</span><footer>...</footer><span>0:00" gave "Corp0:00"."""
    credit = "(Additional reporting by Ana Costa in Lisbon; Writing by Ben Ode)"
    html = (f"<!doctype html><html><head></head><body><p>{credit}<article>{credit}<header>{credit}"
            f"<span>(c) 2023 News Corp</span><footer>{credit}</footer><span>0:00 / 1:36</body></html>")
    doc = _run(html)
    assert "Corp0" not in _text(doc) and "News Corp" in _text(doc)


def test_the_tail_of_any_block_trafilatura_drops_stays_apart_from_the_text_before_it():
    """Found by fuzzing (adds-words): "1:36<section>(c) 2023 News Corp</section><span>0:00" gave
    "1:360:00" (trafilatura drops the section). A line break after every block's end tag."""
    credit = "(Additional reporting by Ana Costa in Lisbon; Writing by Ben Ode)"
    html = (f"<!doctype html><html><head></head><body>{f'<p>{credit}' * 5}<div>0:00 / 1:36"
            f"<section>(c) 2023 News Corp</section><span>0:00 / 1:36</body></html>")
    assert "1:360" not in _text(_run(html))
    assert break_after_blocks("<div>a</div><P>b</P ><span>c</span>d") == "<div>a</div>\n<P>b</P >\n<span>c</span>d"


def test_page_type_chooses_how_trafilatura_runs(monkeypatch):
    seen = []
    original = Extract._trafilatura

    def spy(self, html, url, options, fast):
        seen.append((options, fast))
        return original(self, html, url, options, fast)

    monkeypatch.setattr(Extract, "_trafilatura", spy)
    html = "<html><body>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</body></html>"
    params = dict(recall_for=["article"], fast_for=["listing"], comments_for=["forum"])
    for page_type, expected in (("article", "recall"), ("listing", "fast"), ("forum", "comments")):
        seen.clear()
        doc = Document(raw=html, kind="html", source=html, metadata={"page_type": page_type})
        Extract(**params).run(doc)
        options, fast = seen[0]
        assert getattr(options, expected) is True, page_type
        assert fast is (page_type == "listing")


def test_fast_text_far_shorter_than_the_page_runs_the_full_sequence(monkeypatch):
    calls = []
    monkeypatch.setattr(Extract, "_trafilatura", lambda self, html, url, options, fast: calls.append(fast) or ("", None))
    html = "<html><body>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</body></html>"
    doc = Document(raw=html, kind="html", source=html, metadata={"page_type": "listing"})
    ReadStructured().run(doc)
    Extract(fast_for=["listing"], fast_min_share=0.3).run(doc)
    assert calls == [True, False]


def test_fast_text_holding_the_page_skips_the_full_sequence(monkeypatch):
    calls = []
    page_text = " ".join(SENTENCES)
    monkeypatch.setattr(Extract, "_trafilatura",
                        lambda self, html, url, options, fast: calls.append(fast) or (page_text, None))
    html = "<html><body>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</body></html>"
    doc = Document(raw=html, kind="html", source=html, metadata={"page_type": "listing"})
    ReadStructured().run(doc)
    Extract(fast_for=["listing"], fast_min_share=0.3).run(doc)
    assert calls == [True]


def test_forum_replies_are_kept(monkeypatch):
    html = ("<html><body><article><h1>Which glaze for stoneware?</h1><p>" + " ".join(SENTENCES[:3])
            + "</p></article><div class='comments' id='comments'>"
            + "".join(f"<div class='comment'><p>{s} I agree with that fully.</p></div>" for s in SENTENCES[3:])
            + "</div></body></html>")
    forum = Extract(comments_for=["forum"]).run(Document(raw=html, kind="html", source=html, metadata={"page_type": "forum"}))
    story = Extract(comments_for=["forum"]).run(Document(raw=html, kind="html", source=html, metadata={"page_type": "article"}))
    assert SENTENCES[4] in _text(forum) and SENTENCES[0] in _text(forum)
    assert SENTENCES[4] not in _text(story)


def test_product_description_fills_in_what_the_text_lacks():
    description = ("Hand-thrown stoneware mug with a speckled glaze that holds twelve ounces of coffee. "
                   "Dishwasher and microwave safe, each one slightly different from the next.")
    ld = json.dumps({"@type": "Product", "name": "Mug", "description": f"<p>{description}</p>"})
    html = (f"<html><head><script type='application/ld+json'>{ld}</script></head><body>"
            + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</body></html>")
    doc = Document(raw=html, kind="html", source=html, metadata={"page_type": "product"})
    for stage in (ReadStructured(), Extract(description_for=["product"])):
        doc = stage.run(doc)
    assert _text(doc).endswith(description) and SENTENCES[0] in _text(doc)
    assert doc.flags["product_description_used"] is True
    again = Document(raw=html, kind="html", source=html, metadata={"page_type": "article"})
    for stage in (ReadStructured(), Extract(description_for=["product"])):
        again = stage.run(again)
    assert description not in _text(again)


def test_fast_text_that_lost_the_page_s_paragraphs_runs_the_full_sequence(monkeypatch):
    long = [f"{s} It was the main story of the week in the town and beyond." for s in SENTENCES]
    html = "<html><body>" + "".join(f"<p>{s}</p>" for s in long) + "</body></html>"
    for fast_text, expected in ((" ".join(long[:2]), [True, False]), (" ".join(long), [True])):
        calls: list[bool] = []
        monkeypatch.setattr(Extract, "_trafilatura",
                            lambda self, html, url, options, fast, text=fast_text, seen=calls: seen.append(fast) or (text, None))
        doc = Document(raw=html, kind="html", source=html, metadata={"page_type": "article"})
        ReadStructured().run(doc)
        Extract(fast_for=["article"], fast_max_lost=0.3).run(doc)
        assert calls == expected, fast_text[:40]


def test_fast_text_far_from_the_declared_body_runs_the_full_sequence(monkeypatch):
    body = " ".join(SENTENCES * 2)
    ld = json.dumps({"@type": "NewsArticle", "articleBody": body})
    html = (f"<html><head><script type='application/ld+json'>{ld}</script></head><body>"
            + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</body></html>")
    calls = []
    monkeypatch.setattr(Extract, "_trafilatura",
                        lambda self, html, url, options, fast: calls.append(fast) or (SENTENCES[0], None))
    doc = Document(raw=html, kind="html", source=html, metadata={"page_type": "article"})
    ReadStructured().run(doc)
    Extract(fast_for=["article"], fast_min_body=0.6).run(doc)
    assert calls[:2] == [True, False]


def test_scripts_and_styles_are_not_handed_to_the_extractor(monkeypatch):
    seen = []
    monkeypatch.setattr(Extract, "_trafilatura", lambda self, html, url, options, fast: seen.append(html) or ("", None))
    ld = json.dumps({"@type": "DiscussionForumPosting", "headline": "Glazes"})
    html = (f"<html><head><style>p {{color: red}}</style><script type='application/ld+json'>{ld}</script></head>"
            "<body><script>var tracking = 1;</script><p>" + SENTENCES[0] + "</p><svg><text>icon</text></svg></body></html>")
    doc = Document(raw=html, kind="html", source=html)
    ReadStructured().run(doc)
    Extract().run(doc)
    assert "tracking" not in seen[0] and "color: red" not in seen[0] and "icon" not in seen[0]
    assert "DiscussionForumPosting" in seen[0] and SENTENCES[0] in seen[0]


def _spy_calls(monkeypatch, text_for):
    """Replace trafilatura with a spy: each call's options and fast flag are recorded, and the
    text returned is text_for(html)."""
    calls = []

    def spy(self, html, url, options, fast):
        calls.append((options, fast, html))
        return text_for(html), None

    monkeypatch.setattr(Extract, "_trafilatura", spy)
    return calls


def test_unpruned_page_is_not_tried_when_pruning_took_none_of_its_paragraphs(monkeypatch):
    # The text is short (the guard's cue), but pruning took only a promo line: the unpruned page
    # holds nothing more of the article, so a second extraction is not run.
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = f"<html><body><div class='promo'><p>Subscribe for 1 dollar</p></div><div>{paragraphs}</div></body></html>"
    calls = _spy_calls(monkeypatch, lambda page: SENTENCES[0])
    doc = _run(html, [_rule(".promo")])
    assert len(calls) == 1
    assert not any(r.rule == GUARD_RULE for r in doc.removed)


def test_retry_is_not_run_when_pruning_took_what_the_text_lacks(monkeypatch):
    # Pruning took most of the article's paragraphs: extracting the pruned page another way cannot
    # bring them back, only the unpruned page can (the guard's back-off).
    paragraphs = "".join(f"<div class='reveal'><p>{s}</p></div>" for s in SENTENCES[1:])
    html = f"<html><body><div class='story'><p>{SENTENCES[0]}</p>{paragraphs}</div></body></html>"
    calls = _spy_calls(monkeypatch, lambda page: " ".join(s for s in SENTENCES if s in page))
    doc = _run(html, [_rule(".reveal")], retry_lost_share=0.5, retry_min_words=20)
    unpruned = [html_ for _, _, html_ in calls if "reveal" in html_]
    assert len(calls) == 2 and len(unpruned) == 1  # the first extraction, then the back-off
    assert all(s in _text(doc) for s in SENTENCES)


def _spec_page() -> str:
    """A product page laid out in divs: many visible words, hardly a paragraph of prose."""
    specs = "".join(f"<div><div>Feature {i}</div><div>50MP sensor with a 73 mm focal length, mode {i}</div></div>" for i in range(60))
    return f"<html><body><h1>Phone 13</h1><p>{SENTENCES[0]}</p>{specs}</body></html>"


def _retried(monkeypatch, first: str, second: str) -> tuple[list[str], list]:
    calls = []

    def fake(self, html, url, options, fast):
        calls.append(options)
        return (first if len(calls) == 1 else second), None

    monkeypatch.setattr(Extract, "_trafilatura", fake)
    html = _spec_page()
    doc = Document(raw=html, kind="html", source=html, metadata={"page_type": "service"})
    ReadStructured().run(doc)
    Extract(recall_for=["service"], retry_short_for=["service"], retry_short_share=0.15).run(doc)
    return [b.text for b in doc.blocks], calls


def test_a_sliver_of_the_page_is_extracted_again_the_other_way(monkeypatch):
    full = "\n".join(f"Feature {i}: 50MP sensor with a 73 mm focal length" for i in range(60))
    lines, calls = _retried(monkeypatch, SENTENCES[0], full)
    assert [c.recall for c in calls] == [True, False]  # favor_recall first, then the plain sequence
    assert lines == full.split("\n")
    # A retry that is not clearly longer leaves the first text.
    lines, _ = _retried(monkeypatch, SENTENCES[0], SENTENCES[0] + " Phone 13.")
    assert lines == [SENTENCES[0]]


def test_a_text_holding_much_of_the_page_is_not_extracted_again(monkeypatch):
    most = "\n".join(f"Feature {i} 50MP sensor with a 73 mm focal length, mode {i}" for i in range(30))
    _, calls = _retried(monkeypatch, most, "")
    assert len(calls) == 1


REVIEWS = [
    "Arrived quickly and the strap feels solid, though the buckle scratched my desk on day one.",
    "I have worn it every day for a month on the train and the leather has softened nicely.",
    "Bought a second one for my brother after losing mine at the beach last summer holiday.",
    "The colour is darker than the photos suggest but I still like it more than I expected.",
    "Battery lasted two years before I had to swap it at the jeweller round the corner.",
    "Customer service replaced the glass for free when it cracked during the first week.",
]


def test_shipped_profile_leaves_a_shop_s_customer_reviews_out_even_when_pruning_backs_off():
    """A short item description with a long customer-review section on a page with a large
    footer: the reviews go in prune, and stay out of the unpruned page the over-pruning guard
    falls back to."""
    from cleaner import Cleaner
    ld = json.dumps({"@type": "Product", "name": "Field watch", "offers": {"@type": "Offer", "price": "89.00"}})
    reviews = "".join(f"<div class='review'><h4>Reviewer {i}</h4><p>{r} {r}</p></div>"
                      for i, r in enumerate(REVIEWS * 3))
    footer_links = "".join(f"<li><a href='/c/{n}'>Watches for category number {n} and more</a></li>" for n in range(300))
    html = (f"<html><head><title>Field watch</title><script type='application/ld+json'>{ld}</script></head>"
            "<body><main><h1>Field watch</h1><p>A 38 mm steel field watch with a quartz movement.</p>"
            "<p>Price: $89.00 <button>Add to cart</button></p>"
            f"<div class='product-reviews'><h2>Customer reviews</h2>{reviews}</div></main>"
            f"<footer><ul>{footer_links}</ul></footer></body></html>")
    result = Cleaner().clean(html, kind="html")
    assert "quartz movement" in result.text
    assert REVIEWS[0] not in result.text and REVIEWS[3] not in result.text


def test_shipped_profile_leaves_a_consent_dialog_named_by_its_label_out():
    from cleaner import Cleaner
    consent = ("<section role='dialog' id='modal-wrapper'><div aria-label='Consent Configuration'>"
               "<h3>Customize your cookie settings</h3>"
               "<p>Cookies are small data files that let a website remember what you did on it last time.</p>"
               "<p>Advertising cookies follow you from site to site to show you offers for things you looked at.</p>"
               "</div></section>")
    # The dialog sits inside the page's one content column, as a modal's markup often does.
    html = ("<html><head><title>Field watch</title></head><body><div class='page'><h1>Field watch</h1>"
            + "".join(f"<p>{s}</p>" for s in SENTENCES) + f"{consent}</div></body></html>")
    text = Cleaner().clean(html, kind="html").text
    assert SENTENCES[0] in text
    assert "data files" not in text and "Advertising cookies" not in text
