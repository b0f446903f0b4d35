"""dedup: a later copy of the title goes; with no title, nothing counts as its repeat."""
from __future__ import annotations

from cleaner.document import Block, Document
from cleaner.stages.dedup import Dedup


def _dedup(lines: list[str], title: str | None) -> list[str]:
    doc = Document(raw="\n".join(lines), kind="text")
    doc.blocks = [Block(text, i) for i, text in enumerate(lines)]
    if title is not None:
        doc.metadata["title"] = title
    return [block.text for block in Dedup().run(doc).blocks]


def test_a_later_copy_of_the_title_goes():
    assert _dedup(["Rain returns", "It rained.", "Rain returns"], "Rain returns") == ["Rain returns", "It rained."]


def test_without_a_title_a_line_of_decoration_is_no_title_repeat():
    """Found by fuzzing (idempotent): '#' and '>' both have an empty match key, which equalled the
    empty key of a missing title, so cleaning the output again dropped '>'."""
    assert _dedup(["Rain returns", "#", ">"], None) == ["Rain returns", "#", ">"]
