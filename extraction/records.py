"""Records extraction hands to graph/: entities, transfers, one ArticleExtraction per article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ontology import EntityType, Status, TransferCategory


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A verbatim span of the article text, with character offsets into Article.text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityRecord:
    """One real-world thing the article mentions, resolved to a canonical key."""

    key: str  # snake_case, shared across articles ("north_korea")
    type: EntityType
    name: str  # canonical English name (rdfs:label)
    aliases: tuple[str, ...] = ()  # other surface forms the article uses (skos:altLabel)
    wikidata: str | None = None  # "Q423"
    role: str | None = None  # officials: "Defense Secretary"
    affiliation: str | None = None  # key of a State or Organization
    located_in: str | None = None  # locations: key of a Location or State
    coordinates: tuple[float, float] | None = None  # (latitude, longitude)
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferRecord:
    """One transfer claim as one article states it."""

    supplier: str
    recipient: str
    category: TransferCategory
    status: Status
    evidence: Mention  # the sentence that states it
    quantity: int | Decimal | None = None
    qualifier: str | None = None  # "up to", "at least", "about", "more than"
    unit: str | None = None
    claimants: tuple[str, ...] = ()
    destination: str | None = None
    when: str | None = None  # ISO date "2024-11-01" or year-month "2024-05"


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleExtraction:
    """Everything extracted from one article; the unit graph/ turns into one named graph."""

    article_id: str  # Article.id (sha256)
    source_file: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    url: str | None = None
    entities: tuple[EntityRecord, ...] = ()
    transfers: tuple[TransferRecord, ...] = ()
