"""Names the text may use for known things: reference data and an offline city gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ontology import EntityType, ReferenceEntity, load_reference

# spaCy entity labels the ruler assigns, by reference type; the statistical NER uses the same.
RULER_LABELS: dict[EntityType, str] = {
    EntityType.STATE: "GPE",
    EntityType.LOCATION: "LOC",
    EntityType.ORGANIZATION: "ORG",
    EntityType.OFFICIAL: "PERSON",
    EntityType.PERSON: "PERSON",
    EntityType.MILITARY_UNIT: "ORG",
}
DEMONYM_LABEL = "NORP"
DESCRIPTOR_LABEL = "ORG"
#: ent_id_ suffix marking a capital or seat-of-government match ("Pyongyang", "the Kremlin").
CAPITAL_SUFFIX = "#capital"
DEMONYM_SUFFIX = "#demonym"


def snake_key(text: str) -> str:
    """A snake_case key for a name that has no reference entry.

    Example:
        >>> snake_key("The War Zone")
        'war_zone'
        >>> snake_key("Chun In-bum")
        'chun_in_bum'
    """
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    text = text.replace("\u2019", "'").replace("'s", "")
    key = re.sub(r"[^0-9a-z]+", "_", text.casefold()).strip("_")
    return key or "unnamed"


def _phrase(text: str) -> str:
    return text.replace("\u2019", "'")


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns for every reference name, demonym, capital and descriptor."""
    reference = load_reference()
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, text: str, ent_id: str) -> None:
        for variant in {text, _phrase(text)}:
            if variant and (variant, ent_id) not in seen:
                seen.add((variant, ent_id))
                patterns.append({"label": label, "pattern": variant, "id": ent_id})

    for entity in reference.entities:
        label = RULER_LABELS[entity.type]
        for name in (entity.name, *entity.aliases):
            add(label, name, entity.key)
        for demonym in entity.demonyms:
            add(DEMONYM_LABEL, demonym, entity.key + DEMONYM_SUFFIX)
        for capital in entity.capitals:
            add("GPE", capital, entity.key + CAPITAL_SUFFIX)
    patterns.extend(_descriptor_patterns(reference.entities))
    return patterns


def _descriptor_patterns(entities: tuple[ReferenceEntity, ...]) -> list[dict]:
    """Token patterns for "<State>'s <descriptor>" and "<Demonym> <descriptor>"."""
    states = {e.key: e for e in entities if e.type is EntityType.STATE}
    patterns = []
    for entity in entities:
        state = states.get(entity.affiliation or "")
        if state is None:
            continue
        for descriptor in getattr(entity, "descriptors", ()):
            words = [{"LOWER": w} for w in descriptor.lower().split()]
            for name in (state.name, *state.aliases):
                owner = [{"ORTH": w} for w in name.split()] + [{"LOWER": {"IN": ["'s", "\u2019s"]}}]
                patterns.append({"label": DESCRIPTOR_LABEL, "pattern": owner + words,
                                 "id": entity.key})
            for demonym in state.demonyms:
                patterns.append({"label": DESCRIPTOR_LABEL,
                                 "pattern": [{"ORTH": w} for w in demonym.split()] + words,
                                 "id": entity.key})
    return patterns


@dataclass(frozen=True, slots=True)
class City:
    """A populated place from the offline gazetteer."""

    name: str
    state_key: str | None
    latitude: float
    longitude: float


@cache
def _state_by_country_name() -> dict[str, str]:
    index = {}
    for state in load_reference().of_type(EntityType.STATE):
        for name in (state.name, *state.aliases):
            index[name.casefold()] = state.key
    return index


@cache
def _cities() -> dict[str, City]:
    from ontology.cities import load_cities

    states = _state_by_country_name()
    return {row.name: City(row.official, states.get(row.country.casefold()) if row.country
                           else None, row.latitude, row.longitude)
            for row in load_cities()}


def preload_cities() -> None:
    """Build the city index now rather than on the first look-up."""
    _cities()


def find_city(name: str) -> City | None:
    """The most populous city with exactly this English name, or None."""
    cities = _cities()
    return cities.get(name) or cities.get(name + " City")
