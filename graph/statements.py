"""The built graph as pyoxigraph quads, before (or instead of) an rdflib Dataset."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset

from ontology import bind

from .terms import add_oxigraph_quads


@dataclass(frozen=True, slots=True)
class Statements:
    """Quads as the mapping made them (``graph.rdf.build_statements``): entities in the
    default graph, one named graph per article, in a deterministic order with each
    subject's statements together and no triple twice. Big graphs are written and
    rendered from these without rdflib."""

    quads: tuple[Any, ...]  # pyoxigraph.Quad

    def __iter__(self) -> Iterator[Any]:
        return iter(self.quads)

    def __len__(self) -> int:
        """The number of triples (distinct, as ``len()`` of the union Dataset counts)."""
        return len(self.quads)

    def to_dataset(self) -> Dataset:
        """The same statements as an rdflib Dataset whose default graph is the union."""
        return add_oxigraph_quads(bind(Dataset(default_union=True)), self.quads)
