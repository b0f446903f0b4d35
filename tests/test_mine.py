"""cleaner mine on a generated corpus: two fake sites whose pages share chrome lines around
articles that never repeat. Chrome becomes candidate rules; article text never does; the file
written is a rule pack that loads and whose rules remove the chrome from a new page."""
import json
import random
import tomllib

import pytest
from typer.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import app
from cleaner.mine import Miner, MineSettings, _BoundedCounter, candidates_toml, mine
from cleaner.rulebook import load_packs
from cleaner.rulebook.examples import check_rule

runner = CliRunner()
WORDS = ("river council budget school winter harvest bridge market station library festival doctors "
         "teachers farmers museum railway harbour election weather report village county workers").split()
SHARED_CHROME = ["Zephyr Media Network", "Puzzles Crosswords Sudoku"]
SITE_CHROME = {
    "gazette": ["Reader Picks of the Week", "Gazette Plus members area"],
    "courier": ["Courier Classifieds Motors Homes", "Tip off our newsroom"],
}
FOOTER_BLOCK = ["Masthead and staff", "Ethics policy", "Corrections desk"]
# Article-like and on every page: a standing sentence is not chrome by shape, so it stays.
STANDING_SENTENCE = "This article was reported by our local desk and checked by two editors before it was published today."
PAGES_PER_SITE = 12


def sentence(rng: random.Random, n: int = 16) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def page(site: str, number: int, rng: random.Random) -> tuple[str, list[str]]:
    article = [f"{site.title()} story {number}: {rng.choice(WORDS)} {rng.choice(WORDS)} news"] + [
        sentence(rng) for _ in range(5)
    ]
    chrome = SHARED_CHROME + SITE_CHROME[site]
    # The chrome sits between the article's paragraphs: chrome after the article's last paragraph
    # is removed by the span stage already, and mining is for what structure alone cannot tell.
    lines = [article[0], article[1], chrome[2], article[2], chrome[0], article[3], chrome[1], article[4],
             *FOOTER_BLOCK, article[5], chrome[3], STANDING_SENTENCE]
    # One page of three lacks one chrome line: evidence counts must follow.
    if number % 3 == 0:
        lines.remove(chrome[3])
    return "\n".join(lines) + "\n", article


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    rng = random.Random(6)
    articles = []
    for site in SITE_CHROME:
        (root / site).mkdir()
        for number in range(PAGES_PER_SITE):
            text, article = page(site, number, rng)
            articles += article
            (root / site / f"page{number:02d}.txt").write_text(text, encoding="utf-8")
    return root, articles


def test_the_chrome_is_not_already_removed_by_shipped_rules(corpus):
    root, _ = corpus
    kept = Cleaner().clean((root / "gazette" / "page01.txt").read_bytes()).text
    for line in SHARED_CHROME + SITE_CHROME["gazette"] + FOOTER_BLOCK:
        assert line in kept, f"{line!r} is already removed: the corpus would test nothing"


def test_chrome_lines_become_candidates_and_article_lines_do_not(corpus):
    root, articles = corpus
    report = mine([root], Cleaner())
    assert report.pages == 2 * PAGES_PER_SITE and report.sites == 2 and not report.errors
    by_site = {}
    for candidate in report.candidates:
        by_site.setdefault(candidate.site, set()).update(candidate.lines)
    for site, own in SITE_CHROME.items():
        assert by_site[site] == set(SHARED_CHROME + own + FOOTER_BLOCK)
    found = set().union(*by_site.values())
    assert not found & set(articles)
    assert STANDING_SENTENCE not in found


def test_evidence_counts_pages(corpus):
    root, _ = corpus
    report = mine([root], Cleaner())
    counts = {(c.site, c.lines[0]): c.pages for c in report.candidates}
    assert counts[("gazette", "Zephyr Media Network")] == PAGES_PER_SITE
    assert counts[("gazette", "Gazette Plus members area")] == PAGES_PER_SITE - PAGES_PER_SITE // 3
    assert all(c.site_pages == PAGES_PER_SITE and c.uncertainty == 0 for c in report.candidates)


def test_a_repeated_block_becomes_one_rule(corpus):
    root, _ = corpus
    report = mine([root], Cleaner())
    blocks = [c.lines for c in report.candidates if len(c.lines) > 1]
    # Once per site; the line before the footer on 8 pages of 12 is not part of it.
    assert blocks == [tuple(FOOTER_BLOCK), tuple(FOOTER_BLOCK)]


def test_rare_lines_are_not_candidates(corpus):
    root, _ = corpus
    report = mine([root], Cleaner(), MineSettings(min_share=1.0))
    found = {line for c in report.candidates for line in c.lines}
    assert "Zephyr Media Network" in found and "Gazette Plus members area" not in found


def test_the_written_pack_loads_and_its_rules_remove_the_chrome(corpus, tmp_path):
    root, _ = corpus
    out = tmp_path / "candidates.toml"
    result = runner.invoke(app, ["mine", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "24 pages, 2 sites: 7 candidate rules written" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert "# evidence: line on 8 of 12 pages of gazette (67%)" in text
    assert "# evidence: block of 3 lines on 12 of 12 pages of courier (100%), 12 of 12 pages of gazette (100%)" in text
    assert 'id = "mined.zephyr-media-network"' in text and 'id = "mined.gazette.reader-picks-of-the-week"' in text
    [pack] = load_packs([out])
    assert len(pack.rules) == 7  # the lines both sites share are one rule each
    for rule in pack.rules:
        assert rule.examples_remove and rule.examples_keep, rule.id
        assert check_rule(rule) == []
    rng = random.Random(99)
    new_page, article = page("gazette", 99, rng)
    cleaned = Cleaner(extra_rules=[out]).clean(new_page).text
    assert not any(line in cleaned for line in SHARED_CHROME + SITE_CHROME["gazette"] + FOOTER_BLOCK)
    assert all(line in cleaned for line in article[1:])
    lint = runner.invoke(app, ["rules", "lint", str(out)])
    assert "0 errors" in lint.stdout, lint.stdout


def test_jsonl_pages_are_grouped_by_host_and_scoped_to_it(tmp_path):
    rng = random.Random(7)
    lines = []
    for number in range(6):
        text, _ = page("courier", number, rng)
        lines.append(json.dumps({"url": f"https://www.courier.example/news/{number}", "text": text}))
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text("\n".join(lines) + "\n{not json\n", encoding="utf-8")
    report = mine([corpus], Cleaner())
    assert report.sites == 1 and report.pages == 6
    assert report.errors and "line 7" in report.errors[0]
    assert {c.site for c in report.candidates} == {"courier.example"}
    data = tomllib.loads(candidates_toml(report, str(corpus)))
    assert all(rule["scope"]["hosts"] == ["courier.example"] for rule in data["rules"])


def test_candidate_text_is_escaped_in_toml(tmp_path):
    odd = 'Say "hi" \\ to\tus \x7f'
    miner = Miner(Cleaner(), MineSettings(min_pages=2))
    for n in range(3):
        rng = random.Random(n)  # the odd line between two paragraphs, where no structure removes it
        miner.add(f"Headline number {n} here\n{sentence(rng)}\n{odd}\n{sentence(rng)}\n", f"s/p{n}", "s", False)
    from cleaner.mine import MineReport

    toml_text = candidates_toml(MineReport(miner.candidates(), 3, 1, []), "x")
    patterns = [p for rule in tomllib.loads(toml_text)["rules"] for p in rule["pattern"]]
    assert any(p.startswith('Say "hi" \\ to') for p in patterns)


def test_counter_memory_is_bounded_and_keeps_frequent_keys():
    counter = _BoundedCounter(capacity=100)
    for page_number in range(50):
        counter.add(b"chrome!!", "chrome", f"p{page_number}", 3)
        for n in range(40):  # unique noise on every page
            counter.add(f"{page_number}-{n}".encode().ljust(8)[:8], "noise", f"p{page_number}", 3)
        assert len(counter.entries) <= 101
    assert counter.entries[b"chrome!!"].count == 50
    assert counter.floor >= 1


def test_mine_cli_reports_unreadable_input(tmp_path):
    result = runner.invoke(app, ["mine", str(tmp_path / "nowhere"), "--out", str(tmp_path / "c.toml")])
    assert result.exit_code == 2
    assert "nowhere" in result.stderr
    assert not (tmp_path / "c.toml").exists()
