"""Dates found in bylines and date lines, to ISO 8601.

Numeric dates ("18-06-2025", "12.03.2025") are read in the order a rule states; dates with a month
name ("14 March 2025", "March 14, 2025", "12. März 2025", "1er mars 2025", "3 de abril de 2025")
are read in English, German, French and Spanish. A trailing time (", 14:35 Uhr") is ignored.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import regex

_NUMERIC = regex.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_TIME_TAIL = regex.compile(
    r"\s*(?:,|um|à|at|a las|-|–|—|\|)?\s*"
    r"\b\d{1,2}(?:(?:[:.h]\d{2})\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.)?|\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.))"
    r"(?:\s*(?:gmt|utc|cet|cest|bst|et|pt|mez|mesz)\b)?\.?$",
    regex.I,
)
_WEEKDAY = regex.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+"
    r"|^(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),?\s+"
    r"|^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+"
    r"|^(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo),?\s+",
    regex.I,
)
_MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # French (accents are stripped before lookup)
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "setiembre": 9, "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
# A full date in figures ("14.03.2026", "2026/03/12", "2026年3月10日"), glued to a name or not,
# and a clock time after it ("11:20", "08h12"): a dateline's timestamp, never a headline's words.
_TIMESTAMP = regex.compile(
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}[-/.]\s?\d{1,2}[-/.]\s?\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)"
    r"\.?\D{0,12}?(?<!\d)\d{1,2}[:h]\d{2}(?!\d)"
)
_DAY_MONTH_YEAR = regex.compile(r"^(\d{1,2})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+)?(\d{4})$", regex.I)
_MONTH_DAY_YEAR = regex.compile(r"^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", regex.I)


def _month_number(name: str) -> int | None:
    folded = name.casefold()
    if folded in _MONTHS:
        return _MONTHS[folded]
    plain = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    return _MONTHS.get(plain)


def _iso(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def carries_timestamp(text: str) -> bool:
    """Whether the line dates something to the minute in figures: a publication stamp."""
    return _TIMESTAMP.search(text) is not None


def parse_date(text: str, order: str = "dmy") -> str | None:
    """'18-06-2025' (dmy) -> '2025-06-18'; '14 March 2025' -> '2025-03-14'. None if not a date."""
    text = _WEEKDAY.sub("", text.strip())
    text = _TIME_TAIL.sub("", text).strip(" ,") if not _NUMERIC.match(text) else text
    found = _NUMERIC.match(text)
    if found:
        a, b, c = (int(x) for x in found.groups())
        if order == "dmy":
            return _iso(c, b, a)
        if order == "mdy":
            return _iso(c, a, b)
        return _iso(a, b, c)
    found = _DAY_MONTH_YEAR.match(text)
    if found and (month := _month_number(found.group(2))):
        return _iso(int(found.group(3)), month, int(found.group(1)))
    found = _MONTH_DAY_YEAR.match(text)
    if found and (month := _month_number(found.group(1))):
        return _iso(int(found.group(3)), month, int(found.group(2)))
    return None
