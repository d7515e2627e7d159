"""Reference data: the known states, organizations, officials and places, read from data/*.json."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from .errors import OntologyError
from .vocab import EntityType

#: data file -> the entity type its records have when they do not say.
REFERENCE_FILES: dict[str, EntityType] = {
    "states.json": EntityType.STATE,
    "organizations.json": EntityType.ORGANIZATION,
    "officials.json": EntityType.OFFICIAL,
    "locations.json": EntityType.LOCATION,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferenceEntity:
    """A known actor or place with every name the text may use for it."""

    key: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()  # other names, official names, acronyms, spelling variants
    demonyms: tuple[str, ...] = ()  # states: "North Korean", "North Koreans"
    capitals: tuple[str, ...] = ()  # states: capital and seat-of-government metonyms
    wikidata: str | None = None
    role: str | None = None
    affiliation: str | None = None
    located_in: str | None = None
    coordinates: tuple[float, float] | None = None
    # organizations: lower-case generic nouns the text uses with the owning state
    # ("spy agency" in "South Korea's spy agency"), so (state, descriptor) finds the body
    descriptors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reference:
    """All reference entities, indexed by key."""

    entities: tuple[ReferenceEntity, ...]
    _by_key: dict[str, ReferenceEntity] = field(init=False, repr=False, compare=False,
                                                hash=False)

    def __post_init__(self) -> None:
        # built once: hashing the whole reference on every look-up cost more than the NLP
        object.__setattr__(self, "_by_key", {e.key: e for e in self.entities})

    def get(self, key: str) -> ReferenceEntity | None:
        """The entity with this key, or None."""
        return self._by_key.get(key)

    def of_type(self, entity_type: EntityType) -> tuple[ReferenceEntity, ...]:
        """Every entity of one type, in file order."""
        return tuple(e for e in self.entities if e.type is entity_type)


def _record(raw: dict, default_type: EntityType, where: str) -> ReferenceEntity:
    try:
        coordinates = raw.get("coordinates")
        return ReferenceEntity(
            key=raw["key"],
            type=EntityType(raw.get("type", default_type)),
            name=raw["name"],
            aliases=tuple(raw.get("aliases", ())),
            demonyms=tuple(raw.get("demonyms", ())),
            capitals=tuple(raw.get("capitals", ())),
            wikidata=raw.get("wikidata"),
            role=raw.get("role"),
            affiliation=raw.get("affiliation"),
            located_in=raw.get("located_in"),
            coordinates=tuple(coordinates) if coordinates else None,
            descriptors=tuple(raw.get("descriptors", ())),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise OntologyError(f"bad reference record in {where}: {raw!r} ({exc})") from exc


@cache
def load_reference() -> Reference:
    """Read every reference data file shipped in ``ontology/data``.

    Raises:
        OntologyError: a file is missing, is not JSON, or a record lacks key or name.
    """
    data = files(__package__) / "data"
    entities: list[ReferenceEntity] = []
    for name, default_type in REFERENCE_FILES.items():
        try:
            records = json.loads((data / name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OntologyError(f"cannot read reference data {name!r}: {exc}") from exc
        entities.extend(_record(raw, default_type, name) for raw in records)
    keys = [e.key for e in entities]
    if len(keys) != len(set(keys)):
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        raise OntologyError(f"reference keys used twice: {', '.join(dupes)}")
    return Reference(tuple(entities))
