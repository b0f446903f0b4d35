"""Features of the lines of a flattened page, for the classify stage. Detection only: no thresholds.

Stopword lists are jusText's (one per language, read from the installed justext package at run
time, not copied into the project); the page's language is the list that covers most of its
longer lines' words.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import itemgetter

import ahocorasick
import regex

from ..textnorm import UNSPACED_CHARS_PER_WORD, folded_words, match_key, unspaced_chars, word_tokens

_WORD = regex.compile(r"\w+")
# A line that ends a sentence: terminal punctuation, optionally closed by quotes or brackets.
_CLOSERS = "\"'”’»)]"
_TERMINAL = frozenset(".!?。！？")
# Link-like text: URLs, e-mail addresses, handles, file names, breadcrumb and pipe separators.
# The standard library's engine: on these simple alternatives it is several times faster than `regex`.
_LINK_LIKE = re.compile(
    r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w|(?<!\w)@\w|\w\.(?:com|org|net|html?|php)\b|\s[|›»>/]\s|^[|›»>]|[|›»>]$",
    re.IGNORECASE,
)
# The same test in parts, each run only when the line has the characters it needs: most prose has a
# full stop, and the whole pattern costs microseconds per line where the parts' gates cost nothing.
# (Under IGNORECASE none of the gates' letters or marks has another case form beyond ASCII.)
_URL = re.compile(r"https?://", re.IGNORECASE)
_ADDRESS = re.compile(r"\b[\w.-]+@[\w-]+\.\w|(?<!\w)@\w", re.IGNORECASE)
_DOT_GATE = re.compile(r"[wW]\.|\.[cCoOnNhHpP]")
_DOTTED = re.compile(r"www\.|\w\.(?:com|org|net|html?|php)\b", re.IGNORECASE)
_SEPARATOR_CHARS = frozenset("|›»>/")
_SEPARATED = re.compile(r"\s[|›»>/]\s|^[|›»>]|[|›»>]$", re.IGNORECASE)


def is_link_like(text: str) -> bool:
    """bool(_LINK_LIKE.search(text)), alternative by alternative behind their cheap gates."""
    return bool(
        "://" in text and _URL.search(text)
        or "@" in text and _ADDRESS.search(text)
        or _DOT_GATE.search(text) and _DOTTED.search(text)
        or not _SEPARATOR_CHARS.isdisjoint(text) and _SEPARATED.search(text)
    )


class LineFeatures:
    """What classify knows about one line. The features every line's class needs are computed
    up front; the token shares (stopwords, capitalised, digits) and the link-like test only when
    a decision asks for them: most lines of a flattened page are decided as repeated or short
    before, and those shares cost a pass over the line's tokens."""

    __slots__ = ("text", "tokens", "words", "chars", "sentence_end", "repeats", "chrome_phrase",
                 "_stoplist", "_unspaced", "_shares", "_link_like")

    def __init__(self, text: str, stoplist: frozenset[str], repeats: int, chrome_phrase: bool):
        self.text = text
        self.tokens = word_tokens(text)
        unspaced = unspaced_chars(text)
        # An unspaced script: length decides, no stoplist can judge.
        self._unspaced = unspaced * 2 >= len(text)
        self.words = max(len(self.tokens), unspaced // UNSPACED_CHARS_PER_WORD) if self._unspaced else len(self.tokens)
        self.chars = len(text)
        self.sentence_end = text.rstrip(_CLOSERS)[-1:] in _TERMINAL  # ends in terminal punctuation
        self.repeats = repeats  # how often the same line (match_key) occurs in the page
        self.chrome_phrase = chrome_phrase  # one of the profile's chrome phrases (cookie, privacy policy...)
        self._stoplist = stoplist
        self._shares: tuple[float | None, float, float] | None = None
        self._link_like: bool | None = None

    @property
    def stopwords(self) -> float | None:
        """Share of tokens in the page language's stoplist; None: unspaced script."""
        return self._token_shares()[0]

    @property
    def capitalised(self) -> float:
        """Share of tokens starting with an upper-case letter."""
        return self._token_shares()[1]

    @property
    def digits(self) -> float:
        """Share of tokens that are numbers."""
        return self._token_shares()[2]

    @property
    def link_like(self) -> bool:
        """URL, e-mail, handle, file name, breadcrumb or pipe separators."""
        if self._link_like is None:
            self._link_like = is_link_like(self.text)
        return self._link_like

    def _token_shares(self) -> tuple[float | None, float, float]:
        if self._shares is None:
            tokens = self.tokens
            n = len(tokens)
            if self._unspaced:
                self._shares = (None, 0.0, 0.0)
            elif n:
                # map() over str methods: the same counts as a loop per token, without its bytecode.
                self._shares = (
                    sum(map(self._stoplist.__contains__, map(str.lower, tokens))) / n,
                    sum(map(str.isupper, map(_first_char, tokens))) / n,
                    sum(map(str.isdigit, tokens)) / n,
                )
            else:
                self._shares = (0.0, 0.0, 0.0)
        return self._shares


class PhraseFinder:
    """Whether a case-folded line contains any of a few phrases: one Aho-Corasick scan instead of
    one substring search per phrase, built once per stage rather than per page."""

    def __init__(self, phrases: Sequence[str]):
        self._always = "" in phrases  # the empty phrase is in every line, as `in` says
        self._automaton = ahocorasick.Automaton()
        for phrase in phrases:
            if phrase:
                self._automaton.add_word(phrase, phrase)
        if len(self._automaton):
            self._automaton.make_automaton()

    def __call__(self, folded: str) -> bool:
        if self._always:
            return True
        if not len(self._automaton):
            return False
        for _ in self._automaton.iter(folded):
            return True
        return False


class Stoplists:
    """jusText's stoplists, indexed word -> languages once, then reused for every page."""

    def __init__(self, languages: Sequence[str] = ()):
        import justext

        names = sorted(languages) if languages else sorted(justext.get_stoplists())
        self.lists: dict[str, frozenset[str]] = {name: justext.get_stoplist(name) for name in names}
        index: dict[str, list[str]] = {}
        for name, words in self.lists.items():
            for word in words:
                index.setdefault(word, []).append(name)
        # Words in the same lists share one tuple, so guess() can add up counts per tuple first.
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._index = {word: shared.setdefault(tuple(langs), tuple(langs)) for word, langs in index.items()}

    def guess(self, tokens: Iterable[str], fallback: str = "English", margin: float = 0.9) -> frozenset[str]:
        """The stoplist covering most of the (lower-cased) tokens; the fallback's when none hits."""
        # Big lists (thousands of words, with loanwords) cover English text nearly as well as the
        # English list does: of the lists within `margin` of the best cover, take the smallest.
        per_lists: dict[tuple[str, ...], int] = {}  # tokens per set of lists holding them
        counted = Counter(tokens)
        for lists, count in zip(map(self._index.get, counted), counted.values()):
            if lists is not None:
                per_lists[lists] = per_lists.get(lists, 0) + count
        hits: dict[str, int] = {}
        for lists, count in per_lists.items():
            for name in lists:
                hits[name] = hits.get(name, 0) + count
        if not hits:
            return self.lists.get(fallback, frozenset())
        best = max(hits.values())
        name = min((n for n, h in hits.items() if h >= margin * best), key=lambda n: (len(self.lists[n]), n))
        return self.lists[name]

    def language_of(self, stoplist: frozenset[str]) -> str | None:
        return next((name for name, words in self.lists.items() if words is stoplist), None)


def language_sample(texts: Sequence[str], min_words: int, max_tokens: int) -> list[str]:
    """Lower-cased tokens of the page's longer lines (its prose, if any), up to max_tokens."""
    sample: list[str] = []
    tokens: Sequence[str]
    for text in texts:
        if text.isascii():  # its lower-cased tokens are its folded words (remembered: the guard counts them too)
            if len(word_tokens(text)) < min_words:
                continue
            tokens = folded_words(text)
        else:
            tokens = _WORD.findall(text.lower())
        if len(tokens) >= min_words:
            sample.extend(tokens)
            if len(sample) >= max_tokens:
                break
    return sample


_first_char = itemgetter(0)


def line_features(texts: Sequence[str], stoplist: frozenset[str], chrome_phrases: PhraseFinder) -> list[LineFeatures]:
    """chrome_phrases: finds the case-folded phrases that mark a line as site chrome wherever they occur."""
    counts = Counter(map(match_key, texts))
    return [LineFeatures(text, stoplist, counts[match_key(text)], chrome_phrases(text.casefold())) for text in texts]
