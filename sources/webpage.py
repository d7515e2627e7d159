"""Saved web pages: the main text and the page's metadata, with the standard HTML parser."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .article import Article
from .dates import find_date
from .decoding import clean_text, has_letters, make_article
from .errors import SourceError

logger = logging.getLogger(__name__)

# Never article text, wherever they are.
_CODE = frozenset({"script", "style", "template", "noscript", "svg", "math", "iframe",
                   "object", "canvas", "head", "select", "textarea", "button"})
# Page furniture: dropped unless nothing else is left.
_FURNITURE = frozenset({"nav", "header", "footer", "aside", "form", "dialog", "menu"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "param", "source", "track", "wbr", "keygen"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul", "title", "option", "legend", "menu",
})
_CELLS = frozenset({"td", "th"})
_MAIN = frozenset({"article", "main"})
_MAX_TITLE = 400
_SPACE = re.compile(r"[ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PUBLISHED_KEYS = ("article:published_time", "datepublished", "og:published_time",
                   "publishdate", "pubdate", "dc.date.issued", "dc.date", "date",
                   "parsely-pub-date", "sailthru.date")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "parsely-author")
_LD_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
             "BlogPosting", "WebPage")


@dataclass
class _Page:
    """What one pass over the markup collected."""

    blocks: list[tuple[str, bool]] = field(default_factory=list)  # (text, inside main)
    meta: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    h1: str | None = None
    time: str | None = None
    date_published: str | None = None
    canonical: str | None = None
    ld_json: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collect text blocks and metadata; tolerant of any markup html.parser accepts."""

    def __init__(self, drop: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self._drop = drop
        self._open: list[str] = []  # the open elements, outermost first
        self._open_count: Counter[str] = Counter()
        self._skip_from: int | None = None  # depth of the outermost dropped element
        self._main_depth = 0
        self._chunks: list[str] = []
        self._chunks_in_main = False
        self._pre = 0
        self._capture: dict[str, list[str]] = {}  # "title", "h1", "ld", "datepublished"
        self._capture_tags: dict[str, str] = {}

    # -- tags ---------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        self._read_metadata(tag, values)
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._add("\n")
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in _CELLS:
            self._add(" ")
        hidden = "hidden" in values or values.get("aria-hidden") == "true" or bool(
            _HIDDEN_STYLE.search(values.get("style", "")))
        if self._skip_from is None and (tag in self._drop or hidden):
            self._skip_from = len(self._open)
        self._open.append(tag)
        self._open_count[tag] += 1
        self._main_depth += tag in _MAIN
        self._pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        self._read_metadata(tag, values)
        if tag in ("br", "hr"):
            self._add("\n")
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        for key, open_tag in list(self._capture_tags.items()):
            if open_tag == tag:
                self._end_capture(key)
        if tag in _BLOCKS or tag in _MAIN:
            self._flush()
        # Close the innermost open element of this name and everything left open
        # inside it, as browsers do; an end tag that matches nothing is ignored
        # (checked in O(1): hostile pages send thousands of them).
        if not self._open_count[tag]:
            return
        index = len(self._open) - 1
        while self._open[index] != tag:
            index -= 1
        closed = self._open[index:]
        del self._open[index:]
        self._open_count.subtract(closed)
        self._main_depth -= sum(t in _MAIN for t in closed)
        self._pre -= closed.count("pre")
        if self._skip_from is not None and index <= self._skip_from:
            self._skip_from = None

    def handle_data(self, data: str) -> None:
        for parts in self._capture.values():
            parts.append(data)
        self._add(data if self._pre else _SPACE.sub(" ", data))

    def close(self) -> None:
        super().close()
        for key in list(self._capture):
            self._end_capture(key)
        self._flush()

    # -- helpers ------------------------------------------------------------------
    def _add(self, chunk: str) -> None:
        """Add text to the current block, unless inside a dropped element."""
        if self._skip_from is not None:
            return
        if not self._chunks:
            self._chunks_in_main = self._main_depth > 0
        self._chunks.append(chunk)

    def _read_metadata(self, tag: str, values: dict[str, str]) -> None:
        page = self.page
        if tag == "meta":
            key = (values.get("property") or values.get("name")
                   or values.get("itemprop") or "").lower()
            if key and "content" in values:
                page.meta.setdefault(key, values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            page.canonical = page.canonical or values.get("href")
        elif tag == "time" and page.time is None and values.get("datetime"):
            page.time = values["datetime"]
        if values.get("itemprop", "").lower() == "datepublished" and tag != "meta":
            stamp = values.get("datetime") or values.get("content")
            if stamp:
                page.date_published = page.date_published or stamp
            elif page.date_published is None:
                self._start_capture("datepublished", tag)
        if tag == "title" and page.title is None and not self._in_foreign_content():
            self._start_capture("title", tag)
        elif tag == "h1" and page.h1 is None:
            self._start_capture("h1", tag)
        elif (tag == "script"
              and values.get("type", "").lower().strip() == "application/ld+json"):
            self._start_capture("ld", tag)

    def _in_foreign_content(self) -> bool:
        return self._open_count["svg"] > 0 or self._open_count["math"] > 0

    def _start_capture(self, key: str, tag: str) -> None:
        if key not in self._capture:
            self._capture[key] = []
            self._capture_tags[key] = tag

    def _end_capture(self, key: str) -> None:
        text = "".join(self._capture.pop(key, []))
        self._capture_tags.pop(key, None)
        page = self.page
        if key == "ld":
            page.ld_json.append(text)
            return
        text = _SPACE.sub(" ", text).strip()
        if not text or len(text) > _MAX_TITLE:  # an unclosed <title> swallows the page
            return
        if key == "title":
            page.title = page.title or text
        elif key == "h1":
            page.h1 = page.h1 or text
        elif key == "datepublished":
            page.date_published = page.date_published or text

    def _flush(self) -> None:
        if not self._chunks:
            return
        block = "".join(self._chunks)
        self._chunks = []
        lines = (line.strip() for line in block.split("\n"))
        block = "\n".join(line for line in lines if line)
        if block.strip():
            self.page.blocks.append((block, self._chunks_in_main))


def _defuse(markup: str) -> str:
    """Settle constructs left open at the end of the page before html.parser sees them.

    An unterminated ``<!--`` runs to the end of the page, as in browsers; a ``<`` after
    the last ``>`` can start no tag, so it is text. Besides being right, this keeps
    html.parser linear: it rescans the rest of the page for every construct left
    open (Python 3.11 took minutes on 300 kB of ``<!--``).
    """
    last_close = markup.rfind("-->")
    opened = markup.find("<!--", last_close + 3 if last_close >= 0 else 0)
    if opened >= 0:
        lowered = markup[:opened].lower()
        # "<!--" inside a script or style is just characters.
        if all(lowered.rfind(f"<{raw}") <= lowered.rfind(f"</{raw}")
               for raw in ("script", "style")):
            markup = markup[:opened]
    last_tag_end = markup.rfind(">")
    return markup[:last_tag_end + 1] + markup[last_tag_end + 1:].replace("<", "&lt;")


def _parse(markup: str, drop: frozenset[str]) -> _Page:
    markup = _defuse(markup)
    parser = _PageParser(drop)
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError, IndexError, RecursionError) as exc:
        # html.parser is lenient but not total; keep what was read before the fault.
        logger.debug("html.parser stopped: %r", exc)
        parser._flush()
    return parser.page


def _body(page: _Page) -> str:
    main = [text for text, in_main in page.blocks if in_main]
    if not has_letters("".join(main)):
        main = [text for text, _ in page.blocks]
    return "\n\n".join(main)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML fragment or page: blocks separated by blank lines.

    Scripts, styles and other code are never text; navigation, headers, footers,
    asides and forms are dropped unless nothing else is left; ``<article>`` or
    ``<main>`` wins when present. Entities are decoded.

    Example:
        >>> html_to_text("<p>Troops &amp; tanks</p><script>alert(1)</script><p>moved</p>")
        'Troops & tanks\\n\\nmoved'
    """
    return clean_text(_body(_read_page(markup)))


def _read_page(markup: str) -> _Page:
    page = _parse(markup, _CODE | _FURNITURE)
    if not has_letters(_body(page)):
        fallback = _parse(markup, _CODE)
        fallback.meta, fallback.title = page.meta or fallback.meta, page.title or fallback.title
        page = fallback
    return page


def load(path: Path, text: str) -> Iterator[Article | SourceError]:
    """Read one saved web page as one article (the loader for .html and .htm)."""
    try:
        yield parse_webpage(text, path=path)
    except SourceError as exc:
        yield exc


def parse_webpage(markup: str, *, path: Path) -> Article:
    """Build an Article from a page's main text and its metadata.

    Title: og:title, then ``<title>``, then the first ``<h1>``. Published:
    article:published_time and similar meta tags, then JSON-LD datePublished, then
    itemprop datePublished, then the first ``<time datetime>``.

    Raises:
        SourceError: The page has no readable text.
    """
    page = _read_page(markup)
    linked = _linked_data(page.ld_json)
    meta = page.meta
    outlet = meta.get("og:site_name") or _name(linked.get("publisher"))
    title = (meta.get("og:title") or meta.get("twitter:title") or page.title
             or linked.get("headline") or page.h1)
    if isinstance(title, str) and outlet:
        title = re.sub(r"\s+[|–—-]\s+" + re.escape(outlet) + r"\s*$", "", title)
    author = next((meta[k] for k in _AUTHOR_KEYS if meta.get(k) and not _is_url(meta[k])),
                  None) or _name(linked.get("author"))
    url = next((u for u in (meta.get("og:url"), page.canonical, linked.get("url"))
                if isinstance(u, str) and _is_url(u)), None)
    return make_article(
        clean_text(_body(page)), path=path,
        title=title if isinstance(title, str) else None,
        published=_published(page, linked), author=author, url=url,
        outlet=outlet if isinstance(outlet, str) else None,
    )


def _published(page: _Page, linked: dict[str, Any]) -> date | None:
    stamps = [page.meta.get(key) for key in _PUBLISHED_KEYS]
    stamps += [linked.get("datePublished"), page.date_published, page.time]
    for stamp in stamps:
        if isinstance(stamp, str):
            value = find_date(stamp)
            if value is not None:
                return value
    return None


def _is_url(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


def _name(value: Any) -> str | None:
    """The name in a JSON-LD author or publisher: a string, an object, or a list."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) and not _is_url(value) else None


def _linked_data(scripts: list[str]) -> dict[str, Any]:
    """The first schema.org article object in the page's JSON-LD scripts."""
    for script in scripts:
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        candidates = data if isinstance(data, list) else [data]
        for item in list(candidates):
            if isinstance(item, dict) and isinstance(item.get("@graph"), list):
                candidates.extend(item["@graph"])
        for item in candidates:
            if not isinstance(item, dict):
                continue
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(k in _LD_TYPES for k in kinds) or "datePublished" in item:
                return item
    return {}
