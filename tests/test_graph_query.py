"""Saved analyst queries, parameters, read-only checks and result formats (rdflib engine)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graph.errors import GraphError
from graph.query import (
    QueryParameterError,
    QueryResult,
    ReadOnlyError,
    SparqlSyntaxError,
    describe_saved_queries,
    entity_lookup_query,
    format_result,
    get_saved_query,
    parameter_values,
    query_form,
    resolve_query,
    saved_queries,
    sparql_string,
)
from graph.store import RdflibEngine, open_engine, run_query, run_saved_query

DATA = Path(__file__).parent / "data" / "query"
TTL = DATA / "graph.ttl"
TRIG = DATA / "graph.trig"
A1 = "Pentagon: North Korean Soldiers Reach Russia"
A2 = "Seoul Counts 11,000 North Korean Troops"
A3 = "Kremlin Denies, Washington Pledges"
T = "https://w3id.org/ckg/id/transfer/"
SAVED = ("articles", "claimants", "claims", "contradictions", "entities", "officials",
         "transfers")


@pytest.fixture(scope="module")
def engine() -> RdflibEngine:
    chosen = open_engine(TTL, engine="rdflib")
    assert isinstance(chosen, RdflibEngine)
    return chosen


def cells(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as strings ('' for unbound); GROUP_CONCAT lists sorted (their order is unspecified)."""
    def text(term):
        if term is None:
            return ""
        value = str(term)
        return ", ".join(sorted(value.split(", "))) if ", " in value else value
    return [tuple(text(term) for term in row) for row in result.rows]


# -- every saved query on the hand-written graph ---------------------------------------------

def test_the_saved_queries_are_the_ones_documented():
    assert tuple(saved_queries()) == SAVED
    for saved in saved_queries().values():
        assert saved.description and "\n" not in saved.description
        assert all(p.description for p in saved.parameters)


def test_transfers(engine):
    result = run_saved_query(engine, "transfers", {})
    assert result.variables == ("supplier", "recipient", "category", "quantity", "qualifier",
                                "unit", "status", "claimants", "date", "article", "transfer")
    assert cells(result) == [
        ("Iran", "Russia", "Drones", "400", "up to", "drones", "Reported", "", "2024-11-06",
         A3, T + "c3c3c3c3c3c3c3c3/0000000000000008"),
        ("Iran", "Russia", "Missiles", "", "", "", "Reported",
         "National Intelligence Service, Volodymyr Zelenskyy", "2024-11-04", A2,
         T + "b2b2b2b2b2b2b2b2/0000000000000005"),
        ("North Korea", "Russia", "ArtilleryShells", "8000000", "more than", "shells", "Reported",
         "National Intelligence Service", "2024-11-04", A2,
         T + "b2b2b2b2b2b2b2b2/0000000000000004"),
        ("North Korea", "Russia", "Troops", "3000", "at least", "soldiers", "Confirmed",
         "John Kirby", "2024-10", A1, T + "a1a1a1a1a1a1a1a1/0000000000000001"),
        ("North Korea", "Russia", "Troops", "10000", "about", "troops", "Reported",
         "Lloyd Austin", "2024-10-23", A1, T + "a1a1a1a1a1a1a1a1/0000000000000002"),
        ("North Korea", "Russia", "Troops", "11000", "", "soldiers", "Confirmed",
         "National Intelligence Service", "2024-11-01", A2,
         T + "b2b2b2b2b2b2b2b2/0000000000000003"),
        ("North Korea", "Russia", "Troops", "", "", "", "Denied", "Dmitry Peskov", "2024-11-06",
         A3, T + "c3c3c3c3c3c3c3c3/0000000000000006"),
        ("North Korea", "Russia", "Troops", "12000", "up to", "troops", "Reported",
         "Mira Halvorsen", "2024-11-06", A3, T + "c3c3c3c3c3c3c3c3/0000000000000009"),
        # undated, in an untitled article: no date, the file name stands for the article
        ("Russia", "Iran", "Technology", "", "", "", "Planned", "Mira Halvorsen", "",
         "004_undated.txt", T + "d4d4d4d4d4d4d4d4/000000000000000a"),
        ("United States", "Ukraine", "MilitaryAid", "6433.10", "", "million dollars", "Planned",
         "Lloyd Austin", "2024-12-01", A3, T + "c3c3c3c3c3c3c3c3/0000000000000007"),
    ]
    quantity = result.rows[-1][3]
    assert quantity.datatype == XSD.decimal and result.rows[0][3].datatype == XSD.integer


def test_transfers_by_alias_status_and_category(engine):
    result = run_saved_query(engine, "transfers",
                             {"supplier": "dprk", "status": "CONFIRMED", "category": "troops"})
    assert [(row[3], row[7]) for row in cells(result)] == [
        ("3000", "John Kirby"), ("11000", "National Intelligence Service")]
    # a key and an alternative label that is a capital ("the Kremlin") work too
    by_key = run_saved_query(engine, "transfers", {"supplier": "north_korea",
                                                    "recipient": "The Kremlin"})
    assert len(by_key.rows) == 6
    shells = run_saved_query(engine, "transfers", {"category": "artillery shells"})
    assert [row[2] for row in cells(shells)] == ["ArtilleryShells"]


def test_claims_over_time_for_one_dyad(engine):
    result = run_saved_query(engine, "claims", {"supplier": "North Korea", "recipient": "Russia",
                                                "category": "Troops"})
    assert result.variables == ("date", "supplier", "recipient", "category", "claimant",
                                "quantity", "qualifier", "unit", "status", "article", "evidence")
    assert [(r[0], r[4], r[5], r[6], r[7], r[8], r[9]) for r in cells(result)] == [
        ("2024-10", "John Kirby", "3000", "at least", "soldiers", "Confirmed", A1),
        ("2024-10-23", "Lloyd Austin", "10000", "about", "troops", "Reported", A1),
        ("2024-11-01", "National Intelligence Service", "11000", "", "soldiers", "Confirmed", A2),
        ("2024-11-06", "Dmitry Peskov", "", "", "", "Denied", A3),
        ("2024-11-06", "Mira Halvorsen", "12000", "up to", "troops", "Reported", A3),
    ]
    # dates: the transfer's own date when given (gYearMonth, date), else publication
    assert result.rows[0][0].datatype == XSD.gYearMonth
    assert cells(result)[1][10] == ('Austin told reporters that "about 10,000" troops '
                                    'were now in Russia.')


def test_claims_one_row_per_claimant_and_by_claimant(engine):
    everything = cells(run_saved_query(engine, "claims", {}))
    assert len(everything) == 11
    # undated rows come first
    assert everything[0][:5] == ("", "Russia", "Iran", "Technology", "Mira Halvorsen")
    missiles = [row for row in everything if row[3] == "Missiles"]
    assert sorted(row[4] for row in missiles) == ["National Intelligence Service",
                                                   "Volodymyr Zelenskyy"]
    unattributed = [row for row in everything if row[3] == "Drones"]
    assert unattributed[0][4] == "" and unattributed[0][0] == "2024-11-06"  # publication date
    austin = cells(run_saved_query(engine, "claims", {"claimant": "AUSTIN"}))
    assert [(row[0], row[3]) for row in austin] == [("2024-10-23", "Troops"),
                                                    ("2024-12-01", "MilitaryAid")]


def test_contradictions(engine):
    result = run_saved_query(engine, "contradictions", {})
    rows = cells(result)
    pairs = [(r[12][-4:], r[13][-4:], r[3]) for r in rows]
    assert pairs == [
        ("0001", "0002", "quantity, status"),  # same article, different claimants
        ("0001", "0003", "quantity"),
        ("0001", "0006", "status"),
        ("0001", "0009", "quantity, status"),
        ("0002", "0003", "quantity, status"),
        ("0002", "0006", "status"),
        ("0002", "0009", "quantity"),
        ("0003", "0006", "status"),
        ("0003", "0009", "quantity, status"),
        ("0006", "0009", "status"),
    ]
    assert rows[1][:11] == ("North Korea", "Russia", "Troops", "quantity", "3000", "Confirmed",
                            "John Kirby", A1, "11000", "Confirmed",
                            "National Intelligence Service")
    assert run_saved_query(engine, "contradictions", {"category": "ArtilleryShells"}).rows == []
    assert run_saved_query(engine, "contradictions", {"supplier": "Iran"}).rows == []


def test_officials(engine):
    assert cells(run_saved_query(engine, "officials", {})) == [
        ("Lloyd Austin", "Defense Secretary", "United States", "2", "2"),
        ("Dmitry Peskov", "Kremlin spokesman", "Russia", "1", "1"),
        ("John Kirby", "National Security Council spokesman", "United States", "1", "1"),
        ("Volodymyr Zelenskyy", "President", "Ukraine", "1", "1"),
    ]
    american = cells(run_saved_query(engine, "officials", {"affiliation": "Washington"}))
    assert [row[0] for row in american] == ["Lloyd Austin", "John Kirby"]


def test_articles(engine):
    result = run_saved_query(engine, "articles", {})
    assert [row[:5] for row in cells(result)] == [
        ("", "", "004_undated.txt", "1", "3"),
        ("2024-10-23", A1, "001_briefing.txt", "2", "6"),
        ("2024-11-04", A2, "002_seoul.txt", "3", "8"),
        ("2024-11-06", A3, "003_denial.txt", "4", "9"),
    ]
    mentioning = cells(run_saved_query(engine, "articles", {"mentions": "Zelensky"}))
    assert [row[2] for row in mentioning] == ["002_seoul.txt"]


def test_entities(engine):
    rows = cells(run_saved_query(engine, "entities", {}))
    assert len(rows) == 16
    assert ("north_korea", "North Korea", "State", "DPRK, North Korean, Pyongyang", "Q423",
            "3") in rows
    assert ("vladivostok", "Vladivostok", "Location", "", "", "1") in rows
    assert ("russia", "Russia", "State", "Moscow, Russian, the Kremlin", "Q159", "4") in rows
    officials = cells(run_saved_query(engine, "entities", {"class": "official"}))
    assert [row[0] for row in officials] == ["dmitry_peskov", "john_kirby", "lloyd_austin",
                                             "volodymyr_zelenskyy"]
    units = cells(run_saved_query(engine, "entities", {"class": "Military unit"}))
    assert units == [("11th_army_corps", "11th Army Corps", "MilitaryUnit", "", "", "1")]


def test_claimants(engine):
    assert cells(run_saved_query(engine, "claimants", {})) == [
        ("National Intelligence Service", "Organization", "3", "1"),
        ("Lloyd Austin", "Official", "2", "2"),
        ("Mira Halvorsen", "Person", "2", "2"),
        ("Dmitry Peskov", "Official", "1", "1"),
        ("John Kirby", "Official", "1", "1"),
        ("Volodymyr Zelenskyy", "Official", "1", "1"),
    ]
    about_iran = cells(run_saved_query(engine, "claimants", {"supplier": "Tehran"}))
    assert [row[0] for row in about_iran] == ["National Intelligence Service",
                                              "Volodymyr Zelenskyy"]


def test_trig_and_turtle_hold_the_same_graph():
    dataset = Dataset()
    dataset.parse(TRIG, format="trig")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert len(union) == 278
    assert isomorphic(union, Graph().parse(TTL, format="turtle"))
    trig = open_engine(TRIG, engine="rdflib")
    assert cells(run_saved_query(trig, "claims", {})) == cells(
        run_saved_query(open_engine(TTL, engine="rdflib"), "claims", {}))


# -- parameters ------------------------------------------------------------------------------

def test_unknown_parameter_lists_the_valid_ones(engine):
    with pytest.raises(QueryParameterError) as caught:
        run_saved_query(engine, "transfers", {"suplier": "Iran"})
    message = str(caught.value)
    assert "\n" not in message
    assert "'--suplier'" in message and "Did you mean '--supplier'?" in message
    assert "Valid: --supplier, --recipient, --category, --status" in message


def test_bad_vocabulary_value_and_unknown_entity(engine):
    with pytest.raises(QueryParameterError, match=r"Did you mean 'Missiles'\? Choose from: Troops"):
        run_saved_query(engine, "transfers", {"category": "misiles"})
    with pytest.raises(QueryParameterError,
                       match=r"no entity called 'Nort Korea'.*Did you mean 'North Korea'"):
        run_saved_query(engine, "transfers", {"supplier": "Nort Korea"})
    with pytest.raises(QueryParameterError, match="unknown status"):
        run_saved_query(engine, "transfers", {"status": "rumoured"})


@pytest.mark.parametrize("hostile", [
    'x" } } ; DROP ALL ; #',
    'North Korea") } UNION { ?entity ?p ?o } #',
    "\\u0022) } SELECT * { ?s ?p ?o } #",
    "a\\",
    "line\nbreak\" } ",
    "' } #",
])
def test_parameter_values_cannot_inject_sparql(engine, hostile):
    with pytest.raises(QueryParameterError, match="no entity called"):
        run_saved_query(engine, "transfers", {"supplier": hostile})
    lookup = entity_lookup_query(hostile)
    assert run_query(engine, lookup).rows == []  # parses, and matches nothing


def test_a_label_with_quotes_is_matched_exactly(engine):
    # "Ukraine's President" carries an apostrophe; it must round-trip through the literal
    rows = run_query(engine, entity_lookup_query("ukraine's president")).rows
    assert [str(row[0]) for row in rows] == ["https://w3id.org/ckg/id/volodymyr_zelenskyy"]


def test_sparql_string_escapes():
    assert sparql_string('a"b\\c\nd\te\x01') == '"a\\"b\\\\c\\nd\\te\\u0001"'


def test_render_binds_iris_in_one_values_row():
    saved = get_saved_query("transfers")
    text = saved.render({"supplier": ["https://w3id.org/ckg/id/iran"]})
    assert ("VALUES (?param_supplier ?param_recipient ?param_category ?param_status) "
            "{ (<https://w3id.org/ckg/id/iran> UNDEF UNDEF UNDEF) }") in text
    assert text.count("\n") == saved.text.count("\n")  # line numbers kept
    with pytest.raises(QueryParameterError, match="not a usable IRI"):
        saved.render({"supplier": ["http://x/> } DROP ALL <http://y"]})


def test_parameter_values_from_the_command_line():
    assert parameter_values(["status=Denied"], ["--supplier", "North Korea",
                                                "--recipient=Russia"]) == {
        "status": "Denied", "supplier": "North Korea", "recipient": "Russia"}
    with pytest.raises(QueryParameterError, match="needs a value"):
        parameter_values([], ["--supplier"])
    with pytest.raises(QueryParameterError, match="unexpected argument 'Russia'"):
        parameter_values([], ["Russia"])
    with pytest.raises(QueryParameterError, match="given twice"):
        parameter_values(["supplier=a"], ["--supplier", "b"])
    with pytest.raises(QueryParameterError, match="NAME=VALUE"):
        parameter_values(["supplier"], [])


def test_list_describes_every_query_and_parameter():
    text = describe_saved_queries()
    for name in SAVED:
        assert any(line.startswith(name + " ") for line in text.splitlines())
    assert "--supplier ENTITY" in text and "--class CLASS" in text and "--status STATUS" in text


def test_resolve_query(tmp_path):
    assert resolve_query("claims")[1].name == "claims"
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(query_file)) == ("ASK { ?s ?p ?o }", None)
    assert resolve_query("SELECT * { ?s ?p ?o }") == ("SELECT * { ?s ?p ?o }", None)
    with pytest.raises(GraphError, match="unknown saved query 'claim'. Did you mean 'claims'"):
        resolve_query("claim")
    with pytest.raises(GraphError, match="no such query file"):
        resolve_query(str(tmp_path / "missing.rq"))


# -- read-only, syntax, refused features -----------------------------------------------------

@pytest.mark.parametrize("update", [
    "INSERT DATA { id:a id:b id:c }",
    "PREFIX x: <http://x/>\n# a comment\n delete where { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL", "DROP GRAPH <http://x/g>", "CREATE GRAPH <http://x/g>",
    "ADD DEFAULT TO <http://x/g>", "MOVE DEFAULT TO <http://x/g>", "COPY DEFAULT TO <http://x/g>",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(engine, update):
    with pytest.raises(ReadOnlyError, match="read-only: SPARQL Update"):
        run_query(engine, update)
    assert len(engine.dataset) == 278


def test_query_forms():
    assert query_form("BASE <http://x/> PREFIX a: <http://a/> ask {}") == "ASK"
    assert query_form('# INSERT in a comment\nSELECT ("DELETE" AS ?x) {}') == "SELECT"
    assert query_form("DESCRIBE <http://x/>") == "DESCRIBE"
    with pytest.raises(SparqlSyntaxError, match="expected SELECT, ASK, CONSTRUCT or DESCRIBE"):
        query_form("SELEKT * {}")


def test_syntax_error_is_one_line_with_position(engine):
    with pytest.raises(SparqlSyntaxError) as caught:
        run_query(engine, "SELECT ?x\nWHERE {\n  ?x ?y ?z .\n  FILTER(\n}")
    assert caught.value.line == 4 and caught.value.column == 3
    assert str(caught.value).startswith("SPARQL syntax error at line 4, column 3: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("query", [
    "SELECT * FROM <http://example.org/g> { ?s ?p ?o }",
    "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_network_fetching_queries_are_refused(engine, query):
    with pytest.raises(GraphError, match="not supported: queries run over the local graph"):
        run_query(engine, query)


def test_predeclared_prefixes_and_own_prefixes_win(engine):
    rows = run_query(engine, "SELECT ?l { id:north_korea rdfs:label ?l ; owl:sameAs ?w }").rows
    assert [str(row[0]) for row in rows] == ["North Korea"]
    other = "PREFIX ckg: <http://elsewhere.example/> SELECT * { ?s a ckg:State }"
    assert run_query(engine, other).rows == []


def test_ask_construct_describe(engine):
    assert run_query(engine, "ASK { id:russia a ckg:State }").boolean is True
    constructed = run_query(engine, "CONSTRUCT { ?o rdfs:label ?l } "
                                    "WHERE { ?o a ckg:Official ; rdfs:label ?l }")
    assert len(constructed.graph) == 4
    turtle = format_result(constructed)
    assert "@prefix id: <https://w3id.org/ckg/id/>" in turtle
    assert len(Graph().parse(data=turtle, format="turtle")) == 4
    described = run_query(engine, "DESCRIBE id:lloyd_austin")
    assert (URIRef("https://w3id.org/ckg/id/lloyd_austin"), None, None) in described.graph


# -- result formats --------------------------------------------------------------------------

SAMPLE = QueryResult("SELECT", ("iri", "text", "number", "blank", "tagged", "none"), [
    (URIRef("https://w3id.org/ckg/id/russia"), Literal('says "hi",\tthere\nnext'),
     Literal("6433.10", datatype=XSD.decimal), BNode("b0"), Literal("Kyjiw", lang="uk"), None),
])


def test_csv_format():
    text = format_result(SAMPLE, "csv")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["iri", "text", "number", "blank", "tagged", "none"],
                    ["https://w3id.org/ckg/id/russia", 'says "hi",\tthere\nnext', "6433.10",
                     "_:b0", "Kyjiw", ""]]


def test_tsv_format():
    lines = format_result(SAMPLE, "tsv").splitlines()
    assert lines[0] == "?iri\t?text\t?number\t?blank\t?tagged\t?none"
    assert lines[1].split("\t") == [
        "<https://w3id.org/ckg/id/russia>", '"says \\"hi\\",\\tthere\\nnext"',
        '"6433.10"^^<http://www.w3.org/2001/XMLSchema#decimal>', "_:b0", '"Kyjiw"@uk', ""]


def test_json_format():
    document = json.loads(format_result(SAMPLE, "json"))
    assert document["head"]["vars"] == list(SAMPLE.variables)
    binding = document["results"]["bindings"][0]
    assert binding["iri"] == {"type": "uri", "value": "https://w3id.org/ckg/id/russia"}
    assert binding["text"] == {"type": "literal", "value": 'says "hi",\tthere\nnext'}
    assert binding["number"] == {"type": "literal", "value": "6433.10",
                                 "datatype": str(XSD.decimal)}
    assert binding["blank"] == {"type": "bnode", "value": "b0"}
    assert binding["tagged"] == {"type": "literal", "value": "Kyjiw", "xml:lang": "uk"}
    assert "none" not in binding
    assert json.loads(format_result(QueryResult("ASK", boolean=False), "json")) == {
        "head": {}, "boolean": False}


def test_xml_format():
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(format_result(SAMPLE, "xml"))
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == list(SAMPLE.variables)
    bindings = {b.get("name"): b[0] for b in root.findall("r:results/r:result/r:binding", ns)}
    assert bindings["iri"].tag.endswith("uri")
    assert bindings["text"].text == 'says "hi",\tthere\nnext'
    assert bindings["number"].get("datatype") == str(XSD.decimal)
    assert bindings["tagged"].get("{http://www.w3.org/XML/1998/namespace}lang") == "uk"
    assert "none" not in bindings
    ask = ET.fromstring(format_result(QueryResult("ASK", boolean=True), "xml"))
    assert ask.find("r:boolean", ns).text == "true"


def test_table_format(engine):
    table = format_result(run_saved_query(engine, "officials", {}), "table").splitlines()
    assert table[0].split() == ["official", "role", "affiliation", "articles", "claims"]
    assert set(table[1]) == {"-", " "}
    assert table[2].split("  ")[0] == "Lloyd Austin"
    assert table[2].endswith("2") and len({len(line) for line in table[1:]}) <= 2
    long = QueryResult("SELECT", ("x",), [(Literal("w" * 100),), (URIRef(
        "https://w3id.org/ckg/id/north_korea"),)])
    text = format_result(long, "table").splitlines()
    assert text[2] == "w" * 59 + "…" and text[3] == "id:north_korea"
    assert format_result(QueryResult("ASK", boolean=True), "table") == "true\n"
    with pytest.raises(GraphError, match="unknown result format 'yaml'"):
        format_result(SAMPLE, "yaml")


def test_undeclared_prefix_is_located_the_same_on_both_engines():
    query = 'PREFIX ex: <http://x/>\nSELECT * {\n  ?s ex:a "foo:x" ; foo:b ?o }'
    for name in ("rdflib", "oxigraph"):
        with pytest.raises(SparqlSyntaxError) as caught:
            run_query(open_engine(TTL, engine=name), query)
        assert (caught.value.line, caught.value.column) == (3, 21), name
        assert str(caught.value).startswith(
            "SPARQL syntax error at line 3, column 21: undeclared prefix 'foo:'")
