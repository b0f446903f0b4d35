"""A service page's sections the extractor left out (cleaner/stages/sections.py): the text of the
page's <main>, each line once, stands for the page when the extracted text is a small part of it."""
from selectolax.lexbor import LexborHTMLParser

from cleaner.stages.sections import main_sections

INTRO = ("Our bookkeeping service keeps the accounts of small shops in order, so that their owners can spend "
         "their evenings on something other than receipts and spreadsheets.")
STEPS = ["Send us read access to your business bank account", "We sort every payment into the right category",
         "An accountant checks the month against your receipts", "You answer the few questions we still have",
         "We file the sales tax return before its deadline", "Your year-end accounts are prepared from the same books"]
FORM = "<form><label>First name *</label><input name='first'><select><option>Retail</option></select></form>"
BOUNDS = {"max_coverage": 0.55, "min_inside": 0.9, "max_ratio": 5.0}


def _page(intro_in_article: bool = False, site_wide_main: bool = False) -> LexborHTMLParser:
    intro = f"<p>{INTRO}</p>"
    if intro_in_article:
        intro = f"<article>{intro}</article>"
    steps = "".join(f"<div class='step'><span>{i}</span><div>{step}</div></div>" for i, step in enumerate(STEPS, 1))
    steps += f"<div class='mobile-only'>{STEPS[0]}</div>"  # a responsive layout's second copy
    others = "".join(f"<p>Other service number {i} of the firm, told in a few words.</p>" for i in range(40))
    extra = others if site_wide_main else ""
    return LexborHTMLParser(
        f"<html><body><nav><a href='/'>Home</a></nav><main><h1>Bookkeeping for small shops</h1>{intro}"
        f"<section><h2>How it works</h2>{steps}</section>{FORM}{extra}</main><footer>Example Books</footer></body></html>")


def test_main_stands_for_a_text_that_is_one_section_of_it():
    sections = main_sections(_page(), INTRO, **BOUNDS)
    assert sections is not None
    lines = sections.split("\n")
    assert lines[0] == "Bookkeeping for small shops" and INTRO in lines
    assert all(lines.count(step) == 1 for step in STEPS)  # the layout's second copy is no new line
    assert "How it works" in lines
    assert not any("First name" in line or "Retail" in line for line in lines)  # form fields are no text
    assert "Home" not in lines and "Example Books" not in lines  # outside <main>


def test_a_text_that_holds_most_of_main_stays():
    whole = "\n".join(["Bookkeeping for small shops", INTRO, "How it works", *STEPS])
    assert main_sections(_page(), whole, **BOUNDS) is None


def test_a_text_outside_main_or_a_main_far_larger_than_it_stays():
    assert main_sections(_page(), "A text this page does not hold anywhere at all", **BOUNDS) is None
    assert main_sections(_page(site_wide_main=True), INTRO, **BOUNDS) is None


def test_a_text_inside_an_article_within_main_stays():
    assert main_sections(_page(intro_in_article=True), INTRO, **BOUNDS) is None
