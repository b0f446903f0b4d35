"""Output formats for one cleaned page (an api Result): txt (the text), md (the text as Markdown),
json (text + metadata + removals, indented), jsonl (the same on one line). Shared by the CLI's
single-page path and the batch engine; above the api, as it formats the api's Result."""
from __future__ import annotations

import json
import re
from typing import Any

from .api import Result

FORMATS = ("txt", "md", "json", "jsonl")


def render(result: Result, fmt: str, extra: dict[str, Any] | None = None) -> str:
    """`extra` fields (input name, record id) go first in the JSON forms."""
    if fmt == "txt":
        return result.text
    if fmt == "md":
        return result.markdown
    record = {**(extra or {}), **result.as_dict()}
    text = json.dumps(record, ensure_ascii=False, indent=None if fmt == "jsonl" else 2)
    return escape_surrogates(text) + "\n"


# A lone surrogate (from a record id like "\ud800") can only sit inside a JSON string, where its
# \uXXXX escape is valid JSON and keeps the output valid UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(json_text: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
