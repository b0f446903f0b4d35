"""The compiled Matcher against its specification: every rule tried on the line in turn.

ReferenceMatcher below is the plain per-rule loop (exact and whole-line lookups, prefixes, each
regex with its first-character prefilter, each concept rule), kept here as the spec. The compiled
matcher (one multi-pattern scan, rank-ordered confirmation, per-line cache) must give the same hit
(rule and captured groups) on every shipped rule example, every line of the seeds and the
aggregator tuning cases, with and without the `allowed` filters the stages pass.
"""
from __future__ import annotations

import pytest
import regex
from project_paths import ROOT, SHARED

from cleaner.rulebook import Matcher, load_packs, match
from cleaner.rulebook.concept import CompiledConcept, fold
from cleaner.rulebook.model import Rule
from cleaner.rulebook.prefilter import first_chars, gate_alternative, line_may_match
from cleaner.textnorm import canonical_whitespace, match_key, word_count

TUNING_CASES = SHARED / "bench" / "aggregator-dev" / "cases.txt"
RULES = tuple(rule for pack in load_packs() for rule in pack.rules if rule.match != "selector")


class ReferenceMatcher:
    """The specification: the first rule in pack order that matches the line and is allowed."""

    def __init__(self, rules):
        self.rules = tuple(rules)
        self.rank = {rule.id: i for i, rule in enumerate(self.rules)}
        self.concepts = [CompiledConcept(rule) for rule in self.rules if rule.match == "concept"]
        self.regexes = [(regex.compile(p), first_chars(p), rule) for rule in self.rules if rule.match == "regex"
                        for p in rule.patterns]

    def find(self, line, allowed=lambda rule: True):
        line = canonical_whitespace(line)
        if not line:
            return None
        key = match_key(line)
        n_words = key.count(" ") + 1
        hits = []
        for rule in self.rules:
            if not allowed(rule):
                continue
            for pattern in rule.patterns:
                if rule.match == "exact" and canonical_whitespace(pattern) == line:
                    hits.append((rule, {}))
                elif rule.match == "line" and match_key(pattern) == key:
                    hits.append((rule, {}))
                elif rule.match == "prefix" and n_words <= rule.max_words and key.startswith(match_key(pattern)) \
                        and key.split(" ", 1)[0] == match_key(pattern).split(" ", 1)[0]:
                    hits.append((rule, {}))
        for pattern, starts, rule in self.regexes:
            if n_words <= rule.max_words and line_may_match(line, starts) and allowed(rule):
                found = pattern.search(line)
                if found:
                    hits.append((rule, {k: v for k, v in found.groupdict().items() if v is not None}))
        for concept in self.concepts:
            rule = concept.rule
            if word_count(line) <= rule.max_words and allowed(rule) and concept.matches(fold(line)):
                hits.append((rule, {}))
        if not hits:
            return None
        rule, groups = min(hits, key=lambda hit: self.rank[hit[0].id])  # first of the best rank
        return rule.id, groups


def _lines() -> list[str]:
    lines = []
    for rule in RULES:
        lines += list(rule.examples_remove) + list(rule.examples_keep)
        lines += [example["line"] for example in rule.examples_capture if "line" in example]
        lines += list(rule.patterns)
    for path in sorted((ROOT / "seeds").rglob("*")):
        if path.is_file():
            lines += path.read_text(encoding="utf-8", errors="replace").split("\n")
    if TUNING_CASES.exists():
        lines += TUNING_CASES.read_text(encoding="utf-8").split("\n")
    # Edges: empty, spacing, case, decoration and scripts without spaces.
    lines += ["", "   ", "\u200b", "FOLLOW   US  ON:", "• Share this article", "下载ZestlyAPP", "Get\u00a0the  App"]
    return list(dict.fromkeys(lines))


LINES = _lines()
FILTERS = {
    "all": lambda rule: True,
    "not beside-chrome": lambda rule: rule.scope.position != "beside-chrome",
    "cut-to-end only": lambda rule: rule.action == "cut-to-end",
    "every other rule": lambda rule: hash(rule.id) % 2 == 0,
    "no concepts": lambda rule: rule.match != "concept",
}


def _hit(found):
    return None if found is None else (found.rule.id, found.groups)


@pytest.mark.parametrize("name", FILTERS)
def test_compiled_matcher_gives_the_reference_hits(name):
    allowed = FILTERS[name]
    reference, compiled = ReferenceMatcher(RULES), Matcher(RULES)
    assert len(LINES) > 1000  # the seeds and examples were found
    differences = [(line, reference.find(line, allowed), _hit(compiled.find(line, allowed))) for line in LINES]
    differences = [d for d in differences if d[1] != d[2]]
    assert not differences, "\n".join(map(repr, differences[:10]))
    # Asked again (the per-line cache), and with another filter in between, the answers stay.
    compiled.find("Share this article", FILTERS["cut-to-end only"])
    again = [d for d in ((line, reference.find(line, allowed), _hit(compiled.find(line, allowed))) for line in LINES)
             if d[1] != d[2]]
    assert not again, "\n".join(map(repr, again[:10]))


def test_the_reference_finds_hits():
    """The comparison means something: many lines are chrome, many are not."""
    reference = ReferenceMatcher(RULES)
    found = [reference.find(line) for line in LINES]
    rules_hit = {hit[0] for hit in found if hit}
    assert sum(1 for hit in found if hit) > 300
    assert sum(1 for hit in found if hit is None) > 300
    assert {"concept", "regex", "line"} <= {r.match for r in RULES if r.id in rules_hit}


@pytest.mark.parametrize("rule", [r for r in RULES if r.match == "concept"], ids=lambda r: r.id)
def test_each_concept_rule_alone(rule):
    """A matcher of one concept rule (as `cleaner rules test` builds) agrees with the reference."""
    reference, compiled = ReferenceMatcher([rule]), Matcher([rule])
    lines = list(rule.examples_remove) + list(rule.examples_keep)
    assert [reference.find(line) for line in lines] == [_hit(compiled.find(line)) for line in lines]


def test_the_gate_on_every_line_gives_the_reference_hits(monkeypatch):
    """Lines seldom keep enough regex candidates to run the gate: run it on every line."""
    monkeypatch.setattr(match, "GATE_MIN_LINE_CANDIDATES", 1)
    reference, compiled = ReferenceMatcher(RULES), Matcher(RULES)
    for name in ("all", "cut-to-end only"):
        allowed = FILTERS[name]
        differences = [(line, reference.find(line, allowed), _hit(compiled.find(line, allowed))) for line in LINES]
        differences = [d for d in differences if d[1] != d[2]]
        assert not differences, "\n".join(map(repr, differences[:10]))


def test_the_regex_gate_covers_the_shipped_regex_rules():
    """The shipped regex rules share one gate search (a line matching none of them costs one search)."""
    compiled = Matcher(RULES)
    regex_rules = [rule for rule in RULES if rule.match == "regex"]
    assert compiled._gate is not None
    assert len(compiled._gate.members) >= len(regex_rules) - 2


@pytest.mark.parametrize("pattern", [
    r"^read more|share",        # only the first branch is anchored: "share" matches anywhere
    r"(?i)^(\w+) \1$",          # a reference to a group by number
    r"^(?P<w>\w+) (?P=w)$",     # ... or by name
    r"^a(?s).b",                # flags for the whole pattern, not at its start
    r"(?i)(?m)^x",
    r"share$",                  # not anchored at the start
])
def test_patterns_that_cannot_share_the_gate_are_left_out(pattern):
    assert gate_alternative(pattern) is None


def test_user_regex_rules_behind_the_gate_give_the_reference_hits():
    """Rules as a user may write them, some gateable and some not, in one matcher with the
    shipped ones: the gate never hides a hit."""
    extra = [
        ("user.read-more", r"^read more|share"),
        ("user.double", r"(?i)^(\w+) \1$"),
        ("user.scoped", r"^(?i:follow)\s+(?-i:US)\b"),
        ("user.named", r"^(?P<label>photo|image):\s*(?P<credit>.+)$"),
        ("user.dotall", r"^a(?s).b"),
        ("user.end", r"(?i)\bsubscribe today$"),
    ]
    users = tuple(Rule(id=rule_id, pack="user", why="test", match="regex", patterns=(pattern,), max_words=40)
                  for rule_id, pattern in extra)
    rules = users + RULES  # ranked first, so their hits are not another rule's
    lines = LINES + ["Share this", "Please share", "yes yes", "Yes YES", "follow US now", "FOLLOW US now",
                     "Follow us now", "photo: Jane Doe", "image: AP", "a\nb", "axb", "Please subscribe today"]
    reference, compiled = ReferenceMatcher(rules), Matcher(rules)
    differences = [(line, reference.find(line), _hit(compiled.find(line))) for line in lines]
    differences = [d for d in differences if d[1] != d[2]]
    assert not differences, "\n".join(map(repr, differences[:10]))
    hit_ids = {_hit(compiled.find(line))[0] for line in lines if compiled.find(line)}
    assert {"user.read-more", "user.double", "user.scoped", "user.named", "user.end"} <= hit_ids
