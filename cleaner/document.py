"""The data that flows through the pipeline: a Document of Blocks, the events its stages recorded
(removed, kept, moved, added, split, flagged) and the Repaired lines.

Plain slotted dataclasses; stages build new lists rather than sharing mutable state between pages.
A stage says what it did by recording one event per decision (`Document.record`): counters read the
removals only, and `explain` replays the events, so nothing has to parse a reason's text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias


@dataclass(slots=True)
class Block:
    """One paragraph-sized piece of text. `line` is its 0-based line number in the decoded input
    (for text input) or its position in the extracted text (for HTML input)."""

    text: str
    line: int = -1


@dataclass(slots=True, frozen=True)
class Removal:
    """Removed: one thing a stage took out of the page, and why (Result.removed holds these)."""

    stage: str
    rule: str
    reason: str
    text: str
    line: int = -1

    @classmethod
    def of_block(cls, stage: str, rule: str, reason: str, block: Block) -> Removal:
        return cls(stage, rule, reason, block.text, block.line)

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "rule": self.rule, "reason": self.reason, "text": self.text, "line": self.line}


@dataclass(slots=True, frozen=True)
class Kept:
    """Kept: a rule matched something that a guard left in place, and why (not a removal)."""

    stage: str
    rule: str
    reason: str


@dataclass(slots=True, frozen=True)
class Moved:
    """Moved: the paragraph of input line `line` put at position `to` of the paragraphs (0: first)."""

    stage: str
    line: int
    text: str
    to: int = 0


@dataclass(slots=True, frozen=True)
class Added:
    """Added: a paragraph that is no line of the input (a title from the page's metadata), put at
    position `to` of the paragraphs."""

    stage: str
    text: str
    to: int = 0


@dataclass(slots=True, frozen=True)
class Split:
    """Split: the paragraph `text` of input line `line` cut into `pieces` (a lost boundary restored)."""

    stage: str
    line: int
    text: str
    pieces: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class Flagged:
    """Flagged: a stage raised flag `name` on the page with `value` (Result.flags[name])."""

    stage: str
    name: str
    value: Any


Event: TypeAlias = Removal | Kept | Moved | Added | Split | Flagged


@dataclass(slots=True, frozen=True)
class Repaired:
    """One line whose characters a stage restored (encoding damage), and how: the changed part
    before and after, with a little context. The line is 0-based in the decoded page."""

    stage: str
    rule: str
    reason: str
    before: str
    after: str
    line: int = -1

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "rule": self.rule, "reason": self.reason, "before": self.before,
                "after": self.after, "line": self.line}


@dataclass(slots=True)
class Document:
    """A page on its way through the pipeline.

    `raw` is the input as given (str or bytes); `source` is the decoded text (HTML or plain);
    `kind` is "html" or "text"; `blocks` hold the article candidates once a stage has split them.
    """

    raw: str | bytes
    url: str | None = None
    kind: str | None = None
    source: str = ""
    html_tree: Any = None
    # The extractor's XML of the article (trafilatura's body), for outputs that keep structure.
    content: Any = None
    # Comment sections and their items, when the page's comments are asked for separately.
    comments: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    # What the stages did, in order; recorded through `record`.
    events: list[Event] = field(default_factory=list)
    repaired: list[Repaired] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The flags raised so far: a Flagged event sets one.
    flags: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    # The page-type verdict of an HTML page (cleaner/stages/pagetype.py), for later stages.
    page_type: Any = None
    # The paragraphs of an HTML page before pruning (htmltree.paragraph_texts): the guard's baseline.
    html_paragraphs: list[str] | None = None
    # The share of the page's article-like words the text lost (the guard's measure), or None
    # when the page has too few such words to tell; the confidence stage reads it.
    lost_share: float | None = None

    def record(self, event: Event) -> None:
        """Log what a stage did. The one way a stage reports a removal, a kept match, a move, a
        split or a flag."""
        self.events.append(event)
        if isinstance(event, Flagged):
            self.flags[event.name] = event.value

    @property
    def removed(self) -> tuple[Removal, ...]:
        """The removal events, in order (a tuple: record a Removal to add one)."""
        return tuple(event for event in self.events if isinstance(event, Removal))
