"""Article → ArticleExtraction: entities, identities and transfer claims (spaCy + lexicons)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ExtractionError
from .identity import unify
from .records import ArticleExtraction, EntityRecord, Mention, TransferRecord

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sources import Article

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleExtraction",
    "EntityRecord",
    "ExtractionError",
    "Mention",
    "TransferRecord",
    "extract",
    "make_nlp",
    "preload",
    "unify",
]

#: Bumped whenever extraction output can change; cached extractions of older versions are stale.
EXTRACTOR_VERSION = "2"


def make_nlp(model: str | None = None) -> Any:
    """Load the spaCy pipeline with ckg's rules (spaCy is imported on first call)."""
    from .pipeline import make_nlp as _make_nlp

    return _make_nlp(model)


def preload() -> None:
    """Read the rules' one-time data now (the offline city gazetteer, about a second).

    Call it before forking extraction processes: they then share one copy instead of
    each reading its own. Without it the data is read on the first city look-up.
    """
    from .gazetteer import preload_cities

    preload_cities()


def extract(articles: Iterable[Article], nlp: Any, *, batch_size: int = 32,
            n_process: int = 1) -> Iterator[ArticleExtraction]:
    """Extract every article, batching the NLP with ``nlp.pipe``."""
    from .extractor import extract as _extract

    return _extract(articles, nlp, batch_size=batch_size, n_process=n_process)
