"""The prune stage: selector rules remove page furniture, never the element holding the article."""
from cleaner.document import Document, Kept
from cleaner.rulebook.model import Rule
from cleaner.stages.prune import Prune

ARTICLE = " ".join(["The council approved the new budget after a long debate about schools."] * 12)


def _rule(*selectors: str, rule_id: str = "test.rule") -> Rule:
    return Rule(id=rule_id, pack="test", why="test rule", match="selector", patterns=selectors)


def _prune(html: str, *rules: Rule) -> Document:
    return Prune(rules).run(Document(raw=html, kind="html", source=html))


def test_matched_furniture_is_removed_and_logged():
    html = f"<html><body><div class='promo'>Subscribe now</div><div class='story'><p>{ARTICLE}</p></div></body></html>"
    doc = _prune(html, _rule(".promo", rule_id="test.promo"))
    assert "Subscribe now" not in doc.html_tree.html
    assert ARTICLE[:40] in doc.html_tree.html
    assert [(r.rule, r.text) for r in doc.removed] == [("test.promo", "Subscribe now")]


def test_article_element_is_never_pruned():
    html = f"<html><body><article class='wrapper'><p>{ARTICLE}</p></article></body></html>"
    doc = _prune(html, _rule(".wrapper"))
    assert ARTICLE[:40] in doc.html_tree.html
    assert doc.removed == () and [(e.rule, type(e)) for e in doc.events] == [("test.rule", Kept)]


def test_container_of_the_article_body_is_never_pruned():
    html = (
        "<html><body><div class='sidebar-like'><div itemprop='articleBody'>"
        f"<p>{ARTICLE}</p></div></div></body></html>"
    )
    doc = _prune(html, _rule(".sidebar-like"))
    assert ARTICLE[:40] in doc.html_tree.html
    assert doc.removed == () and [(e.rule, type(e)) for e in doc.events] == [("test.rule", Kept)]


def test_container_holding_most_of_the_page_text_is_kept():
    html = f"<html><body><div class='too-broad'><p>{ARTICLE}</p></div><p>Footer line.</p></body></html>"
    doc = _prune(html, _rule(".too-broad"))
    assert ARTICLE[:40] in doc.html_tree.html


def test_small_box_inside_the_article_is_still_pruned():
    html = f"<html><body><article><p>{ARTICLE}</p><div class='share'>Share on X</div></article></body></html>"
    doc = _prune(html, _rule(".share"))
    assert "Share on X" not in doc.html_tree.html
    assert ARTICLE[:40] in doc.html_tree.html


def test_text_input_passes_through():
    doc = Prune((_rule("p"),)).run(Document(raw="plain", kind="text", source="plain"))
    assert doc.html_tree is None and doc.removed == ()


def test_shipped_rules_keep_aria_hidden_text():
    # aria-hidden hides from screen readers only; pages use it on visible prices and headings.
    from cleaner.rulebook import load_packs

    rules = tuple(r for pack in load_packs() for r in pack.rules)
    html = f"<html><body><p>{ARTICLE}</p><p>Price <span aria-hidden='true'>$ 199.00</span></p></body></html>"
    doc = _prune(html, *rules)
    assert "$ 199.00" in doc.html_tree.html


def test_nested_matches_are_removed_once():
    html = f"<html><body><div class='box'><div class='box'>Inner promo</div>Outer</div><p>{ARTICLE}</p></body></html>"
    doc = _prune(html, _rule(".box", ".box > .box"))
    assert "Inner promo" not in doc.html_tree.html and "Outer" not in doc.html_tree.html
    assert len(doc.removed) == 1


def test_a_pruned_element_leaves_the_words_around_it_apart():
    """Found by fuzzing (adds-words): "read<nav>...</nav><span>12" became "read12"."""
    doc = _prune(f"<html><body><div>12-minute read<nav>Menu</nav><span>12-minute read</span></div><p>{ARTICLE}</p></body></html>",
                 _rule("nav"))
    text = doc.html_tree.body.text()
    assert "read12" not in text and "Menu" not in text


def test_a_comment_thread_named_only_by_its_label_goes_and_a_commentary_stays():
    from cleaner.api import clean

    thread = ("<section aria-label='{label}'><h2>{label} (2)</h2><div><textarea></textarea><button>Send</button></div>"
              "<div><strong>Ana Ruiz</strong><p>Lovely to read about the pier at last.</p></div></section>")
    for label in ("Comments", "Kommentare", "コメント", "댓글"):
        page = f"<html><body><main><h1>Old pier</h1><p>{ARTICLE}</p>{thread.format(label=label)}</main></body></html>"
        text = clean(page.encode(), kind="html").text
        assert "debate about schools" in text and "Lovely to read" not in text and "Ana Ruiz" not in text, label
    column = "<section aria-label='Commentary'><p>Lovely to read a council that argues about schools at last.</p></section>"
    page = f"<html><body><main><h1>Old pier</h1><p>{ARTICLE}</p>{column}</main></body></html>"
    assert "Lovely to read a council" in clean(page.encode(), kind="html").text
