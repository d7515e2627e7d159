"""Plain-text articles: header detection (title, byline, dateline) and a verbatim body."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources import SourceError, content_id, read_path
from sources.plaintext import parse_plaintext, read_header

DATA = Path(__file__).parent / "data" / "sources"


def _parse(text: str):
    return parse_plaintext(text, path=Path("notes/a.txt"))


def test_plaintext_reads_title_byline_and_created_at():
    (article,) = read_path(DATA / "byline_pipe.txt").articles
    assert article.title == "Drone factory opens near the border, officials say"
    assert article.author == "Marta Kowal"
    assert article.outlet == "Eastern Wire"
    assert article.published == date(2023, 3, 14)  # Created, not Updated
    assert article.text.startswith("A new assembly line")
    assert article.source_file == "byline_pipe.txt"
    assert article.source == str(DATA / "byline_pipe.txt")
    assert article.id == content_id(article.text)


def test_plaintext_body_date_is_not_the_publication_date():
    (article,) = read_path(DATA / "headline_only.txt").articles
    assert article.title == "Artillery shipment reaches the port"
    assert article.published is None  # "2022-11-05" sits in the body
    assert article.text.startswith("Officials in the harbour city")
    assert "2022-11-05" in article.text


def test_plaintext_without_header_keeps_the_whole_file():
    raw = (DATA / "no_header.txt").read_text(encoding="utf-8")
    (article,) = read_path(DATA / "no_header.txt").articles
    assert article.text == raw
    assert article.title is None and article.author is None and article.published is None


def test_plaintext_skips_navigation_junk_and_reading_time():
    (article,) = read_path(DATA / "nav_junk.txt").articles
    assert article.title == "Rocket deliveries stall as winter sets in"
    assert article.text.startswith("Deliveries of rockets")


@pytest.mark.parametrize(
    ("byline", "author", "outlet"),
    [
        ("By Jane Roe", "Jane Roe", None),
        ("By Jane Roe, Senior Defence Correspondent, Politics", "Jane Roe", None),
        ("By Jane Roe and Omar Said", "Jane Roe and Omar Said", None),
        ("By Jane Roe - Harbour Times", "Jane Roe", "Harbour Times"),
        ("By Jane Roe in Lviv", "Jane Roe", None),
        ("By JANE ROE", "JANE ROE", None),
        ("BY Jane Roe", "Jane Roe", None),
        ("Written by Jane Roe", "Jane Roe", None),
        ("By NBCX (U.S.) | Created at 2024-10-23 13:35:02", None, "NBCX (U.S.)"),
        ("By Harbour News Staff", None, "Harbour News Staff"),
        ("By Jane Roe | Harbour Times", "Jane Roe", "Harbour Times"),
    ],
    ids=["name", "job-title", "two-names", "dash-outlet", "place", "caps", "BY",
         "written-by", "acronym-outlet", "staff-outlet", "pipe-outlet"],
)
def test_plaintext_byline_variants(byline, author, outlet):
    article = _parse(f"Troops gather at the border\n{byline}\n\nThe troops arrived.\n")
    assert (article.author, article.outlet) == (author, outlet)
    assert article.title == "Troops gather at the border"
    assert article.text == "The troops arrived.\n"


@pytest.mark.parametrize(
    "line",
    ["By October, the troops had arrived.", "By the end of the week troops were there",
     "By 2025 the army will double"],
    ids=["month-sentence", "the", "year"],
)
def test_plaintext_sentence_starting_with_by_is_body(line):
    article = _parse(f"{line}\nMore text follows here.\n")
    assert article.author is None
    assert article.text.startswith(line)


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("Created at 2024-10-23 13:35:02", date(2024, 10, 23)),
        ("Published: October 23, 2024", date(2024, 10, 23)),
        ("Updated Oct. 23, 2024", date(2024, 10, 23)),
        ("2024-10-23", date(2024, 10, 23)),
        ("Published 23 October 2024 10:00 BST", date(2024, 10, 23)),
        ("Posted on Wednesday, October 23rd, 2024", date(2024, 10, 23)),
        ("Published: Oct 23, 2024 | Updated: Oct 25, 2024", date(2024, 10, 23)),
        ("Updated: Oct 25, 2024 | Published: Oct 23, 2024", date(2024, 10, 23)),
        ("Sept. 3, 2024 at 5:01 p.m. ET", date(2024, 9, 3)),
    ],
    ids=["created-at", "published", "updated", "iso", "day-month", "posted-weekday",
         "published-then-updated", "updated-then-published", "us-time"],
)
def test_plaintext_dateline_variants(dateline, expected):
    article = _parse(f"Troops gather at the border\n{dateline}\nThe troops arrived.\n")
    assert article.published == expected
    assert article.text == "The troops arrived.\n"


def test_plaintext_dateline_below_six_header_lines_is_ignored():
    filler = "".join(f"Line {n} of the story goes on and on.\n" for n in range(8))
    article = _parse(filler + "Published: October 23, 2024\n")
    assert article.published is None
    assert article.text.endswith("Published: October 23, 2024\n")


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Kim sends troops to Russia", "Kim sends troops to Russia"),
        ("Will the troops fight?", "Will the troops fight?"),
        ("# Troops reach the front", "Troops reach the front"),
        ("This is a sentence that ends with a period.", None),
        ("lowercase start looks like body text", None),
        ("By Jane Roe", None),
        ("Troops " * 40, None),
    ],
    ids=["headline", "question", "markdown", "sentence", "lowercase", "byline", "too-long"],
)
def test_plaintext_title_variants(first_line, title):
    article = _parse(f"{first_line}\nSoldiers were seen boarding trains.\n")
    assert article.title == title


def test_plaintext_only_a_headline_keeps_the_whole_file():
    article = _parse("Troops arrive in Kursk\n")
    assert article.text == "Troops arrive in Kursk\n"


def test_plaintext_body_is_verbatim_substring_of_the_file():
    raw = "  Title here  \n\nBy Ann Poe\n\n   Indented   body,\twith  spaces.\n\n\nEnd.  "
    article = _parse(raw)
    assert article.text == "   Indented   body,\twith  spaces.\n\n\nEnd.  "
    assert raw.endswith(article.text)


def test_plaintext_header_offset_points_at_the_body():
    raw = "Headline words here\nBy Ann Poe\nBody starts.\n"
    assert raw[read_header(raw).body_start:] == "Body starts.\n"


def test_plaintext_without_letters_is_an_error():
    with pytest.raises(SourceError, match=r"^notes/a.txt: no text"):
        _parse("12 345 -- 678\n")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2028\u2029"
                               "\u202f\u3000\u200b\ufeffab.\u00e9e\u0301"), max_size=40))
def test_normalized_text_folds_exactly_what_whitespace_runs_are(text):
    """The fast split/join equals the definition: NFC, every \\s+ run one space, stripped."""
    import re
    import unicodedata

    from sources.article import normalized_text

    expected = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    assert normalized_text(text) == expected
