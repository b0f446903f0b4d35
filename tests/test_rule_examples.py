"""Every rule's own examples: lines it must remove are matched, lines it must keep are not,
captures give the stated metadata, and selectors match their HTML examples. The checks are
cleaner.rulebook.examples, the same runner as `cleaner rules test`."""
import pytest

from cleaner.rulebook import Rule, load_packs
from cleaner.rulebook.examples import check_rule

RULES = [rule for pack in load_packs() for rule in pack.rules]
LINE_RULES = [r for r in RULES if r.match != "selector"]
SELECTOR_RULES = [r for r in RULES if r.match == "selector"]


def test_every_rule_has_examples():
    missing = [r.id for r in RULES if not r.examples_remove or not r.examples_keep]
    assert not missing, f"rules without remove and keep examples: {missing}"


@pytest.mark.parametrize("rule", LINE_RULES, ids=lambda r: r.id)
def test_line_rule_examples(rule):
    failures = check_rule(rule)
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("rule", SELECTOR_RULES, ids=lambda r: r.id)
def test_selector_rule_examples(rule):
    failures = check_rule(rule)
    assert not failures, "\n".join(map(str, failures))


def _rule(match, patterns, remove=(), keep=(), capture=()):
    return Rule(id="t.rule", pack="t", why="test", match=match, patterns=tuple(patterns),
                action="capture" if capture else "drop", examples_remove=tuple(remove),
                examples_keep=tuple(keep), examples_capture=tuple(capture), origin="pack.toml:3")


@pytest.mark.parametrize("rule, kind", [
    (_rule("line", ["follow us"], remove=["Subscribe"]), "remove"),
    (_rule("line", ["follow us"], keep=["Follow us:"]), "keep"),
    (_rule("regex", [r"^By (?P<author>\w+)$"], capture=[{"line": "By Ann", "author": "Bob"}]), "capture"),
    (_rule("regex", [r"^By (?P<author>\w+)$"], capture=[{"line": "Written by Ann", "author": "Ann"}]), "capture"),
    (_rule("selector", [".ad"], remove=['<div class="banner">x</div>']), "remove"),
    (_rule("selector", [".ad"], keep=['<div class="ad">x</div>']), "keep"),
])
def test_the_runner_catches_each_kind_of_broken_example(rule, kind):
    failures = check_rule(rule)
    assert [f.kind for f in failures] == [kind]
    assert str(failures[0]).startswith("pack.toml:3: rule 't.rule': ")


def test_the_runner_passes_good_examples():
    rule = _rule("regex", [r"^By (?P<author>\w+)$"], remove=["By Ann"], keep=["By the river we sat down."],
                 capture=[{"line": "By Ann", "author": "Ann"}])
    assert check_rule(rule) == []
