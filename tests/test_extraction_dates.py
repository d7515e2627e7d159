"""Tests for extraction.dates: finding, resolving and header-parsing dates."""

from __future__ import annotations

import doctest
from datetime import date
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from extraction import dates
from extraction.dates import find_date_phrase
from sources.dates import find_date as parse_published  # the one publication-date reader
from extraction.dates import resolve_date

WED = date(2024, 10, 23)  # a Wednesday
MONTH_END = date(2024, 10, 31)  # a Thursday

# (text, published, future, expected)
RESOLVED = [
    ("by November 1", WED, False, "2024-11-01"),
    ("until December 15", WED, False, "2024-12-15"),
    ("on October 4, 2024", WED, False, "2024-10-04"),
    ("on October 4, 2024", None, False, "2024-10-04"),
    ("Oct. 4, 2024", None, False, "2024-10-04"),
    ("4 October 2024", None, False, "2024-10-04"),
    ("on the 4th of October", WED, False, "2024-10-04"),
    ("on September 30", WED, False, "2024-09-30"),
    ("on October 30", WED, False, "2023-10-30"),
    ("on October 30", WED, True, "2024-10-30"),
    ("Sept. 12", WED, False, "2024-09-12"),
    ("in May", WED, False, "2024-05"),
    ("in February", WED, False, "2024-02"),
    ("in February", WED, True, "2025-02"),
    ("by March", WED, True, "2025-03"),
    ("by March", WED, False, "2025-03"),
    ("in mid-May", WED, False, "2024-05"),
    ("late September", WED, False, "2024-09"),
    ("last December", WED, False, "2023-12"),
    ("next March", WED, False, "2025-03"),
    ("in May 2023", WED, False, "2023-05"),
    ("in May 2023", None, False, "2023-05"),
    ("December 2023", None, False, "2023-12"),
    ("2024-10-04", None, False, "2024-10-04"),
    ("2024-10-04T08:00:00Z", None, False, "2024-10-04"),
    ("2024-05", None, False, "2024-05"),
    ("10/23/2024", None, False, "2024-10-23"),
    ("23/10/2024", None, False, "2024-10-23"),
    ("earlier this month", WED, False, "2024-10"),
    ("later this month", WED, False, "2024-10"),
    ("last month", WED, False, "2024-09"),
    ("last month", date(2024, 1, 10), False, "2023-12"),
    ("next month", date(2024, 12, 2), False, "2025-01"),
    ("the previous month", WED, False, "2024-09"),
    ("last week", WED, False, "2024-10"),
    ("this week", WED, False, "2024-10"),
    ("on Thursday", WED, False, "2024-10-17"),
    ("on Wednesday", WED, False, "2024-10-23"),
    ("last Wednesday", WED, False, "2024-10-16"),
    ("on Monday", WED, False, "2024-10-21"),
    ("on Thursday", WED, True, "2024-10-24"),
    ("by Friday", WED, False, "2024-10-25"),
    ("next Tuesday", WED, False, "2024-10-29"),
    ("yesterday", WED, False, "2024-10-22"),
    ("today", WED, False, "2024-10-23"),
    ("tomorrow", WED, False, "2024-10-24"),
    ("three days ago", WED, False, "2024-10-20"),
    ("a week ago", WED, False, "2024-10-16"),
    ("yesterday", date(2024, 3, 1), False, "2024-02-29"),
    # the sentence, not only the phrase, may be passed
    ("Officials said the first units crossed the border on Monday.", WED, False,
     "2024-10-21"),
]

UNRESOLVED = [
    ("in May", None),  # relative without a publication date
    ("yesterday", None),
    ("last month", None),
    ("on Thursday", None),
    ("by November 1", None),
    ("in 2023", WED),  # a bare year is coarser than a month
    ("last year", WED),
    ("the past month", WED),  # a rolling thirty days, not a calendar month
    ("last week", MONTH_END - timedelta(days=24)),  # Sep 30 - Oct 6 straddles
    ("this week", MONTH_END),  # Oct 28 - Nov 3 straddles two months
    ("04/10/2024", None),  # April 10 or 4 October
    ("February 30, 2024", None),
    ("2024-13-01", None),
    ("soon", WED),
    ("troops may arrive shortly", WED),
    ("", WED),
]

FOUND = [
    ("North Korea sent troops in May, officials said.", "in May"),
    ("The units will be in place by November 1, he said.", "by November 1"),
    ("On Thursday, October 17, a ship docked.", "On Thursday, October 17"),
    ("Kirby said last month that drills had begun.", "last month"),
    ("A convoy left Vladivostok earlier this week.", "earlier this week"),
    ("Shells arrived on 4 October 2024 at the depot.", "on 4 October 2024"),
    ("The 2,000 troops landed yesterday.", "yesterday"),
    ("Deliveries began in early March 2023.", "in early March 2023"),
    ("It was reported (2024-10-04) that 300 drones shipped.", "2024-10-04"),
    ("May brought more shells.", None),  # sentence-initial modal or month: no cue
    ("Troops may cross soon.", None),
    ("3,000 troops and 152mm shells", None),
]

PUBLISHED = [
    ("2024-10-23 13:35:02", date(2024, 10, 23)),
    ("2024-10-23T13:35:02Z", date(2024, 10, 23)),
    ("2024-10-23T23:35:02-05:00", date(2024, 10, 23)),
    ("October 23, 2024", date(2024, 10, 23)),
    ("Oct. 23, 2024", date(2024, 10, 23)),
    ("Oct 23 2024", date(2024, 10, 23)),
    ("23 October 2024", date(2024, 10, 23)),
    ("Wed, 23 Oct 2024 13:35:02 GMT", date(2024, 10, 23)),
    ("Published: Wednesday, October 23, 2024 at 1:35 pm", date(2024, 10, 23)),
    ("Updated 2 hours ago", None),
    ("October 2024", None),
    ("", None),
]


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    RESOLVED,
    ids=[f"{t}|{p}|{'future' if f else 'past'}" for t, p, f, _ in RESOLVED],
)
def test_resolve_date(text, published, future, expected):
    assert resolve_date(text, published, future=future) == expected


@pytest.mark.parametrize(
    ("text", "published"), UNRESOLVED, ids=[f"{t or 'empty'}|{p}" for t, p in UNRESOLVED]
)
def test_resolve_date_leaves_vague_or_unanchored_dates_unresolved(text, published):
    assert resolve_date(text, published) is None


@pytest.mark.parametrize(("sentence", "phrase"), FOUND, ids=[f[0] for f in FOUND])
def test_find_date_phrase(sentence, phrase):
    span = find_date_phrase(sentence)
    assert (None if span is None else sentence[span[0] : span[1]]) == phrase


@pytest.mark.parametrize(("text", "expected"), PUBLISHED, ids=[p[0] or "empty" for p in PUBLISHED])
def test_parse_published(text, expected):
    assert parse_published(text) == expected


@settings(deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_written_dates_round_trip(day):
    written = f"{day:%B} {day.day}, {day.year}"
    assert resolve_date(written, None) == day.isoformat()
    assert parse_published(written) == day
    assert parse_published(f"{day:%a, %d %b %Y} 13:35:02 GMT") == day


@settings(deadline=None)
@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31)),
       st.sampled_from(list(dates.WEEKDAYS)))
def test_weekday_is_within_the_week_before_publication(published, weekday):
    resolved = date.fromisoformat(resolve_date(f"on {weekday.title()}", published))
    assert 0 <= (published - resolved).days < 7
    assert resolved.weekday() == dates.WEEKDAYS[weekday]


@settings(deadline=None)
@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31)),
       st.integers(min_value=1, max_value=12))
def test_month_without_year_is_never_after_publication(published, month):
    name = date(2000, month, 1).strftime("%B")
    resolved = resolve_date(f"in {name}", published)
    assert resolved is not None and resolved <= published.isoformat()[:7]
    assert resolved > f"{published.year - 1:04d}-{published.month:02d}"


def test_doctests_pass():
    result = doctest.testmod(dates)
    assert result.attempted > 0 and result.failed == 0


DATE_PIECES = st.sampled_from([
    "2024", "1999", "-", "10", "-03", "/", "4/", "12/31/2024", "2024-10-23", "2024-10",
    " in ", " on ", " by ", "May ", "October ", "Oct. ", "4th", " of ", ", ", "3,000 ",
    "last ", "next ", "week", "month", "year", "ago", "Monday", "yesterday", "\u0664",
    "T10:00", "Z", " "])
DATE_TEXT = st.lists(st.one_of(DATE_PIECES, st.text(max_size=4)), max_size=16).map("".join)


def _first_hit_trying_every_pattern(text: str):
    """dates._first_hit without its cheap tests of what each pattern needs."""
    best = None
    for kind, pattern in dates._PATTERNS:
        for m in pattern.finditer(text):
            if kind == "month" and m["month"] == "May" and not (m["prep"] or m["part"]
                                                                 or m["rel"]):
                continue
            if best is None or (m.start(), -m.end()) < (best[1].start(), -best[1].end()):
                best = (kind, m)
            break
    return best


@settings(max_examples=500, deadline=None)
@given(DATE_TEXT)
def test_what_a_pattern_needs_is_never_more_than_it_needs(text):
    """Skipping a pattern whose needed characters are missing finds the same date."""
    hit = dates._first_hit(text)
    expected = _first_hit_trying_every_pattern(text)
    found = (hit.kind, hit.match.span()) if hit else None
    assert found == ((expected[0], expected[1].span()) if expected else None)


@pytest.mark.parametrize("text", ["troops left on 2024-10-23 at dawn", "from 2024-10 on",
                                  "signed 12/31/2024", "in 1999", "3,000 shells in May 2024"])
def test_numeric_dates_are_found_among_quantities(text):
    assert find_date_phrase(text) is not None
