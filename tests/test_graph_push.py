"""Pushing without a real store: requests as a recording HTTP server sees them, options, errors."""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from cli import main
from graph import GraphError, PushOptions, PushResult, push, read_graph
from graph.push import GraphCount, derive_endpoint

SMALL = Path(__file__).parent / "data" / "exchange" / "small.trig"
ARTICLE_A = "https://w3id.org/ckg/id/article/" + "aaaa1111" * 8


@dataclass
class Seen:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


class Recorder:
    """A local HTTP server that records requests; paths under /gone answer 405."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.count_answer: list[dict[str, object]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                url = urllib.parse.urlsplit(self.path)
                recorder.requests.append(Seen(self.command, url.path, url.query,
                                              dict(self.headers), self.rfile.read(length)))
                if url.path.startswith("/gone"):
                    self.send_response(405)
                    self.end_headers()
                    return
                if url.path == "/query":
                    body = json.dumps({"head": {"vars": ["n"]},
                                       "results": {"bindings": recorder.count_answer}}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(204)
                self.end_headers()

            do_PUT = do_POST = _handle

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Recorder:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    with Recorder() as server:
        yield server


def _triples(body: bytes) -> int:
    return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))


def test_graph_store_requests_put_then_post_bounded_chunks(recorder: Recorder) -> None:
    result = push(SMALL, PushOptions(endpoint=recorder.base + "/store", chunk_triples=20,
                                     verify=False))

    sent = [(r.method, urllib.parse.unquote(r.query), _triples(r.body))
            for r in recorder.requests]
    assert sent[:3] == [("PUT", "default", 20), ("POST", "default", 20),
                        ("POST", "default", 16)]
    assert sent[3:5] == [("PUT", "graph=" + ARTICLE_A, 20), ("POST", "graph=" + ARTICLE_A, 7)]
    assert len(sent) == 3 + 2 + 2 + 2
    assert all(r.headers["Content-Type"] == "application/n-triples" for r in recorder.requests)
    assert result.triples == 153 and result.graphs == 4 and not result.checked
    assert result.summary().endswith("verified: not checked")


def test_falls_back_to_batched_insert_data(recorder: Recorder) -> None:
    result = push(SMALL, PushOptions(endpoint=recorder.base + "/gone/store",
                                     update_endpoint=recorder.base + "/update",
                                     batch_triples=25, verify=False))

    assert result.method == "update"
    updates = [urllib.parse.parse_qs(r.body.decode())["update"][0]
               for r in recorder.requests if r.path == "/update"]
    assert updates[0].split(" ;\n") == ["CLEAR SILENT DEFAULT", *(
        f"CLEAR SILENT GRAPH <{ARTICLE_A[:-64]}{n * 8}>"
        for n in ("aaaa1111", "bbbb2222", "cccc3333"))]
    inserts = updates[1:]
    assert all(u.startswith("INSERT DATA {\n") for u in inserts)
    assert [u.count(" .\n") for u in inserts] == [25] * 6 + [3]  # batches span graphs
    assert inserts[0].startswith("INSERT DATA {\n<https://w3id.org/ckg/id/")  # default graph
    assert f"\nGRAPH <{ARTICLE_A}> {{\n" in inserts[2]


def test_update_batches_never_exceed_the_limit(recorder: Recorder, tmp_path: Path) -> None:
    many = tmp_path / "many.nq"
    many.write_text("".join(f'<urn:s{i}> <urn:p> "{i}" <urn:g> .\n' for i in range(2_345)),
                    encoding="utf-8")

    push(many, PushOptions(endpoint=recorder.base + "/update", method="update", verify=False))

    sizes = [urllib.parse.parse_qs(r.body.decode())["update"][0].count(" .\n")
             for r in recorder.requests]
    assert sizes == [0, 1_000, 1_000, 345]  # CLEAR, then INSERT DATA batches


def test_basic_auth_is_sent_up_front(recorder: Recorder) -> None:
    push(SMALL, PushOptions(endpoint=recorder.base + "/store", graph="urn:all", user="ann",
                            password="s3cret", auth="basic", verify=False))

    expected = "Basic " + base64.b64encode(b"ann:s3cret").decode()
    assert [r.headers.get("Authorization") for r in recorder.requests] == [expected]


def test_verification_counts_each_graph(recorder: Recorder) -> None:
    recorder.count_answer = [{"g": {"type": "uri", "value": "urn:all"},
                              "n": {"type": "literal", "value": "152"}}]

    result = push(read_graph(SMALL), PushOptions(endpoint=recorder.base + "/store",
                                                 graph="urn:all"))

    query = urllib.parse.parse_qs(recorder.requests[-1].body.decode())["query"][0]
    assert "VALUES ?g { <urn:all> }" in query and "COUNT(*)" in query
    assert not result.verified
    assert result.summary().endswith("verified: no (<urn:all>: sent 153, store has 152)")


def test_cli_exits_1_when_counts_differ(recorder: Recorder) -> None:
    result = CliRunner().invoke(main, ["push", str(SMALL), "--endpoint",
                                       recorder.base + "/store", "--graph", "urn:all"])

    assert result.exit_code == 1
    assert "verified: no (<urn:all>: sent 153, store has 0)" in result.output


def test_unreachable_store_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match=r"cannot reach http://127\.0\.0\.1:9/store"):
        push(SMALL, PushOptions(endpoint="http://127.0.0.1:9/store", timeout=5))


@pytest.mark.parametrize(("options", "message"), [
    ({"endpoint": "ftp://x/store"}, "not an http"),
    ({"endpoint": "http://x/store", "method": "post"}, "unknown push method 'post'"),
    ({"endpoint": "http://x/store", "auth": "ntlm"}, "unknown HTTP auth scheme"),
    ({"endpoint": "http://x/store", "user": "dba"}, "both a user and a password"),
    ({"endpoint": "http://x/somewhere"}, "pass --query-endpoint"),
    ({"endpoint": "http://x/store", "batch_triples": 0}, "must be positive"),
])
def test_bad_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(GraphError, match=message):
        push(SMALL, PushOptions(**options))  # type: ignore[arg-type]


def test_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(GraphError, match="bad.trig: cannot read it"):
        push(bad, PushOptions(endpoint="http://x/store", verify=False))
    (tmp_path / "notes.txt").write_text("<a> <b> <c> .", encoding="utf-8")
    with pytest.raises(GraphError, match="notes.txt: not an RDF file"):
        push(tmp_path / "notes.txt", PushOptions(endpoint="http://x/store", verify=False))
    with pytest.raises(GraphError, match="missing.nt: no such file"):
        push(tmp_path / "missing.nt", PushOptions(endpoint="http://x/store", verify=False))


def test_endpoints_are_derived_for_oxigraph_and_virtuoso() -> None:
    assert derive_endpoint("http://h:7878/store", "query") == "http://h:7878/query"
    assert derive_endpoint("http://h:8890/sparql-graph-crud", "update") == "http://h:8890/sparql"
    assert derive_endpoint("http://h:8890/sparql-graph-crud-auth/", "update") == \
        "http://h:8890/sparql-auth"


def test_result_summary_counts() -> None:
    result = PushResult(endpoint="http://h/store", method="gsp", requests=3, checked=True,
                        counts=(GraphCount(None, 5, 5), GraphCount("urn:g", 7, 7)),
                        load_seconds=0.5, send_seconds=1.0, verify_seconds=0.25)
    assert result.verified and result.triples == 12 and result.seconds == 1.75
    assert result.summary() == ("pushed 2 graphs, 12 triples to http://h/store "
                                "(graph store protocol) in 1.75 s; verified: yes")
