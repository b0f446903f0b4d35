"""Dates in bylines and date lines, to ISO 8601, in the languages the rule packs cover."""
import pytest

from cleaner.dates import parse_date


@pytest.mark.parametrize(
    "text, order, iso",
    [
        ("18-06-2025", "dmy", "2025-06-18"),
        ("06/18/2025", "mdy", "2025-06-18"),
        ("2025.06.18", "ymd", "2025-06-18"),
        ("14 March 2025", "dmy", "2025-03-14"),
        ("March 14, 2025", "dmy", "2025-03-14"),
        ("Nov 6, 2025, 7:42 PM GMT", "dmy", "2025-11-06"),
        ("Thursday 14 March 2025 09:12 GMT", "dmy", "2025-03-14"),
        ("12. März 2025", "dmy", "2025-03-12"),
        ("12.03.2025, 14:35 Uhr", "dmy", "2025-03-12"),
        ("1er mars 2025 à 10h15", "dmy", "2025-03-01"),
        ("12 février 2025", "dmy", "2025-02-12"),
        ("3 de abril de 2025", "dmy", "2025-04-03"),
    ],
)
def test_parses(text, order, iso):
    assert parse_date(text, order) == iso


@pytest.mark.parametrize("text", ["2025", "Mai 2025", "31 February 2025", "14 articles 2025", "13/13/2025", ""])
def test_rejects_what_is_not_a_whole_valid_date(text):
    assert parse_date(text) is None
