"""The built graph as plain-value triples grouped by graph, before (or instead of) an
rdflib Dataset or pyoxigraph terms."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset

from ontology import bind

from .plainindex import Lit, Term, plain_term
from .terms import add_oxigraph_quads, once_each

#: One statement: subject (an IRI or Blank), predicate IRI, object (IRI, Blank or Lit).
PlainTriple = tuple[Term, str, Term]


@dataclass(frozen=True, slots=True)
class Statements:
    """What the mapping made (``graph.rdf.build_statements``): the entities in the
    default graph (named None), then each article's named graph, as (graph name,
    triples) pairs in a deterministic order, each subject's statements together and no
    triple twice.

    Terms are plain values (IRIs as ``str``, ``Blank``, ``Lit`` with its lexical form):
    cheap to make and to index for the page, and shared between the triples that use
    them. ``triples()`` and ``quads`` give pyoxigraph terms, which big graphs are written
    from without rdflib; a build makes close to a million of them, so they are made
    while writing rather than kept.
    """

    graphs: tuple[tuple[str | None, tuple[PlainTriple, ...]], ...]

    @classmethod
    def of_quads(cls, quads: Iterable[Any]) -> Statements:
        """Statements holding these pyoxigraph quads, in their order."""
        import pyoxigraph as ox

        groups: list[tuple[str | None, list[PlainTriple]]] = []
        for quad in quads:
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            if not groups or groups[-1][0] != name:
                groups.append((name, []))
            groups[-1][1].append((plain_term(quad.subject), quad.predicate.value,
                                  plain_term(quad.object)))
        return cls(tuple((name, tuple(triples)) for name, triples in groups))

    def plain_triples(self) -> Iterator[PlainTriple]:
        """Every triple (the union of the graphs) in plain values, in order."""
        for _, triples in self.graphs:
            yield from triples

    def triples(self) -> Iterator[Any]:
        """Every triple as a pyoxigraph Triple, in order (made while iterating)."""
        import pyoxigraph as ox

        term = _Converter(ox)
        node, other, triple = term.node, term.other, ox.Triple
        for _, triples in self.graphs:
            for s, p, o in triples:
                yield triple(node(s), node(p), node(o) if type(o) is str else other(o))

    @property
    def quads(self) -> tuple[Any, ...]:
        """Every statement as a pyoxigraph Quad, in order (made on each call)."""
        import pyoxigraph as ox

        term, quad = _Converter(ox), ox.Quad
        default = ox.DefaultGraph()
        return tuple(quad(term.node(s), term.node(p),
                          term.node(o) if type(o) is str else term.other(o),
                          default if name is None else term.node(name))
                     for name, triples in self.graphs for s, p, o in triples)

    def __len__(self) -> int:
        """The number of triples (distinct, as ``len()`` of the union Dataset counts)."""
        return sum(len(triples) for _, triples in self.graphs)

    def to_dataset(self) -> Dataset:
        """The same statements as an rdflib Dataset whose default graph is the union."""
        return add_oxigraph_quads(bind(Dataset(default_union=True)), self.quads)


class _Converter:
    """Plain terms to pyoxigraph terms; each IRI's node is made once."""

    def __init__(self, ox: Any) -> None:
        self.ox = ox
        self.node = once_each(ox.NamedNode)

    def other(self, term: Term) -> Any:
        """A literal's or a blank node's pyoxigraph term."""
        if type(term) is Lit:
            if term.lang:
                return self.ox.Literal(term.text, language=term.lang)
            if term.datatype is None:
                return self.ox.Literal(term.text)
            return self.ox.Literal(term.text, datatype=self.node(term.datatype))
        return self.ox.BlankNode(term.id)
