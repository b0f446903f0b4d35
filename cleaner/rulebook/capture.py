"""What a capture rule's named groups give as metadata: one reading for the rules stage and for
the check of a rule's capture examples (examples.py)."""
from __future__ import annotations

from ..dates import parse_date
from .model import Rule


def capture_values(groups: dict[str, str], rule: Rule) -> dict[str, str]:
    """The metadata a capture rule's named groups give; dates become ISO 8601."""
    values = {}
    for name, value in groups.items():
        value = value.strip()
        if name == "date":
            value = parse_date(value, rule.date_order) or value
        if value:
            values[name] = value
    return values
