"""Run every rule's own examples: lines it must remove are matched, lines it must keep are not,
captures give the stated metadata, selectors match their HTML examples (and not their keep ones).

One implementation for `cleaner rules test`, `cleaner rules lint` and the test suite. A failure
names the file and line of the example itself when it can be found, else the rule's line.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .capture import capture_values
from .match import Matcher
from .model import Rule


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    rule: Rule
    kind: str  # "remove", "keep" or "capture"
    example: str
    problem: str
    where: str  # file:line

    def __str__(self) -> str:
        return f"{self.where}: rule {self.rule.id!r}: {self.problem}"


def check_rule(rule: Rule) -> list[ExampleFailure]:
    """Every example of one rule that does not behave as stated (empty when all pass)."""
    if rule.match == "selector":
        return _check_selector_rule(rule)
    return _check_line_rule(rule)


def check_rules(rules: Iterable[Rule]) -> list[ExampleFailure]:
    return [failure for rule in rules for failure in check_rule(rule)]


def example_count(rule: Rule) -> int:
    return len(rule.examples_remove) + len(rule.examples_keep) + len(rule.examples_capture)


def _check_line_rule(rule: Rule) -> list[ExampleFailure]:
    matcher = Matcher([rule])
    failures = []
    for line in rule.examples_remove:
        if matcher.find(line) is None:
            failures.append(_failure(rule, "remove", line, f"should remove {line!r} but does not match it"))
    for line in rule.examples_keep:
        hit = matcher.find(line)
        if hit is not None:
            failures.append(_failure(rule, "keep", line, f"must keep {line!r} but removes it"))
    for example in rule.examples_capture:
        line = example["line"]
        hit = matcher.find(line)
        if hit is None:
            failures.append(_failure(rule, "capture", line, f"should capture from {line!r} but does not match it"))
            continue
        expected = {k: v for k, v in example.items() if k != "line"}
        got = capture_values(hit.groups, rule)
        if got != expected:
            failures.append(_failure(rule, "capture", line, f"captures {got} from {line!r}, expected {expected}"))
    return failures


def _check_selector_rule(rule: Rule) -> list[ExampleFailure]:
    from selectolax.lexbor import LexborHTMLParser

    def matched(html: str) -> bool:
        tree = LexborHTMLParser(html)
        return any(tree.css(selector) for selector in rule.patterns)

    failures = []
    for html in rule.examples_remove:
        if not matched(html):
            failures.append(_failure(rule, "remove", html, f"should match {html!r} but does not"))
    for html in rule.examples_keep:
        if matched(html):
            failures.append(_failure(rule, "keep", html, f"must not match {html!r} but does"))
    return failures


def _failure(rule: Rule, kind: str, example: str, problem: str) -> ExampleFailure:
    return ExampleFailure(rule, kind, example, problem, locate_example(rule.origin, example))


def locate_example(origin: str, example: str) -> str:
    """file:line of `example` in the rule's pack, searching from the rule's own line; the rule's
    origin when the text cannot be found (an escaped string, say)."""
    path, _, line = origin.rpartition(":")
    if not path or not line.isdigit():
        return origin
    lines = _file_lines(path)
    start = int(line) - 1
    # The rule's section ends at the next [[rules]] header.
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("[[")), len(lines))
    needles = (example, example.replace("\\", "\\\\").replace('"', '\\"'))
    for number in range(max(start, 0), end):
        if any(needle and needle in lines[number] for needle in needles):
            return f"{path}:{number + 1}"
    return origin


def _file_lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()
