"""Read input files (text, HTML, JSON Lines, XML feeds) into Article records."""

from __future__ import annotations

from .article import Article, content_id, normalized_text
from .errors import SourceError
from .loading import LOADERS, discover, load, read_path

__all__ = [
    "LOADERS",
    "Article",
    "SourceError",
    "content_id",
    "discover",
    "load",
    "normalized_text",
    "read_path",
]
