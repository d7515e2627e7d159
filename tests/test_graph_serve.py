"""`ckg serve`: the read-only SPARQL 1.1 Protocol endpoint, over real HTTP on localhost."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from graph.errors import GraphError
from graph.serve import NotAcceptable, make_server, negotiate
from graph.store import open_engine

DATA = Path(__file__).parent / "data" / "query"
SELECT = "SELECT ?label WHERE { ?s a ckg:State ; rdfs:label ?label } ORDER BY ?label"
STATES = ["Iran", "North Korea", "Russia", "South Korea", "Ukraine", "United States"]


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def endpoint(request) -> Iterator[str]:
    server = make_server(open_engine(DATA / "graph.trig", engine=request.param), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def call(url: str, *, method: str = "GET", data: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get(endpoint: str, query: str, accept: str | None = None):
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    return call(url, headers={"Accept": accept} if accept else {})


def labels(document: bytes) -> list[str]:
    return [b["label"]["value"] for b in json.loads(document)["results"]["bindings"]]


def test_get_defaults_to_json(endpoint):
    status, headers, body = get(endpoint, SELECT)
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert labels(body) == STATES


def test_post_form_and_direct(endpoint):
    status, _, body = call(endpoint, method="POST",
                           data=urllib.parse.urlencode({"query": SELECT}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and labels(body) == STATES
    status, _, body = call(endpoint, method="POST", data=SELECT.encode(),
                           headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert status == 200 and labels(body) == STATES


def test_content_negotiation(endpoint):
    status, headers, body = get(endpoint, SELECT, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+xml"
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(body)
    assert [e.text for e in root.findall("r:results/r:result/r:binding/r:literal", ns)] == STATES

    status, headers, body = get(endpoint, SELECT, "text/csv")
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(body.decode(), newline=""))) == [["label"]] + [
        [s] for s in STATES]

    status, headers, body = get(endpoint, SELECT, "text/tab-separated-values")
    assert headers["Content-Type"].startswith("text/tab-separated-values")
    assert body.decode().splitlines()[:2] == ["?label", '"Iran"']

    # q-values: the client prefers CSV over JSON
    _, headers, _ = get(endpoint, SELECT, "application/sparql-results+json;q=0.5, text/csv")
    assert headers["Content-Type"].startswith("text/csv")


def test_construct_as_turtle(endpoint):
    query = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a ckg:Official ; rdfs:label ?l }"
    status, headers, body = get(endpoint, query, "text/turtle, */*;q=0.1")
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert len(Graph().parse(data=body.decode(), format="turtle")) == 4
    _, headers, body = get(endpoint, query, "application/n-triples")
    assert headers["Content-Type"] == "application/n-triples"
    assert len(body.decode().splitlines()) == 4
    status, _, body = get(endpoint, query, "application/sparql-results+json")
    assert status == 406 and b"offered: text/turtle" in body


def test_ask(endpoint):
    status, _, body = get(endpoint, "ASK { ?t ckg:status ckg:Denied }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def test_bad_query_is_400_with_the_message(endpoint):
    status, headers, body = get(endpoint, "SELECT ?x WHERE {\n ?x ?y }")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert body.decode().startswith("SPARQL syntax error at line ")
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_updates_are_forbidden(endpoint):
    update = "INSERT DATA { id:a id:b id:c }"
    status, _, body = get(endpoint, update)
    assert status == 403 and b"read-only" in body
    status, _, _ = call(endpoint, method="POST", data=update.encode(),
                        headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = call(endpoint, method="POST",
                        data=urllib.parse.urlencode({"update": update}).encode(),
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    # and nothing changed
    _, _, body = get(endpoint, "ASK { id:a id:b id:c }")
    assert json.loads(body)["boolean"] is False


def test_cors_preflight(endpoint):
    status, headers, body = call(endpoint, method="OPTIONS", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and body == b""
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]


def test_protocol_errors(endpoint):
    assert call(endpoint)[0] == 400  # no query
    assert call(endpoint.replace("/sparql", "/other"))[0] == 404
    status, _, _ = call(endpoint, method="POST", data=b"x",
                        headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _, body = get(endpoint, "SELECT * { SERVICE <http://example.org/s> { ?s ?p ?o } }")
    assert status == 400 and b"not supported" in body


def test_negotiate():
    assert negotiate(None, False) == "json"
    assert negotiate("*/*", True) == "turtle"
    assert negotiate("text/html, application/xml;q=0.9", False) == "xml"
    assert negotiate("text/csv;q=0, text/tab-separated-values", False) == "tsv"
    with pytest.raises(NotAcceptable):
        negotiate("image/png", False)


def test_port_in_use_is_a_graph_error():
    engine = open_engine(DATA / "graph.ttl")
    first = make_server(engine, port=0)
    try:
        with pytest.raises(GraphError, match="cannot listen on 127.0.0.1"):
            make_server(engine, port=first.server_address[1])
    finally:
        first.server_close()


def test_ckg_serve_command_end_to_end():
    """The real command in a child process: it prints the URL, answers, and stops on SIGINT."""
    import re
    import signal
    import subprocess
    import sys

    root = Path(__file__).parent.parent
    child = subprocess.Popen([sys.executable, str(root / "cli.py"), "serve",
                              str(DATA / "graph.ttl"), "--port", "0"],
                             stderr=subprocess.PIPE, text=True, cwd=root)
    try:
        line = child.stderr.readline()
        match = re.search(r"SPARQL endpoint (http://127\.0\.0\.1:\d+/sparql) \(rdflib\)", line)
        assert match, line
        status, _, body = get(match.group(1), SELECT)
        assert status == 200 and labels(body) == STATES
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(10)
        finally:
            if child.poll() is None:
                child.kill()
            child.stderr.close()
    assert child.returncode == 0
