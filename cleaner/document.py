"""The data that flows through the pipeline: a Document of Blocks, plus the log of Removals and
of Repaired lines.

Plain slotted dataclasses; stages build new lists rather than sharing mutable state between pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Block:
    """One paragraph-sized piece of text. `line` is its 0-based line number in the decoded input
    (for text input) or its position in the extracted text (for HTML input)."""

    text: str
    line: int = -1


@dataclass(slots=True, frozen=True)
class Removal:
    """One thing a stage took out of the page, and why."""

    stage: str
    rule: str
    reason: str
    text: str
    line: int = -1

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "rule": self.rule, "reason": self.reason, "text": self.text, "line": self.line}


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
    removed: list[Removal] = field(default_factory=list)
    repaired: list[Repaired] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flags: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    # The page-type verdict of an HTML page (cleaner/stages/pagetype.py), for later stages.
    page_type: Any = None
    # The paragraphs of an HTML page before pruning (htmltree.paragraph_texts): the guard's baseline.
    html_paragraphs: list[str] | None = None

    def remove(self, stage: str, rule: str, reason: str, block: Block) -> None:
        self.removed.append(Removal(stage, rule, reason, block.text, block.line))
