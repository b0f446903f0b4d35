"""`cleaner rules list|test|lint` and the rule errors behind them: each names file, line and rule."""
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.rulebook import RuleError, load_packs
from cleaner.rulebook.lint import lint_paths

runner = CliRunner()
GOOD_PACK = '''[pack]
id = "mysite"
why = "Chrome of my site."

[[rules]]
id = "mysite.promo"
why = "The promo strip under every story."
match = "line"
pattern = ["zebra gazette promo"]
examples.remove = ["Zebra Gazette Promo:"]
examples.keep = ["The zebra gazette promo ran for a week, the editor said on Friday."]
'''
# One problem per rule; the comment after each id says which finding it must give.
BAD_PACK = '''[pack]
id = "bad"
why = "Every mistake once."

[[rules]]
id = "bad.no-examples"
why = "No examples at all."
pattern = "read next"

[[rules]]
id = "bad.eats-keep"
why = "Removes its own keep example."
match = "prefix"
pattern = "read"
examples.remove = ["Read more"]
examples.keep = ["Read the full report"]

[[rules]]
id = "bad.unknown-key"
why = "Misspelt key."
pattern = "x"
exmaples.remove = ["x"]

[[rules]]
id = "bad.regex"
why = "Does not compile."
match = "regex"
pattern = "(unclosed"
examples.remove = ["(unclosed"]
examples.keep = ["closed"]

[[rules]]
id = "bad.slow"
why = "Nested quantifiers that blow up."
match = "regex"
pattern = '^(\\w+\\s?)+$'
max_words = 5
examples.remove = ["word word"]
examples.keep = ["a sentence, with a comma."]

[[rules]]
id = "mysite.promo"
why = "Same id as in the good pack."
pattern = "zebra gazette promo"
examples.remove = ["Zebra gazette promo"]
examples.keep = ["Some more prose here."]
'''


@pytest.fixture
def packs(tmp_path):
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    (good / "mysite.toml").write_text(GOOD_PACK, encoding="utf-8")
    (bad / "bad.toml").write_text(BAD_PACK, encoding="utf-8")
    return good, bad


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_lint_finds_every_problem_with_file_line_and_rule(packs):
    good, bad = packs
    pack = bad / "bad.toml"
    findings = lint_paths([good, bad])
    by_rule = {(f.rule, f.code): f for f in findings}
    expected = {
        ("bad.no-examples", "no-examples"): 'id = "bad.no-examples"',
        ("bad.eats-keep", "removes-keep-example"): '"Read the full report"',
        ("bad.unknown-key", "invalid-rule"): 'id = "bad.unknown-key"',
        ("bad.regex", "invalid-rule"): 'id = "bad.regex"',
        ("bad.slow", "nested-quantifier"): 'id = "bad.slow"',
        ("mysite.promo", "duplicate-id"): 'why = "Same id',
    }
    for (rule, code), marker in expected.items():
        assert (rule, code) in by_rule, f"lint missed {code} in {rule}: {findings}"
        line = line_of(pack, marker) - (1 if code == "duplicate-id" else 0)
        assert by_rule[(rule, code)].where == f"{pack}:{line}", by_rule[(rule, code)]
    assert "exmaples" in by_rule[("bad.unknown-key", "invalid-rule")].message
    assert not [f for f in findings if f.where.startswith(str(good))]


def test_lint_reports_invalid_toml_with_its_line(tmp_path):
    pack = tmp_path / "broken.toml"
    pack.write_text('[pack]\nid = "b"\nwhy = "b"\n\n[[rules]]\nid = "b.x"\npattern = "a" "b"\n', encoding="utf-8")
    [finding] = lint_paths([pack])
    assert (finding.code, finding.where) == ("invalid-toml", f"{pack}:7")


def test_lint_warns_about_overlapping_rules(tmp_path):
    pack = tmp_path / "twins.toml"
    rule = '[[rules]]\nid = "{id}"\nwhy = "w"\npattern = "{pattern}"\nexamples.remove = ["{pattern}"]\nexamples.keep = ["Prose that stays in the article."]\n\n'
    pack.write_text('[pack]\nid = "t"\nwhy = "t"\n\n' + rule.format(id="t.one", pattern="Read more")
                    + rule.format(id="t.two", pattern="READ MORE:"), encoding="utf-8")
    [finding] = lint_paths([pack])
    assert (finding.code, finding.rule, finding.severity) == ("overlap", "t.two", "warning")
    assert "t.one" in finding.message


def test_shipped_packs_lint_without_errors():
    assert [str(f) for f in lint_paths([Path(load_packs()[0].path).parent]) if f.severity == "error"] == []


def test_cli_lint_exit_codes(packs):
    good, bad = packs
    result = runner.invoke(app, ["rules", "lint", "--rules", str(good)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["rules", "lint", str(bad), "--no-shipped"])
    assert result.exit_code == 1
    assert "bad.toml" in result.stdout and "[removes-keep-example]" in result.stdout
    assert result.stdout.rstrip().endswith("warnings")


def test_cli_test_reports_failing_examples_with_file_line(packs, tmp_path):
    good, _ = packs
    result = runner.invoke(app, ["rules", "test", "--rules", str(good)])
    assert result.exit_code == 0, result.output
    broken = tmp_path / "broken"
    broken.mkdir()
    pack = broken / "mysite.toml"
    pack.write_text(GOOD_PACK.replace('["Zebra Gazette Promo:"]', '["Zebra Gazette Promo today"]'), encoding="utf-8")
    result = runner.invoke(app, ["rules", "test", "--rules", str(broken), "--no-shipped"])
    assert result.exit_code == 1
    line = line_of(pack, "Promo today")
    assert f"FAIL {pack}:{line}: rule 'mysite.promo': should remove 'Zebra Gazette Promo today'" in result.stdout
    assert "1 rules, 2 examples: 1 rules with 1 failing examples" in result.stdout


def test_cli_test_stops_on_an_invalid_pack_with_a_pointer_to_lint(packs):
    _, bad = packs
    result = runner.invoke(app, ["rules", "test", "--rules", str(bad)])
    assert result.exit_code == 2
    assert "bad.toml:" in result.stderr and "cleaner rules lint" in result.stderr


def test_cli_list_layers_user_packs_and_marks_disabled(packs):
    good, _ = packs
    result = runner.invoke(app, ["rules", "list", "--rules", str(good), "--disable", "social.follow-us"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines()[1:]}
    assert rows["mysite.promo"] == ["mysite", "drop"]
    assert rows["social.follow-us"] == ["generic", "disabled"]
    only_user = runner.invoke(app, ["rules", "list", "--rules", str(good), "--no-shipped"])
    assert len(only_user.stdout.splitlines()) == 2


def test_cli_list_counts_hits_on_a_corpus(packs, tmp_path):
    good, _ = packs
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"p{n}.txt").write_text(
            f"Story {n} begins here with enough words to read as a real paragraph of prose.\n"
            + "Follow us on:\n" + ("Zebra Gazette promo\n" if n else ""), encoding="utf-8")
    result = runner.invoke(app, ["rules", "list", "--rules", str(good), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "2 on 2/3" in rows["mysite.promo"]
    assert "3 on 3/3" in rows["social.follow-us"]
    assert "0 on 0/3" in rows["social.share"]


def test_loader_errors_name_file_line_and_rule(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text('[pack]\nid = "p"\nwhy = "p"\n\n[[rules]]\nid = "p.a"\nwhy = "a"\npattern = "a"\n\n'
                    '[[rules]]\nid = "p.a"\nwhy = "again"\npattern = "b"\n', encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{pack}:11: rule 'p.a': duplicate id \(first defined at {pack}:6\)"):
        load_packs([pack])
    pack.write_text('[pack]\nid = "p"\nwhy = "p"\nodrer = 3\n', encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{pack}:1: \[pack\]: unknown key"):
        load_packs([pack])


def _story(n: int) -> str:
    return (f"Story {n} begins here with enough words to read as a real paragraph of prose.\n"
            + "Follow us on:\n" + ("Zebra Gazette promo\n" if n else ""))


def _hits_column(result) -> dict[str, str]:
    assert result.exit_code == 0, result.output
    return {line.split()[0]: line for line in result.stdout.splitlines()}


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus.jsonl.gz"])
def test_cli_list_reads_a_json_lines_corpus_record_by_record(packs, tmp_path, name):
    import gzip
    import json

    good, _ = packs
    lines = "".join(json.dumps({"id": f"p{n}", "text": _story(n)}) + "\n" for n in range(3))
    corpus = tmp_path / name
    corpus.write_bytes(gzip.compress(lines.encode()) if name.endswith(".gz") else lines.encode())
    rows = _hits_column(runner.invoke(app, ["rules", "list", "--rules", str(good), "--corpus", str(corpus)]))
    assert "2 on 2/3" in rows["mysite.promo"]
    assert "3 on 3/3" in rows["social.follow-us"]


def test_cli_list_reads_a_warc_corpus_record_by_record(packs, tmp_path):
    pytest.importorskip("fastwarc")
    from batch_corpus import warc_record

    from cleaner import Cleaner

    good, _ = packs
    pages = [f"<html><body><article><p>{_story(n).replace(chr(10), '</p><p>')}</p></article></body></html>" for n in range(3)]
    corpus = tmp_path / "crawl.warc"
    corpus.write_bytes(b"".join(warc_record(f"https://zebra.example/{n}", page.encode()) for n, page in enumerate(pages)))
    # What cleaning each page by itself removes: the counts the corpus must show.
    cleaner = Cleaner(extra_rules=[good])
    removed = [[r.rule for r in cleaner.clean(page, url=f"https://zebra.example/{n}", kind="html").removed] for n, page in enumerate(pages)]
    promo = sum(ids.count("mysite.promo") for ids in removed)
    assert promo > 0  # the pages exercise the user's rule
    rows = _hits_column(runner.invoke(app, ["rules", "list", "--rules", str(good), "--corpus", str(corpus)]))
    assert f"{promo} on {sum('mysite.promo' in ids for ids in removed)}/3" in rows["mysite.promo"]
