"""Encoding damage a scrape left in the text, repaired line by line before decode strips controls.

Two kinds of damage, each logged per line as a `Repaired` event (what changed, on which line):

- mojibake (`encoding.mojibake`): UTF-8 read as cp1252 or latin-1 somewhere upstream, once or
  more ("donâ€™t", "cafÃ©", "â\\x9c\\x85" for "don’t", "café", "✅"). ftfy decides what is damage and
  restores it, with only its encoding repairs switched on (see `_FTFY`): quotes, ligatures, widths
  and normalisation are left alone, so typographic characters stay as they are. It needs the C1
  controls that are part of such sequences, so it runs before decode drops them. A line reaches
  ftfy only when it holds a mojibake lead character followed by a continuation character
  (`_SUSPECT`), so clean pages cost one regex search. In HTML the same damage is sometimes written
  as entities ("isn&acirc;&euro;&trade;t"): a run of references that decodes to such a sequence
  is repaired too.
- leftover entities in text pages (`encoding.entities`): "Tom &amp; Jerry", "don&#8217;t",
  "a&nbsp;b" from a scraper that never unescaped. Only complete references (with the semicolon)
  are decoded, repeatedly, so a double escape ("&amp;#8217;") comes out right and the result has
  no reference left to decode again. When the entities are clearly the content they stay: the
  page shows markup (a literal tag, or an escaped one such as "&lt;p&gt;") or speaks of them
  ("HTML entities", "character references", "escape characters"); a line indented as code, or a
  `backticked` span, is left as it is too.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import regex
from ftfy import TextFixerConfig, fix_text

from ..document import Repaired

# ftfy with its encoding repairs only: undo UTF-8 read as cp1252/latin-1 (also when some of the
# line is fine), NBSPs that became spaces inside such sequences, and sequences whose bytes were
# lost (to U+FFFD). Lone C1 controls are decode's (dropped; NEL separates words), and nothing else
# of ftfy's (quotes, ligatures, widths, line breaks, NFC/NFKC, entities) runs.
_FTFY = TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
# What a UTF-8 lead byte (0xC2-0xF4) looks like read as cp1252/latin-1, followed by what a
# continuation byte (0x80-0xBF) looks like: latin-1's C1 and NBSP-¿, or cp1252's letters and
# punctuation for 0x80-0x9F. Also "Â"/"Ã" before a space: an NBSP that became a space after the
# damage. Valid text matches this too ("Křížek", "NESCAFÉ®"); ftfy tells the two apart.
_CP1252_CONTINUATIONS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_SUSPECT = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_CONTINUATIONS}]|[\u00c2\u00c3] ")
# The same test on the page's UTF-8 bytes, where every lead character starts with the byte 0xC3:
# a literal first byte lets the engine skip ahead, about ten times faster than the class above
# (an HTML page is some 300 kB, and every page is scanned).
_SUSPECT_UTF8 = re.compile(
    b"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|"
    + b"|".join(re.escape(c.encode()) for c in _CP1252_CONTINUATIONS)
    + b")|\xc3[\x82\x83] "
)
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_RUN = re.compile(r"(?:&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});){2,}")
# An entity for a lead character (see _SUSPECT) right before another entity: where escaped
# mojibake starts ("&acirc;&euro;&trade;", "&Atilde;&copy;", "&#195;&#169;").
_ESCAPED_LEAD = re.compile(
    r"&(?:[AaEeIiOoUu](?:circ|tilde|grave|acute|uml|ring)|AElig|aelig|Ccedil|ccedil|ETH|eth|Ntilde|ntilde"
    r"|times|Oslash|Yacute|THORN|szlig|#0*(?:19[4-9]|2[0-4][0-9])|#[xX]0*(?:[cCdDeE][0-9a-fA-F]|[fF][0-4]));&"
)
# A page that shows markup or talks about it: its entities are examples, not damage.
_MARKUP_CONTEXT = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>|&lt;/?[A-Za-z][A-Za-z0-9-]*"
    r"|\b(?:html|xml|character|named|numeric)\s+(?:entit(?:y|ies)|references?)\b"
    r"|\b(?:html|xml)[- ]escap|\bescap(?:e|es|ed|ing)\s+(?:html|xml|characters?|sequences?|ampersands?)\b",
    re.IGNORECASE,
)
_CODE_LINE = regex.compile(r"^(?: {4}|\t)")
_BACKTICKED = regex.compile(r"`[^`\n]*`")
_MAX_UNESCAPE_ROUNDS = 4
# Lines longer than this go to ftfy in windows of this much context around each suspect sequence.
_WHOLE_LINE = 2000
_WINDOW_CONTEXT = 200
# The changed part of a line is logged with this much context on either side, at most this long.
_CONTEXT = 12
_MAX_LOGGED = 160

MOJIBAKE_RULE = "encoding.mojibake"
ENTITIES_RULE = "encoding.entities"
_MOJIBAKE_WHY = "UTF-8 read as cp1252/latin-1 upstream (mojibake); the intended characters restored"
_ENTITIES_WHY = "HTML entities left in flattened text; decoded"


@dataclass(frozen=True, slots=True)
class EncodingRepair:
    """What to repair; the switches are decode's profile parameters."""

    mojibake: bool = True
    text_entities: bool = True

    def run(self, text: str, kind: str, stage: str = "decode") -> tuple[str, list[Repaired]]:
        """The text with its damage repaired, and one event per repaired line (0-based line
        numbers of `text`, whose newlines must be normalised already). Unchanged text is
        returned as the same object."""
        fix_entities = self.text_entities and kind == "text" and "&" in text and _ENTITY.search(text) is not None
        if fix_entities and _MARKUP_CONTEXT.search(text):
            fix_entities = False
        suspect = self.mojibake and (fix_entities or (
            not text.isascii() and _SUSPECT_UTF8.search(text.encode("utf-8", "surrogatepass")) is not None))
        escaped = self.mojibake and kind == "html" and _ESCAPED_LEAD.search(text) is not None
        if not (fix_entities or suspect or escaped):
            return text, []
        lines = text.split("\n")
        events: list[Repaired] = []
        for number, line in enumerate(lines):
            repaired = line
            if fix_entities:
                repaired = _log(events, stage, ENTITIES_RULE, _ENTITIES_WHY, number, repaired, unescape_entities(repaired))
            if escaped and "&" in repaired:
                repaired = _log(events, stage, MOJIBAKE_RULE, _MOJIBAKE_WHY, number, repaired, fix_escaped_mojibake(repaired))
            if suspect and _SUSPECT.search(repaired):
                repaired = _log(events, stage, MOJIBAKE_RULE, _MOJIBAKE_WHY, number, repaired, fix_mojibake_line(repaired))
            lines[number] = repaired
        return ("\n".join(lines), events) if events else (text, [])


def fix_mojibake_line(line: str) -> str:
    """ftfy's encoding repair of one line (see _FTFY); valid text ("você", "âge") is left alone.
    A long line (minified HTML) goes to ftfy in windows around its suspect sequences, each with a
    few hundred characters of context, since ftfy's cost grows with the text it is given."""
    if len(line) <= _WHOLE_LINE:
        return fix_text(line, _FTFY)
    pieces, done = [], 0
    for start, end in _windows(line):
        pieces += [line[done:start], fix_text(line[start:end], _FTFY)]
        done = end
    return "".join(pieces) + line[done:]


def _windows(line: str) -> list[tuple[int, int]]:
    """Spans of `line` around its suspect sequences, with _WINDOW_CONTEXT characters either side
    (ending at whitespace where one is near), overlapping spans merged."""
    spans: list[tuple[int, int]] = []
    for hit in _SUSPECT.finditer(line):
        start = _word_start(line, max(0, hit.start() - _WINDOW_CONTEXT))
        end = _word_end(line, min(len(line), hit.end() + _WINDOW_CONTEXT))
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def fix_escaped_mojibake(line: str) -> str:
    """HTML whose mojibake was written as entities ("isn&acirc;&euro;&trade;t"): each run of
    references that decodes to mojibake is replaced by the repaired characters (escaped again
    where they are markup characters)."""
    return _ENTITY_RUN.sub(_fix_entity_run, line)


def _fix_entity_run(run: re.Match) -> str:
    decoded = html.unescape(run.group())
    if not _SUSPECT.search(decoded):
        return run.group()
    fixed = fix_mojibake_line(decoded)
    return run.group() if fixed == decoded else html.escape(fixed)


def unescape_entities(line: str) -> str:
    """Decode complete entity references until none is left, except in code: an indented line,
    or a backticked span."""
    if "&" not in line or _CODE_LINE.match(line):
        return line
    pieces, start = [], 0
    for code in _BACKTICKED.finditer(line):
        pieces += [_unescape(line[start:code.start()]), code.group()]
        start = code.end()
    return "".join(pieces) + _unescape(line[start:])


def _unescape(text: str) -> str:
    for _ in range(_MAX_UNESCAPE_ROUNDS):
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
        if decoded == text:
            break
        text = decoded
    return text


def _log(events: list[Repaired], stage: str, rule: str, why: str, number: int, before: str, after: str) -> str:
    if after != before:
        was, now = changed_span(before, after)
        events.append(Repaired(stage, rule, why, was, now, number))
    return after


def changed_span(before: str, after: str) -> tuple[str, str]:
    """The part of a line that changed, before and after, with a little context either side."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    start = _word_start(before, max(0, start - _CONTEXT))
    end = len(before) - _word_end(before, len(before) - max(0, end - _CONTEXT))
    end = min(end, len(after) - start, len(before) - start)
    return _clip(before[start: len(before) - end]), _clip(after[start: len(after) - end])


def _word_start(text: str, at: int) -> int:
    """`at`, moved back to the start of the word it falls in (at most _CONTEXT further)."""
    floor = max(0, at - _CONTEXT)
    while at > floor and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    """`at`, moved on to the end of the word it falls in (at most _CONTEXT further)."""
    ceiling = min(len(text), at + _CONTEXT)
    while at < ceiling and not text[at].isspace():
        at += 1
    return at


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_LOGGED else text[: _MAX_LOGGED - 1] + "…"
