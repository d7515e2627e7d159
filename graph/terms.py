"""Convert RDF terms between rdflib and pyoxigraph, keeping what each side means."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import GraphError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_Converted = TypeVar("_Converted")


def once_each(convert: Callable[[Any], _Converted]) -> Callable[[Hashable], _Converted]:
    """``convert``, remembering its result for each distinct term (graphs and query
    results repeat their terms; keep the function for one batch of them).

    Example:
        >>> calls = []
        >>> upper = once_each(lambda s: calls.append(s) or s.upper())
        >>> upper("a"), upper("a"), calls
        ('A', 'A', ['a'])
    """
    done: dict[Hashable, Any] = {}

    def converted(term: Hashable) -> _Converted:
        found = done.get(term)
        if found is None:
            found = done[term] = convert(term)
        return found

    return converted


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


def add_oxigraph_quads(dataset: Any, quads: Any) -> Any:
    """Add pyoxigraph quads to an rdflib Dataset in bulk (each distinct term converted once).

    Quads in pyoxigraph's default graph go to the Dataset's default graph, the others to
    the named graph of the same name. Returns ``dataset``.
    """
    import pyoxigraph as ox

    term = once_each(from_oxigraph)
    graphs: dict[Any, Any] = {}

    def context(name: Any) -> Any:
        found = graphs.get(name)
        if found is None:
            found = graphs[name] = (dataset.default_graph if isinstance(name, ox.DefaultGraph)
                                    else dataset.graph(term(name)))
        return found

    dataset.addN((term(q.subject), term(q.predicate), term(q.object), context(q.graph_name))
                 for q in quads)
    return dataset
