"""Every rule's own examples: lines it must remove are matched, lines it must keep are not,
captures give the stated metadata, and selectors match their HTML examples."""
import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner.rulebook import Matcher, load_packs
from cleaner.stages.rules import capture_values

RULES = [rule for pack in load_packs() for rule in pack.rules]
LINE_RULES = [r for r in RULES if r.match != "selector"]
SELECTOR_RULES = [r for r in RULES if r.match == "selector"]


def test_every_rule_has_examples():
    missing = [r.id for r in RULES if not r.examples_remove or not r.examples_keep]
    assert not missing, f"rules without remove and keep examples: {missing}"


@pytest.mark.parametrize("rule", LINE_RULES, ids=lambda r: r.id)
def test_line_rule_examples(rule):
    matcher = Matcher([rule])
    for line in rule.examples_remove:
        assert matcher.find(line) is not None, f"{rule.origin}: {rule.id} should remove {line!r}"
    for line in rule.examples_keep:
        assert matcher.find(line) is None, f"{rule.origin}: {rule.id} must keep {line!r}"
    for example in rule.examples_capture:
        hit = matcher.find(example["line"])
        assert hit is not None, f"{rule.id} should capture from {example['line']!r}"
        expected = {k: v for k, v in example.items() if k != "line"}
        assert capture_values(hit.groups, rule) == expected


@pytest.mark.parametrize("rule", SELECTOR_RULES, ids=lambda r: r.id)
def test_selector_rule_examples(rule):
    def matched(html: str) -> bool:
        tree = LexborHTMLParser(html)
        return any(tree.css(selector) for selector in rule.patterns)

    for html in rule.examples_remove:
        assert matched(html), f"{rule.origin}: {rule.id} should match {html!r}"
    for html in rule.examples_keep:
        assert not matched(html), f"{rule.origin}: {rule.id} must not match {html!r}"
