"""Convert RDF terms between rdflib and pyoxigraph, keeping what each side means."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import GraphError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term; plain literals stay plain, lexical forms kept.

    Raises:
        GraphError: the term is a variable or a quoted graph.
    """
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise GraphError(f"not an RDF term that can be stored: {term!r}")


def from_oxigraph(term: Any) -> Node | None:
    """A pyoxigraph term as rdflib itself would give it (xsd:string as a plain literal).

    pyoxigraph (and oxrdflib) type plain literals as xsd:string; rdflib then sees them
    as other values, so they come back plain.

    Raises:
        GraphError: the term is an RDF-star triple.
    """
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise GraphError(f"unsupported term {term!r}")
