"""One node per real thing across articles: merge keys that spell one name differently."""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata
from collections.abc import Iterable

from ontology import EntityType

from .records import ArticleExtraction, EntityRecord, TransferRecord

_PEOPLE = {EntityType.OFFICIAL, EntityType.PERSON}


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(text.replace("-", " ").split())


def same_person(a: str, b: str) -> bool:
    """Do two full names spell one person ("Volodymyr Zelensky" / "Volodymyr Zelenskyy")?

    Example:
        >>> same_person("Volodymyr Zelensky", "Volodymyr Zelenskyy")
        True
        >>> same_person("Kim Jong Un", "Kim Yo Jong")
        False
    """
    first_a, *rest_a = _fold(a).split()
    first_b, *rest_b = _fold(b).split()
    if not rest_a or not rest_b:
        return False
    first_close = first_a == first_b or difflib.SequenceMatcher(None, first_a, first_b).ratio() > 0.8
    last_close = difflib.SequenceMatcher(None, " ".join(rest_a), " ".join(rest_b)).ratio() >= 0.85
    return first_close and last_close


def canonical_keys(extractions: Iterable[ArticleExtraction]) -> dict[str, str]:
    """Map each person key to the key of the first spelling seen (by key order)."""
    people: dict[str, str] = {}
    for extraction in extractions:
        for entity in extraction.entities:
            if entity.type in _PEOPLE:
                people.setdefault(entity.key, entity.name)
    mapping: dict[str, str] = {}
    canon: list[tuple[str, str]] = []
    for key in sorted(people):
        name = people[key]
        match = next((k for k, n in canon if same_person(name, n)), None)
        if match is None:
            canon.append((key, name))
        else:
            mapping[key] = match
    return mapping


def _rename(key: str | None, mapping: dict[str, str]) -> str | None:
    return mapping.get(key, key) if key is not None else None


def _rename_entity(entity: EntityRecord, mapping: dict[str, str], names: dict[str, str]) -> EntityRecord:
    if entity.key not in mapping and entity.affiliation not in mapping:
        return entity
    new_key = _rename(entity.key, mapping)
    aliases = tuple(sorted({*entity.aliases, entity.name} - {names.get(new_key, entity.name)}))
    return dataclasses.replace(entity, key=new_key, name=names.get(new_key, entity.name),
                               aliases=aliases, affiliation=_rename(entity.affiliation, mapping))


def _rename_transfer(transfer: TransferRecord, mapping: dict[str, str]) -> TransferRecord:
    return dataclasses.replace(
        transfer, supplier=_rename(transfer.supplier, mapping),
        recipient=_rename(transfer.recipient, mapping),
        claimants=tuple(dict.fromkeys(_rename(c, mapping) for c in transfer.claimants)),
        destination=_rename(transfer.destination, mapping))


def unify(extractions: list[ArticleExtraction]) -> list[ArticleExtraction]:
    """Rewrite keys so spelling variants of one person share one key in every article."""
    mapping = canonical_keys(extractions)
    if not mapping:
        return extractions
    names = {e.key: e.name for x in extractions for e in x.entities if e.key not in mapping}
    return [dataclasses.replace(
        x, entities=tuple(_rename_entity(e, mapping, names) for e in x.entities),
        transfers=tuple(_rename_transfer(t, mapping) for t in x.transfers)) for x in extractions]
