"""The ckg vocabulary: namespace, enumerations, TBox, SHACL shapes and reference data."""

from __future__ import annotations

from .errors import OntologyError
from .namespace import BASE, GEO, ID, KG, PREFIXES, SCHEMA, SEM, WD, bind
from .reference import Reference, ReferenceEntity, load_reference
from .resources import load_lexicon, load_shapes, load_tbox
from .validate import ValidationReport, Violation, validate
from .vocab import EntityType, Status, TransferCategory, to_term

__all__ = [
    "BASE",
    "GEO",
    "ID",
    "KG",
    "PREFIXES",
    "SCHEMA",
    "SEM",
    "WD",
    "EntityType",
    "OntologyError",
    "Reference",
    "ReferenceEntity",
    "Status",
    "TransferCategory",
    "ValidationReport",
    "Violation",
    "bind",
    "load_lexicon",
    "load_reference",
    "load_shapes",
    "load_tbox",
    "to_term",
    "validate",
]
