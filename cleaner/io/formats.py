"""Output formats for one cleaned page: txt (the text), json (text + metadata + removals, indented),
jsonl (the same on one line). Shared by the CLI's single-page path and the batch engine."""
from __future__ import annotations

import json
from typing import Any

FORMATS = ("txt", "json", "jsonl")


def render(result: Any, fmt: str, extra: dict[str, Any] | None = None) -> str:
    """`result` is an api.Result; `extra` fields (input name, record id) go first in JSON forms."""
    if fmt == "txt":
        return result.text
    record = {**(extra or {}), **result.as_dict()}
    if fmt == "jsonl":
        return json.dumps(record, ensure_ascii=False) + "\n"
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
