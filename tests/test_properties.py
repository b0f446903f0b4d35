"""Properties of clean(), fuzzed with hypothesis over pages built from chrome lines (the rule
packs' own examples), article sentences, markup and random bytes:

- it never raises (any str or bytes is a valid page) and never hangs;
- idempotent: cleaning the clean output again (as text) returns it unchanged;
- adds no words: every word of the output occurs in the input, after the documented
  normalisation (decoding, NFC, HTML entities, case);
- deterministic: the same input gives the same result, in one process and across processes with
  different hash seeds.

A quick profile runs in the normal suite; the long run (10,000 examples) is marked slow:
    pytest -m slow tests/test_properties.py --hypothesis-show-statistics
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.htmltext import html_to_text
from cleaner.rulebook import load_packs
from cleaner.stages.decode import decode_bytes, strip_controls
from cleaner.stages.encoding_repair import EncodingRepair
from cleaner.textnorm import canonical_whitespace, normalise_newlines, to_nfc, words

CLEANER = Cleaner()
RULES = [rule for pack in load_packs() for rule in pack.rules]
CHROME = sorted({line for r in RULES if r.match != "selector" for line in r.examples_remove}) or ["Follow us on:"]
KEEP = sorted({line for r in RULES if r.match != "selector" for line in r.examples_keep})
SENTENCES = [
    "After three dry months, heavy rain fell across the valley on Sunday, filling the reservoirs again.",
    "Farmers welcomed the downpour but warned that one wet weekend would not make up for the summer.",
    "The council met on Tuesday to discuss the new budget, which includes more money for schools.",
    "Forecasters expect more showers later in the week, with temperatures close to the seasonal average.",
    "«Nous avons attendu trop longtemps», a déclaré le maire, qui promet des travaux dès l'automne.",
    "Die Stadt will bis 2030 klimaneutral sein, sagte die Bürgermeisterin am Montag in Berlin.",
    "Mr.Smith said the U.K. figures, e.g. those for 2024, were revised.The minister disagreed.",
    "議会は火曜日に新しい予算について話し合いました。",
    "قال المجلس يوم الثلاثاء إن الميزانية الجديدة تتضمن مزيدا من المال للمدارس.",
    "Prices rose 3.5% in May (from 2.9%), the statistics office said; analysts had expected 3.1%.",
]
TAGS = ["p", "div", "span", "li", "h1", "h2", "nav", "footer", "header", "aside", "article", "main", "section", "b", "a", "td"]
MAX_SECONDS_PER_PAGE = 20

line = st.one_of(
    st.sampled_from(CHROME),
    st.sampled_from(SENTENCES),
    st.sampled_from(KEEP or SENTENCES),
    st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4).map(" ".join),
    st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=3).map("".join),  # glued paragraphs
    st.text(max_size=60),
    st.text(alphabet="ab \u200b\u00a0.-:\n\t<>&;#", max_size=40),
)


@st.composite
def text_pages(draw) -> str:
    lines = draw(st.lists(line, max_size=25))
    return draw(st.sampled_from(["\n", "\n\n", "\r\n", " "])).join(lines)


@st.composite
def html_pages(draw) -> str:
    parts = []
    for text in draw(st.lists(line, max_size=20)):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(["", ' class="nav"', ' class="cookie-banner"', ' id="comments"', ' class="share"', ' itemprop="articleBody"']))
        escaped = html.escape(text) if draw(st.booleans()) else text
        parts.append(f"<{tag}{attrs}>{escaped}</{tag}>" if draw(st.integers(0, 9)) else f"<{tag}{attrs}>{escaped}")
    title = draw(st.sampled_from(["", "<title>Rain returns to the valley</title>", f"<title>{draw(line)}</title>"]))
    page = f"<!doctype html><html><head>{title}</head><body>{''.join(parts)}</body></html>"
    cut = draw(st.integers(0, 20))
    return page[: len(page) - cut * 7] if cut > 15 else page  # sometimes truncated


pages = st.one_of(
    text_pages(),
    html_pages(),
    text_pages().map(lambda s: s.encode("utf-8")),
    html_pages().map(lambda s: s.encode("utf-8")),
    st.tuples(text_pages(), st.sampled_from(["utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8-sig"])).map(
        lambda pair: pair[0].encode(pair[1], errors="replace")
    ),
    st.binary(max_size=3000),
)


_ANY_TAG = re.compile(r"<[^<>]*>")
# Table tags a parser drops when they stand outside a table, joining the text around them while
# the other block tags still separate ("<p>Publicidad<td>12-minute" is "Publicidad12-minute").
_TABLE_TAG = re.compile(r"</?(?:table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col)\b[^<>]*>", re.I)


def normalised_words(data: str | bytes) -> set[str]:
    """The words a page offers, after the documented normalisation: decoded, encoding damage
    repaired, control and zero-width characters dropped, NFC, entities, case, and markup removed
    as the cheap path removes it (a block tag separates, an inline tag joins: "read<span>After"
    is "readAfter")."""
    text = decode_bytes(data)[0] if isinstance(data, bytes) else data
    text = to_nfc(strip_controls(EncodingRepair().run(normalise_newlines(text), "text")[0]))
    texts = [text, to_nfc(html.unescape(text))]
    # Both readings of markup: tags as the cheap path reads them, and every tag joining (parsers
    # drop misplaced tags such as a <td> outside a table, joining the text around them).
    texts += [html_to_text(text), _ANY_TAG.sub("", text), html_to_text(_TABLE_TAG.sub("", text))]
    texts += [canonical_whitespace(t) for t in texts]  # zero-width characters are dropped (textnorm)
    return {w.casefold() for t in texts for w in words(t)}


def property_failures(data: str | bytes) -> list[tuple[str, str]]:
    """(property, detail) for every property this page breaks; empty when it keeps them all."""
    started = time.monotonic()
    try:
        result = CLEANER.clean(data)
    except Exception as exc:  # any str or bytes is a valid page: no exception is allowed
        return [("raises", f"{type(exc).__name__}: {exc}")]
    failures = []
    elapsed = time.monotonic() - started
    if elapsed > MAX_SECONDS_PER_PAGE:
        failures.append(("slow", f"{elapsed:.1f} s"))
    out = result.text
    recleaned = CLEANER.clean(out, kind="text")
    again = recleaned.text
    if result.kind == "text" and again != out:
        failures.append(("idempotent", f"{out!r} -> {again!r}"))
    elif result.kind == "html":
        # Text read back from HTML output gets the text path's span stage, which HTML extraction
        # does not run (it chose the main content already): that stage may take short lines off
        # the ends, nothing else may change, and the text path's output is then a fixed point.
        others = [r for r in recleaned.removed if r.stage != "span"]
        gone = Counter(line for line in out.split("\n") if line) - Counter(again.split("\n"))
        if others or gone != Counter(r.text for r in recleaned.removed if r.stage == "span"):
            failures.append(("idempotent", f"{out!r} -> {again!r}"))
        elif CLEANER.clean(again, kind="text").text != again:
            failures.append(("idempotent", f"{again!r} -> {CLEANER.clean(again, kind='text').text!r}"))
    added = {w.casefold() for w in words(out)} - normalised_words(data)
    if added:
        failures.append(("adds-words", f"{sorted(added)[:10]}"))
    if CLEANER.clean(data).as_dict() != result.as_dict():
        failures.append(("deterministic", "two calls differ"))
    return failures


def check_all_properties(data: str | bytes) -> None:
    failures = property_failures(data)
    assert not failures, failures


QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
LONG = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))


@QUICK
@given(pages)
def test_properties_quick(data):
    check_all_properties(data)


@pytest.mark.slow
def test_properties_long(tmp_path_factory):
    """10,000 examples; every failure is kept (the shortest input per property and detail kind)
    and written to .hypothesis/long-run.json, so one run reports every bug, not only the first."""
    found: dict[tuple[str, str], tuple[str | bytes, str]] = {}
    count = 0

    @LONG
    @given(pages)
    def run(data):
        nonlocal count
        count += 1
        for prop, detail in property_failures(data):
            key = (prop, detail.split(":")[0][:40] if prop == "raises" else prop)
            if key not in found or len(data) < len(found[key][0]):
                found[key] = (data, detail)

    run()
    report = {"examples": count, "failures": [
        {"property": prop, "input": repr(data), "detail": detail[:500]} for (prop, _), (data, detail) in sorted(found.items())
    ]}
    os.makedirs(".hypothesis", exist_ok=True)
    with open(".hypothesis/long-run.json", "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2)
    print(f"\nfuzzed {count} examples; failures: {json.dumps(report['failures'], ensure_ascii=False, indent=1)}")
    assert count >= 10_000
    assert not found, report["failures"]


def test_found_by_fuzzing_a_title_with_a_newline_stays_one_paragraph():
    """Was: the HTML title kept its newline, so the title became two output lines."""
    data = b"<html><head><title>Rain returns \n to the valley</title></head><body><article><p>:&amp;</p></body></html>"
    out = CLEANER.clean(data).text
    assert out.split("\n")[0] == "Rain returns to the valley"
    assert CLEANER.clean(out, kind="text").text == out


@pytest.mark.parametrize(
    "data",
    [
        '<html><body><td id="comments">\u00e9t\u00e9\U0007eee2Fort</td></body></html>',
        "<!doctype html><html><head></head><body><p>0\ud7fc0</body></html>",
    ],
)
def test_unassigned_character_between_letters_does_not_join_words(data):
    assert not {w.casefold() for w in words(CLEANER.clean(data).text)} - normalised_words(data)


def test_a_chrome_page_title_is_not_put_first():
    data = "<html><head><title>(Additional reporting by Ana Costa in Lisbon)</title></head><body></body></html>"
    result = CLEANER.clean(data)
    assert result.metadata["title"] is None
    assert CLEANER.clean(result.text, kind="text").text == result.text


def test_long_run_is_skipped_unless_asked(request):
    """The long run is selected by `-m slow`; make sure the marker is registered."""
    assert any(m.startswith("slow") for m in request.config.getini("markers"))


# --- across processes ---------------------------------------------------------------------------

_CHILD = r"""
import hashlib, json, sys
from cleaner import clean
pages = json.load(open(sys.argv[1], encoding="utf-8"))
digest = hashlib.sha256()
for text in pages:
    digest.update(json.dumps(clean(text).as_dict(), sort_keys=True, ensure_ascii=False).encode())
    digest.update(json.dumps(clean(text.encode("utf-8", "surrogatepass")).as_dict(), sort_keys=True, ensure_ascii=False, default=str).encode())
print(digest.hexdigest())
"""


def sample_pages(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pages = []
    for _ in range(n):
        lines = [rng.choice(CHROME + SENTENCES + KEEP) for _ in range(rng.randint(1, 20))]
        if rng.random() < 0.5:
            lines = [f"<{t}>{x}</{t}>" for x, t in zip(lines, (rng.choice(TAGS) for _ in lines))]
            pages.append("<html><head><title>" + rng.choice(SENTENCES) + "</title></head><body>" + "".join(lines) + "</body></html>")
        else:
            pages.append("\n".join(lines))
    return pages


def test_same_output_across_processes_with_different_hash_seeds(tmp_path):
    inputs = tmp_path / "pages.json"
    inputs.write_text(json.dumps(sample_pages(60, seed=7), ensure_ascii=False), encoding="utf-8")
    digests = set()
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _CHILD, str(inputs)], capture_output=True, text=True, env=env, timeout=600)
        assert run.returncode == 0, run.stderr
        digests.add(run.stdout.strip())
    assert len(digests) == 1
    local = hashlib.sha256()
    assert local.hexdigest() not in digests  # the children did hash something
