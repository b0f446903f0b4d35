"""Explain a cleaned page: which line went where, and which rule took out what.

`Cleaner.clean(page, explain=True)` records the paragraphs the line stages started from (the
text page's lines, or the extracted text of an HTML page) and attaches an `Explanation` to the
Result. The explanation can be shown on a terminal (`render_terminal`), written as a side-by-side
HTML report (`render_html`), and replayed: the input lines, minus the recorded removals, with the
title move and the paragraph splits applied, must render to exactly the output (`replay`).
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from .document import Document, Removal
from .stages.render import render_blocks

# The stage after which the paragraphs the line stages work on exist, one per input line.
SNAPSHOT_STAGE = "blocks"


class ReplayError(ValueError):
    """The recorded decisions do not account for the output (a stage changed text unlogged)."""


@dataclass(frozen=True, slots=True)
class LineDecision:
    """What happened to one input line."""

    line: int
    text: str
    removal: Removal | None
    output: tuple[str, ...]  # the paragraphs it became (one, several when split, none when removed)
    moved_to_top: bool = False

    @property
    def kept(self) -> bool:
        return self.removal is None

    def notes(self) -> list[str]:
        """What happened to a kept line besides being kept."""
        notes = []
        if self.moved_to_top:
            notes.append("title, moved to the top")
        if len(self.output) > 1:
            notes.append(f"split into {len(self.output)} paragraphs")
        return notes


@dataclass(frozen=True)
class Explanation:
    kind: str
    source: str  # the decoded page
    lines: tuple[tuple[int, str], ...]  # (line number, paragraph) as the line stages received them
    removed: tuple[Removal, ...]
    output_blocks: tuple[tuple[int, str], ...]  # the final paragraphs, with the line they came from
    text: str  # the output

    @property
    def page_removals(self) -> tuple[Removal, ...]:
        """Removals not tied to one input line: pruned HTML elements, extraction decisions."""
        numbers = {number for number, _ in self.lines}
        return tuple(r for r in self.removed if r.line not in numbers)

    def _line_removals(self) -> dict[int, Removal]:
        numbers = {number for number, _ in self.lines}
        found: dict[int, Removal] = {}
        for removal in self.removed:
            if removal.line in numbers:
                found.setdefault(removal.line, removal)
        return found

    def _moved_to_top(self, kept: list[int]) -> int | None:
        """The line the title stage put first (-1: a title that was not in the text), if any."""
        if not self.output_blocks:
            return None
        first = self.output_blocks[0][0]
        return None if kept and first == kept[0] else first

    def _splits(self) -> dict[int, tuple[str, ...]]:
        pieces: dict[int, list[str]] = {}
        for number, text in self.output_blocks:
            pieces.setdefault(number, []).append(text)
        return {number: tuple(texts) for number, texts in pieces.items()}

    def decisions(self) -> list[LineDecision]:
        removals = self._line_removals()
        output = self._splits()
        kept = [n for n, _ in self.lines if n not in removals]
        moved = self._moved_to_top(kept)
        return [
            LineDecision(n, text, removals.get(n), () if n in removals else output.get(n, ()), n == moved)
            for n, text in self.lines
        ]

    def replay(self) -> str:
        """The output rebuilt from the input lines and the recorded decisions alone.

        Raises ReplayError when the record does not hold: a removal whose text is not its line's,
        or a split whose pieces are not the line's text cut in place."""
        removals = self._line_removals()
        texts = dict(self.lines)
        for number, removal in removals.items():
            if removal.text != texts[number]:
                raise ReplayError(f"line {number}: removal by {removal.rule} records {removal.text!r}, the line is {texts[number]!r}")
        kept = [n for n, _ in self.lines if n not in removals]
        moved = self._moved_to_top(kept)
        order = kept
        if moved is not None:
            order = [moved] + [n for n in kept if n != moved]
        splits = self._splits()
        paragraphs: list[str] = []
        for number in order:
            if number == -1:
                paragraphs.append(self.output_blocks[0][1])
                continue
            if number not in texts:
                raise ReplayError(f"output paragraph from line {number}, which is not an input line")
            pieces = splits.get(number, (texts[number],))
            if len(pieces) > 1 and "".join(pieces).replace(" ", "") != texts[number].replace(" ", ""):
                raise ReplayError(f"line {number}: split pieces {pieces!r} are not the line {texts[number]!r}")
            paragraphs.extend(pieces if len(pieces) > 1 else (texts[number],))
        return render_blocks(paragraphs)


@dataclass
class Recorder:
    """Collects what an explanation needs while the pipeline runs (one per page: not shared)."""

    lines: tuple[tuple[int, str], ...] | None = None
    chained: list[Callable] = field(default_factory=list)

    def after_stage(self, stage, doc: Document) -> None:
        for hook in self.chained:
            hook(stage, doc)
        if stage.name == SNAPSHOT_STAGE:
            self.lines = tuple((block.line, block.text) for block in doc.blocks)

    def explanation(self, doc: Document) -> Explanation | None:
        if self.lines is None:
            return None
        return Explanation(
            kind=doc.kind or "text",
            source=doc.source,
            lines=self.lines,
            removed=tuple(doc.removed),
            output_blocks=tuple((block.line, block.text) for block in doc.blocks),
            text=doc.text,
        )


# Terminal view -------------------------------------------------------------------------------

_DIM_STRUCK = "\x1b[2;9m"
_NOTE = "\x1b[33m"
_INFO = "\x1b[36m"
_RESET = "\x1b[0m"


def _note(text: str, colour: bool, style: str = _NOTE) -> str:
    return f"{style}{text}{_RESET}" if colour else text


def _why(removal: Removal) -> str:
    return f"{removal.rule}: {removal.reason}"


def render_terminal(explanation: Explanation, colour: bool = False) -> str:
    """The page, line by line: removed lines struck through and dimmed (or marked '-') with the
    rule and reason beside them, kept lines plain (marked ' ')."""
    out: list[str] = []
    for removal in explanation.page_removals:
        detail = f" {removal.text[:80]!r}" if removal.text else ""
        out.append(_note(f"# {removal.stage}: {_why(removal)}{detail}", colour, _INFO))
    decisions = {d.line: d for d in explanation.decisions()}
    if explanation.kind == "text":
        rows = [(n, line) for n, line in enumerate(explanation.source.split("\n"))]
    else:
        rows = list(explanation.lines)
    moved = next((d for d in decisions.values() if d.moved_to_top), None)
    if moved is not None and moved.line == -1:
        out.append(_note(f"+ {explanation.output_blocks[0][1]}    ← title (not in the text), added at the top", colour, _INFO))
    for number, text in rows:
        decision = decisions.get(number)
        if decision is None:
            out.append("")  # a blank line of the input
            continue
        if decision.removal is not None:
            struck = f"{_DIM_STRUCK}{text}{_RESET}" if colour else text
            out.append(f"- {struck}    " + _note(f"← {_why(decision.removal)}", colour))
            continue
        notes = decision.notes()
        out.append(f"  {text}" + (_note(f"    ← {'; '.join(notes)}", colour, _INFO) if notes else ""))
    out.append(_summary(explanation))
    return "\n".join(out) + "\n"


def _summary(explanation: Explanation) -> str:
    decisions = explanation.decisions()
    removed = Counter(d.removal.rule for d in decisions if d.removal is not None)
    rules = ", ".join(f"{rule} {count}" for rule, count in removed.most_common())
    kept = sum(d.kept for d in decisions)
    return f"# {len(decisions)} lines: {kept} kept, {sum(removed.values())} removed" + (f" ({rules})" if rules else "")


# HTML report ---------------------------------------------------------------------------------

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .35em .6em; vertical-align: top; text-align: left; }
th { background: #f4f4f4; position: sticky; top: 0; }
td.n { width: 3.5em; color: #999; text-align: right; font-variant-numeric: tabular-nums; }
tr.removed td.in del { color: #999; }
.why { display: block; font-size: 12px; color: #a4461c; }
.note { display: block; font-size: 12px; color: #1c6aa4; }
.page { font-size: 13px; color: #555; }
"""


def render_html(explanation: Explanation, title: str = "cleaner explain") -> str:
    """A self-contained HTML page: the input lines beside the output paragraphs they became."""
    esc = html.escape
    rows: list[str] = []
    moved = next((d for d in explanation.decisions() if d.moved_to_top), None)
    if moved is not None and moved.line == -1:
        rows.append(
            f'<tr class="added"><td class="n"></td><td class="in"><span class="note">title, not in the text: added</span></td>'
            f'<td class="out"><p>{esc(explanation.output_blocks[0][1])}</p></td></tr>'
        )
    for decision in explanation.decisions():
        number = "" if decision.line < 0 else str(decision.line + 1)
        if decision.removal is not None:
            removal = decision.removal
            left = (f'<del>{esc(decision.text)}</del><span class="why">{esc(removal.rule)} ({esc(removal.stage)}): '
                    f"{esc(removal.reason)}</span>")
            rows.append(f'<tr class="removed"><td class="n">{number}</td><td class="in">{left}</td><td class="out"></td></tr>')
            continue
        note = "".join(f'<span class="note">{esc(n)}</span>' for n in decision.notes())
        right = "".join(f"<p>{esc(piece)}</p>" for piece in decision.output)
        rows.append(f'<tr class="kept"><td class="n">{number}</td><td class="in">{esc(decision.text)}{note}</td>'
                    f'<td class="out">{right}</td></tr>')
    page_level = "".join(
        f"<li>{esc(r.stage)} · {esc(r.rule)}: {esc(r.reason)}" + (f" <q>{esc(r.text[:200])}</q>" if r.text else "") + "</li>"
        for r in explanation.page_removals
    )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{_STYLE}</style></head><body>\n<h1>{esc(title)}</h1>\n"
        f'<p class="page">{esc(_summary(explanation).lstrip("# "))}. Kind: {esc(explanation.kind)}.</p>\n'
        + (f'<h2>Before the line stages</h2><ul class="page">{page_level}</ul>\n' if page_level else "")
        + '<table><thead><tr><th class="n">line</th><th>input</th><th>output</th></tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n</body></html>\n"
    )
