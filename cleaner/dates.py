"""Dates found in bylines, to ISO 8601."""
from __future__ import annotations

import datetime as dt

import regex

_NUMERIC = regex.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")


def parse_date(text: str, order: str = "dmy") -> str | None:
    """'18-06-2025' (dmy) -> '2025-06-18'. Returns None when the text is not a valid date."""
    found = _NUMERIC.match(text.strip())
    if not found:
        return None
    a, b, c = (int(x) for x in found.groups())
    if order == "dmy":
        day, month, year = a, b, c
    elif order == "mdy":
        month, day, year = a, b, c
    else:
        year, month, day = a, b, c
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
