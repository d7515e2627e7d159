"""The embedded pyoxigraph store: same answers as rdflib, persistent stores, engine choice."""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.errors import GraphError
from graph.query import QueryResult, ReadOnlyError, SparqlSyntaxError, saved_queries
from graph.store import (
    MANIFEST,
    OxigraphEngine,
    RdflibEngine,
    load_into_store,
    open_engine,
    open_store,
    query_graph,
    run_query,
    run_saved_query,
    store_is_current,
)

DATA = Path(__file__).parent / "data" / "query"
TTL = DATA / "graph.ttl"
TRIG = DATA / "graph.trig"

#: One parameter set per saved query, so the comparison also covers the filters.
WITH_PARAMETERS = {
    "articles": {"mentions": "Iran"},
    "claimants": {"supplier": "North Korea", "category": "Troops"},
    "claims": {"supplier": "DPRK", "recipient": "Russia"},
    "contradictions": {"recipient": "russia", "category": "troops"},
    "entities": {"class": "State"},
    "officials": {"affiliation": "United States"},
    "transfers": {"status": "Reported"},
}


def normalised(term) -> str:
    """A comparable form that ignores the two differences DESIGN.md measured: pyoxigraph
    rewrites decimals' lexical forms (6433.10 -> 6433.1), and GROUP_CONCAT's order."""
    if term is None:
        return "unbound"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return f"number {Decimal(value).normalize()}"
        text = str(term)
        if ", " in text:
            text = ", ".join(sorted(text.split(", ")))
        return f"literal {text!r} {term.datatype} {term.language}"
    return f"{type(term).__name__} {term}"


def sorted_rows(result: QueryResult) -> list[tuple[str, ...]]:
    return sorted(tuple(normalised(term) for term in row) for row in result.rows)


@pytest.fixture(scope="module", params=[TTL, TRIG], ids=["turtle", "trig"])
def engines(request) -> tuple[RdflibEngine, OxigraphEngine]:
    rdflib_engine = open_engine(request.param, engine="rdflib")
    oxigraph_engine = open_engine(request.param, engine="oxigraph")
    assert isinstance(rdflib_engine, RdflibEngine)
    assert isinstance(oxigraph_engine, OxigraphEngine)
    return rdflib_engine, oxigraph_engine


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_gives_the_same_rows_on_both_engines(engines, name):
    rdflib_engine, oxigraph_engine = engines
    for values in ({}, WITH_PARAMETERS[name]):
        expected = run_saved_query(rdflib_engine, name, values)
        got = run_saved_query(oxigraph_engine, name, values)
        assert got.variables == expected.variables
        assert expected.rows, f"{name} {values} returned nothing: the comparison would be empty"
        assert sorted_rows(got) == sorted_rows(expected)


def test_ordered_queries_keep_their_order_on_both_engines(engines):
    rdflib_engine, oxigraph_engine = engines
    for name in ("claims", "claimants", "articles", "officials"):
        first = [tuple(map(normalised, row))
                 for row in run_saved_query(rdflib_engine, name, {}).rows]
        second = [tuple(map(normalised, row))
                  for row in run_saved_query(oxigraph_engine, name, {}).rows]
        assert first == second, name


def test_terms_come_back_as_rdflib_terms(engines):
    _, oxigraph_engine = engines
    rows = run_query(oxigraph_engine, "SELECT ?label ?quantity ?date ?t { "
                     "?t ckg:quantity ?quantity ; rdfs:label ?label ; ckg:transferDate ?date "
                     "FILTER(?quantity > 5000) }").rows
    by_label = {str(row[0]): row for row in rows}
    aid = by_label["United States → Ukraine: MilitaryAid (6433.10 million dollars)"]
    assert aid[0] == Literal("United States → Ukraine: MilitaryAid (6433.10 million dollars)")
    assert aid[0].datatype is None  # plain, as rdflib has it, not xsd:string
    assert aid[1].datatype == XSD.decimal and aid[1].toPython() == Decimal("6433.1")
    assert aid[2] == Literal("2024-12-01", datatype=XSD.date)
    assert isinstance(aid[3], URIRef)


def test_ask_construct_and_errors_on_oxigraph(engines):
    _, engine = engines
    assert run_query(engine, "ASK { id:north_korea skos:altLabel 'DPRK' }").boolean is True
    graph = run_query(engine, "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a ckg:State ; "
                              "rdfs:label ?l }").graph
    assert len(graph) == 6
    assert (URIRef("https://w3id.org/ckg/id/iran"), None, Literal("Iran")) in graph
    with pytest.raises(SparqlSyntaxError) as caught:
        run_query(engine, "SELECT ?x\nWHERE {\n  ?x ?y ?z .\n  FILTER(\n}")
    assert caught.value.line == 5 and "\n" not in str(caught.value)
    with pytest.raises(SparqlSyntaxError, match="undeclared prefix"):
        run_query(engine, "SELECT * { ?s nope:x ?o }")
    with pytest.raises(ReadOnlyError):
        run_query(engine, "INSERT DATA { id:a id:b id:c }")
    assert len(engine.store) == 278


# -- persistent stores -----------------------------------------------------------------------

def test_store_is_loaded_once_and_reused(tmp_path):
    source = tmp_path / "graph.trig"
    shutil.copy(TRIG, source)
    store_dir = tmp_path / "store"
    store = load_into_store(source, store_dir)
    assert len(store) == 278
    manifest = json.loads((store_dir / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["source"] == str(source.resolve())
    assert manifest["size"] == source.stat().st_size and len(manifest["sha256"]) == 64
    assert manifest["quads"] == 278
    del store
    marker = store_dir / "CURRENT"
    loaded_at = marker.stat().st_mtime_ns
    assert store_is_current(source, store_dir)
    # touching the file changes its mtime but not its content: still reused
    os.utime(source, ns=(loaded_at + 10**9, loaded_at + 10**9))
    assert store_is_current(source, store_dir)
    again = load_into_store(source, store_dir)
    assert marker.stat().st_mtime_ns == loaded_at
    assert len(again) == 278


def test_store_reloads_when_the_file_changes(tmp_path):
    source = tmp_path / "graph.ttl"
    shutil.copy(TTL, source)
    store_dir = tmp_path / "store"
    engine = open_engine(source, store_dir=store_dir)
    assert run_query(engine, "ASK { id:ukraine rdfs:label 'Ukraine' }").boolean
    del engine
    with open(source, "a", encoding="utf-8") as handle:
        handle.write('\n<https://w3id.org/ckg/id/ukraine> '
                     '<http://www.w3.org/2004/02/skos/core#altLabel> "Kiev" .\n')
    assert not store_is_current(source, store_dir)
    engine = open_engine(source, store_dir=store_dir)
    assert run_query(engine, "ASK { id:ukraine skos:altLabel 'Kiev' }").boolean
    assert len(engine.store) == 279
    assert not list(tmp_path.glob(".store.*"))  # no temporary directories left behind


def test_a_store_directory_is_queried_directly(tmp_path):
    store_dir = tmp_path / "store"
    load_into_store(TRIG, store_dir)
    engine = open_engine(store_dir)
    assert isinstance(engine, OxigraphEngine)
    # the union default graph sees the article graphs
    assert len(run_saved_query(engine, "transfers", {}).rows) == 10
    run = query_graph(store_dir, "claims", {"claimant": "Kirby"})
    assert run.engine == "oxigraph" and len(run.result.rows) == 1


def test_a_bad_file_leaves_no_store(tmp_path):
    source = tmp_path / "broken.ttl"
    source.write_text("<http://x/a> <http://x/b> .\n", encoding="utf-8")
    with pytest.raises(GraphError, match="not valid turtle"):
        load_into_store(source, tmp_path / "store")
    assert not (tmp_path / "store").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["broken.ttl"]


def test_a_foreign_directory_is_never_overwritten(tmp_path):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(GraphError, match="not a ckg store"):
        load_into_store(TTL, foreign)
    assert (foreign / "holiday.jpg").exists()
    with pytest.raises(GraphError, match="not a pyoxigraph store directory"):
        open_store(foreign)


# -- choosing the engine ---------------------------------------------------------------------

def test_auto_picks_rdflib_for_small_files_and_oxigraph_above_the_threshold():
    assert isinstance(open_engine(TTL), RdflibEngine)
    assert isinstance(open_engine(TTL, threshold=TTL.stat().st_size - 1), OxigraphEngine)
    assert isinstance(open_engine(TTL, engine="oxigraph"), OxigraphEngine)


def test_engine_combinations_that_cannot_work(tmp_path):
    with pytest.raises(GraphError, match="unknown engine 'sqlite'"):
        open_engine(TTL, engine="sqlite")
    with pytest.raises(GraphError, match="--store needs the oxigraph engine"):
        open_engine(TTL, store_dir=tmp_path / "s", engine="rdflib")
    store_dir = tmp_path / "store"
    load_into_store(TTL, store_dir)
    with pytest.raises(GraphError, match="is a store directory"):
        open_engine(store_dir, engine="rdflib")


def test_query_graph_reports_engine_and_counts():
    run = query_graph(TTL, "transfers", {"supplier": "Iran"})
    assert run.engine == "rdflib"
    assert run.summary().startswith("2 rows (rdflib, ")
    ask = query_graph(TTL, "ASK { ?s a ckg:Transfer }", engine="oxigraph")
    assert ask.summary().startswith("true (oxigraph, ")


# -- the builder's real output -----------------------------------------------------------------

@pytest.mark.model
def test_saved_queries_run_on_a_built_graph(tmp_path):
    """Build examples/articles with the real pipeline, then run every saved query on both
    engines: the queries must fit what the builder writes (undated articles included)."""
    from graph import BuildOptions, build

    examples = Path(__file__).resolve().parents[1] / "examples" / "articles"
    build([str(examples)], BuildOptions(out_dir=tmp_path, formats=("ttl", "trig")))
    for graph_file in (tmp_path / "graph.ttl", tmp_path / "graph.trig"):
        rdflib_engine = open_engine(graph_file, engine="rdflib")
        oxigraph_engine = open_engine(graph_file, engine="oxigraph")
        for name in saved_queries():
            expected = run_saved_query(rdflib_engine, name, {})
            if name in ("articles", "claims", "entities", "transfers"):
                assert expected.rows, f"{name} found nothing in the built graph"
            assert sorted_rows(run_saved_query(oxigraph_engine, name, {})) == sorted_rows(expected)
    transfers = run_saved_query(open_engine(tmp_path / "graph.ttl"), "transfers",
                                {"supplier": "North Korea"})
    assert transfers.rows and {str(row[0]) for row in transfers.rows} == {"North Korea"}
