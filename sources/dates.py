"""Publication dates as news pages print them: ISO stamps, "October 23, 2024", RFC 822."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"

# Each pattern finds one calendar date; what may surround it is decided by the caller.
_PATTERNS = (
    re.compile(r"(?<!\d)" + _YEAR + r"-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)" + _YEAR + r"/(?P<mnum>\d{1,2})/(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<![a-z])" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR
               + r"(?!\d)", re.IGNORECASE),
    re.compile(r"(?<![\d:])" + _WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR
               + r"(?!\d)", re.IGNORECASE),
)
# Times, zones and "2 hours ago" that may follow a date on a dateline.
_TIME = (r"(?:T|\s+|,\s*|\s+at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*"
         r"(?:[ap]\.?m\.?)?")
_ZONE = r"\s*(?:Z|[A-Z]{2,5}|[+-]\d{2}:?\d{2}|\(?UTC[+-]?\d{0,2}\)?)?"
_DATE_ONLY_TAIL = re.compile(r"\s*(?:" + _TIME + r")?" + _ZONE + r"\s*", re.IGNORECASE)

_LABEL = re.compile(
    r"^\s*(?P<label>created|published|posted|updated|last\s+updated|modified|"
    r"last\s+modified|first\s+published|date|dated)"
    r"(?:\s+(?:at|on))?\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_UPDATE_LABELS = {"updated", "modified"}
_MAX_LINE = 160
_MAX_STAMP = 200
_MAX_TRAILER = 30
_PROSE = re.compile(r"[.;!?]\s*$|\b(?:the|that|when|said|was|were)\b", re.IGNORECASE)


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month = (int(groups["mnum"]) if groups.get("mnum")
             else _MONTHS[groups["month"].lower().rstrip(".")])
    year = int(groups["year"])
    if not 1800 <= year <= 2200:
        return None
    try:
        return date(year, month, int(groups["day"]))
    except ValueError:
        return None


def find_date(text: str) -> date | None:
    """Find the first calendar date written anywhere in ``text``.

    Args:
        text: A short string such as a dateline, a meta tag value or a feed's pubDate;
            only its first 200 characters are searched.

    Returns:
        The earliest-placed valid date, or None when there is none.

    Example:
        >>> find_date("Wed, 23 Oct 2024 13:35:02 GMT")
        datetime.date(2024, 10, 23)
        >>> find_date("2024-10-23T13:35:02Z")
        datetime.date(2024, 10, 23)
        >>> find_date("Updated Oct. 23, 2024, 5:01 PM ET")
        datetime.date(2024, 10, 23)
        >>> find_date("2024-02-30") is None
        True
    """
    text = text[:_MAX_STAMP]  # a date stamp is short; bounds the regex work on junk
    found: list[tuple[int, date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _to_date(match)
            if value is not None:
                found.append((match.start(), value))
                break
    return min(found)[1] if found else None


def _whole_date(text: str) -> date | None:
    """The date when ``text`` is nothing but a date, optionally with a time and zone."""
    for pattern in _PATTERNS:
        match = pattern.match(text.strip())
        if match and _DATE_ONLY_TAIL.fullmatch(text.strip()[match.end():]):
            return _to_date(match)
    return None


def parse_dateline(line: str) -> tuple[str, date] | None:
    """Read a header line that states when an article was published or updated.

    A dateline is either a labelled date ("Published: October 23, 2024",
    "Created at 2024-10-23 13:35:02", "Updated Oct. 23, 2024") or a bare date with an
    optional time ("2024-10-23"). Prose that happens to contain a date is not one.

    Args:
        line: One line of text, or one ``|``-separated segment of a byline.

    Returns:
        ``("published", date)`` or ``("updated", date)``, or None when ``line`` is not
        a dateline.

    Example:
        >>> parse_dateline("Created at 2024-10-23 13:35:02")
        ('published', datetime.date(2024, 10, 23))
        >>> parse_dateline("Updated Oct. 23, 2024")
        ('updated', datetime.date(2024, 10, 23))
        >>> parse_dateline("Troops arrived on October 23, 2024.") is None
        True
    """
    line = line.strip()
    if not line or len(line) > _MAX_LINE:
        return None
    labelled = _LABEL.match(line)
    if labelled:
        label = labelled.group("label").lower().split()[-1]
        rest = labelled.group("rest")
        value = _whole_date(rest) or _leading_date(rest)
        if value is None:
            return None
        return ("updated" if label in _UPDATE_LABELS else "published", value)
    value = _whole_date(line)
    return ("published", value) if value is not None else None


def _leading_date(text: str) -> date | None:
    """A date opening a labelled dateline, before a short trailer such as "2 hours ago"."""
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            trailer = _DATE_ONLY_TAIL.sub("", text[match.end():], count=1)
            if len(trailer) <= _MAX_TRAILER and not _PROSE.search(trailer):
                return _to_date(match)
    return None
