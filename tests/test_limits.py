"""Per-page limits (cleaner/limits.py) enforced in the library call, regex safety at load time
(cleaner/rulebook/safety.py), and memory bounded by a small multiple of the page size."""
import subprocess
import sys
import textwrap
import time

import pytest

from cleaner import Cleaner, CleanerError
from cleaner.htmltext import html_to_text
from cleaner.limits import Limits, markup_size, nesting_depth
from cleaner.rulebook import Matcher, RuleError, load_packs
from cleaner.rulebook.match import REGEX_TIMEOUT_SECONDS
from cleaner.rulebook.model import Rule
from cleaner.rulebook.safety import regex_hazards

PARA = (
    "The council met on Tuesday to discuss the new budget, which includes more money for schools, "
    "roads and the library that closed last year after the flood."
)
HTML = f"<html><head><title>Budget</title></head><body><nav>Home News</nav><article><p>{PARA}</p><p>{PARA.upper()}</p></article></body></html>"


# --- the limits -----------------------------------------------------------------------------------

def test_defaults_are_documented_and_sane():
    limits = Limits()
    assert limits.max_bytes == 16 * 1024 * 1024
    assert limits.max_html_bytes == 4 * 1024 * 1024
    assert limits.max_lines == 100_000 and limits.max_depth == 256 and limits.time_limit == 30.0
    assert Cleaner().limits == limits


@pytest.mark.parametrize("bad", [{"max_bytes": 0}, {"time_limit": -1}, {"max_lines": "many"}, {"max_depth": True}])
def test_invalid_limits_are_refused(bad):
    with pytest.raises(ValueError, match="Limits."):
        Limits(**bad)


@pytest.mark.parametrize("data", [PARA.encode() * 100, PARA * 100])
def test_a_page_over_max_bytes_gives_an_error_result(data):
    result = Cleaner(limits=Limits(max_bytes=1000)).clean(data, url="https://example.org/a")
    assert result.text == ""
    assert result.flags["limit"] == {"name": "max_bytes", "limit": 1000, "measured": len(data)}
    assert any("over the size limit" in w and "Limits.max_bytes" in w for w in result.warnings)
    assert result.metadata["url"] == "https://example.org/a"
    assert result.as_dict()["flags"]["limit"]["name"] == "max_bytes"


def test_limits_switched_off_with_none():
    result = Cleaner(limits=Limits(max_bytes=None, max_lines=None, time_limit=None)).clean(PARA * 100)
    assert result.text.startswith("The council")


def test_a_page_over_max_lines_is_refused_blank_lines_do_not_count():
    cleaner = Cleaner(limits=Limits(max_lines=50))
    assert cleaner.clean("\n".join([PARA] * 60)).flags["limit"]["name"] == "max_lines"
    assert "limit" not in cleaner.clean("\n\n\n".join([PARA] * 40)).flags


def test_an_extraction_with_too_many_paragraphs_is_refused():
    page = "<html><body><article>" + "".join(f"<p>{PARA} {i}</p>" for i in range(80)) + "</article></body></html>"
    result = Cleaner(limits=Limits(max_lines=50)).clean(page)
    assert result.flags["limit"]["name"] == "max_lines"


def test_html_over_max_html_bytes_takes_the_cheap_path():
    result = Cleaner(limits=Limits(max_html_bytes=100)).clean(HTML)
    assert result.flags["degraded"] == {"name": "max_html_bytes", "limit": 100, "measured": len(HTML)}
    assert PARA in result.text
    assert "<p>" not in result.text and "Budget" not in result.text  # the head is not text
    assert any("without main-content extraction" in w for w in result.warnings)


def test_inline_code_does_not_count_towards_max_html_bytes():
    state = "<script>window.__STATE__ = " + "{\"k\": [1, 2, 3]}, " * 500 + "</script>"
    styled = HTML.replace("</head>", f"<style>{'.a{color:red}' * 300}</style><!-- {'x' * 2000} -->{state}</head>")
    limits = Limits(max_html_bytes=len(HTML) + 100)
    assert len(styled) > 5 * limits.max_html_bytes
    result = Cleaner(limits=limits).clean(styled)
    assert "degraded" not in result.flags and PARA in result.text
    # The same bytes as markup and text are over the limit.
    padded = HTML.replace("</article>", f"<p>{'more words ' * 1000}</p></article>")
    assert Cleaner(limits=limits).clean(padded).flags["degraded"]["name"] == "max_html_bytes"


def test_markup_size_leaves_out_script_style_and_comment_contents():
    assert markup_size("<p>ab</p>") == len("<p>ab</p>")
    # What counts: the tags' names and end tags, not what the elements hold (nor their attributes).
    kept = "<p>a</p>" "<SCRIPT" "</SCRIPT>" "<style" "</style>"
    assert markup_size("<p>a</p><SCRIPT type=x>var s = '<p>';</SCRIPT><!-- c --><style>p{}</style>") == len(kept)
    assert markup_size("<p>a</p><script>never closed") == len("<p>a</p><script")
    assert markup_size("<p>a</p><!-- never closed") == len("<p>a</p>")
    assert markup_size("<scripts>text</scripts>") == len("<scripts>text</scripts>")  # another tag


def test_html_deeper_than_max_depth_takes_the_cheap_path():
    deep = "<html><body>" + "<div>" * 40 + f"<p>{PARA}</p>" + "</div>" * 40 + "</body></html>"
    result = Cleaner(limits=Limits(max_depth=30)).clean(deep)
    assert result.flags["degraded"]["name"] == "max_depth"
    assert PARA in result.text
    assert "degraded" not in Cleaner().clean(deep).flags


def test_the_cheap_path_is_a_stage_and_the_limits_only_measure():
    """The page budget watching the stages never rewrites a page: the degrade stage, listed in
    every shipped profile right after decode, is what flattens oversized HTML."""
    from cleaner.document import Document
    from cleaner.limits import PageBudget
    from cleaner.profile import load_profile, profile_names
    from cleaner.stages.decode import Decode
    from cleaner.stages.degrade import Degrade

    decode = Decode()
    doc = decode.run(Document(raw=HTML))
    PageBudget(Limits(max_html_bytes=100)).after_stage(decode, doc)
    assert (doc.kind, doc.source, doc.flags) == ("html", HTML, {})
    doc = Degrade(max_html_bytes=100).run(doc)
    assert doc.kind == "text" and doc.flags["degraded"]["name"] == "max_html_bytes" and PARA in doc.source
    for name in profile_names():
        stages = load_profile(name).stages
        assert stages[stages.index("decode") + 1] == "degrade", name
    switched_off = Cleaner(limits=Limits(max_html_bytes=None, max_depth=None))
    assert all(getattr(stage, "max_html_bytes", 0) is None for stage in switched_off._pipeline.stages
               if stage.name == "degrade")


def test_time_limit_is_checked_between_stages():
    result = Cleaner(limits=Limits(time_limit=1e-9)).clean(HTML)
    assert result.text == ""
    assert result.flags["limit"]["name"] == "time_limit"
    assert any("after stage 'decode'" in w and "Limits.time_limit" in w for w in result.warnings)


def test_a_failing_stage_is_a_cleaner_error_naming_the_stage():
    cleaner = Cleaner()

    class Broken:
        name = "broken"

        def run(self, doc):
            raise RecursionError("maximum recursion depth exceeded")

    cleaner._pipeline.stages = (cleaner._pipeline.stages[0], Broken(), *cleaner._pipeline.stages[1:])
    with pytest.raises(CleanerError, match="stage after 'decode': RecursionError") as info:
        cleaner.clean(PARA)
    assert isinstance(info.value.__cause__, RecursionError)


def test_nesting_depth_estimate():
    assert nesting_depth("<div><p>a<p>b<br><img src=x></div>") == 1
    assert nesting_depth("<div>" * 10 + "</div>" * 10) == 10
    assert nesting_depth("<div>" * 1000, stop_above=20) == 21
    assert nesting_depth("<li>" * 1000 + "<td>" * 1000) == 0  # optional end tags


def test_nesting_depth_reads_tags_as_the_html_parser_does():
    # A "<" or ">" inside a quoted attribute value is part of the value, not the end of the tag.
    assert nesting_depth('<div title="<">' * 50) == 50
    assert nesting_depth("<div title='a>b'>" * 50) == 50
    # "/>" closes nothing on an HTML element: <div/> opens a div; in SVG it does close.
    assert nesting_depth("<div/>" * 50) == 50
    assert nesting_depth("<div><svg>" + '<path d="M0 0"/>' * 500 + "</svg></div>") == 2
    # Tags inside scripts, styles and comments are text; an end tag without its start tag is ignored.
    assert nesting_depth("<script>" + "<div>" * 500 + "</script><!--" + "<div>" * 500 + "-->") == 0
    assert nesting_depth("</span>" * 100 + "<div>" * 5 + "</b>" * 100) == 5
    assert nesting_depth("<DIV>" * 10 + "</div>" * 10 + "<div\n class=a>" * 3) == 10


@pytest.mark.parametrize("tag", ['<div title="<">', "<div/>"])
def test_hostile_nesting_is_cleaned_on_the_cheap_path_quickly_and_not_empty(tag):
    for levels in (300, 190_000):  # 300: a few KB; 190k: just under max_html_bytes
        page = "<html><body>" + tag * levels + f"<p>{PARA}</p><p>{PARA.upper()}</p></body></html>"
        started = time.monotonic()
        result = Cleaner().clean(page)
        assert time.monotonic() - started < 15, levels
        assert result.flags["degraded"]["name"] == "max_depth", levels
        assert PARA in result.text, levels


def test_cheap_path_is_linear_on_hostile_markup():
    hostile = "<a" * 200_000 + "<script>" + "x" * 100_000 + "<!--" * 50_000 + PARA
    started = time.monotonic()
    html_to_text(hostile)
    nesting_depth(hostile)
    nesting_depth('<a b="' * 100_000)  # unclosed quotes: each runs to the end, as in a browser
    html_to_text("<p>" + "<" * 500_000 + PARA)
    assert time.monotonic() - started < 5
    lines = html_to_text("<p>a &amp; b</p><script>x()</script><p>c &lt; d</p>").split("\n")
    assert [line for line in lines if line] == ["a & b", "c < d"]


# --- regex rules that cannot hang -----------------------------------------------------------------

EVIL = [r"(a+)+$", r"(a|aa)+$", r"(a|a)*$", r"^(\w+\s?)+$", r"(x+x+)+y", r"^(\d+)*$", r"(\w|\d)+$",
        # Overlapping alternation of several characters: "ab" is one branch or two, so a failing
        # line of n "ab"s is tried 2**n ways.
        r"^(a|ab|b)*$", r"(?:ab|a|b)+!", r"^(\d\d|\d)+$", r"(foo|f|oo)+$", r"^(?:x\s|\w\s?)+$"]


@pytest.mark.parametrize("pattern", EVIL)
def test_evil_patterns_are_found(pattern):
    assert regex_hazards(pattern), pattern


@pytest.mark.parametrize("pattern", [r"(?>a+)+$", r"(a++)+$", r"(ab|cd)+", r"^(?:[^,]+,\s*)+$", r"^follow us( on)?:?$", r"(a+b)+$",
                                     r"^(a|ab)*$", r"^(?:\d{2}[./-])+$", r"(?:foo|bar)+$"])
def test_safe_patterns_pass(pattern):
    assert regex_hazards(pattern) == []


def test_every_shipped_regex_passes_the_check():
    patterns = [p for pack in load_packs() for r in pack.rules if r.match == "regex" for p in r.patterns]
    assert patterns
    assert {p: regex_hazards(p) for p in patterns if regex_hazards(p)} == {}


@pytest.mark.parametrize("rule_id, pattern, kind", [
    ("evil.as", "(a+)+$", ""),                     # nested repeats
    ("evil.ab", "^(a|ab|b)*$", r" \(overlapping"),  # alternatives that split the same text two ways
])
def test_an_evil_user_rule_is_refused_at_load_with_file_and_rule(tmp_path, rule_id, pattern, kind):
    pack = tmp_path / "evil.toml"
    pack.write_text(textwrap.dedent(f'''
        [pack]
        id = "evil"
        why = "A pack with a catastrophic regex."

        [[rules]]
        id = "{rule_id}"
        why = "Runs of letters."
        match = "regex"
        pattern = '{pattern}'
        examples.remove = ["abab"]
        examples.keep = ["abc"]
    '''), encoding="utf-8")
    expected = rf"evil\.toml:\d+: rule '{rule_id}': regex can backtrack catastrophically{kind}"
    with pytest.raises(RuleError, match=expected):
        Cleaner(extra_rules=[pack])


def test_the_matcher_timeout_bounds_an_evil_pattern_that_got_past_the_loader():
    """Built directly (bypassing load_packs): the per-search timeout still stops it."""
    rule = Rule(id="evil", pack="test", why="evil", match="regex", patterns=(r"(a|aa)+$",), max_words=1000)
    started = time.monotonic()
    hit = Matcher([rule]).find("a" * 40 + "!")
    assert hit is None
    assert time.monotonic() - started < 10 * REGEX_TIMEOUT_SECONDS  # unbounded, it would run for hours


# --- memory -----------------------------------------------------------------------------------------

_MEASURE = r"""
import gc, resource, sys
from cleaner import Cleaner
kind, size = sys.argv[1], int(sys.argv[2])
para = "The council met on Tuesday to discuss the new budget, which includes more money for schools. "
cleaner = Cleaner()
cleaner.clean("<html><body><p>" + para * 5 + "</p></body></html>")
if kind == "text":
    data = ((para * 3 + "\n\n") * (size // (len(para) * 3 + 2) + 1)).encode()[:size]
else:
    block = "<div class='x'><p>" + para * 3 + "</p><span>Share</span></div>\n"
    data = ("<html><body>" + block * (size // len(block) + 1) + "</body></html>").encode()[:size]
gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = cleaner.clean(data)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) * 1024 / len(data), result.flags.get("degraded", {}).get("name", "-"))
"""


def peak_multiple(kind: str, size: int) -> tuple[float, str]:
    run = subprocess.run([sys.executable, "-c", _MEASURE, kind, str(size)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    multiple, degraded = run.stdout.split()
    return float(multiple), degraded


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kB on Linux")
@pytest.mark.parametrize("kind, size, bound", [
    ("text", 2 * 1024 * 1024, 8),          # measured ~3x
    ("text", 6 * 1024 * 1024, 8),
    ("html", 512 * 1024, 60),              # trafilatura and lexbor trees: measured ~38x, element-dense page
    ("html", 1024 * 1024, 60),
    ("html", 6 * 1024 * 1024, 10),         # over max_html_bytes: the cheap path, measured ~5x
])
def test_peak_memory_is_a_small_multiple_of_the_page(kind, size, bound):
    multiple, degraded = peak_multiple(kind, size)
    assert multiple < bound, f"{kind} {size} bytes: peak memory {multiple:.1f}x the page"
    assert (degraded == "max_html_bytes") == (kind == "html" and size > 4 * 1024 * 1024)


def test_regex_rules_share_one_time_budget_per_page(tmp_path, monkeypatch):
    """A slow regex that gets past the load-time check costs the page at most Limits.regex_time
    in all, not the per-search timeout on every line."""
    pack = tmp_path / "slow.toml"
    pack.write_text(textwrap.dedent('''
        [pack]
        id = "slow"
        why = "A pack with a slow regex."

        [[rules]]
        id = "slow.words"
        why = "Lines of words and nothing else."
        match = "regex"
        pattern = '^(?:\\w|\\w\\w|\\s)*$'
    '''), encoding="utf-8")
    monkeypatch.setattr("cleaner.rulebook.load.regex_hazards", lambda pattern: [])  # as if it passed
    cleaner = Cleaner(extra_rules=pack, limits=Limits(regex_time=0.5))
    # Each line fails at its full stop after trying every split of its words: each search times out.
    page = "\n\n".join(f"Line {i} says the council met on Tuesday to discuss the budget for schools and roads."
                       for i in range(200))
    started = time.monotonic()
    result = cleaner.clean(page, kind="text")
    assert time.monotonic() - started < 3
    assert result.flags["regex_time"]["limit"] == 0.5 and result.flags["regex_time"]["skipped"] > 0
    assert any("Limits.regex_time" in warning for warning in result.warnings)
    assert "Line 199 says the council" in result.text  # still cleaned, without the remaining regex searches
    assert "regex_time" not in Cleaner(limits=Limits(regex_time=0.5)).clean(page, kind="text").flags
