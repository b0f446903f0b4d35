"""A Scrapy item pipeline that cleans each item's page as it is scraped.

    ITEM_PIPELINES = {"cleaner.integrations.scrapy.CleanerPipeline": 300}

Settings (all optional):
    CLEANER_INPUT_FIELDS     fields holding the page, first present wins (default ["html", "text"])
    CLEANER_INPUT_KIND       "html" or "text" to skip detection (default: "html" for a field named
                             html, "text" for one named text, detection for any other)
    CLEANER_URL_FIELD        field with the page URL, for metadata and host-scoped rules ("url")
    CLEANER_TEXT_FIELD       where the clean text goes ("clean_text")
    CLEANER_METADATA_FIELD   where title/source/date/url go ("clean_metadata"; "" for none)
    CLEANER_REMOVED_FIELD    where the removals (rule ids, reasons) go ("" by default: none)
    CLEANER_DROP_INPUT       remove the input field once cleaned, to keep feeds small (False)
    CLEANER_DROP_EMPTY       drop items whose text is empty after cleaning (True)
    CLEANER_RULES, CLEANER_DISABLE, CLEANER_PROFILE: extra rule packs, rule ids to switch off,
                             profile, as for `cleaner clean`

Counters in the crawler's stats, under "cleaner/": items_cleaned, items_empty, items_dropped_empty,
items_without_page, bytes_in, bytes_out, and removed/<rule id> per rule.

process_item takes the spider as an optional argument: Scrapy 2.13+ calls process_item(item)
(passing the spider is deprecated there), older versions call process_item(item, spider)."""
from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from ..api import Cleaner

STAT_PREFIX = "cleaner/"


class CleanerPipeline:
    def __init__(
        self,
        cleaner: Cleaner,
        stats: Any = None,
        *,
        input_fields: tuple[str, ...] = ("html", "text"),
        input_kind: str | None = None,
        url_field: str = "url",
        text_field: str = "clean_text",
        metadata_field: str = "clean_metadata",
        removed_field: str = "",
        drop_input: bool = False,
        drop_empty: bool = True,
    ):
        if input_kind not in (None, "html", "text"):
            raise NotConfigured(f"CLEANER_INPUT_KIND must be 'html' or 'text', not {input_kind!r}")
        self.cleaner = cleaner
        self.stats = stats
        self.input_fields = input_fields
        self.input_kind = input_kind
        self.url_field = url_field
        self.text_field = text_field
        self.metadata_field = metadata_field
        self.removed_field = removed_field
        self.drop_input = drop_input
        self.drop_empty = drop_empty

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanerPipeline:
        settings = crawler.settings
        cleaner = Cleaner(
            extra_rules=settings.getlist("CLEANER_RULES"),
            disable=settings.getlist("CLEANER_DISABLE"),
            profile=settings.get("CLEANER_PROFILE", "default"),
        )
        return cls(
            cleaner,
            crawler.stats,
            input_fields=tuple(settings.getlist("CLEANER_INPUT_FIELDS", ["html", "text"])),
            input_kind=settings.get("CLEANER_INPUT_KIND") or None,
            url_field=settings.get("CLEANER_URL_FIELD", "url"),
            text_field=settings.get("CLEANER_TEXT_FIELD", "clean_text"),
            metadata_field=settings.get("CLEANER_METADATA_FIELD", "clean_metadata"),
            removed_field=settings.get("CLEANER_REMOVED_FIELD", ""),
            drop_input=settings.getbool("CLEANER_DROP_INPUT", False),
            drop_empty=settings.getbool("CLEANER_DROP_EMPTY", True),
        )

    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        field = next((name for name in self.input_fields if isinstance(adapter.get(name), (str, bytes))), None)
        if field is None:
            self._inc("items_without_page")
            return item
        page = adapter[field]
        url = adapter.get(self.url_field) if self.url_field else None
        kind = self.input_kind or (field if field in ("html", "text") else None)
        result = self.cleaner.clean(page, url=url if isinstance(url, str) else None, kind=kind)
        self._count(result, page)
        if not result.text and self.drop_empty:
            self._inc("items_dropped_empty")
            raise DropItem(f"empty after cleaning: {url or field}")
        adapter[self.text_field] = result.text
        if self.metadata_field:
            adapter[self.metadata_field] = dict(result.metadata)
        if self.removed_field:
            adapter[self.removed_field] = [removal.as_dict() for removal in result.removed]
        if self.drop_input and field != self.text_field:
            del adapter[field]
        return item

    def _count(self, result: Any, page: str | bytes) -> None:
        self._inc("items_cleaned")
        if not result.text:
            self._inc("items_empty")
        self._inc("bytes_in", len(page.encode("utf-8", "surrogatepass")) if isinstance(page, str) else len(page))
        self._inc("bytes_out", len(result.text.encode("utf-8")))
        for removal in result.removed:
            self._inc(f"removed/{removal.rule}")

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(STAT_PREFIX + key, count)
