"""The Article record: one input document as read from disk."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date

def normalized_text(text: str) -> str:
    """Fold Unicode form and white space, so re-encoded copies of an article compare equal.

    Example:
        >>> normalized_text("  Troops\\r\\n arrived. ")
        'Troops arrived.'
    """
    # str.split() splits at exactly the characters a str pattern's \s matches, and
    # drops them at both ends: the same as re.sub(r"\s+", " ", text).strip(), faster
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_id(text: str) -> str:
    """The article's identity: sha256 (hex) of its normalized text."""
    return hashlib.sha256(normalized_text(text).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article. ``text`` is the body exactly as read; evidence offsets index into it."""

    id: str  # sha256 of normalized_text(text)
    text: str
    source_file: str  # the input file's base name (CONTRACT: ckg:sourceFile)
    source: str  # full path (and line, for JSON Lines) for messages
    title: str | None = None
    published: date | None = None
    author: str | None = None
    url: str | None = None
    outlet: str | None = None
