"""Publication dates as articles print them in their header ("March 13, 2025").

Only whole, explicit calendar dates are recognised here: this is for the
article's own date line, not for time expressions in the text (the timeline
plugin handles those).  Day-first and month-first numeric forms such as
"03/04/2025" are ambiguous and deliberately not read.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Tried in order; each must match with word boundaries on both sides.
DATE_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?:[T ][\d:.+\-Z]*)?\b"),
    re.compile(rf"\b{_YEAR}/(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
]


def find_date(text: str) -> dt.date | None:
    """The first explicit calendar date in `text`, or None."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _to_date(match)
            if value:
                return value
    return None


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first explicit date in `text` is, as (start, end)."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if _to_date(match):
                return match.span()
    return None


def parse_iso_or_text(value: str) -> dt.date | None:
    """A date given by a source's metadata: ISO 8601 (date or timestamp) or written out."""
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return find_date(value)


def _to_date(match: re.Match) -> dt.date | None:
    parts = match.groupdict()
    month = int(parts["mon"]) if parts.get("mon") else _MONTHS[parts["month"][:3].lower()]
    try:
        return dt.date(int(parts["year"]), month, int(parts["day"]))
    except (TypeError, ValueError):
        return None
