"""Publication-date parsing: datelines and stamps from meta tags and feeds."""

from __future__ import annotations

from datetime import date

import pytest

from sources.dates import find_date, parse_dateline

D = date(2024, 10, 23)


@pytest.mark.parametrize(
    "stamp",
    [
        "2024-10-23", "2024-10-23T13:35:02Z", "2024-10-23T13:35:02+02:00",
        "2024/10/23", "Wed, 23 Oct 2024 13:35:02 GMT", "23 October 2024",
        "October 23, 2024", "Oct. 23, 2024", "Oct 23 2024", "October 23rd, 2024",
        "Wednesday, 23rd October 2024", "published 2024-10-23 by the desk",
    ],
)
def test_dates_find_date_formats(stamp):
    assert find_date(stamp) == D


@pytest.mark.parametrize(
    "stamp",
    ["", "yesterday", "2 hours ago", "2024-02-30", "Octember 3, 2024", "10/23", "1234567",
     "May 2024", "0999-01-01"],
)
def test_dates_find_date_rejects(stamp):
    assert find_date(stamp) is None


def test_dates_find_date_takes_the_first_in_the_text():
    assert find_date("Sept. 1, 2023 and then 2024-10-23") == date(2023, 9, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Created at 2024-10-23 13:35:02", ("published", D)),
        ("Published: October 23, 2024", ("published", D)),
        ("First published on 23 October 2024", ("published", D)),
        ("Updated Oct. 23, 2024", ("updated", D)),
        ("Last updated: 2024-10-23 13:00 EDT", ("updated", D)),
        ("Updated at 2024-10-23 15:19:47 2 hours ago", ("updated", D)),
        ("2024-10-23", ("published", D)),
        ("October 23, 2024 10:15 a.m.", ("published", D)),
        ("Date: 2024/10/23", ("published", D)),
    ],
)
def test_dates_parse_dateline(line, expected):
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Troops arrived on October 23, 2024.",
        "October 23, 2024 was the day the convoy left the port",
        "Published: October 23, 2024, when the troops crossed the river.",
        "Published by the ministry",
        "Updated",
        "2024-10-23 " + "x" * 200,
    ],
)
def test_dates_parse_dateline_rejects_prose(line):
    assert parse_dateline(line) is None
