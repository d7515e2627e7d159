"""Read input files (text, HTML, JSON Lines, XML feeds) into Article records."""

from __future__ import annotations

from .article import Article, content_id, normalized_text
from .decoding import DEFAULT_MAX_BYTES
from .errors import SourceError
from .loading import LOADERS, ReadResult, discover, load, read_path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LOADERS",
    "Article",
    "ReadResult",
    "SourceError",
    "content_id",
    "discover",
    "load",
    "normalized_text",
    "read_path",
]
