"""Closed tabs and accordion panels (cleaner/stages/panels.py): their text is content, revealed
before pruning on the page types the profile names; menus that follow the same pattern stay hidden."""
from selectolax.lexbor import LexborHTMLParser

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rulebook import load_packs
from cleaner.stages.htmltree import shared_tree
from cleaner.stages.panels import reveal_panels
from cleaner.stages.prune import Prune

RULES = tuple(rule for pack in load_packs() for rule in pack.rules)
ANSWERS = [
    "Pet insurance reimburses a portion of your pet's eligible vet bills after the deductible is met.",
    "Accidental injuries have no waiting period; illnesses are covered fifteen days after enrolment.",
    "Pre-existing conditions are not covered, which is why most plans start with a waiting period.",
]


def _page() -> str:
    accordion = "".join(
        f"<h3><button aria-expanded='false' aria-controls='answer-{i}'>Question {i}</button></h3>"
        f"<div id='answer-{i}' aria-hidden='true' style='display: none;'><p>{text}</p></div>"
        for i, text in enumerate(ANSWERS[:2]))
    tabs = (f"<div role='tablist'><button role='tab' aria-controls='tab-2'>Waiting periods</button></div>"
            f"<div role='tabpanel' id='tab-2' hidden class='panel is-hidden'><p>{ANSWERS[2]}</p></div>")
    menu = ("<button aria-controls='main-menu' aria-expanded='false'>Menu</button>"
            "<nav id='main-menu' hidden><a href='/claims'>Claims</a></nav>"
            "<div id='cart' style='display:none'><p>Your cart is empty.</p></div>")
    return (f"<html><body>{menu}<main><h1>Pet insurance</h1><p>Costly veterinary care should not get in the way "
            f"of the care your pet needs, and pet insurance helps you pay for it.</p>{accordion}{tabs}</main></body></html>")


def test_accordion_and_tab_panels_are_revealed_but_not_a_menu():
    tree = LexborHTMLParser(_page())
    assert reveal_panels(tree) == 3
    for i in range(2):
        panel = tree.css_first(f"#answer-{i}")
        assert "aria-hidden" not in panel.attributes and "none" not in panel.attributes["style"]
    tab = tree.css_first("#tab-2")
    assert "hidden" not in tab.attributes and tab.attributes["class"] == "panel"
    assert "hidden" in tree.css_first("#main-menu").attributes  # a menu's toggle is no tab
    assert "none" in tree.css_first("#cart").attributes["style"]  # hidden, and no panel


def _pruned(page_type: str) -> str:
    doc = Document(raw=_page(), kind="html", source=_page(), metadata={"page_type": page_type})
    Prune(RULES, reveal_panels_for=["service"]).run(doc)
    return shared_tree(doc).body.text()


def test_prune_keeps_revealed_panels_on_the_page_types_named():
    service = _pruned("service")
    assert all(answer in service for answer in ANSWERS)
    assert "Your cart is empty." not in service  # html.hidden still applies to what is no panel
    collection = _pruned("collection")  # closed panels hidden by their style go as hidden elements
    assert not any(answer in collection for answer in ANSWERS[:2])


def test_a_service_page_keeps_its_faq_answers():
    result = Cleaner().clean(_page(), url="https://insurer.example.com/pet-insurance/", kind="html")
    for answer in ANSWERS:
        assert answer in result.text


def _plain_accordion() -> str:
    """An FAQ built without ARIA: the answer is the hidden element right after its question."""
    return (
        "<html><body><nav><h3>Shop</h3><ul class='hidden'><li>Collars</li></ul></nav><main><h1>Pet insurance</h1>"
        f"<div class='faq'><h3 class='question'>What does it cost?</h3><div class='answer hidden'><p>{ANSWERS[0]}</p></div></div>"
        f"<div class='faq'><button type='button'><h4>When am I covered?</h4></button>"
        f"<div style='display:none'><p>{ANSWERS[1]}</p></div></div>"
        f"<dl><dt><h5>What is left out?</h5></dt><dd hidden><p>{ANSWERS[2]}</p></dd></dl>"
        "<p>Compare our plans.</p><div class='hidden'><p>Thanks, your quote is on its way.</p></div>"
        "</main></body></html>")


def test_panels_built_without_aria_are_revealed_after_their_heading():
    tree = LexborHTMLParser(_plain_accordion())
    assert reveal_panels(tree) == 3
    assert tree.css_first(".answer").attributes["class"] == "answer"
    assert "none" not in tree.css_first("button + div").attributes["style"]
    assert "hidden" not in tree.css_first("dd").attributes
    assert tree.css_first("nav ul").attributes["class"] == "hidden"  # a menu's list stays hidden
    assert tree.css_first("p + div").attributes["class"] == "hidden"  # after no heading: no panel
