"""Text normalisation shared by stages and the rule matcher.

Two different jobs, kept apart on purpose:
- `canonical_whitespace` is applied to output text: it never changes characters, only spacing.
- `match_key` builds the lookup key for whole-line rules: case-folded, zero-width characters
  and decoration stripped. It is never written to the output.

The per-line features (canonical form, key, word count, sentence ending, article-likeness) are
remembered for the last LINE_CACHE_SIZE distinct lines: blocks, rules, classify, title, span,
dedup and guard all ask about the same lines of a page, and each answer is then computed once.
"""
from __future__ import annotations

import functools
import unicodedata
from collections import Counter

import regex

# Zero-width and invisible format characters that scrapers leave inside words and phrases.
_INVISIBLE = regex.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u180e]")
# Horizontal whitespace of every kind (NBSP, thin spaces, tabs...), but not newlines.
_HSPACE = regex.compile(r"[^\S\n]+")
# Decoration around a marker line: bullets, pipes, arrows, colons, ellipses, dashes.
EDGE_DECORATION = "\t :;|•·»«›‹>→←–—-_*#.…!?,()[]{}\"'“”‘’"
_WORD = regex.compile(r"\w+", regex.UNICODE)
# Sentence punctuation of the scripts the packs cover: Latin, CJK full stops, Devanagari danda.
_SENTENCE_END = regex.compile(r"[.!?。！？…:;।॥][\"'”’»)\]」』]*$")
# Scripts written without spaces between words: a run of them is one \w+ token, so their words
# are counted as characters / UNSPACED_CHARS_PER_WORD (about two characters a word in ja and zh).
UNSPACED_CLASS = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"
_UNSPACED = regex.compile(UNSPACED_CLASS)
UNSPACED_CHARS_PER_WORD = 2
# A paragraph of article prose has at least this many words (and a sentence ending): the one
# default of every stage's article_min_words (rules, title, span, dedup, guard) and of mining.
ARTICLE_MIN_WORDS = 12
# Lines remembered per feature (a few pages' worth); the functions are pure, so a hit is exact.
LINE_CACHE_SIZE = 4096
_LINE_CACHES: list = []


def _per_line(function):
    cached = functools.lru_cache(maxsize=LINE_CACHE_SIZE)(function)
    _LINE_CACHES.append(cached)
    return cached


def forget_lines() -> None:
    """Empty the per-line caches (benchmarks measure pages never seen, as in a crawl)."""
    for cached in _LINE_CACHES:
        cached.cache_clear()


def to_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


# ASCII whitespace that _HSPACE would replace, other than the single space (and Python's isspace()
# extras, to be safe): an ASCII line without these and without a double space has nothing to collapse.
_ASCII_SPACE_TO_COLLAPSE = frozenset("\t\x0b\x0c\r\x1c\x1d\x1e\x1f")


@_per_line
def canonical_whitespace(line: str) -> str:
    """Collapse runs of horizontal whitespace to one space and trim the ends. Characters stay."""
    if line.isascii() and "  " not in line and _ASCII_SPACE_TO_COLLAPSE.isdisjoint(line):
        return line.strip()  # the common line: no invisible characters (never ASCII), no run to collapse
    return _HSPACE.sub(" ", _INVISIBLE.sub("", line)).strip()


@_per_line
def match_key(line: str) -> str:
    """The key a whole-line rule is looked up by: 'Follow us on:' and ' FOLLOW US ON ' meet."""
    if line.isascii():  # no invisible characters, NFKC leaves it as is, case folding is lower()
        folded = line.lower()
    else:
        folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", line)).casefold()
    return " ".join(folded.split()).strip(EDGE_DECORATION)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_bag(text: str) -> Counter:
    """The text's case-folded words with their counts: what two texts are compared by."""
    return Counter(w.casefold() for w in words(text))


def share_held(holder: Counter, held: Counter) -> float:
    """The share of `held`'s words (counted with repeats) that `holder` holds; 1.0 when `held` is empty."""
    total = sum(held.values())
    return sum((holder & held).values()) / total if total else 1.0


@_per_line
def word_tokens(text: str) -> tuple[str, ...]:
    """The \\w+ tokens of a line, remembered (a tuple, so no caller can change the shared answer)."""
    return tuple(_WORD.findall(text))


@_per_line
def folded_words(text: str) -> tuple[str, ...]:
    """The case-folded \\w+ tokens of a line: what the guard counts."""
    return tuple(map(str.casefold, word_tokens(text)))


@_per_line
def unspaced_chars(text: str) -> int:
    """Characters of scripts written without spaces (Han, kana, Thai...)."""
    return 0 if text.isascii() else len(_UNSPACED.findall(text))


@_per_line
def word_count(text: str) -> int:
    """Words in any script: \\w+ tokens, or for text mostly in an unspaced script its characters
    divided by UNSPACED_CHARS_PER_WORD, whichever is larger."""
    tokens = len(word_tokens(text))
    unspaced = unspaced_chars(text)
    return max(tokens, unspaced // UNSPACED_CHARS_PER_WORD) if unspaced else tokens


# A list item as flattening leaves it: a bullet, a dash, or "1." / "2)" before the text.
_LIST_ITEM = regex.compile(r"^\s*(?:[•·▪◦‣●○■□✓✔➤►▶*–—-]|\d{1,2}[.)])\s+\S")


def is_list_item(text: str) -> bool:
    return bool(_LIST_ITEM.match(text))


@_per_line
def ends_like_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


@_per_line
def is_article_like(text: str, min_words: int = ARTICLE_MIN_WORDS) -> bool:
    """A paragraph of prose: enough words and a sentence ending. Used as the anchor that
    position scopes and cut-block actions measure from."""
    return word_count(text) >= min_words and ends_like_sentence(text)
