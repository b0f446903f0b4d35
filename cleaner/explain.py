"""Explain a cleaned page: which line went where, and which rule took out what.

`Cleaner.clean(page, explain=True)` records the paragraphs the line stages started from (the
text page's lines, or the extracted text of an HTML page), and, stage by stage, the events each
recorded on the Document (removals, moves, added titles, splits, kept matches, flags); and the
lines whose encoding damage decode repaired (mojibake, leftover entities), before and after. The
`Explanation` on the Result can be shown on a terminal (`render_terminal`), written as a
side-by-side HTML report (`render_html`), and replayed (`replay`): starting from the input lines,
the recorded events are applied in order, and the result must render to exactly the output. A
stage that changed text or order without recording it breaks the replay, so the record can be
trusted.
"""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .document import Added, Document, Event, Kept, Moved, Removal, Repaired, Split
from .stages.render import render_blocks

# The stage after which the paragraphs the line stages work on exist, one per input line.
SNAPSHOT_STAGE = "blocks"

Unit = tuple[int, str]  # (input line number, paragraph text); -1: a title not in the text


class ReplayError(ValueError):
    """The recorded decisions do not account for the output (a stage changed text unlogged)."""


@dataclass(frozen=True, slots=True)
class Step:
    """What one stage after the snapshot did: the events it recorded, in order."""

    stage: str
    events: tuple[Event, ...] = ()

    @property
    def removals(self) -> tuple[Removal, ...]:
        return tuple(event for event in self.events if isinstance(event, Removal))


@dataclass(frozen=True, slots=True)
class LineDecision:
    """What happened to one input line."""

    line: int
    text: str
    removals: tuple[Removal, ...]  # every removal of this line or of a piece of it
    output: tuple[str, ...]  # the paragraphs it became (one, several when split, none when removed)
    moved_to_top: bool = False

    @property
    def removal(self) -> Removal | None:
        """The removal that took the whole line out; None when any of it is in the output."""
        return self.removals[0] if self.removals and not self.output else None

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
        if self.output and self.removals:
            notes.append("part removed by " + ", ".join(r.rule for r in self.removals))
        return notes


@dataclass(frozen=True)
class Explanation:
    kind: str
    source: str  # the decoded page
    lines: tuple[Unit, ...]  # the paragraphs as the line stages received them
    events: tuple[Event, ...]  # every event of the page, in order
    steps: tuple[Step, ...]  # the stages after the snapshot, in order
    output_blocks: tuple[Unit, ...]  # the final paragraphs, with the line they came from
    text: str  # the output
    repaired: tuple[Repaired, ...] = ()  # lines of the decoded page whose characters were restored

    @property
    def added_title(self) -> str | None:
        """The title when the output starts with one that is not a line of the input."""
        return self.output_blocks[0][1] if self.output_blocks and self.output_blocks[0][0] == -1 else None

    @property
    def removed(self) -> tuple[Removal, ...]:
        """Every removal of the page, in order."""
        return tuple(event for event in self.events if isinstance(event, Removal))

    @property
    def page_events(self) -> tuple[Removal | Kept, ...]:
        """Removals and kept matches before the line stages: pruned HTML elements, extraction decisions."""
        later = {id(event) for step in self.steps for event in step.events}
        return tuple(e for e in self.events if isinstance(e, (Removal, Kept)) and id(e) not in later)

    @property
    def page_removals(self) -> tuple[Removal, ...]:
        """Removals made before the line stages: pruned HTML elements, extraction decisions."""
        return tuple(event for event in self.page_events if isinstance(event, Removal))

    def _replay_units(self) -> tuple[list[Unit], Unit | None]:
        """The final paragraphs rebuilt from the input lines and the recorded events; and the
        paragraph last moved (or added) to the top, if any."""
        units = list(self.lines)
        moved = None
        for step in self.steps:
            for event in step.events:
                if isinstance(event, Removal):
                    del units[_find(units, (event.line, event.text), step.stage,
                                    f"removal by {event.rule} of line {event.line} {event.text[:60]!r}")]
                elif isinstance(event, Moved):
                    unit = units.pop(_find(units, (event.line, event.text), step.stage, f"the moved paragraph {event.text[:60]!r}"))
                    units.insert(event.to, unit)
                    moved = unit if event.to == 0 else moved
                elif isinstance(event, Added):
                    units.insert(event.to, (-1, event.text))
                    moved = (-1, event.text) if event.to == 0 else moved
                elif isinstance(event, Split):
                    at = _find(units, (event.line, event.text), step.stage, f"the split paragraph {event.text[:60]!r}")
                    units[at:at + 1] = _pieces(event)
        return units, moved

    def replay(self) -> str:
        """The output as the recorded decisions rebuild it from the input lines.

        Raises ReplayError when the record does not hold together: a removal of a paragraph that
        is not there, a title that is not there, or a split whose pieces are not its line."""
        units, _ = self._replay_units()
        return render_blocks([text for _, text in units])

    def decisions(self) -> list[LineDecision]:
        try:
            _, moved = self._replay_units()
        except ReplayError:
            moved = None
        removals: dict[int, list[Removal]] = {}
        for step in self.steps:
            for removal in step.removals:
                removals.setdefault(removal.line, []).append(removal)
        output: dict[int, list[str]] = {}
        for number, text in self.output_blocks:
            output.setdefault(number, []).append(text)
        return [
            LineDecision(n, text, tuple(removals.get(n, ())), tuple(output.get(n, ())), moved is not None and moved[0] == n)
            for n, text in self.lines
        ]


def _find(units: list[Unit], unit: Unit, stage: str, what: str) -> int:
    """Where the unit is among the paragraphs left, or a ReplayError naming the stage and event."""
    at = next((i for i, left in enumerate(units) if left == unit), None)
    if at is None:
        raise ReplayError(f"{stage}: {what} matches no paragraph left at that point")
    return at


def _pieces(split: Split) -> list[Unit]:
    """The split's pieces as paragraphs of its line; they must be the line's own text."""
    if "".join(split.pieces).replace(" ", "") != split.text.replace(" ", ""):
        raise ReplayError(f"{split.stage}: line {split.line}: split pieces {split.pieces!r} are not the line {split.text!r}")
    return [(split.line, piece) for piece in split.pieces]


@dataclass
class Recorder:
    """Collects what an explanation needs while the pipeline runs (one per page: not shared)."""

    lines: tuple[Unit, ...] | None = None
    chained: list[Callable] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    _seen: int = 0  # events already given to a step

    def after_stage(self, stage, doc: Document) -> None:
        for hook in self.chained:
            hook(stage, doc)
        events = tuple(doc.events[self._seen:])
        self._seen = len(doc.events)
        if stage.name == SNAPSHOT_STAGE:
            self.lines = tuple((block.line, block.text) for block in doc.blocks)
            return
        if self.lines is not None:
            self.steps.append(Step(stage.name, events))

    def explanation(self, doc: Document) -> Explanation | None:
        if self.lines is None:
            return None
        return Explanation(
            kind=doc.kind or "text",
            source=doc.source,
            lines=self.lines,
            events=tuple(doc.events),
            steps=tuple(self.steps),
            output_blocks=tuple((block.line, block.text) for block in doc.blocks),
            text=doc.text,
            repaired=tuple(doc.repaired),
        )


# Terminal view -------------------------------------------------------------------------------

_DIM_STRUCK = "\x1b[2;9m"
_NOTE = "\x1b[33m"
_INFO = "\x1b[36m"
_RESET = "\x1b[0m"


def _note(text: str, colour: bool, style: str = _NOTE) -> str:
    return f"{style}{text}{_RESET}" if colour else text


def _why(event: Removal | Kept) -> str:
    return f"{event.rule}: kept: {event.reason}" if isinstance(event, Kept) else f"{event.rule}: {event.reason}"


def describe_repair(repair: Repaired) -> str:
    """One repair as a line: stage, rule, where, and the changed part before and after."""
    return f"{repair.stage}: {repair.rule}: line {repair.line + 1}: {repair.before!r} → {repair.after!r}"


def render_terminal(explanation: Explanation, colour: bool = False) -> str:
    """The page, line by line: removed lines struck through and dimmed (or marked '-') with the
    rule and reason beside them, kept lines plain (marked ' ')."""
    out: list[str] = []
    for event in explanation.page_events:
        detail = f" {event.text[:80]!r}" if isinstance(event, Removal) and event.text else ""
        out.append(_note(f"# {event.stage}: {_why(event)}{detail}", colour, _INFO))
    for repair in explanation.repaired:
        out.append(_note(f"# {describe_repair(repair)}", colour, _INFO))
    repaired_lines: dict[int, list[str]] = {}
    for repair in explanation.repaired if explanation.kind == "text" else ():
        repaired_lines.setdefault(repair.line, []).append(repair.rule)
    decisions = {d.line: d for d in explanation.decisions()}
    if explanation.kind == "text":
        rows = [(n, line) for n, line in enumerate(explanation.source.split("\n"))]
    else:
        rows = list(explanation.lines)
    if explanation.added_title is not None:
        out.append(_note(f"+ {explanation.added_title}    ← title (not in the text), added at the top", colour, _INFO))
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
        if number in repaired_lines:
            notes.append(f"characters repaired ({', '.join(dict.fromkeys(repaired_lines[number]))})")
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
    if explanation.added_title is not None:
        rows.append(
            f'<tr class="added"><td class="n"></td><td class="in"><span class="note">title, not in the text: added</span></td>'
            f'<td class="out"><p>{esc(explanation.added_title)}</p></td></tr>'
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
        f"<li>{esc(e.stage)} · {esc(_why(e))}" + (f" <q>{esc(e.text[:200])}</q>" if isinstance(e, Removal) and e.text else "")
        + "</li>"
        for e in explanation.page_events
    ) + "".join(f"<li>{esc(describe_repair(r))}</li>" for r in explanation.repaired)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{_STYLE}</style></head><body>\n<h1>{esc(title)}</h1>\n"
        f'<p class="page">{esc(_summary(explanation).lstrip("# "))}. Kind: {esc(explanation.kind)}.</p>\n'
        + (f'<h2>Before the line stages</h2><ul class="page">{page_level}</ul>\n' if page_level else "")
        + '<table><thead><tr><th class="n">line</th><th>input</th><th>output</th></tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n</body></html>\n"
    )
