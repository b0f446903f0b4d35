"""`cleaner clean CORPUS --out OUT --learn-site-chrome`: chrome that repeats across a site's pages,
learned in a first pass and removed in the second as `site.<host>.<n>` rules with their evidence;
`--save-site-rules` keeps them as a pack that loads with `--rules`; resuming fingerprints them."""
import json

from typer.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import app

runner = CliRunner()
PAGES = 8
TOPICS = ["harbour", "orchard", "railway", "library", "glacier", "market", "bridge", "festival"]
GAZETTE_CHROME = "Gazette Corner: ferries, tides and the parish noticeboard"
GAZETTE_SOMETIMES = "Tide tables reprinted with kind permission"  # on 6 of the 8 pages
HERALD_CHROME = "Herald Desk: letters, puzzles and the weekend quiz"


def story(site: str, i: int, chrome: tuple[str, ...] = ()) -> str:
    """A page of one story; the site's chrome lines sit between its paragraphs, where no structure
    tells them apart (chrome above the headline or after the story is removed by the span stage)."""
    topic = TOPICS[i % len(TOPICS)]
    middle = "".join(f"{line}\n\n" for line in chrome)
    return (
        f"The {topic} plan of {site} number {i}\n\n"
        f"Residents gathered near the old {topic} on Tuesday morning, where officials described plans that "
        f"would change how the town uses the site over the next {i + 2} years, according to the council.\n\n"
        f"{middle}"
        f"The proposal, published after months of consultation, sets out a budget of {i * 13 + 3} million "
        f"and a timetable that critics called ambitious, while supporters said it was long overdue.\n"
    )


def gazette_page(i: int) -> str:
    return story("the gazette", i, (GAZETTE_CHROME, GAZETTE_SOMETIMES) if i < 6 else (GAZETTE_CHROME,))


def write_corpus(root):
    """JSON Lines records of two hosts, and a folder of page files without a URL."""
    root.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": f"g{i}", "url": f"https://www.gazette.example/news/{i}", "text": gazette_page(i)})
             for i in range(PAGES)]
    lines += [json.dumps({"id": f"o{i}", "url": f"https://other.example/{i}", "text": story("the other", i)})
              for i in range(3)]
    (root / "crawl.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    herald = root / "herald"
    herald.mkdir()
    for i in range(PAGES):
        (herald / f"page{i}.txt").write_text(story("the herald", i, (HERALD_CHROME,)), encoding="utf-8")
    return root


def outputs(out):
    return {p.relative_to(out).as_posix(): json.loads(p.read_text(encoding="utf-8"))
            for p in out.rglob("*.json") if ".cleaner" not in p.parts}


def clean(*args, workers=1):
    return runner.invoke(app, ["clean", *map(str, args), "--format", "json", "-w", str(workers)])


def test_learned_site_chrome_is_removed_with_its_evidence(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    plain = clean(corpus, "--out", tmp_path / "plain")
    assert plain.exit_code == 0, plain.output
    assert all(GAZETTE_CHROME in page["text"] for name, page in outputs(tmp_path / "plain").items() if "/g" in name)

    result = clean(corpus, "--out", tmp_path / "out", "--learn-site-chrome", workers=2)  # pool workers load the pack
    assert result.exit_code == 0, result.output
    pages = outputs(tmp_path / "out")
    gazette = {name: page for name, page in pages.items() if name.startswith("crawl/g")}
    herald = {name: page for name, page in pages.items() if name.startswith("herald/")}
    assert len(gazette) == len(herald) == PAGES
    for page in gazette.values():
        assert GAZETTE_CHROME not in page["text"] and GAZETTE_SOMETIMES not in page["text"]
        assert "Residents gathered near the old" in page["text"] and "The proposal, published" in page["text"]
        removal = next(r for r in page["removed"] if r["text"] == GAZETTE_CHROME)
        assert removal["rule"].startswith("site.gazette.example.")
        assert "8 of 8 pages of gazette.example" in removal["reason"]
    for page in herald.values():  # pages without a URL: their folder is their site
        assert HERALD_CHROME not in page["text"] and "Residents gathered" in page["text"]
        assert any(r["rule"].startswith("site.herald.") and "of 8 pages of herald" in r["reason"] for r in page["removed"])
    others = [page for name, page in pages.items() if name.startswith("crawl/o")]
    assert all(not any(r["rule"].startswith("site.") for r in page["removed"]) for page in others)
    assert "site chrome" in result.stderr


def test_saved_site_rules_are_a_pack_that_loads_with_rules(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    saved = tmp_path / "site-rules.toml"
    result = clean(corpus, "--out", tmp_path / "out", "--learn-site-chrome", "--save-site-rules", saved)
    assert result.exit_code == 0, result.output
    pack = Cleaner(extra_rules=saved).packs[-1]
    assert pack.id == "site-chrome"
    ids = [rule.id for rule in pack.rules]
    assert "site.gazette.example.1" in ids and any(i.startswith("site.herald.") for i in ids)
    gazette = next(rule for rule in pack.rules if GAZETTE_CHROME in rule.patterns)
    assert gazette.scope.hosts == ("gazette.example",) and gazette.why and gazette.examples_remove
    lint = runner.invoke(app, ["rules", "lint", str(saved)])
    assert lint.exit_code == 0, lint.output
    reused = clean(corpus / "crawl.jsonl", "--out", tmp_path / "reused", "--rules", saved)
    assert reused.exit_code == 0, reused.output
    assert all(GAZETTE_CHROME not in page["text"] for page in outputs(tmp_path / "reused").values())


def test_a_rerun_with_a_different_learned_set_cleans_again(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    stats = tmp_path / "stats.json"
    total = 2 * PAGES + 3
    assert clean(corpus, "--out", out, "--learn-site-chrome").exit_code == 0
    again = clean(corpus, "--out", out, "--learn-site-chrome", "--stats", stats)
    assert again.exit_code == 0, again.output
    assert json.loads(stats.read_text())["pages_skipped_up_to_date"] == total
    # With every page required, the line on 6 of 8 gazette pages is no longer learned: all re-cleaned.
    stricter = clean(corpus, "--out", out, "--learn-site-chrome", "--site-min-share", "1", "--stats", stats)
    assert stricter.exit_code == 0, stricter.output
    figures = json.loads(stats.read_text())
    assert figures["pages_skipped_up_to_date"] == 0 and figures["pages_in"] == total
    assert any(GAZETTE_SOMETIMES in page["text"] for page in outputs(out).values())


def test_site_options_need_learning(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    result = clean(corpus, "--out", tmp_path / "out", "--save-site-rules", tmp_path / "x.toml")
    assert result.exit_code == 2 and "--learn-site-chrome" in result.stderr
    result = clean(corpus, "--out", tmp_path / "out", "--learn-site-chrome", "--site-min-pages", "1")
    assert result.exit_code == 2 and "--site-min-pages" in result.stderr


def test_ctrl_c_in_the_learning_pass_is_an_interrupted_run(tmp_path, monkeypatch):
    import cleaner.site_chrome

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cleaner.site_chrome, "learn", interrupted)
    corpus = write_corpus(tmp_path / "corpus")
    result = clean(corpus, "--out", tmp_path / "out", "--learn-site-chrome")
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert outputs(tmp_path / "out") == {}
