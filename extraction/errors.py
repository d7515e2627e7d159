"""The extraction package's error."""

from __future__ import annotations


class ExtractionError(Exception):
    """Raised when the NLP pipeline cannot be loaded or an article cannot be processed."""
