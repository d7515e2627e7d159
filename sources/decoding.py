"""Bytes on disk → clean text, and clean text → an Article record."""

from __future__ import annotations

import codecs
import logging
import re
import stat
from datetime import date
from pathlib import Path

from .article import Article, content_id
from .errors import SourceError

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
"""Inputs larger than this (16 MiB) are refused unless the caller raises the limit."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"PK\x03\x04", "ZIP or Office"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "executable"),
)
_SAMPLE = 64 * 1024
_MAX_CONTROL_SHARE = 0.10
# Control bytes that plain text does not contain (tab, LF, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_DECLARED = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])"""
    rb"""([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
# C0 and C1 controls except \t and \n, and lone surrogates (from JSON "\ud800" escapes).
_UNWANTED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NEWLINE = re.compile(r"\r\n?")
_LETTER = re.compile(r"[^\W\d_]")


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode one input file, refusing what is not sensible text.

    The size is checked with ``stat()`` before anything is read, so an oversized file
    costs no memory.

    Args:
        path: The file to read.
        max_bytes: The largest file accepted.

    Returns:
        The decoded text with newlines normalised to ``\\n`` and control characters
        removed (see :func:`clean_text`).

    Raises:
        SourceError: The file is missing, unreadable, too large, binary or empty.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(str(path), "not a regular file")
        if info.st_size > max_bytes:
            raise SourceError(str(path), _too_large(info.st_size, max_bytes))
        with path.open("rb") as handle:
            # a buffer the size stat() gave: asking for max_bytes would have Python
            # allocate (and the kernel map) the whole limit for every small file
            data = handle.read(min(info.st_size, max_bytes) + 1)
            if len(data) > info.st_size:  # growing, or a size stat() cannot tell (/proc)
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # the file grew after stat()
        raise SourceError(str(path), _too_large(len(data), max_bytes))
    text = clean_text(decode_bytes(data, str(path)))
    if not text.strip():
        raise SourceError(str(path), "empty file")
    return text


def _too_large(size: int, max_bytes: int) -> str:
    return (f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
            f"(use --max-bytes to raise it)")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a file's bytes: BOM, then UTF-8, then a declared charset, cp1252, latin-1.

    Args:
        data: The file's content.
        name: The file's name, for messages.

    Returns:
        The text, without a byte-order mark.

    Raises:
        SourceError: The bytes are a binary format, not text.

    Example:
        >>> decode_bytes(b"\\xef\\xbb\\xbfTroops", "a.txt")
        'Troops'
        >>> decode_bytes("Kyiv’s".encode("cp1252"), "a.txt")
        'Kyiv’s'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_declared(data[len(bom):], encoding, name)
    utf16 = _bomless_utf16(data)
    if utf16:
        return _decode_declared(data, utf16, name)
    _refuse_binary(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    for fallback in ("cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        logger.warning("%s: not valid UTF-8; decoded as %s", name, fallback)
        return text
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def _decode_declared(data: bytes, encoding: str, name: str) -> str:
    """Decode bytes whose encoding is known from a BOM; replace what does not fit."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        logger.warning("%s: invalid %s at byte %d; replaced undecodable bytes",
                       name, encoding, exc.start)
        return data.decode(encoding, errors="replace")


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM: ASCII-range text with every other byte NUL."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.9 * half and even.count(0) < 0.1 * half:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise SourceError(name, f"binary file, not text (looks like {kind})")
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise SourceError(name, "binary file, not text (contains NUL bytes)")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise SourceError(name, "binary file, not text (too many control bytes)")


def _declared_encoding(data: bytes) -> str | None:
    """The charset an HTML or XML file declares in its first bytes, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def clean_text(text: str) -> str:
    """Normalise newlines to ``\\n``, drop control characters, replace lone surrogates.

    Args:
        text: Decoded text from a file or a JSON string.

    Returns:
        The text with ``\\r\\n`` and ``\\r`` as ``\\n``; C0/C1 controls other than tab
        and newline removed; surrogates that pair with nothing as U+FFFD.

    Example:
        >>> clean_text("a\\r\\nb\\x00c\\ud800")
        'a\\nbc\\ufffd'
    """
    text = _NEWLINE.sub("\n", text)
    text = _UNWANTED.sub("", text)
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text.removeprefix("\ufeff")


def has_letters(text: str) -> bool:
    """Tell whether ``text`` contains at least one letter, in any script.

    Example:
        >>> has_letters("12 -- 34"), has_letters("Kyiv")
        (False, True)
    """
    return _LETTER.search(text) is not None


def make_article(text: str, *, path: Path, source: str | None = None,
                 title: str | None = None, published: date | None = None,
                 author: str | None = None, url: str | None = None,
                 outlet: str | None = None) -> Article:
    """Build an Article whose body is ``text`` as given; every loader ends here.

    Args:
        text: The article body, already decoded and cleaned; stored verbatim.
        path: The input file.
        source: Where in the file the article came from (``path:line``); the path
            itself by default.
        title: The headline, when known.
        published: The publication date, when known.
        author: The byline's author, when known.
        url: The article's address, when known.
        outlet: The publishing outlet, when known.

    Raises:
        SourceError: The body contains no letters at all.
    """
    where = source if source is not None else str(path)
    if not has_letters(text):
        raise SourceError(where, "no text (the article body has no letters)")
    return Article(
        id=content_id(text), text=text, source_file=path.name, source=where,
        title=_field(title), published=published, author=_field(author),
        url=_field(url), outlet=_field(outlet),
    )


def _field(value: str | None) -> str | None:
    """A metadata string on one line, without surrounding space; None when blank."""
    if value is None:
        return None
    value = " ".join(clean_text(value).split())
    return value or None

