"""Concept rules: a short line matched by the co-occurrence of terms, not by one phrase.

A concept rule lists groups of terms (one TOML pattern string per group, terms separated by "|"),
in as many languages as it covers. A line matches when

- it has at most `max_words` words (counted in any script: see textnorm.word_count);
- every group has at least one of its terms in the line; and
- when the rule says `anchor = "start"`, the line begins with a term of the first group
  (consent banners and legal lines begin "We use cookies", "By subscribing"; reporting that quotes
  them does not); and
- once all terms, fillers (function words such as "the", "our", "jetzt", "sur") and numbers
  (counters such as "1.4K", "389") are taken out, at most `slot_words` words are left: the slot
  where a brand or a source name goes.

So "Get the NewsBreak app", "Continue in the Squid app" and "Jetzt die App herunterladen" are one
app-prompt rule, while "Users who download the app are asked for their location" is prose (too
many words left over). Terms match whole words in spaced scripts and as substrings in scripts
written without spaces (ja, zh), all compared case-folded (NFKC) like `match_key`.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from operator import itemgetter
from typing import Generic, TypeVar

import ahocorasick
import regex

from ..textnorm import EDGE_DECORATION, UNSPACED_CLASS, match_key, unspaced_chars, word_count
from .model import Rule

TERM_SEPARATOR = "|"
# Characters of a slot written without spaces that count as one word (a katakana brand name).
UNSPACED_CHARS_PER_SLOT_WORD = 4
# Han words are one or two characters: counted like kana, a sentence of Chinese reportage
# ("...获得了数十万次点赞...评论区...") fitted the slot a brand name is given.
HAN_CHARS_PER_SLOT_WORD = 2
_HAN = regex.compile(r"\p{Han}")
_TOKEN = regex.compile(r"\w+")
# What may stand before an anchored term: spaces, bullets, emoji and other symbols, punctuation.
LEAD_DECORATION = " \t•·*-–—>»|✨🔒🔓▶►⏱\u200b\ufeff\"'“‘«([{"
# A counter or quantity: "12", "1.4k", "48,3", "5h", "2d", "128件".
_NUMBERISH = regex.compile(r"\d[\d.,]*\p{L}{0,3}")
# A character of an unspaced script in a slot, with the kana prolonged sound mark that writes
# katakana words but belongs to no script ("ニュース" is one brand word, not two).
_SLOT_UNSPACED = regex.compile(rf"{UNSPACED_CLASS}|[\u30fc\uff70]")
# A word character of a script written with spaces. A spaced term may not touch one, but it may
# touch Han or kana: ja and zh glue Latin words to their text ("APP内打开", "LINEで送る").
SPACED_WORD_CHAR = rf"(?:(?!{UNSPACED_CLASS})\w)"
# A term of a spaced script starting or ending in a letter is fenced by these (see term_bodies).
_LEAD = rf"(?<!{SPACED_WORD_CHAR})"
_TRAIL = rf"(?!{SPACED_WORD_CHAR})"
# Where a run of an unspaced script meets a word character of another script.
_SCRIPT_SEAM = regex.compile(rf"(?<={UNSPACED_CLASS})(?={SPACED_WORD_CHAR})|(?<={SPACED_WORD_CHAR})(?={UNSPACED_CLASS})")
# Looking for one such character first is several times cheaper than the seam's lookarounds at
# every position of a line that has none (most non-ASCII lines: Cyrillic, Devanagari, accents).
_UNSPACED_CHAR = regex.compile(UNSPACED_CLASS)


def fold(text: str) -> str:
    """The case-folded form terms and lines are compared in (as match_key folds lines)."""
    if text.isascii():  # NFKC leaves ASCII as is, and its case folding is lower()
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def split_terms(pattern: str) -> tuple[str, ...]:
    """The terms of one group: 'get | download | install' -> ('get', 'download', 'install')."""
    return tuple(t for t in (" ".join(fold(part).split()) for part in pattern.split(TERM_SEPARATOR)) if t)


def terms_regex(terms: tuple[str, ...] | list[str]) -> regex.Pattern:
    """One pattern finding any of the terms, longest first; whole words where the script has spaces."""
    return _alternation(term_bodies(terms))


def term_bodies(terms: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """Each term (longest first, as terms_regex tries them) with its pattern."""
    bodies = []
    for term in sorted(set(terms), key=len, reverse=True):
        body = regex.escape(term).replace(r"\ ", r"\s+")
        if unspaced_chars(term) * 2 < len(term):
            # Spaced script: a term starting or ending in a letter must not be part of a longer word
            # of a spaced script (Han or kana beside it are another word).
            if regex.match(r"\w", term):
                body = _LEAD + body
            if regex.search(r"\w$", term):
                body = body + _TRAIL
        bodies.append((term, body))
    return bodies


def _alternation(bodies: list[tuple[str, str]]) -> regex.Pattern:
    """The bodies as one alternative each, tried in order. Neighbours with the same edge
    lookarounds share one copy of them (L(?:A|B)T tries what LAT|LBT tries, in the same order):
    the Unicode class inside each copy is most of the time a compile takes."""
    runs: list[tuple[str, str, list[str]]] = []
    for _, body in bodies:
        lead = _LEAD if body.startswith(_LEAD) else ""
        trail = _TRAIL if body.endswith(_TRAIL) else ""
        core = body[len(lead): len(body) - len(trail)]
        if runs and runs[-1][0] == lead and runs[-1][1] == trail:
            runs[-1][2].append(core)
        else:
            runs.append((lead, trail, [core]))
    alternatives = (f"{lead}(?:{'|'.join(cores)}){trail}" if lead or trail else "|".join(cores)
                    for lead, trail, cores in runs)
    return regex.compile("|".join(alternatives) or r"(?!)")


def spaced(text: str) -> str:
    """Runs of whitespace made single spaces: where a term's words, separated by \\s+ in its
    pattern, appear as the term itself when the pattern matches."""
    return " ".join(text.split())


# Cover patterns remembered per concept, one per set of terms a line holds (few distinct sets).
COVER_CACHE_SIZE = 512


def slot_size(rest: str) -> int:
    """Words left in the slot: numbers are counters and do not count; a run of an unspaced script
    counts one word per HAN_CHARS_PER_SLOT_WORD Han characters and per UNSPACED_CHARS_PER_SLOT_WORD
    of its other characters (kana, Thai)."""
    size = 0
    for token in _TOKEN.findall(rest):
        if _NUMBERISH.fullmatch(token):
            continue
        unspaced = 0 if token.isascii() else len(_SLOT_UNSPACED.findall(token))
        if unspaced:
            han = len(_HAN.findall(token))
            size += -(-han // HAN_CHARS_PER_SLOT_WORD) + -(-(unspaced - han) // UNSPACED_CHARS_PER_SLOT_WORD)
            size += 1 if unspaced < len(token) else 0
        else:
            size += 1
    return size


# A question ends in a question mark, perhaps closed by quotes or brackets (Latin, full-width, Arabic).
_QUESTION_END = regex.compile(r"[?？؟][\"'”’»)\]」』]*\s*$")


def is_question(line: str) -> bool:
    return _QUESTION_END.search(line) is not None


class CompiledConcept:
    """One concept rule, compiled once; `matches` takes a folded line."""

    __slots__ = ("rule", "terms", "_groups", "_cover_terms", "_cover_finder", "_covers", "_anchored")

    def __init__(self, rule: Rule):
        self.rule = rule
        groups = [split_terms(pattern) for pattern in rule.patterns]
        self.terms = tuple(groups)  # per group, its folded terms (ConceptScanner indexes them)
        self._groups = [terms_regex(group) for group in groups]
        everything = [term for group in groups for term in group] + list(rule.fillers)
        # The pattern taking out every term and filler is an alternation of hundreds of words,
        # slow to run at each position of a line; the line's own terms are a handful.
        self._cover_terms = [(spaced(term), body) for term, body in term_bodies(everything)]
        # Which of them occur in a line: one Aho-Corasick scan, not a substring test per term.
        self._cover_finder = _automaton({term: i for i, (term, _) in enumerate(self._cover_terms)})
        self._covers: dict[tuple[int, ...], regex.Pattern] = {}
        self._anchored = rule.anchor == "start"

    def matches(self, folded: str) -> bool:
        if not self.rule.questions and is_question(folded):
            return False
        if self._anchored and not self._groups[0].match(folded.lstrip(LEAD_DECORATION)):
            return False
        if not all(group.search(folded) for group in self._groups):
            return False
        return slot_size(self._cover(folded).sub(" ", folded)) <= self.rule.slot_words

    def _cover(self, folded: str) -> regex.Pattern:
        """The cover pattern with only the alternatives whose term occurs in the line, in their
        order: the others match nowhere in it, so the substitutions are the same."""
        line = spaced(folded)
        present = tuple(sorted(set(map(_number, self._cover_finder.iter(line))))) if len(self._cover_finder) else ()
        pattern = self._covers.get(present)
        if pattern is None:
            if len(self._covers) >= COVER_CACHE_SIZE:
                self._covers.clear()
            pattern = self._covers[present] = _alternation([self._cover_terms[i] for i in present])
        return pattern


Payload = TypeVar("Payload")

_WORDS_ONLY = regex.compile(r"\w+(?: \w+)*")
_NON_WORD_RUN = regex.compile(r"\W+")
# The same on an ASCII line, where both engines agree on \w and `re` is about twice as fast.
_ASCII_NON_WORD_RUN = re.compile(r"\W+", re.ASCII)
_number = itemgetter(1)  # of an automaton hit (end, value)


# Where the scanner looks for a term's searched form (search_form).
_BOUNDED, _SUBSTRING, _AT_EDGE = "bounded", "substring", "at-edge"
# Decoration a term may end in ("disclaimer:") that is never part of a word.
_NON_WORD_DECORATION = "".join(c for c in EDGE_DECORATION if not regex.match(r"\w", c))


def search_form(term: str) -> tuple[str, str]:
    """How the scanner looks for a term, in the line's match_key (the folded line without the
    decoration at its ends, which the matcher has computed anyway):

    - words of a spaced script ("app", "d" of "5 d"; "disclaimer" of "disclaimer:"), padded with
      spaces, in bounded_text(key): their pattern (term_bodies) wants no word character on either
      side, so "d" inside "today" is no hit;
    - other terms (unspaced scripts, punctuation inside), as substrings of the key;
    - a term that is all decoration, or starts or ends with "_", as a substring of the folded line
      (the key may have lost it).

    Never a false negative: the form is a part of the term found wherever the term's pattern
    matches, and no match of a form with a letter at each end lies in the decoration the key drops.
    """
    text = term.strip(_NON_WORD_DECORATION)
    if not text or text[0] in EDGE_DECORATION or text[-1] in EDGE_DECORATION:
        return term, _AT_EDGE
    if _WORDS_ONLY.fullmatch(text) and unspaced_chars(text) * 2 < len(text):
        return text, _BOUNDED
    return text, _SUBSTRING


def bounded_text(folded: str) -> str:
    """The line as bounded terms are looked for in it: every run of non-word characters (spaces,
    punctuation) one space, a space where Han or kana meet another script's word ("app内" gives
    "app 内"), and a space at each end. A term found by its pattern, with no word character of a
    spaced script on either side and its words apart by whitespace, is found here padded by spaces."""
    if folded.isascii():
        return f" {_ASCII_NON_WORD_RUN.sub(' ', folded)} "
    spaced = _NON_WORD_RUN.sub(" ", folded)
    if _UNSPACED_CHAR.search(spaced):
        spaced = _SCRIPT_SEAM.sub(" ", spaced)
    return f" {spaced} "


def _automaton(words: dict[str, int]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, number in words.items():
        automaton.add_word(word, number)
    if words:
        automaton.make_automaton()
    return automaton


class ConceptScanner(Generic[Payload]):
    """All concept rules of a rule set in one pass over a line: one Aho-Corasick automaton holds
    every term of every group; a rule is a candidate when each of its groups has a term among
    those found and the line is short enough for it. Only candidates run their own patterns
    (CompiledConcept.matches), which also check whole words, the anchor and the slot.

    Never a false negative: a term the group's pattern finds (its words separated by any run of
    whitespace) is a substring of the folded line with whitespace runs made single spaces, which
    is what the automaton scans.

    Built from (concept, payload) pairs; `candidates` answers with the payloads of the concepts that
    may match (the matcher's own candidate objects)."""

    def __init__(self, entries: Sequence[tuple[CompiledConcept, Payload]]):
        concepts = tuple(concept for concept, _ in entries)
        self._candidates = tuple(payload for _, payload in entries)
        self._max_words_of = tuple(concept.rule.max_words for concept in concepts)
        # A term is looked for in its searched form (search_form); terms with the same form share
        # a number, and a rule needs a form of each of its groups.
        ids: dict[tuple[str, str], int] = {}
        self._needs = tuple(
            tuple(frozenset(ids.setdefault(search_form(term), len(ids)) for term in group) for group in concept.terms)
            for concept in concepts
        )
        # A rule without groups needs no term (an edge the loader may allow): it is always tried.
        self._always = tuple(i for i, needs in enumerate(self._needs) if not needs)
        # A rule needs a term of its first group, so the terms found name the only rules to check.
        holders: dict[int, list[int]] = {}
        for i, needs in enumerate(self._needs):
            for number in needs[0] if needs else ():
                holders.setdefault(number, []).append(i)
        self._holders = {number: tuple(positions) for number, positions in holders.items()}
        self._max_words = max(self._max_words_of, default=0)
        self._bounded = _automaton({f" {text} ": n for (text, where), n in ids.items() if where == _BOUNDED})
        self._substrings = _automaton({text: n for (text, where), n in ids.items() if where == _SUBSTRING})
        self._at_edge = _automaton({text: n for (text, where), n in ids.items() if where == _AT_EDGE})

    def candidates(self, line: str, key: str | None = None) -> list[Payload]:
        """The concept rules (their candidates, in rule order) that may match this canonical line
        (`key`: its match_key, when the caller has it)."""
        if not self._candidates or word_count(line) > self._max_words:
            return []  # a paragraph longer than any concept rule allows (its words are counted once per page)
        if key is None:
            key = match_key(line)
        found = set(map(_number, self._bounded.iter(bounded_text(key)))) if len(self._bounded) else set()
        if len(self._substrings):
            found.update(map(_number, self._substrings.iter(key)))
        if len(self._at_edge):
            found.update(map(_number, self._at_edge.iter(" ".join(fold(line).split()))))
        if not found and not self._always:
            return []
        positions = set(self._always)
        for number in found:
            positions.update(self._holders.get(number, ()))
        needs = self._needs
        picked = [i for i in sorted(positions) if all(not group.isdisjoint(found) for group in needs[i])]
        if not picked:
            return []
        length = word_count(line)
        return [self._candidates[i] for i in picked if length <= self._max_words_of[i]]
