"""Find and resolve the dates news copy gives for an event, against its publication date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

__all__ = ["find_date_phrase", "resolve_date"]

MONTHS: dict[str, int] = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}
# Words before a date without a year that point forward: "by November 1".
FUTURE_CUES = frozenset({"by", "until", "till", "no later than", "next"})
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
    r"(?![a-z])\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)"
_PREP = (
    r"(?:\b(?P<prep>(?i:on|in|by|until|till|since|from|during|before|after|through|"
    r"as of|no later than|starting|around|of))\s+)?"
    r"(?:(?P<part>(?i:early|mid|late|the end of|the start of|the beginning of|"
    r"the middle of|end of|start of|earlier|later))[\s-]+)?"
)
_NUMBER = r"(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("iso", _PREP + r"\b(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)"
         r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"),
        ("iso_month", _PREP + r"\b(?P<year>\d{4})-(?P<month>\d\d)(?![\d-])"),
        ("mdy", _PREP + rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"),
        ("dmy", _PREP + rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?\b{_DAY}\s+(?:of\s+)?"
         rf"{_MONTH}(?:,?\s+{_YEAR})?"),
        ("my", _PREP + rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}"),
        ("month", _PREP + rf"(?:(?P<rel>(?i:last|next|this))\s+)?{_MONTH}"),
        ("slash", _PREP + r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?!\d)"),
        ("day_word", r"(?i:\b(?P<word>the day before yesterday|yesterday|today|tonight|"
         r"tomorrow))\b"),
        ("ago", rf"(?i:\b{_NUMBER}\s+(?P<span>days?|weeks?)\s+ago)\b"),
        ("rel_month", r"(?i:\b(?:(?P<part>earlier|later|early|late)\s+)?(?:in\s+)?"
         r"(?P<rel>this|last|next|the previous|the past) month)\b"),
        ("rel_week", r"(?i:\b(?:(?P<part>earlier|later)\s+)?(?P<rel>this|last|next|the "
         r"previous) week)\b"),
        ("rel_year", r"(?i:\b(?P<rel>this|last|next) year)\b"),
        ("year", r"\b(?P<prep>in|since|by|until|during|of)\s+(?:early\s+|late\s+|mid-)?"
         + _YEAR),
        ("weekday", r"(?:\b(?P<prep>(?i:by|until|till|before|since))\s+)?"
         rf"(?:\b(?P<rel>(?i:on|last|next|this|past))\s+)?(?P<weekday>{_WEEKDAY})"
         r"(?:'s)?"),
    )
)


# What each pattern cannot match without: most text has no date, and testing for a month
# name or a digit is far cheaper than trying every pattern at every position. The numeric
# forms need more than any digit, since news copy is full of quantities.
_DIGIT = re.compile(r"\d")
_YEAR_MONTH = re.compile(r"\d{4}-\d\d")
_DAY_SLASH = re.compile(r"\d/\d")
_MONTH_WORD = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_NEEDS: dict[str, tuple[re.Pattern[str], ...]] = {
    "iso": (_YEAR_MONTH,), "iso_month": (_YEAR_MONTH,), "slash": (_DAY_SLASH,),
    "year": (_DIGIT,),
    "mdy": (_MONTH_WORD, _DIGIT), "dmy": (_MONTH_WORD, _DIGIT), "my": (_MONTH_WORD, _DIGIT),
    "month": (_MONTH_WORD,),
    "day_word": (re.compile(r"(?i:day|tonight|tomorrow)"),),
    "ago": (re.compile(r"(?i:ago)"),),
    "rel_month": (re.compile(r"(?i:month)"),),
    "rel_week": (re.compile(r"(?i:week)"),),
    "rel_year": (re.compile(r"(?i:year)"),),
    "weekday": (re.compile(_WEEKDAY),),
}


@dataclass(frozen=True, slots=True)
class _Hit:
    kind: str
    match: re.Match[str]


def _first_hit(text: str) -> _Hit | None:
    """The earliest date expression in ``text``; the longest one wins a tie."""
    best: _Hit | None = None
    present: dict[re.Pattern[str], bool] = {}
    for kind, pattern in _PATTERNS:
        needs = _NEEDS[kind]
        if not all(present[n] if n in present else present.setdefault(n, bool(n.search(text)))
                   for n in needs):
            continue
        for m in pattern.finditer(text):
            if kind == "month" and m["month"] == "May" and not (m["prep"] or m["part"]
                                                                 or m["rel"]):
                continue  # the modal verb: "troops May arrive" at a sentence start
            if best is None or (m.start(), -m.end()) < (best.match.start(),
                                                       -best.match.end()):
                best = _Hit(kind, m)
            break
    return best


def find_date_phrase(sentence: str) -> tuple[int, int] | None:
    """Locate the first date expression in a sentence.

    The span includes a leading preposition ("by", "on", "in"), which
    :func:`resolve_date` reads to tell a deadline from a past event.

    Args:
        sentence: Any text.

    Returns:
        ``(start, end)`` character offsets, or None when there is no date.

    Example:
        >>> s = "The first units arrived by November 1, officials said."
        >>> start, end = find_date_phrase(s)
        >>> s[start:end]
        'by November 1'
        >>> find_date_phrase("Troops may arrive soon.") is None
        True
    """
    hit = _first_hit(sentence)
    return None if hit is None else (hit.match.start(), hit.match.end())


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pick_year(month: int, day: int | None, published: date, future: bool) -> str | None:
    """Choose the year for a month (and day) given without one."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        when = _safe_date(year, month, day or 1)
        if when is None:
            continue
        key = when if day else date(year, month, 1)
        anchor = published if day else published.replace(day=1)
        if (key >= anchor) if future else (key <= anchor):
            options.append(when)
    if not options:
        return None
    when = min(options) if future else max(options)
    return when.isoformat() if day else when.isoformat()[:7]


def _shift_month(published: date, months: int) -> str:
    index = published.year * 12 + published.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _week_month(monday: date, last_day: date) -> str | None:
    """The month of a week, when the whole week lies in one month."""
    if monday.month != last_day.month:
        return None
    return monday.isoformat()[:7]


def _resolve_weekday(rel: str | None, weekday: int, published: date, future: bool) -> str:
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if rel == "next" or (future and rel != "last"):
        return (published + timedelta(days=ahead or (7 if rel == "next" else 0))).isoformat()
    if rel == "this":
        monday = published - timedelta(days=published.weekday())
        return (monday + timedelta(days=weekday)).isoformat()
    if rel in ("last", "past"):
        back = back or 7
    return (published - timedelta(days=back)).isoformat()


def resolve_date(text: str, published: date | None, *, future: bool = False) -> str | None:
    """Resolve the first date expression in ``text`` against a publication date.

    A month or day given without a year means the latest one not after publication,
    or the next one when ``future`` is set or the text says "by"/"until". Relative
    expressions ("yesterday", "last month", "on Thursday") need ``published``.

    Args:
        text: A date phrase such as :func:`find_date_phrase` returns, or a sentence.
        published: The article's publication date, if known.
        future: Prefer the next occurrence of a month or weekday (future tense).

    Returns:
        ``"YYYY-MM-DD"`` or ``"YYYY-MM"``, or None when the date cannot be pinned to
        a day or a month (a bare year, "this week" across a month boundary).

    Example:
        >>> resolve_date("by November 1", date(2024, 10, 23))
        '2024-11-01'
        >>> resolve_date("in May", date(2024, 10, 23))
        '2024-05'
        >>> resolve_date("on Thursday", date(2024, 10, 23))
        '2024-10-17'
        >>> resolve_date("last month", None) is None
        True
    """
    hit = _first_hit(text)
    if hit is None:
        return None
    m, kind = hit.match, hit.kind
    groups = m.groupdict()
    prep = (groups.get("prep") or "").lower()
    rel = (groups.get("rel") or "").lower()
    forward = future or prep in FUTURE_CUES or rel == "next"
    if kind in ("iso", "mdy", "dmy", "slash"):
        if kind == "slash":
            a, b = int(m["a"]), int(m["b"])
            if a <= 12 and b <= 12 and a != b:
                return None  # 04/10/2024 is April 10 or 4 October
            month, day = (b, a) if a > 12 else (a, b)
        else:
            month = int(m["month"]) if kind == "iso" else _month_number(m["month"])
            day = int(m["day"])
        if m["year"]:
            when = _safe_date(int(m["year"]), month, day)
            return when.isoformat() if when else None
        return None if published is None else _pick_year(month, day, published, forward)
    if kind in ("iso_month", "my"):
        month = int(m["month"]) if kind == "iso_month" else _month_number(m["month"])
        return f"{int(m['year']):04d}-{month:02d}" if 1 <= month <= 12 else None
    if published is None:
        return None
    if kind == "month":
        month = _month_number(m["month"])
        if rel == "this":
            return f"{published.year:04d}-{month:02d}"
        return _pick_year(month, None, published, forward and rel != "last")
    if kind == "day_word":
        word = m["word"].lower()
        offset = {"the day before yesterday": -2, "yesterday": -1, "tomorrow": 1}
        return (published + timedelta(days=offset.get(word, 0))).isoformat()
    if kind == "ago":
        count = m["count"].lower()
        number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        days = number * (7 if m["span"].lower().startswith("week") else 1)
        return (published - timedelta(days=days)).isoformat()
    if kind == "rel_month":
        rel = m["rel"].lower()
        if rel == "the past":
            return None  # the last thirty days, not a calendar month
        return _shift_month(published, {"this": 0, "last": -1, "the previous": -1,
                                        "next": 1}[rel])
    if kind == "rel_week":
        monday = published - timedelta(days=published.weekday())
        rel = m["rel"].lower()
        if rel == "this":
            part = (m["part"] or "").lower()
            end = published if part == "earlier" else monday + timedelta(days=6)
            start = published if part == "later" else monday
            return _week_month(start, end)
        shift = 7 if rel == "next" else -7
        return _week_month(monday + timedelta(days=shift),
                           monday + timedelta(days=shift + 6))
    if kind == "weekday":
        return _resolve_weekday(rel or None, WEEKDAYS[m["weekday"].lower()], published, forward)
    return None  # a bare year: finer than a year cannot be claimed
