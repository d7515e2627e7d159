"""Export the network projection: GraphML, GEXF, node-link JSON and Neo4j import CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph

from .errors import GraphError, did_you_mean
from .files import read_graph, write_atomically, write_text_atomically
from .projection import to_networkx

if TYPE_CHECKING:
    import networkx as nx

Exporter = Callable[["nx.MultiDiGraph", Path], None]


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What one export wrote."""

    path: Path
    format: str
    nodes: int
    edges: int

    def summary(self) -> str:
        """One line for the command's stderr."""
        return f"{self.path}: {self.format}, {self.nodes} nodes, {self.edges} edges"


def _write_graphml(G: nx.MultiDiGraph, path: Path) -> None:
    import networkx as nx

    G = _uniform_numbers(G)
    write_atomically(path, lambda tmp: nx.write_graphml(G, tmp, encoding="utf-8"))


def _write_gexf(G: nx.MultiDiGraph, path: Path) -> None:
    import networkx as nx

    G = _uniform_numbers(G)
    write_atomically(path, lambda tmp: nx.write_gexf(G, tmp, encoding="utf-8"))


def _write_nodelink(G: nx.MultiDiGraph, path: Path) -> None:
    import networkx as nx

    data = nx.node_link_data(G, edges="edges")
    write_text_atomically(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


#: Neo4j relationship type for each ``relation`` of the projection.
NEO4J_TYPES: dict[str, str] = {
    "transfer": "SUPPLIED_TO",
    "affiliation": "AFFILIATED_WITH",
    "locatedIn": "LOCATED_IN",
    "mentions": "MENTIONS",
    "reportedIn": "REPORTED_IN",
}

NEO4J_NODES = "nodes.csv"
NEO4J_RELATIONSHIPS = "relationships.csv"
NEO4J_README = "README.txt"
_NEO4J_COMMAND = (
    "neo4j-admin database import full --multiline-fields=true "
    f"--nodes={NEO4J_NODES} --relationships={NEO4J_RELATIONSHIPS} neo4j"
)


def _write_neo4j(G: nx.MultiDiGraph, path: Path) -> None:
    """Write a folder that ``neo4j-admin database import full`` reads.

    ``nodes.csv`` holds every node (``id:ID`` is the IRI, ``:LABEL`` is ``Entity;State``
    or ``Article``), ``relationships.csv`` every edge (``:TYPE`` ``SUPPLIED_TO`` for
    transfers, with the claim's properties). Fields are RFC 4180 quoted; evidence may
    span lines, hence ``--multiline-fields=true`` in the README's command.
    """
    if path.exists() and not path.is_dir():
        raise GraphError(f"{path}: the neo4j export is a folder, and a file is in the way")
    nodes = [
        {"id": node, ":LABEL": _neo4j_labels(data.get("cls", "")), **data}
        for node, data in G.nodes(data=True)
    ]
    relationships = [
        {":START_ID": u, ":END_ID": v, ":TYPE": NEO4J_TYPES.get(data["relation"], "RELATED_TO"),
         "iri": key if data["relation"] == "transfer" else None,
         **{k: value for k, value in data.items() if k != "relation"}}
        for u, v, key, data in G.edges(keys=True, data=True)
    ]
    node_columns = _columns(nodes, first=("id", "label", ":LABEL"))
    node_header = {"id": "id:ID"}
    relationship_columns = _columns(relationships, first=(":START_ID", ":END_ID", ":TYPE"))
    _write_csv(path / NEO4J_NODES, nodes, node_columns, node_header)
    _write_csv(path / NEO4J_RELATIONSHIPS, relationships, relationship_columns, {})
    write_text_atomically(
        path / NEO4J_README,
        "Load into an empty Neo4j database (stopped) from this folder:\n\n"
        f"    {_NEO4J_COMMAND}\n",
    )


def _neo4j_labels(cls: str) -> str:
    """Neo4j labels for a node's ``cls`` attribute.

    Example:
        >>> _neo4j_labels("Official; Person")
        'Entity;Official;Person'
        >>> _neo4j_labels("Article")
        'Article'
    """
    classes = [c for c in cls.split("; ") if c]
    if classes == ["Article"]:
        return "Article"
    return ";".join(["Entity", *classes])


def _columns(rows: list[dict[str, Any]], first: tuple[str, ...]) -> list[str]:
    seen = {key for row in rows for key, value in row.items() if value is not None}
    return [*first, *sorted(seen - set(first))]


def _neo4j_type(values: Iterable[Any]) -> str:
    """The header type suffix for a column's values (strings need none).

    Example:
        >>> _neo4j_type([1, 2.5, None])
        ':double'
        >>> _neo4j_type(["a"])
        ''
    """
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return ":boolean"
    if kinds == {int}:
        return ":long"
    if kinds and kinds <= {int, float}:
        return ":double"
    return ""


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str],
               renamed: Mapping[str, str]) -> None:
    header = []
    for column in columns:
        if column in renamed:
            header.append(renamed[column])
        elif column.startswith(":"):
            header.append(column)
        else:
            header.append(column + _neo4j_type(row.get(column) for row in rows))

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([_csv_value(row.get(column)) for column in columns])

    write_atomically(path, write)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: Export format name -> writer of a projected graph to a path.
EXPORTERS: dict[str, Exporter] = {
    "graphml": _write_graphml,
    "gexf": _write_gexf,
    "nodelink": _write_nodelink,
    "neo4j": _write_neo4j,
}


def get_exporter(name: str) -> Exporter:
    """The exporter registered under ``name``.

    Raises:
        GraphError: no such exporter; the message suggests the nearest name.
    """
    try:
        return EXPORTERS[name]
    except KeyError:
        raise GraphError(f"unknown export format {name!r}.{did_you_mean(name, EXPORTERS)} "
                         f"Available: {', '.join(EXPORTERS)}") from None


def export(
    graph: Graph | Dataset | nx.MultiDiGraph | Path, name: str, path: Path
) -> ExportResult:
    """Project a graph onto a network and write it in the format ``name``, atomically.

    Args:
        graph: An RDF graph, a graph file (read with :func:`graph.read_graph`), or a
            projection already made with :func:`to_networkx`.
        name: A key of :data:`EXPORTERS` (``graphml``, ``gexf``, ``nodelink``, ``neo4j``).
        path: The file to write; for ``neo4j`` the folder to write the CSV files into.

    Returns:
        What was written.

    Raises:
        GraphError: unknown format, unreadable graph file, or an unwritable path.
    """
    exporter = get_exporter(name)
    if isinstance(graph, Path):
        graph = read_graph(graph)
    G = to_networkx(graph) if isinstance(graph, (Graph, Dataset)) else graph
    try:
        exporter(G, path)
    except OSError as exc:
        raise GraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return ExportResult(path=path, format=name, nodes=G.number_of_nodes(),
                        edges=G.number_of_edges())


def _uniform_numbers(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy where attributes holding both ints and floats hold only floats.

    GraphML and GEXF declare one type per attribute name: GEXF takes the first value's
    type and a later ``6433.1`` under a ``long`` attribute fails to read back.
    """
    mixed = {
        scope: _mixed_numeric_names(data for *_, data in items)
        for scope, items in (("node", G.nodes(data=True)), ("edge", G.edges(data=True)))
    }
    if not mixed["node"] and not mixed["edge"]:
        return G
    G = G.copy()
    for _, data in G.nodes(data=True):
        _to_float(data, mixed["node"])
    for *_, data in G.edges(data=True):
        _to_float(data, mixed["edge"])
    return G


def _mixed_numeric_names(records: Iterable[dict[str, Any]]) -> set[str]:
    kinds: dict[str, set[type]] = {}
    for data in records:
        for key, value in data.items():
            kinds.setdefault(key, set()).add(type(value))
    return {key for key, types in kinds.items() if types == {int, float}}


def _to_float(data: dict[str, Any], names: set[str]) -> None:
    for name in names & data.keys():
        data[name] = float(data[name])
