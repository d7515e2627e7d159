"""Network exports: GraphML, GEXF and node-link JSON read back; Neo4j import CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from cli import main
from graph import EXPORTERS, GraphError, export, read_graph, to_networkx
from graph.exports import NEO4J_NODES, NEO4J_RELATIONSHIPS

SMALL = Path(__file__).parent / "data" / "exchange" / "small.trig"
KIM = "https://w3id.org/ckg/id/kim_analyst"
TRANSFER_2 = "https://w3id.org/ckg/id/transfer/bbbb2222bbbb2222/0000000000000002"


@pytest.fixture(scope="module")
def projected() -> nx.MultiDiGraph:
    return to_networkx(read_graph(SMALL))


def _nodes(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    return {str(n): dict(d) for n, d in G.nodes(data=True)}


def _edges(G: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(str(u), str(v), str(k)): dict(d) for u, v, k, d in G.edges(keys=True, data=True)}


def test_graphml_reads_back_the_same_network(projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    result = export(read_graph(SMALL), "graphml", tmp_path / "g.graphml")

    back = nx.read_graphml(tmp_path / "g.graphml")
    assert (result.nodes, result.edges) == (14, 34)
    assert isinstance(back, nx.MultiDiGraph)
    assert (back.number_of_nodes(), back.number_of_edges()) == (14, 34)
    assert _nodes(back) == _nodes(projected)
    assert _edges(back) == _edges(projected)  # 3000 == 3000.0: quantities became doubles
    assert back.nodes[KIM]["label"] == "Kim O'Neil,\nanalyst"


def test_gexf_reads_back_the_same_network(projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    export(projected, "gexf", tmp_path / "g.gexf")

    back = nx.read_gexf(tmp_path / "g.gexf")
    assert (back.number_of_nodes(), back.number_of_edges()) == (14, 34)
    nodes = _nodes(back)
    for data in nodes.values():  # networkx's GEXF writer files "key" as "networkx_key"
        if "networkx_key" in data:
            data["key"] = data.pop("networkx_key")
    assert nodes == _nodes(projected)
    edges = _edges(back)
    for data in edges.values():
        data.pop("id")  # GEXF numbers its edges; the multigraph key is kept apart
    assert edges == _edges(projected)
    assert edges[("https://w3id.org/ckg/id/north_korea", "https://w3id.org/ckg/id/russia",
                  TRANSFER_2)]["evidence"].count("\n") == 1


def test_nodelink_json_loads(projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    export(projected, "nodelink", tmp_path / "g.json")

    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert data["directed"] is True and data["multigraph"] is True
    assert len(data["nodes"]) == 14 and len(data["edges"]) == 34
    back = nx.node_link_graph(data, edges="edges")
    assert _nodes(back) == _nodes(projected) and _edges(back) == _edges(projected)
    assert "→" in (tmp_path / "g.json").read_text(encoding="utf-8")  # UTF-8, not \u escapes


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def test_neo4j_csv_headers_rows_and_endpoints(projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    export(projected, "neo4j", tmp_path / "neo4j")

    node_header, nodes = _read_csv(tmp_path / "neo4j" / NEO4J_NODES)
    rel_header, relationships = _read_csv(tmp_path / "neo4j" / NEO4J_RELATIONSHIPS)
    assert node_header[:3] == ["id:ID", "label", ":LABEL"]
    assert rel_header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"quantity:double", "evidence_start:long", "iri", "evidence"} <= set(rel_header)
    assert len(nodes) == 14 and len(relationships) == 34
    assert all(len(row) == len(node_header) for row in nodes)
    assert all(len(row) == len(rel_header) for row in relationships)
    ids = {row[0] for row in nodes}
    assert len(ids) == len(nodes)
    assert all(row[0] in ids and row[1] in ids for row in relationships)
    labels = {row[0]: row[2] for row in nodes}
    assert labels[KIM] == "Entity;Person"
    assert labels["https://w3id.org/ckg/id/article/" + "aaaa1111" * 8] == "Article"
    types = [row[2] for row in relationships]
    assert types.count("SUPPLIED_TO") == 5 and types.count("MENTIONS") == 15
    supplied = {row[rel_header.index("iri")]: dict(zip(rel_header, row))
                for row in relationships if row[2] == "SUPPLIED_TO"}
    assert supplied[TRANSFER_2]["quantity:double"] == "6433.1"
    assert supplied[TRANSFER_2]["status"] == "Reported"
    assert "--multiline-fields=true" in (tmp_path / "neo4j" / "README.txt").read_text()


def test_neo4j_csv_escapes_quotes_newlines_and_commas(tmp_path: Path) -> None:
    export(SMALL, "neo4j", tmp_path / "neo4j")

    raw = (tmp_path / "neo4j" / NEO4J_NODES).read_text(encoding="utf-8")
    assert '"Main Directorate of Intelligence (""HUR""), Ukraine"' in raw
    assert '"Kim O\'Neil,\nanalyst"' in raw
    header, nodes = _read_csv(tmp_path / "neo4j" / NEO4J_NODES)
    by_id = {row[0]: dict(zip(header, row)) for row in nodes}
    assert by_id[KIM]["label"] == "Kim O'Neil,\nanalyst"
    assert by_id["https://w3id.org/ckg/id/storm_corps"]["label"] == '11th "Storm" Corps'
    header, relationships = _read_csv(tmp_path / "neo4j" / NEO4J_RELATIONSHIPS)
    evidence = {row[header.index("iri")]: row[header.index("evidence")] for row in relationships}
    assert evidence[TRANSFER_2] == ('Pyongyang shipped "about 6,433.10 thousand" shells,\n'
                                    "officials said; Kirby agreed.")


def test_unknown_format_suggests_the_nearest(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match=r"unknown export format 'grapml'\. "
                                         r"Did you mean 'graphml'\? Available: graphml, gexf"):
        export(SMALL, "grapml", tmp_path / "g.graphml")
    assert not list(tmp_path.iterdir())


def test_a_failed_export_leaves_the_old_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "g.graphml"
    target.write_text("old", encoding="utf-8")

    def broken(G: nx.MultiDiGraph, path: Path, **_: object) -> None:
        Path(path).write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(RuntimeError):
        export(SMALL, "graphml", target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.graphml"]


def test_registry_names() -> None:
    assert list(EXPORTERS) == ["graphml", "gexf", "nodelink", "neo4j"]


def test_cli_export(tmp_path: Path) -> None:
    runner = CliRunner()

    result = runner.invoke(main, ["export", str(SMALL), "--format", "graphml",
                                  "--out", str(tmp_path / "g.graphml")])

    assert result.exit_code == 0, result.output
    assert "graphml, 14 nodes, 34 edges" in result.output
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_edges() == 34
    bad = runner.invoke(main, ["export", str(SMALL), "--format", "grapml", "--out", "x"])
    assert bad.exit_code == 2 and "graphml" in bad.output
    assert runner.invoke(main, ["export", "--help"]).exit_code == 0


def test_cli_export_reports_an_unreadable_graph(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")

    result = CliRunner().invoke(main, ["export", str(broken), "--format", "gexf",
                                       "--out", str(tmp_path / "g.gexf")])

    assert result.exit_code == 1
    assert "broken.ttl: not valid turtle" in result.output
