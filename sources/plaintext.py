"""Plain-text articles: a headline, byline and dateline header, then the body verbatim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .article import Article
from .dates import parse_dateline
from .decoding import make_article
from .errors import SourceError

_HEADER_LINES = 8  # non-empty lines looked at for a header; dates deeper down are body
_MAX_HEADLINE_CHARS = 200
_MAX_HEADER_LINE = 300  # longer lines are body, whatever they look like
_MAX_HEADLINE_WORDS = 30
_MAX_LABEL_WORDS = 2  # "World", "Breaking News", "Truth": section labels, not titles
_MAX_LABEL_CHARS = 24

_BYLINE = re.compile(r"^(?:By|BY|Written by|Authors?:)\s+(?P<rest>\S.*)$")
_NOT_A_NAME = re.compile(
    r"^(?:the|a|an|then|now|late|early|mid|end|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\b|^\d",
    re.IGNORECASE,
)
_SEGMENT_SPLIT = re.compile(r"\s+[|•·]\s+")
_OUTLET_DASH = re.compile(r"\s+[-–—]\s+")
_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")
_ORG_WORDS = re.compile(
    r"\b(?:news|press|times|post|agency|reuters|associated|journal|herald|tribune|"
    r"telegraph|guardian|staff|media|network|radio|tv|television|service|wire|daily|"
    r"gazette|magazine|newsroom|desk|editors?|channel|broadcasting)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_BREADCRUMB = re.compile(r"^[•·▪►»›>*-]\s+\S|^\S.*\s[>›»/]\s\S.*\s[>›»/]\s")
_READING_TIME = re.compile(r"^\d+\s*min(?:ute)?s?\.?\s+read$", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_SENTENCE_END = re.compile(r"[.,;:]$")


@dataclass(frozen=True, slots=True)
class Header:
    """What the lines above the body say, and where the body starts."""

    body_start: int = 0
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: date | None = None
    updated: date | None = None


def load(path: Path, text: str) -> Iterator[Article | SourceError]:
    """Read one plain-text file as one article (the loader for .txt, .text, .md).

    Args:
        path: The input file, for the record and messages.
        text: Its decoded, cleaned content.

    Yields:
        The article, or a SourceError when it has no text.
    """
    try:
        yield parse_plaintext(text, path=path)
    except SourceError as exc:
        yield exc


def parse_plaintext(text: str, *, path: Path) -> Article:
    """Split a header (title, byline, dateline) from the body and build the Article.

    The body is ``text`` from the first body line to the end, unchanged, so it is
    always a substring of ``text``.

    Raises:
        SourceError: The body has no letters.
    """
    header = read_header(text)
    return make_article(
        text[header.body_start:], path=path, title=header.title, author=header.author,
        outlet=header.outlet, published=header.published or header.updated,
    )


def read_header(text: str) -> Header:
    """Find the header lines at the top of ``text`` and read what they say.

    Args:
        text: A whole plain-text article.

    Returns:
        The header; ``body_start`` is 0 when nothing looks like a header, or when
        the header would leave no body.

    Example:
        >>> h = read_header("Troops arrive in Kursk\\nBy Ann Poe | May 2, 2024\\nThey came.")
        >>> h.title, h.author, h.published, h.body_start
        ('Troops arrive in Kursk', 'Ann Poe', datetime.date(2024, 5, 2), 48)
    """
    header = Header()
    label_title: str | None = None
    seen = 0
    for start, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > _HEADER_LINES or len(stripped) > _MAX_HEADER_LINE:
            return _finish(header, label_title, start)
        byline = _read_byline(stripped)
        if byline is not None:
            header = _merge(header, byline)
            continue
        dated = _read_datelines(stripped)
        if dated is not None:
            header = _merge(header, dated)
            continue
        if _BREADCRUMB.match(stripped) or _READING_TIME.match(stripped):
            continue
        if _is_headline(stripped):
            headline = _MARKDOWN_HEADING.sub("", stripped)
            if _is_label(headline):
                label_title = label_title or headline
                continue
            if header.title is None:
                header = replace(header, title=headline)
                continue
        return _finish(header, label_title, start)
    return Header()  # all header, no body: keep the whole file as the text


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line with its offset, lazily: only the first few are ever looked at."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield start, text[start:end]
        start = end


def _finish(header: Header, label_title: str | None, body_start: int) -> Header:
    if header.title is None and label_title is not None:
        header = replace(header, title=label_title)
    return replace(header, body_start=body_start)


def _merge(header: Header, found: Header) -> Header:
    """Add what one header line says; the first value found for a field wins."""
    return replace(
        header,
        author=header.author or found.author,
        outlet=header.outlet or found.outlet,
        published=header.published or found.published,
        updated=header.updated or found.updated,
    )


def _is_headline(line: str) -> bool:
    """Short, has letters, does not end like a sentence, and is not a "By …" line."""
    return (len(line) <= _MAX_HEADLINE_CHARS
            and len(line.split()) <= _MAX_HEADLINE_WORDS
            and not _SENTENCE_END.search(line)
            and any(ch.isalpha() for ch in line)
            and not line[0].islower()
            and not _BYLINE.match(line))


def _is_label(line: str) -> bool:
    return len(line.split()) <= _MAX_LABEL_WORDS and len(line) <= _MAX_LABEL_CHARS


def _read_datelines(line: str) -> Header | None:
    """A line of datelines, such as "Published: Oct 23, 2024 | Updated Oct 24, 2024"."""
    found = Header()
    for segment in _SEGMENT_SPLIT.split(line):
        dated = parse_dateline(segment)
        if dated is None:
            if len(segment) > 40:
                return None
            continue
        kind, value = dated
        found = _merge(found, Header(published=value) if kind == "published"
                       else Header(updated=value))
    if found.published is None and found.updated is None:
        return None
    return found


def _read_byline(line: str) -> Header | None:
    """Read "By NAME[, job title][ | OUTLET][ | Created at DATE | …]".

    Example:
        >>> _read_byline("By CNBC (U.S.) | Created at 2024-10-23 13:35:02").outlet
        'CNBC (U.S.)'
        >>> _read_byline("By Jane Roe, Senior Correspondent").author
        'Jane Roe'
        >>> _read_byline("By October, troops had arrived") is None
        True
    """
    match = _BYLINE.match(line)
    if not match:
        return None
    segments = _SEGMENT_SPLIT.split(match.group("rest"))
    names = segments[0].strip()
    if (_NOT_A_NAME.match(names) or len(names) > 120 or names.endswith((".", "!", "?"))
            or not names[0].isupper()):
        return None
    found = Header()
    outlet: str | None = None
    parts = _OUTLET_DASH.split(names, maxsplit=1)
    if len(parts) == 2:
        names, outlet = parts
    for segment in segments[1:]:
        dated = _read_datelines(segment)
        if dated is not None:
            found = _merge(found, dated)
        elif outlet is None and 0 < len(segment) <= 60 and not segment.endswith("ago"):
            outlet = segment.strip()
    names = _PLACE.sub("", names)
    if " and " not in names:
        names = names.split(",", 1)[0]
    names = names.strip()
    if _looks_like_outlet(names):
        return replace(found, outlet=names)
    return replace(found, author=names or None, outlet=outlet)


def _looks_like_outlet(name: str) -> bool:
    """An organisation rather than a person: "CNBC (U.S.)", "BBC News", "Reuters Staff"."""
    words = re.sub(r"\([^)]*\)", " ", name).split()
    if len(words) == 1 and _ACRONYM.match(words[0]):
        return True
    return bool(_ORG_WORDS.search(name))
