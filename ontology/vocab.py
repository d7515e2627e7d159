"""Enumerations of the ontology (entity types, transfer categories, statuses) and their terms."""

from __future__ import annotations

from enum import StrEnum

from rdflib import URIRef

from .namespace import KG


class EntityType(StrEnum):
    """The classes an entity node can have (CONTRACT.md)."""

    STATE = "State"
    OFFICIAL = "Official"
    PERSON = "Person"
    ORGANIZATION = "Organization"
    MILITARY_UNIT = "MilitaryUnit"
    LOCATION = "Location"


class TransferCategory(StrEnum):
    """What a transfer moves."""

    TROOPS = "Troops"
    ARTILLERY_SHELLS = "ArtilleryShells"
    MISSILES = "Missiles"
    ROCKETS = "Rockets"
    DRONES = "Drones"
    WEAPONS = "Weapons"
    MILITARY_AID = "MilitaryAid"
    TECHNOLOGY = "Technology"
    SUPPLIES = "Supplies"


class Status(StrEnum):
    """How the article presents a transfer claim (values are lower case, as in the gold)."""

    REPORTED = "reported"
    CONFIRMED = "confirmed"
    PLANNED = "planned"
    DENIED = "denied"


def to_term(value: EntityType | TransferCategory | Status) -> URIRef:
    """The ontology term for an enumeration value.

    Example:
        >>> str(to_term(Status.PLANNED)).endswith("#Planned")
        True
    """
    name = value.value
    return getattr(KG, name[0].upper() + name[1:])
