"""The probe corpora (tests/data/probe-cases.txt, probe-cases-2.txt, probe-cases-3.txt): aggregator and news-app pages in
15 or more languages whose chrome is worded unlike the rule packs' examples. Every "+" line must survive, every "-" line must be
gone, and every directive must hold: chrome is recognised by its kind, article prose about apps,
comments or newsletters is kept."""
import html
import re
from dataclasses import dataclass, field

import pytest
from project_paths import ROOT

from cleaner.api import clean

CORPORA = [ROOT / "tests" / "data" / name for name in ("probe-cases.txt", "probe-cases-2.txt", "probe-cases-3.txt")]
# Spaces, zero-width characters and variation selectors do not tell two lines apart.
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\ufeff\ufe0f]+")


def squashed(text: str) -> str:
    return _INVISIBLE.sub("", text)


@dataclass
class ProbeCase:
    name: str
    lines: list[str] = field(default_factory=list)  # the page as a scraper stored it
    content: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)
    directives: list[tuple[str, str, int | None]] = field(default_factory=list)


def parse_cases(text: str, source: str = "probe corpus") -> list[ProbeCase]:
    """Cases of the corpus format: '=== NAME' starts a page, '+ '/'- '/'  ' mark its lines,
    '!count N TEXT', '!sub TEXT', '!nosub TEXT' are checks on the whole output."""
    cases: list[ProbeCase] = []
    for raw in text.split("\n"):
        if raw.startswith("=== "):
            cases.append(ProbeCase(raw[4:].strip()))
        elif not cases or raw.startswith("#"):
            continue
        elif raw.startswith("!"):
            verb, _, rest = raw[1:].partition(" ")
            if verb == "count":
                number, _, target = rest.partition(" ")
                cases[-1].directives.append((verb, target, int(number)))
            elif verb in ("sub", "nosub"):
                cases[-1].directives.append((verb, rest, None))
            else:
                raise ValueError(f"{source}: unknown directive {raw!r} in case {cases[-1].name}")
        else:
            mark, line = raw[:1], raw[2:]
            cases[-1].lines.append(line)
            if line.strip() and mark in "+-":
                (cases[-1].content if mark == "+" else cases[-1].chrome).append(line)
    for case in cases:
        while case.lines and not case.lines[-1].strip():
            case.lines.pop()
        # A later copy of the headline is chrome, but the kept first copy equals it: its !count scores it.
        content = {squashed(line) for line in case.content}
        case.chrome = [line for line in case.chrome if squashed(line) not in content]
    return cases


def directive_holds(verb: str, target: str, number: int | None, output: str) -> bool:
    if verb == "count":
        return output.count(target) == number
    return (target in output) == (verb == "sub")


CASES_BY_CORPUS = {path.name: parse_cases(path.read_text(encoding="utf-8"), path.name) for path in CORPORA}
PROBES = [case for cases in CASES_BY_CORPUS.values() for case in cases]
# Pages of the third corpus the cleaner does not clean yet, and why (strict: a fixed page must leave the list).
KNOWN_FAILURES: dict[str, str] = {
}


@pytest.mark.parametrize("corpus", sorted(CASES_BY_CORPUS))
def test_corpus_covers_the_languages_chrome_survived_in(corpus: str):
    cases = CASES_BY_CORPUS[corpus]
    languages = {m.group(1) for case in cases if (m := re.search(r"-([a-z]{2})-", case.name))}
    assert {"ja", "ko", "zh", "hi", "id", "nl"} <= languages
    for lang in ("ja", "ko", "zh", "hi", "id", "nl"):
        assert sum(f"-{lang}-" in case.name for case in cases) >= 2, lang
    assert all(case.content and case.chrome for case in cases)


def test_case_names_are_unique_across_corpora():
    names = [case.name for case in PROBES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case.name]))
    if case.name in KNOWN_FAILURES else case
    for case in PROBES
], ids=lambda case: case.name)
def test_probe_page(case: ProbeCase):
    output = clean("\n".join(case.lines) + "\n").text
    text, output_lines = squashed(output), {squashed(line) for line in output.split("\n")}
    lost = [line for line in case.content if squashed(line) not in text]
    left = [line for line in case.chrome if squashed(line) in output_lines]
    failed = [f"!{verb} {target}" for verb, target, number in case.directives
              if not directive_holds(verb, target, number, output)]
    assert not lost, f"article text lost: {lost}"
    assert not left, f"chrome left: {left}"
    assert not failed, f"checks failed: {failed}"


def as_html_article(case: ProbeCase) -> bytes:
    """The page as a portal would serve it: the lines above the headline in a navigation bar,
    the rest in the article element (content lines as paragraphs, short chrome lines as
    divs, as an article's container holds bylines, buttons and counters)."""
    content = {squashed(line) for line in case.content}
    lines = [line for line in case.lines if line.strip()]
    first = next(i for i, line in enumerate(lines) if squashed(line) in content)
    nav = "".join(f"<li><a href='/{i}'>{html.escape(line)}</a></li>" for i, line in enumerate(lines[:first]))
    parts = [f"<h1>{html.escape(lines[first])}</h1>"]
    for line in lines[first + 1:]:
        short_chrome = squashed(line) not in content and len(line.split()) < 6
        parts.append(f"<div><span>{html.escape(line)}</span></div>" if short_chrome else f"<p>{html.escape(line)}</p>")
    return (
        "<html><head><meta charset='utf-8'><meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2025-05-14T07:30:00Z'>"
        f"<title>{html.escape(case.content[0])}</title></head><body><header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article>{''.join(parts)}</article></main><footer>© 2025</footer></body></html>"
    ).encode()


@pytest.mark.parametrize("case", PROBES, ids=lambda case: case.name)
def test_probe_page_served_as_html_keeps_every_line_of_the_article(case: ProbeCase):
    """The same stories served as HTML articles: the extractor and the span around its prose may
    leave some chrome, but no line of the article may go (the precision traps included)."""
    result = clean(as_html_article(case), kind="html")
    assert result.metadata["page_type"] == "article"
    text = squashed(result.text)
    lost = [line for line in case.content if squashed(line) not in text]
    assert not lost, f"article text lost: {lost}"
