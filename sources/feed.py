"""RSS 2.0 (and 1.0) and Atom feed files → one Article per item; links are never fetched."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.entities import name2codepoint
from pathlib import Path
from xml.parsers import expat

from .article import Article
from .dates import find_date
from .decoding import clean_text, make_article
from .errors import SourceError
from .webpage import html_to_text

_ROOTS = {"rss": "RSS", "RDF": "RSS 1.0", "feed": "Atom"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_MARKUP = re.compile(r"<[A-Za-z/!]|&[#A-Za-z]")
_MAX_AUTHOR = 200
_EMAIL_NAME = re.compile(r"^\S+@\S+\s+\((?P<name>[^)]+)\)$")


@dataclass
class _Element:
    """A parsed XML element: local name, attributes, text, children and start line."""

    name: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    content: list[str | _Element] = field(default_factory=list)  # text and children, in order
    children: list[_Element] = field(default_factory=list)

    def child(self, *names: str) -> _Element | None:
        """The first direct child with one of ``names``, tried in order."""
        for name in names:
            for element in self.children:
                if element.name == name:
                    return element
        return None

    def string(self) -> str:
        """The element's own text, without its children's."""
        return "".join(part for part in self.content if isinstance(part, str))


def load(path: Path, text: str) -> Iterator[Article | SourceError]:
    """Read an RSS or Atom file (the loader for .xml, .rss and .atom).

    Yields:
        One Article per item or entry, or a SourceError (``path:LINE: reason``) for an
        item without text.

    Raises:
        SourceError: The file is not well-formed XML, declares entities, is not a
            feed, or has no items.
    """
    root = _parse(text, str(path))
    kind = _ROOTS.get(root.name)
    if kind is None:
        raise SourceError(str(path), f"not an RSS 2.0 or Atom document "
                                     f"(root element <{root.name}>)")
    channel = root if kind == "Atom" else root.child("channel")
    holder = root if kind == "RSS 1.0" or channel is None else channel
    items = [element for element in holder.children if element.name in ("item", "entry")]
    if not items:
        raise SourceError(str(path), f"{kind} feed has no items")
    title = channel.child("title") if channel is not None else None
    outlet = _plain(title) if title is not None else None
    for item in items:
        where = f"{path}:{item.line}"
        try:
            yield _article(item, path=path, where=where, outlet=outlet)
        except SourceError as exc:
            yield exc


def _article(item: _Element, *, path: Path, where: str, outlet: str | None) -> Article:
    body = item.child("encoded", "content", "description", "summary")
    text = _text(body) if body is not None else ""
    if not text.strip():
        raise SourceError(where, "feed item has no description or content")
    title = item.child("title")
    stamp = item.child("published", "pubDate", "date", "issued", "updated", "modified")
    return make_article(
        text, path=path, source=where,
        title=_plain(title) if title is not None else None,
        published=find_date(stamp.string()) if stamp is not None else None,
        author=_author(item), url=_link(item), outlet=outlet,
    )


def _text(element: _Element) -> str:
    """An item's body: HTML turned into text, plain text kept as written."""
    if element.attrs.get("type") == "xhtml" or element.children:
        return html_to_text(_markup(element))
    value = element.string()
    if element.attrs.get("type") == "html" or _MARKUP.search(value):
        return html_to_text(value)
    return clean_text(value).strip()


def _plain(element: _Element) -> str:
    value = element.string() if not element.children else _markup(element)
    return html_to_text(value) if _MARKUP.search(value) else value


def _markup(element: _Element) -> str:
    """Re-serialise inline XHTML content so the HTML reader can take it."""
    parts: list[str] = []
    stack: list[_Element | str] = [element]
    while stack:  # iterative: content may nest deeply
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        if node is not element:
            parts.append(f"<{node.name}>")
            stack.append(f"</{node.name}>")
        stack.extend(reversed([part if isinstance(part, _Element)
                               else html.escape(part, quote=False)
                               for part in node.content]))
    return "".join(parts)


def _author(item: _Element) -> str | None:
    element = item.child("author", "creator")
    if element is None:
        return None
    name = element.child("name")
    value = (name.string() if name is not None else element.string()).strip()
    match = _EMAIL_NAME.match(value) if len(value) <= _MAX_AUTHOR else None
    if match:
        return match.group("name")
    return None if "@" in value and " " not in value else value or None


def _link(item: _Element) -> str | None:
    for element in item.children:
        if element.name != "link":
            continue
        value = element.attrs.get("href") or element.string()
        if element.attrs.get("rel", "alternate") != "alternate":
            continue
        value = value.strip()
        if value.lower().startswith(("http://", "https://")):
            return value
    return None


class _TreeBuilder:
    """Build _Elements with expat, noting each element's line; refuse DTD entities."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: _Element | None = None
        self.stack: list[_Element] = []
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.EntityDeclHandler = self.entity

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        element = _Element(_local(tag), self.parser.CurrentLineNumber,
                           {_local(k): v for k, v in attrs.items()})
        if self.stack:
            self.stack[-1].content.append(element)
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].content.append(text)

    def entity(self, *args: object) -> None:
        raise SourceError(self.name, "XML entity declarations are not accepted in feeds")


def _local(tag: str) -> str:
    return tag.rsplit(" ", 1)[-1]


def _parse(text: str, name: str) -> _Element:
    text = _XML_DECLARATION.sub("", text, count=1)  # the text is decoded already
    text = _NAMED_ENTITY.sub(_numeric_entity, text)
    builder = _TreeBuilder(name)
    try:
        builder.parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise SourceError(name, f"not well-formed XML (line {exc.lineno}: "
                                f"{expat.ErrorString(exc.code)})") from exc
    except RecursionError as exc:  # pragma: no cover - expat is not recursive
        raise SourceError(name, "XML nested too deeply") from exc
    if builder.root is None:
        raise SourceError(name, "no XML element found")
    return builder.root


def _numeric_entity(match: re.Match[str]) -> str:
    """HTML entities such as &nbsp; are common in feeds but undefined in XML."""
    name = match.group(1)
    if name in _XML_ENTITIES or name not in name2codepoint:
        return match.group(0)
    return f"&#{name2codepoint[name]};"
