"""`ckg query`: exit codes, one-line errors, formats and saved-query parameters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli

DATA = Path(__file__).parent / "data" / "query"
TTL = str(DATA / "graph.ttl")
TRIG = str(DATA / "graph.trig")


def ckg(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli.main, ["query", *args], input=stdin)


def test_saved_query_with_free_parameters():
    result = ckg(TTL, "transfers", "--supplier", "North Korea", "--status=confirmed")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["supplier", "recipient", "category"]
    assert len(lines) == 4
    assert "John Kirby" in lines[2] and "National Intelligence Service" in lines[3]
    assert result.stderr.startswith("2 rows (rdflib, ")


def test_param_option_and_json():
    result = ckg(TTL, "claims", "-p", "supplier=dprk", "--param", "category=Troops",
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert [b["claimant"]["value"] for b in bindings if "claimant" in b] == [
        "John Kirby", "Lloyd Austin", "National Intelligence Service", "Dmitry Peskov",
        "Mira Halvorsen"]
    assert bindings[0]["date"] == {"type": "literal", "value": "2024-10",
                                   "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth"}


def test_unknown_parameter_is_a_one_line_usage_error():
    result = ckg(TTL, "transfers", "--suplier", "Iran")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("Error: unknown parameter '--suplier' for saved query 'transfers'. "
                             "Did you mean '--supplier'? Valid: --supplier, --recipient, "
                             "--category, --status\n")


def test_unknown_entity_and_category_are_usage_errors():
    result = ckg(TTL, "transfers", "--supplier", "Atlantis")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no entity called 'Atlantis' in the graph")
    result = ckg(TTL, "transfers", "--category", "tanks")
    assert result.exit_code == 2 and "Choose from: Troops" in result.stderr


def test_parameters_for_a_plain_query_are_refused():
    result = ckg(TTL, "SELECT * { ?s ?p ?o }", "--supplier", "Iran")
    assert result.exit_code == 2
    assert "apply only to saved queries" in result.stderr


def test_list_needs_no_graph():
    result = ckg("--list")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert names == ["articles", "claimants", "claims", "contradictions", "entities",
                     "officials", "transfers"]
    assert "--supplier ENTITY" in result.stdout


def test_missing_arguments_are_usage_errors():
    result = ckg(TTL)
    assert result.exit_code == 2 and "give GRAPH and SPARQL_OR_FILE" in result.stderr
    result = ckg("nowhere.ttl", "claims")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_syntax_error_one_line_with_position():
    result = ckg(TTL, "SELECT ?x WHERE {\n  ?x ?y\n}")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: SPARQL syntax error at line ")
    oxigraph = ckg(TTL, "SELECT ?x WHERE {\n  ?x ?y\n}", "--engine", "oxigraph")
    assert oxigraph.exit_code == 1
    assert oxigraph.stderr.startswith("Error: SPARQL syntax error at line 3, column ")
    assert oxigraph.stderr.count("\n") == 1


def test_updates_are_refused_in_one_line():
    result = ckg(TTL, "DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 1
    assert result.stderr == ("Error: read-only: SPARQL Update (DELETE) is refused; "
                             "run SELECT, ASK, CONSTRUCT or DESCRIBE\n")


def test_unknown_saved_query_suggests():
    result = ckg(TTL, "transfer")
    assert result.exit_code == 1
    assert "unknown saved query 'transfer'. Did you mean 'transfers'?" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml", "json", "table"])
def test_formats_from_a_query_file(tmp_path, fmt):
    query = tmp_path / "states.rq"
    query.write_text("# states with a Wikidata item\nSELECT ?label ?item WHERE {\n"
                     "  ?s a ckg:State ; rdfs:label ?label ; owl:sameAs ?item }\n"
                     "ORDER BY ?label LIMIT 2\n", encoding="utf-8")
    result = ckg(TTL, str(query), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "csv":
        assert list(csv.reader(io.StringIO(out, newline=""))) == [
            ["label", "item"], ["Iran", "http://www.wikidata.org/entity/Q794"],
            ["North Korea", "http://www.wikidata.org/entity/Q423"]]
    elif fmt == "tsv":
        assert out.splitlines()[1] == '"Iran"\t<http://www.wikidata.org/entity/Q794>'
    elif fmt == "xml":
        assert "<uri>http://www.wikidata.org/entity/Q794</uri>" in out
    elif fmt == "json":
        assert json.loads(out)["head"]["vars"] == ["label", "item"]
    else:
        assert out.splitlines()[2].split() == ["Iran", "<http://www.wikidata.org/entity/Q794>"]


def test_query_from_stdin_and_construct_as_turtle():
    result = ckg(TTL, "-", stdin="CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a ckg:Location ; "
                                 "rdfs:label ?l }")
    assert result.exit_code == 0, result.stderr
    assert "@prefix id: <https://w3id.org/ckg/id/> ." in result.stdout
    assert 'id:kursk rdfs:label "Kursk" .' in result.stdout
    assert result.stderr.startswith("2 triples")


def test_ask():
    result = ckg(TRIG, "ASK { GRAPH ?g { ?t ckg:status ckg:Denied } }")
    assert result.exit_code == 0 and result.stdout == "true\n"


def test_store_option_builds_then_reuses(tmp_path):
    store = tmp_path / "store"
    first = ckg(TRIG, "claimants", "--store", str(store), "-f", "csv")
    assert first.exit_code == 0, first.stderr
    assert "(oxigraph, " in first.stderr
    assert first.stdout.splitlines()[1] == "National Intelligence Service,Organization,3,1"
    second = ckg(str(store), "claimants", "-f", "csv")
    assert second.exit_code == 0 and second.stdout == first.stdout


def test_store_on_a_foreign_directory_fails_cleanly(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = ckg(TTL, "claims", "--store", str(tmp_path))
    assert result.exit_code == 1
    assert "not a ckg store" in result.stderr and result.stderr.count("\n") == 1


def test_parameters_before_the_query_name_are_explained():
    result = ckg(TTL, "--supplier", "Iran", "transfers")
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown option '--supplier'; saved query parameters go "
                             "after the query's name: ckg query GRAPH NAME --PARAM VALUE\n")
