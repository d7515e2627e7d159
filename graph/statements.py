"""The built graph as pyoxigraph triples grouped by graph, before (or instead of) an
rdflib Dataset."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset

from ontology import bind

from .terms import add_oxigraph_quads


@dataclass(frozen=True, slots=True)
class Statements:
    """What the mapping made (``graph.rdf.build_statements``): the entities in the
    default graph, then each article's named graph, as (graph name, triples) pairs in a
    deterministic order, each subject's statements together and no triple twice.

    Triples are kept per graph rather than as quads: a pyoxigraph Quad copies its graph's
    name, and a build makes close to a million of them. Big graphs are written and drawn
    from these without rdflib.
    """

    graphs: tuple[tuple[Any, tuple[Any, ...]], ...]  # (pyoxigraph graph name, Triples)

    @classmethod
    def of_quads(cls, quads: Iterable[Any]) -> Statements:
        """Statements holding these pyoxigraph quads, in their order."""
        groups: list[tuple[Any, list[Any]]] = []
        for quad in quads:
            if not groups or groups[-1][0] != quad.graph_name:
                groups.append((quad.graph_name, []))
            groups[-1][1].append(quad.triple)
        return cls(tuple((name, tuple(triples)) for name, triples in groups))

    def triples(self) -> Iterator[Any]:
        """Every triple (the union of the graphs), in order."""
        for _, triples in self.graphs:
            yield from triples

    @property
    def quads(self) -> tuple[Any, ...]:
        """Every statement as a pyoxigraph Quad, in order (made on each call)."""
        import pyoxigraph as ox

        return tuple(ox.Quad(t.subject, t.predicate, t.object, name)
                     for name, triples in self.graphs for t in triples)

    def __len__(self) -> int:
        """The number of triples (distinct, as ``len()`` of the union Dataset counts)."""
        return sum(len(triples) for _, triples in self.graphs)

    def to_dataset(self) -> Dataset:
        """The same statements as an rdflib Dataset whose default graph is the union."""
        return add_oxigraph_quads(bind(Dataset(default_union=True)), self.quads)
