"""The built graph as pyoxigraph quads, before (or instead of) an rdflib Dataset."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import Dataset

from ontology import bind

from .terms import add_oxigraph_quads


@dataclass(frozen=True, slots=True)
class Statements:
    """Quads as the mapping made them: entities in the default graph, one named graph
    per article. Big graphs are written and rendered from these without rdflib."""

    quads: tuple[Any, ...]  # pyoxigraph.Quad
    _triples: list[int] = field(default_factory=list, repr=False, compare=False)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.quads)

    def __len__(self) -> int:
        """Distinct triples, as ``len()`` of the union Dataset counts them."""
        if not self._triples:
            self._triples.append(len({quad.triple for quad in self.quads}))
        return self._triples[0]

    def to_dataset(self) -> Dataset:
        """The same statements as an rdflib Dataset whose default graph is the union."""
        return add_oxigraph_quads(bind(Dataset(default_union=True)), self.quads)
