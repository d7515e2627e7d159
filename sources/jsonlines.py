"""JSON Lines (one article object per line) and JSON (one object or a list of them)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .article import Article
from .dates import find_date
from .decoding import clean_text, make_article
from .errors import SourceError

logger = logging.getLogger(__name__)

# Each field of the record, and the keys that may carry it (the first present wins).
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "pubDate", "datePublished"),
    "author": ("author", "byline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "publisher", "site_name"),
}
_NAMES = ("author", "outlet")


def load_lines(path: Path, text: str) -> Iterator[Article | SourceError]:
    """Read a JSON Lines file (the loader for .jsonl and .ndjson).

    Blank lines are skipped; a bad line gives one error naming its line number and
    costs no other line.

    Yields:
        An Article per good line and a SourceError (``path:LINE: reason``) per bad one.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            value = _decode(line)
        except SourceError as exc:
            yield SourceError(where, exc.reason)
            continue
        yield _article_or_error(value, path=path, where=where)


def load_document(path: Path, text: str) -> Iterator[Article | SourceError]:
    """Read a JSON file holding one article object or a list of them (the .json loader).

    Items of a list are named ``path[INDEX]`` (from 0) in messages.

    Yields:
        An Article per good object and a SourceError per bad one.

    Raises:
        SourceError: The file is not JSON, or neither an object nor a list.
    """
    value = _decode(text, where=str(path))
    if isinstance(value, dict):
        yield _article_or_error(value, path=path, where=str(path))
    elif isinstance(value, list):
        if not value:
            raise SourceError(str(path), "empty JSON list: no articles")
        for index, item in enumerate(value):
            yield _article_or_error(item, path=path, where=f"{path}[{index}]")
    else:
        raise SourceError(str(path), f"expected a JSON object or a list of objects, "
                                     f"not {_kind(value)}")


def _decode(text: str, where: str = "") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(where, f"invalid JSON ({exc.msg} at line {exc.lineno} "
                                 f"column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        raise SourceError(where, f"invalid JSON ({type(exc).__name__})") from exc


def _article_or_error(value: Any, *, path: Path, where: str) -> Article | SourceError:
    try:
        return parse_record(value, path=path, where=where)
    except SourceError as exc:
        return exc


def parse_record(value: Any, *, path: Path, where: str) -> Article:
    """Validate one decoded JSON value and build its Article.

    ``text`` (or ``body``, ``content``) is required and kept verbatim apart from
    newline and control-character cleaning; ``title``, ``published``, ``author``,
    ``url`` and ``outlet`` are optional strings (or null); ``author`` and ``outlet``
    may also be a list of strings or an object with a ``name``. Other keys are
    ignored; an ``id`` key never overrides the content hash.

    Raises:
        SourceError: Not an object, no text, or a field of the wrong type.
    """
    if not isinstance(value, dict):
        raise SourceError(where, f"not a JSON object ({_kind(value)})")
    fields: dict[str, str | None] = {}
    for name, keys in FIELDS.items():
        key = next((k for k in keys if value.get(k) is not None), None)
        found = value.get(key) if key else None
        if name in _NAMES:
            found = _name(found)
        if found is not None and not isinstance(found, str):
            raise SourceError(where, f"field {key!r} must be a string, not {_kind(found)}")
        fields[name] = found
    text = fields.pop("text")
    if text is None:
        raise SourceError(where, "no 'text' field (also accepted: 'body', 'content')")
    stamp = fields.pop("published")
    published = find_date(stamp) if stamp else None
    if stamp and published is None:
        logger.warning("%s: cannot read the date %r; published left empty", where, stamp)
    return make_article(clean_text(text), path=path, source=where, published=published,
                        **fields)


def _name(value: Any) -> Any:
    """Names as exports write them: "A", ["A", "B"] or {"name": "A"}; else unchanged."""
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return value


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
