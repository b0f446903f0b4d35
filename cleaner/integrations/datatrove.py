"""A datatrove pipeline step that cleans each Document: in place of an extractor after a reader
(WarcReader gives the page's HTML as the document's text), or after one that left flattened text.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor(pipeline=[WarcReader("crawl/"), CleanerStep(), JsonlWriter("clean/")], tasks=4).run()

The page is the document's text, or the metadata field `page_key` names (the text field is then
replaced by the clean text). The metadata gains title, source and date when found (and `comments`
with comments="separate"). A document whose clean text is empty is dropped unless keep_empty.
Stats (datatrove's, per step): `removed/<rule id>` counts each rule's removals, `removed_chars`,
`empty` (dropped), `failed` (pages the cleaner could not take), `flag/<name>` per result flag,
plus datatrove's `forwarded` and doc_len.

The Cleaner is built in each worker process when its first document arrives, so the step pickles
small (the executors ship steps to their workers).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from datatrove.pipeline.base import PipelineStep
from datatrove.utils.logging import logger

from ..api import Cleaner, CleanerError

STAT_REMOVED = "removed/"
METADATA_FIELDS = ("title", "source", "date")


class CleanerStep(PipelineStep):
    name = "🧹 cleaner"
    type = "✂️ - EXTRAC"

    def __init__(
        self,
        *,
        extra_rules: Iterable[str] = (),
        disable: Iterable[str] = (),
        profile: str = "default",
        comments: str = "drop",
        kind: str | None = None,
        page_key: str | None = None,
        markdown: bool = False,
        keep_empty: bool = False,
    ):
        super().__init__()
        self.cleaner_options: dict[str, Any] = {"extra_rules": tuple(extra_rules), "disable": tuple(disable),
                                "profile": profile, "comments": comments}
        Cleaner(**self.cleaner_options)  # bad rules, profile or mode: an error now, not in a worker
        self.kind = kind
        self.page_key = page_key
        self.markdown = markdown
        self.keep_empty = keep_empty
        self._cleaner: Cleaner | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cleaner"] = None
        return state

    @property
    def cleaner(self) -> Cleaner:
        """Built on first use in each worker: a Cleaner is not sent between processes."""
        if self._cleaner is None:
            self._cleaner = Cleaner(**self.cleaner_options)
        return self._cleaner

    def run(self, data, rank: int = 0, world_size: int = 1):
        for document in data:
            with self.track_time():
                cleaned = self._clean(document)
            if cleaned is not None:
                self.stat_update("forwarded")
                self.update_doc_stats(cleaned)
                yield cleaned

    def _clean(self, document: Any) -> Any | None:
        page = document.metadata.get(self.page_key) if self.page_key else document.text
        if not isinstance(page, (str, bytes)):
            self.stat_update("failed")
            logger.warning(f"cleaner: document {document.id}: no page in {self.page_key or 'text'!r}")
            return None
        try:
            result = self.cleaner.clean(page, url=document.metadata.get("url"), kind=self.kind)
        except CleanerError as exc:
            self.stat_update("failed")
            logger.warning(f"cleaner: document {document.id}: {exc}")
            return None
        for removal in result.removed:
            self.stat_update(STAT_REMOVED + removal.rule)
            self.stat_update("removed_chars", value=len(removal.text), unit="doc")
        for flag, value in result.flags.items():
            if value:
                self.stat_update(f"flag/{flag}")
        if not result.text and not self.keep_empty:
            self.stat_update("empty")
            return None
        document.text = result.markdown if self.markdown else result.text
        document.metadata.update({key: result.metadata[key] for key in METADATA_FIELDS if result.metadata.get(key)})
        if result.comments is not None:
            document.metadata["comments"] = result.comments
        return document
