"""Lint rule packs: everything that makes a rule wrong, slow or redundant, reported all at once.

Unlike load_packs, which stops at the first error, the linter reads every file and every rule and
reports each problem with its file:line and rule id:
- errors: invalid TOML, unknown keys and other invalid rules (the loader's own checks), duplicate
  ids, a regex that does not compile or can backtrack catastrophically (cleaner/rulebook/safety.py:
  nested quantifiers, overlapping alternations, a timed probe; the loader refuses these too), a
  rule without examples to remove or keep, an example the rule gets wrong (including removing
  one of its own keep-examples);
- warnings: the same normalised pattern in two rules (or twice in one rule).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex

from ..textnorm import match_key
from .examples import check_rule
from .load import RuleError, build_rule, pack_files, pack_head, pack_rules, read_pack_text
from .model import Rule
from .safety import regex_hazards

_LOCATED = regex.compile(r"^(?P<where>.+?:\d+): (?:rule '(?P<rule>[^']*)': )?(?P<message>.*)$", regex.S)
_EXAMPLE_CODES = {"keep": "removes-keep-example", "remove": "misses-remove-example", "capture": "wrong-capture"}


@dataclass(frozen=True, slots=True)
class Finding:
    where: str  # file:line
    rule: str | None
    code: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        rule = f"rule {self.rule!r}: " if self.rule else ""
        return f"{self.where}: {self.severity}: {rule}{self.message} [{self.code}]"


def _from_rule_error(exc: RuleError, code: str, fallback: str) -> Finding:
    text = str(exc)
    found = _LOCATED.match(text)
    if not found:
        return Finding(fallback, None, code, text)
    message = found["message"]
    if message.startswith(("invalid TOML", "cannot read")):
        code = "invalid-toml"
    return Finding(found["where"], found["rule"], code, message)


def lint_paths(paths: Iterable[str | Path]) -> list[Finding]:
    """Lint the packs in these files or folders, as one rule set (ids must be unique across them)."""
    findings: list[Finding] = []
    rules: list[Rule] = []
    try:
        files = pack_files(paths)
    except RuleError as exc:
        return [_from_rule_error(exc, "missing-pack", str(exc).split(":", 1)[0])]
    for path in files:
        file_rules, file_findings = _lint_file(path)
        rules.extend(file_rules)
        findings.extend(file_findings)
    findings += _duplicate_ids(rules)
    for rule in rules:
        findings += _lint_rule(rule)
    findings += _overlaps(rules)
    return sorted(dict.fromkeys(findings), key=_order)


def _order(finding: Finding) -> tuple:
    path, _, line = finding.where.rpartition(":")
    return (path, int(line) if line.isdigit() else 0, finding.severity != "error", finding.code)


def _lint_file(path: Path) -> tuple[list[Rule], list[Finding]]:
    """The valid rules of one pack file, and every problem found in it."""
    try:
        text, data = read_pack_text(path)
    except RuleError as exc:
        return [], [_from_rule_error(exc, "invalid-toml", str(path))]
    findings: list[Finding] = []
    try:
        head = pack_head(path, text, data)
        pack_id, pack_scope, pack_fillers = head.id, head.scope, head.fillers
    except RuleError as exc:  # still lint the rules, as if the pack had no [pack] table
        findings.append(_from_rule_error(exc, "invalid-pack", f"{path}:1"))
        pack_id, pack_scope, pack_fillers = path.stem, {}, ()
    try:
        raw_rules = pack_rules(path, text, data)
    except RuleError as exc:
        return [], findings + [_from_rule_error(exc, "invalid-pack", f"{path}:1")]
    rules = []
    for raw, line in raw_rules:
        try:
            rules.append(build_rule(raw, pack_id, pack_scope, f"{path}:{line}", pack_fillers))
        except RuleError as exc:
            findings.append(_from_rule_error(exc, "invalid-rule", f"{path}:{line}"))
    return rules, findings


def _duplicate_ids(rules: list[Rule]) -> list[Finding]:
    first: dict[str, Rule] = {}
    findings = []
    for rule in rules:
        if rule.id in first:
            findings.append(Finding(rule.origin, rule.id, "duplicate-id",
                                    f"duplicate id (first defined at {first[rule.id].origin})"))
        else:
            first[rule.id] = rule
    return findings


def _lint_rule(rule: Rule) -> list[Finding]:
    findings = []
    if not rule.examples_remove and not rule.examples_capture:
        findings.append(Finding(rule.origin, rule.id, "no-examples", "no examples.remove: nothing shows what it is for"))
    if not rule.examples_keep:
        findings.append(Finding(rule.origin, rule.id, "no-examples", "no examples.keep: nothing shows what it must leave alone"))
    for failure in check_rule(rule):
        findings.append(Finding(failure.where, rule.id, _EXAMPLE_CODES[failure.kind], failure.problem))
    if rule.match == "regex":
        findings += _regex_risks(rule)
    return findings


def _regex_risks(rule: Rule) -> list[Finding]:
    return [
        Finding(rule.origin, rule.id, hazard.kind,
                f"regex can backtrack catastrophically ({hazard.detail}); use an atomic group (?>...) or a possessive quantifier")
        for pattern in rule.patterns
        for hazard in regex_hazards(pattern)
    ]


def _normalised(rule: Rule, pattern: str) -> tuple[str, str]:
    if rule.match in ("exact", "line", "prefix"):
        return ("line", match_key(pattern))
    return (rule.match, " ".join(pattern.split()))


def _may_meet(a: Rule, b: Rule) -> bool:
    """Two rules whose scopes could both apply to one page (hosts or languages may not overlap)."""
    for mine, theirs in ((a.scope.hosts, b.scope.hosts), (a.scope.languages, b.scope.languages)):
        if mine and theirs and not set(mine) & set(theirs):
            return False
    return True


def _overlaps(rules: list[Rule]) -> list[Finding]:
    owners: dict[tuple[str, str], Rule] = {}
    findings = []
    for rule in rules:
        for pattern in rule.patterns:
            key = _normalised(rule, pattern)
            other = owners.get(key)
            if other is None:
                owners[key] = rule
            elif other.id == rule.id:
                findings.append(Finding(rule.origin, rule.id, "overlap", f"pattern {pattern!r} is listed twice", "warning"))
            elif _may_meet(other, rule):
                findings.append(Finding(
                    rule.origin, rule.id, "overlap",
                    f"pattern {pattern!r} is also in rule {other.id!r} ({other.origin}); only the first in pack order fires",
                    "warning",
                ))
    return findings
