"""Load the TBox, the SHACL shapes and the transfer lexicon shipped with the package."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from rdflib import Graph

from .errors import OntologyError
from .namespace import bind


def _read_turtle(name: str) -> Graph:
    try:
        text = (files(__package__) / name).read_text(encoding="utf-8")
        return bind(Graph()).parse(data=text, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise OntologyError(f"cannot read ontology file {name!r}: {exc}") from exc


def load_tbox() -> Graph:
    """The ontology (classes, properties, individuals) as a fresh rdflib Graph."""
    return _read_turtle("kg.ttl")


def load_shapes() -> Graph:
    """The SHACL shapes the output graph must conform to, as a fresh rdflib Graph."""
    return _read_turtle("shapes.ttl")


@cache
def load_lexicon() -> dict[str, Any]:
    """The transfer lexicon (words for what moves, and the cue words around it)."""
    try:
        text = (files(__package__) / "data" / "lexicon.json").read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, ValueError) as exc:
        raise OntologyError(f"cannot read ontology/data/lexicon.json: {exc}") from exc
