"""The extraction cache behind ``ckg build --cache DIR``: one JSON file per article.

An entry's key covers everything extraction reads: the article (its exact text and the
metadata that reaches the records: file name, title, date, byline, outlet, url), the
extractor (``EXTRACTOR_VERSION``, a digest of the extraction package's code, and the
spaCy and thinc releases that run the model), the spaCy pipeline's name and version, and
a digest of the reference data and lexicons in ``ontology/data``. Changing any of them is
a cache miss, so a cached build gives the same bytes as a clean one. Entries are written
atomically; an unreadable entry is a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from extraction import EXTRACTOR_VERSION, ArticleExtraction, EntityRecord, Mention, TransferRecord
from ontology import EntityType, Status, TransferCategory
from sources import Article

from .files import write_text_atomically

logger = logging.getLogger(__name__)

_FORMAT = 1  # the layout of one entry; bump when to_json changes


def _digest_files(folders: list[Path], patterns: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for pattern in patterns:
            for path in sorted(folder.rglob(pattern)):
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


#: The files of ``ontology/data`` that extraction reads (reference data, lexicons, cities).
DATA_PATTERNS = ("*.json", "*.ttl", "*.tsv")

#: The libraries that run the model: another release may tag or parse differently.
_RUNTIME = ("spacy", "thinc")


def _installed_version(*dists: str) -> str | None:
    """The version of the first of ``dists`` that is installed, or None."""
    from importlib import metadata

    for dist in dists:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return None


def _runtime_versions() -> str:
    return " ".join(f"{dist}@{_installed_version(dist) or '-'}" for dist in _RUNTIME)


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """EXTRACTOR_VERSION, digests of the extraction code and the ontology's data files,
    and the versions of spaCy and thinc."""
    import extraction
    import ontology

    code = _digest_files([Path(extraction.__file__).parent], ("*.py", "*.json"))
    data = _digest_files([Path(ontology.__file__).parent / "data"], DATA_PATTERNS)
    return f"{EXTRACTOR_VERSION}:{code}:{data}:{_runtime_versions()}"


@lru_cache(maxsize=4)
def installed_model(model: str | None) -> str:
    """Which pipeline ``make_nlp(model)`` loads, and its version, without loading it."""
    from extraction.models import DEFAULT_MODELS

    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        if name.startswith("blank:"):
            return name
        version = _installed_version(name, name.replace("_", "-"))
        if version is not None:
            return f"{name}@{version}"
    return names[0]


def article_key(article: Article, model: str) -> str:
    """The cache key of one article's extraction under ``model`` (see the module doc)."""
    fields = {f.name: getattr(article, f.name) for f in dataclasses.fields(article)
              if f.name != "source"}  # the full path is for messages only
    payload = json.dumps([_FORMAT, extractor_fingerprint(), model, fields],
                         default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


# -- records <-> JSON --------------------------------------------------------------------

def _mention(data: dict) -> Mention:
    return Mention(start=data["start"], end=data["end"], text=data["text"])


def _quantity_to_json(value: int | Decimal | None) -> Any:
    if isinstance(value, Decimal):
        return {"decimal": str(value)}  # the lexical form as written ("6433.10")
    return value


def _quantity_from_json(value: Any) -> int | Decimal | None:
    if isinstance(value, dict):
        return Decimal(value["decimal"])
    return value


def _mention_to_json(mention: Mention) -> dict[str, Any]:
    return {"start": mention.start, "end": mention.end, "text": mention.text}


def to_json(extraction: ArticleExtraction) -> dict[str, Any]:
    """An ArticleExtraction as plain JSON data (enums as values, Decimal as text, ISO dates).

    Written field by field, as ``from_json`` reads them (``dataclasses.asdict`` deep-copies
    every value and took half of a cache write).
    """
    entities = [{
        "key": e.key, "type": e.type.value, "name": e.name, "aliases": list(e.aliases),
        "wikidata": e.wikidata, "role": e.role, "affiliation": e.affiliation,
        "located_in": e.located_in,
        "coordinates": list(e.coordinates) if e.coordinates is not None else None,
        "mentions": [_mention_to_json(m) for m in e.mentions]} for e in extraction.entities]
    transfers = [{
        "supplier": t.supplier, "recipient": t.recipient, "category": t.category.value,
        "status": t.status.value, "evidence": _mention_to_json(t.evidence),
        "quantity": _quantity_to_json(t.quantity), "qualifier": t.qualifier, "unit": t.unit,
        "claimants": list(t.claimants), "destination": t.destination, "when": t.when}
        for t in extraction.transfers]
    return {
        "article_id": extraction.article_id, "source_file": extraction.source_file,
        "title": extraction.title,
        "published": extraction.published.isoformat() if extraction.published else None,
        "author": extraction.author, "url": extraction.url,
        "entities": entities, "transfers": transfers}


def from_json(data: dict[str, Any]) -> ArticleExtraction:
    """The ArticleExtraction ``to_json`` wrote, equal to the original."""
    entities = tuple(EntityRecord(
        key=e["key"], type=EntityType(e["type"]), name=e["name"], aliases=tuple(e["aliases"]),
        wikidata=e["wikidata"], role=e["role"], affiliation=e["affiliation"],
        located_in=e["located_in"],
        coordinates=tuple(e["coordinates"]) if e["coordinates"] is not None else None,
        mentions=tuple(_mention(m) for m in e["mentions"])) for e in data["entities"])
    transfers = tuple(TransferRecord(
        supplier=t["supplier"], recipient=t["recipient"],
        category=TransferCategory(t["category"]), status=Status(t["status"]),
        evidence=_mention(t["evidence"]), quantity=_quantity_from_json(t["quantity"]),
        qualifier=t["qualifier"], unit=t["unit"], claimants=tuple(t["claimants"]),
        destination=t["destination"], when=t["when"]) for t in data["transfers"])
    return ArticleExtraction(
        article_id=data["article_id"], source_file=data["source_file"], title=data["title"],
        published=date.fromisoformat(data["published"]) if data["published"] else None,
        author=data["author"], url=data["url"], entities=entities, transfers=transfers)


class ExtractionCache:
    """A folder of cached extractions, ``DIR/<2 hex>/<key>.json``."""

    def __init__(self, folder: Path) -> None:
        self._folder = os.fspath(folder)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> str:
        return os.path.join(self._folder, key[:2], f"{key}.json")  # no Path: 10,000s of calls

    def has(self, key: str) -> bool:
        """Whether an entry exists (``get`` may still find it unreadable)."""
        return os.path.isfile(self._path(key))

    def get(self, key: str) -> ArticleExtraction | None:
        """The cached extraction, or None (missing, unreadable or of another layout)."""
        path = self._path(key)
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.loads(handle.read())
            extraction = from_json(data["extraction"]) if data.get("key") == key else None
        except FileNotFoundError:
            extraction = None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("%s: unreadable cache entry, extracting again (%s)", path, exc)
            extraction = None
        if extraction is None:
            self.misses += 1
        else:
            self.hits += 1
        return extraction

    def put(self, key: str, extraction: ArticleExtraction) -> None:
        """Store one extraction (atomically: a killed build leaves no half entry).

        Not flushed to disk one by one (that was a fifth of a cache write): an entry a
        power cut empties or truncates is unreadable, which ``get`` treats as a miss.
        """
        # ASCII JSON: every string, even one with a lone surrogate, comes back as it went
        text = json.dumps({"key": key, "extraction": to_json(extraction)}, sort_keys=True)
        write_text_atomically(Path(self._path(key)), text, durable=False)
