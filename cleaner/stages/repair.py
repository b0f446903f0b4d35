"""repair: restore paragraph boundaries that flattening lost ("reported.Neighbouring").

A boundary is restored only where a sentence ends and the next begins with no space between them:
a lowercase letter or digit (itself after a letter or digit, so "e.g." and "U.K." never qualify),
sentence punctuation, optional closing quotes or brackets, then an optional opening quote and a
capitalised word. Known abbreviations ("Mr.Smith") and URLs, e-mails and domains are left alone.
The split goes after the punctuation; an opening quote goes with the new paragraph, and a straight
double quote that closes an open quotation stays with the sentence it closes.

Korean and Hindi have no capitals but write a space after every sentence: there a sentence end
(".", "!", "?" after Hangul; the danda after Devanagari) with a letter of the script, or a bracket
or marker opening a notice ("[ⓒ", "▶"), right after it is a lost boundary. Not a full stop in
Hindi ("डॉ.राजेंद्र" abbreviates), nor after a closing quote ('"좋다."라고'), nor in Chinese or
Japanese, which write no space after a sentence.

Korean stories end their last paragraph with the reporter's signature ("... 말했다. 박서윤 기자
seoyun@example.co.kr"): after a sentence it becomes a line of its own, which the byline rules know.
"""
from __future__ import annotations

import regex

from ..document import Block, Document, Split

_GLUE = regex.compile(
    r"(?<=[\p{L}\p{N}][\p{Ll}\p{N}][.!?]+[”’»)\]]*)(?=[\"'“‘«]?\p{Lu}\p{Ll})"
)
# What every glued boundary has, read forwards from its last punctuation mark: far cheaper than
# _GLUE's look-behind at every position, and most paragraphs have no such place at all.
_GLUE_HINT = regex.compile(r"[.!?][”’»)\]]*[\"'“‘«]?\p{Lu}\p{Ll}")
_WORD_BEFORE = regex.compile(r"([\p{L}]+)[.!?]+[”’»)\]]*$")
# Abbreviations that stand before a capitalised name ("Mr.Smith", "Mt.Fuji"); those before numbers
# ("No.5") need no entry, since a digit never starts a new paragraph here.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt jr sr vs etc inc ltd co corp gen gov sen rep capt lt col sgt"
    " dept est approx ed eds rev hon pres univ".split()
)
_URLISH = ("://", "www.", "@", "/")
# What may follow a lost boundary in a script without capitals: a letter of it, or a notice's opener.
_NOTICE_OPENERS = r"\[【〈《<▶■◆▲☞ⓒ©"
_CASELESS_GLUE = regex.compile(
    rf"(?<=\p{{Hangul}}[.!?]+)(?=\p{{Hangul}}|[{_NOTICE_OPENERS}])"
    rf"|(?<=\p{{Devanagari}}[।॥?!]+)(?=\p{{Devanagari}}|[{_NOTICE_OPENERS}])"
)
# Cheap test first: a sentence mark with no space after it, before anything but a quote or a space.
_CASELESS_HINT = regex.compile(rf"[.!?।॥](?=[\p{{Hangul}}\p{{Devanagari}}{_NOTICE_OPENERS}])")
# A Korean reporter's signature after the last sentence: a name, the title, perhaps an e-mail.
_KO_TITLES = ("기자", "특파원", "통신원")
_KO_SIGNATURE = regex.compile(
    r"(?<=[.!?。][\"'”’»)\]]*)\s+(?=\p{Hangul}{2,4}\s?(?:선임|객원|인턴)?"
    rf"(?:{'|'.join(_KO_TITLES)})"
    r"(?:\s*[\w.+-]+@[\w.-]+\.\w+)?\s*$)"
)


def split_glued(text: str) -> list[str]:
    if any(title in text for title in _KO_TITLES):
        signed = _KO_SIGNATURE.search(text)
        if signed:
            return [*split_glued(text[: signed.start()]), text[signed.end():].strip()]
    cuts: list[int] = []
    if _GLUE_HINT.search(text):
        cuts = [_after_closing_quote(text, m.start()) for m in _GLUE.finditer(text) if _is_real_boundary(text, m.start())]
    if _CASELESS_HINT.search(text):
        cuts = sorted({*cuts, *(m.start() for m in _CASELESS_GLUE.finditer(text) if _is_real_boundary(text, m.start()))})
    if not cuts:
        return [text]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _after_closing_quote(text: str, at: int) -> int:
    """A straight double quote at the boundary closes the sentence before it when the quotes
    before it are unbalanced ('a vote."Operators'); then it stays with that sentence."""
    if text[at] == '"' and text.count('"', 0, at) % 2 == 1:
        return at + 1
    return at


def _is_real_boundary(text: str, at: int) -> bool:
    token_start = text.rfind(" ", 0, at) + 1
    token_end = text.find(" ", at)
    token = text[token_start: token_end if token_end != -1 else len(text)]
    if any(mark in token for mark in _URLISH):
        return False
    before = _WORD_BEFORE.search(text[token_start:at])
    return not (before and before.group(1).casefold() in _ABBREVIATIONS)


class Repair:
    name = "repair"

    def run(self, doc: Document) -> Document:
        repaired: list[Block] = []
        for block in doc.blocks:
            pieces = split_glued(block.text)
            if len(pieces) == 1 and pieces[0] == block.text:
                repaired.append(block)  # most paragraphs: nothing glued, the block stays as it is
                continue
            doc.record(Split(self.name, block.line, block.text, tuple(pieces)))
            repaired.extend(Block(piece, block.line) for piece in pieces)
        doc.blocks = repaired
        return doc
