"""The library face: clean() on str and bytes, kind detection and override, reuse (threads: test_batch_threads.py)."""
from pathlib import Path

import pytest
from project_paths import SEEDS

from cleaner import Cleaner, CleanerError, clean

HTML_PAGE = """<!doctype html><html><head><title>Rain returns to the valley</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience on our site.</p></div>
<article><h1>Rain returns to the valley</h1>
<p>After three dry months, heavy rain fell across the valley on Sunday, filling reservoirs that had
dropped to their lowest level in a decade, the water authority said.</p>
<p>Farmers welcomed the downpour but warned that one wet weekend would not make up for the losses of
the summer, when many fields were left unsown because of the drought.</p>
<p>Forecasters expect more showers later in the week, with temperatures staying close to the seasonal
average across most of the region.</p></article>
<footer><p>© 2025 Valley News. All rights reserved.</p></footer></body></html>"""


def test_text_and_bytes_give_the_same_result():
    data = (SEEDS / "002_288f55b03288e325.txt").read_bytes()
    assert clean(data).text == clean(data.decode("utf-8")).text


def test_kind_is_detected_and_can_be_overridden():
    assert clean(HTML_PAGE).kind == "html"
    assert clean("Just a line of text.\n").kind == "text"
    forced = clean(HTML_PAGE, kind="text")
    assert forced.kind == "text"
    assert "<article>" in forced.text


def test_html_page_is_extracted_with_title_first_and_chrome_gone():
    result = clean(HTML_PAGE, url="https://valley.example/rain")
    paragraphs = result.text.rstrip("\n").split("\n\n")
    assert paragraphs[0] == "Rain returns to the valley"
    assert paragraphs.count("Rain returns to the valley") == 1
    assert any(p.startswith("After three dry months") for p in paragraphs)
    assert "cookies" not in result.text
    assert "All rights reserved" not in result.text
    assert result.metadata["url"] == "https://valley.example/rain"
    assert any(r.rule == "html.cookie-banner" for r in result.removed)


def test_removals_are_logged_with_rule_and_stage():
    result = clean((SEEDS / "002_288f55b03288e325.txt").read_bytes())
    assert [(r.stage, r.rule, r.text) for r in result.removed] == [("rules", "social.follow-us", "Follow us on:")]


def test_empty_input_gives_empty_output_and_a_warning():
    result = clean(b"")
    assert result.text == ""
    assert result.warnings


def test_undecodable_bytes_do_not_crash():
    result = clean(b"Caf\xe9 society is back in fashion, the owners of the old caf\xe9s say, and business is good.\n")
    assert "Caf" in result.text


def test_wrong_input_type_is_a_clear_error():
    with pytest.raises(CleanerError, match="str or bytes"):
        clean(12)  # type: ignore[arg-type]
    with pytest.raises(CleanerError, match="kind"):
        clean("x", kind="pdf")


def test_disabling_a_rule_keeps_its_line():
    paragraph = "The council voted on Tuesday to keep the library open for another year, after a long debate."
    page = f"{paragraph}\nShare this article\n{paragraph.replace('Tuesday', 'Friday')}\n"
    assert "Share this article" not in Cleaner().clean(page).text
    assert "Share this article" not in Cleaner(disable="social.share").clean(page).text  # a concept rule knows it too
    text = Cleaner(disable=["social.share", "chrome.share-widget"]).clean(page).text
    assert "Share this article" in text.splitlines()


MY_PACK = '''[pack]
id = "mine"
why = "My site."

[[rules]]
id = "mine.promo"
why = "The promo strip of my site."
pattern = "zebra gazette promo"
examples.remove = ["Zebra gazette promo"]
examples.keep = ["The zebra gazette promo ran for a week, the editor said."]
'''


def test_a_single_string_or_path_is_one_rule_pack_or_rule_id(tmp_path):
    folder = tmp_path / "my-rules"
    folder.mkdir()
    (folder / "mine.toml").write_text(MY_PACK, encoding="utf-8")
    for extra in (str(folder) + "/", folder):
        assert "mine.promo" in {rule.id for rule in Cleaner(extra_rules=extra).rules}
    assert {rule.id for rule in Cleaner(rules=str(folder)).rules} == {"mine.promo"}
    ids = {rule.id for rule in Cleaner(disable="nav.leftovers").rules}
    assert "nav.leftovers" not in ids and "social.follow-us" in ids


@pytest.mark.parametrize("arguments", [
    {"extra_rules": b"my-rules"}, {"extra_rules": [3]}, {"rules": 5}, {"disable": 5}, {"disable": [None]},
    {"disable": Path("nav.leftovers")},
])
def test_rule_arguments_of_the_wrong_type_are_a_clear_type_error(arguments):
    (name,) = arguments
    with pytest.raises(TypeError, match=rf"^{name} "):
        Cleaner(**arguments)
