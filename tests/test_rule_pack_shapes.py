"""Rule packs of the wrong shape: a clear RuleError naming file:line (and the rule), from the loader,
from `cleaner rules lint` and from `cleaner clean`, never an AttributeError or TypeError."""
import re

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.rulebook import RuleError, load_packs
from cleaner.rulebook.lint import lint_paths

runner = CliRunner()
HEAD = '[pack]\nid = "p"\nwhy = "A pack."\n'
RULE = '\n[[rules]]\nid = "p.a"\nwhy = "A rule."\npattern = "zebra promo"\n'

# (name, pack text, the line the error must point at (a substring of it), what the message must say)
SHAPES = [
    ("rules-as-table", HEAD + '\n[rules]\nid = "p.a"\nwhy = "A rule."\npattern = "x"\n',
     "[rules]", "rules must be an array of tables"),
    ("rules-of-strings", 'rules = ["p.a"]\n' + HEAD, "rules = [", "rules must be an array of tables"),
    ("pack-not-a-table", 'pack = "p"\n' + RULE, "pack = ", "[pack] must be a table"),
    ("scope-string", HEAD + RULE + 'scope = "head"\n', 'id = "p.a"', "scope must be a table"),
    ("pack-scope-string", HEAD + 'scope = "head"\n' + RULE, 'scope = "head"', "scope must be a table"),
    ("order-string", HEAD + 'order = "late"\n' + RULE, "order = ", "order must be a whole number"),
    ("order-bool", HEAD + 'order = true\n' + RULE, "order = ", "order must be a whole number"),
    ("rule-id-number", HEAD + '\n[[rules]]\nid = 5\nwhy = "A rule."\npattern = "x"\n', "id = 5",
     "id must be a non-empty string"),
    ("pack-id-number", '[pack]\nid = 5\nwhy = "A pack."\n' + RULE, "id = 5", "id must be a non-empty string"),
    ("pack-why-number", '[pack]\nid = "p"\nwhy = 3\n' + RULE, "why = 3", "why must be a string"),
    ("examples-string", HEAD + RULE + 'examples = "foo"\n', 'id = "p.a"', "examples must be a table"),
    ("capture-line-number", HEAD + RULE + 'match = "regex"\naction = "capture"\nexamples.capture = [{ line = 5 }]\n',
     'id = "p.a"', "examples.capture"),
    ("capture-value-number", HEAD + RULE.replace('"zebra promo"', "'By (?P<author>\\w+)'")
     + 'match = "regex"\naction = "capture"\nexamples.capture = [{ line = "By Ann", author = 5 }]\n',
     'id = "p.a"', "examples.capture"),
    ("max-words-bool", HEAD + RULE + "max_words = true\n", 'id = "p.a"', "max_words must be a positive whole number"),
    ("pattern-empty", HEAD + '\n[[rules]]\nid = "p.a"\nwhy = "A rule."\npattern = []\n', 'id = "p.a"',
     "pattern must not be empty"),
    ("match-list", HEAD + RULE + 'match = ["line"]\n', 'id = "p.a"', "match must be one of"),
    ("unknown-rule-key", HEAD + RULE + 'exmaples.remove = ["x"]\n', 'id = "p.a"', "unknown key(s) ['exmaples']"),
    ("unknown-scope-key", HEAD + RULE + 'scope.where = "head"\n', 'id = "p.a"', "unknown scope key(s) ['where']"),
    ("questions-on-a-line-rule", HEAD + RULE + "questions = false\n", 'id = "p.a"',
     "questions belong to match = 'concept' rules"),
    ("questions-string", HEAD + RULE + 'match = "concept"\nquestions = "no"\n', 'id = "p.a"',
     "questions must be true or false"),
    ("unknown-pack-key", '[pack]\nid = "p"\nodrer = 3\n' + RULE, "[pack]", "unknown key(s) ['odrer']"),
]


def line_of(text: str, marker: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if marker in line)


@pytest.fixture(params=SHAPES, ids=[shape[0] for shape in SHAPES])
def bad_pack(request, tmp_path):
    _, text, marker, message = request.param
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return path, f"{path}:{line_of(text, marker)}", message


def test_loader_names_file_line_and_problem(bad_pack):
    path, where, message = bad_pack
    with pytest.raises(RuleError) as caught:
        load_packs([path])
    assert str(caught.value).startswith(f"{where}: "), str(caught.value)
    assert message in str(caught.value)


def test_lint_reports_the_problem_instead_of_crashing(bad_pack):
    path, where, message = bad_pack
    findings = [f for f in lint_paths([path]) if f.severity == "error"]
    assert any(f.where == where and message in f.message for f in findings), [str(f) for f in findings]


def test_cli_lint_and_clean_exit_with_the_message(bad_pack, tmp_path):
    path, where, message = bad_pack
    linted = runner.invoke(app, ["rules", "lint", str(path), "--no-shipped"])
    assert linted.exit_code == 1, linted.output
    assert linted.exception is None or isinstance(linted.exception, SystemExit)
    assert where in linted.output and message in linted.output
    page = tmp_path / "page.txt"
    page.write_text("A headline\n\nSome text of the story, long enough to be prose for the rules.\n", encoding="utf-8")
    cleaned = runner.invoke(app, ["clean", str(page), "--rules", str(path)])
    assert cleaned.exit_code == 2, cleaned.output
    assert isinstance(cleaned.exception, SystemExit)
    assert re.search(rf"{re.escape(where)}: .*{re.escape(message)}", cleaned.output)


BAD_SELECTOR_PACK = HEAD + '''
[[rules]]
id = "p.sidebar"
why = "The sidebar."
match = "selector"
pattern = ["aside.sidebar", "div[data-role="]
examples.remove = ['<aside class="sidebar">Most read</aside>']
examples.keep = ["<p>Story</p>"]
'''


def test_an_invalid_css_selector_is_a_load_error(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text(BAD_SELECTOR_PACK, encoding="utf-8")
    where = f"{pack}:{line_of(BAD_SELECTOR_PACK, 'p.sidebar')}"
    with pytest.raises(RuleError, match=rf"^{re.escape(where)}: rule 'p.sidebar': CSS selector 'div\[data-role=' "):
        load_packs([pack])
    assert any(f.where == where and "CSS selector" in f.message for f in lint_paths([pack]))


def test_an_invalid_css_selector_stops_the_batch_before_it_runs(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text(BAD_SELECTOR_PACK, encoding="utf-8")
    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    for name in ("a", "b"):
        (pages / f"{name}.html").write_text(f"<html><body><p>Story {name}, told at length.</p></body></html>",
                                            encoding="utf-8")
    result = runner.invoke(app, ["clean", str(pages), "--out", str(out), "--rules", str(pack), "--workers", "1"])
    assert result.exit_code == 2, result.output
    assert "CSS selector 'div[data-role='" in result.output
    assert not list(out.rglob("*.txt"))
