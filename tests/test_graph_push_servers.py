"""Push graphs into real triple stores: a Virtuoso and an Oxigraph server started here."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from click.testing import CliRunner

from cli import main
from graph import GraphError, PushOptions, push, read_graph

DATA = Path(__file__).parent / "data" / "exchange"
SMALL = DATA / "small.trig"
CKG = "https://w3id.org/ckg/ontology#"
ID = "https://w3id.org/ckg/id/"
ARTICLE_A = ID + "article/" + "aaaa1111" * 8
ARTICLE_B = ID + "article/" + "bbbb2222" * 8
TRANSFER_1 = ID + "transfer/aaaa1111aaaa1111/0000000000000001"
TRANSFER_2 = ID + "transfer/bbbb2222bbbb2222/0000000000000002"
#: small.trig: triples per graph (None: the default graph).
SMALL_COUNTS = {None: 56, ARTICLE_A: 27, ARTICLE_B: 35, ID + "article/" + "cccc3333" * 8: 35}


# -- servers ----------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_answers(url: str, process: subprocess.Popen[bytes], log: Path,
                        timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited ({process.returncode}):\n"
                               + log.read_text(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"no answer from {url} after {timeout:.0f} s:\n"
                       + log.read_text(errors="replace")[-2000:])


class _Server:
    """A server process whose output goes to a log file."""

    _log: BinaryIO

    def _log_file(self, path: Path) -> BinaryIO:
        self._log = path.open("wb")
        return self._log


class OxigraphServer(_Server):
    """``oxigraph serve`` on a free loopback port, with its data in ``directory``."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or \
            shutil.which("oxigraph")
        if binary is None:
            raise FileNotFoundError("the oxigraph server binary is missing: "
                                    "pip install oxigraph (in the test extras)")
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.store_url = self.base + "/store"
        self.query_url = self.base + "/query"
        self.update_url = self.base + "/update"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OxigraphServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        log = self.directory / "oxigraph.log"
        self.process = subprocess.Popen(
            [self.binary, "serve", "--location", str(self.directory / "db"),
             "--bind", f"127.0.0.1:{self.port}"],
            stdout=self._log_file(log), stderr=subprocess.STDOUT)
        _wait_until_answers(self.query_url + "?query=ASK%7B%7D", self.process, log, 30)
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


_VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort         = {sql_port}
DisableUnixSocket  = 1
NumberOfBuffers    = {buffers}
MaxDirtyBuffers    = {dirty_buffers}
CheckpointInterval = 0
DirsAllowed        = ., {dir}
[HTTPServer]
ServerPort         = {http_port}
ServerThreads      = 10
MaxClientConnections = 10
[SPARQL]
; Debian's 10000 silently truncates results.
ResultSetMaxRows   = 10000000
MaxQueryExecutionTime = 600
DefaultGraph       = urn:ckg:virtuoso-default
"""


class VirtuosoServer(_Server):
    """``virtuoso-t`` in the foreground on free loopback ports, its database in ``directory``.

    The Graph Store is ``/sparql-graph-crud-auth`` and SPARQL ``/sparql-auth``, both with
    Digest auth as dba/dba (the unauthenticated endpoints may not write).
    """

    user = "dba"
    password = "dba"

    def __init__(self, directory: Path, buffers: int = 20_000) -> None:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise FileNotFoundError("virtuoso-t is missing: run `make system-deps` "
                                    "(Debian package virtuoso-opensource)")
        self.binary = binary
        self.directory = directory
        self.buffers = buffers
        self.sql_port = free_port()
        self.http_port = free_port()
        while self.http_port == self.sql_port:
            self.http_port = free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.store_url = self.base + "/sparql-graph-crud-auth"
        self.query_url = self.base + "/sparql-auth"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> VirtuosoServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        ini = self.directory / "virtuoso.ini"
        ini.write_text(_VIRTUOSO_INI.format(
            dir=self.directory, sql_port=self.sql_port, http_port=self.http_port,
            buffers=self.buffers, dirty_buffers=self.buffers * 3 // 4), encoding="utf-8")
        log = self.directory / "virtuoso.out"
        self.process = subprocess.Popen(
            [self.binary, "+foreground", "+configfile", str(ini)],
            cwd=self.directory, stdout=self._log_file(log), stderr=subprocess.STDOUT)
        _wait_until_answers(self.base + "/sparql?query=ASK%7B%7D", self.process, log, 120)
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is None:
            return
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is not None:
            subprocess.run([isql, f"127.0.0.1:{self.sql_port}", self.user, self.password,
                            "exec=shutdown;"], capture_output=True, timeout=60, check=False)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            self._log.close()


def select(url: str, query: str, user: str | None = None,
           password: str | None = None) -> list[dict[str, str]]:
    """Run a SELECT; the rows as {variable: value}."""
    handlers = []
    if user is not None and password is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"})
    with urllib.request.build_opener(*handlers).open(request, timeout=60) as response:
        bindings = json.load(response)["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in bindings]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    try:
        server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    except FileNotFoundError as exc:
        pytest.fail(str(exc))  # a missing server is a failure, never a skip
    with server:
        yield server


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    try:
        server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    except FileNotFoundError as exc:
        pytest.fail(str(exc))
    with server:
        yield server


def _by_graph(result_counts: tuple[object, ...]) -> dict[str | None, tuple[int, int | None]]:
    return {c.graph: (c.sent, c.found) for c in result_counts}  # type: ignore[attr-defined]


# -- Oxigraph ---------------------------------------------------------------------------

@pytest.mark.server
def test_oxigraph_keeps_named_graphs_and_default_graph(oxigraph: OxigraphServer) -> None:
    result = push(SMALL, PushOptions(endpoint=oxigraph.store_url))

    assert result.method == "gsp"
    assert result.verified, result.summary()
    assert _by_graph(result.counts) == {g: (n, n) for g, n in SMALL_COUNTS.items()}
    rows = select(oxigraph.query_url, f"""
        SELECT ?quantity ?label WHERE {{
          GRAPH <{ARTICLE_A}> {{ <{TRANSFER_1}> <{CKG}supplier> ?supplier ;
                                                 <{CKG}quantity> ?quantity }}
          ?supplier <http://www.w3.org/2000/01/rdf-schema#label> ?label }}""")
    assert rows == [{"quantity": "3000", "label": "North Korea"}]


@pytest.mark.server
def test_oxigraph_replaces_graphs_when_pushed_again(oxigraph: OxigraphServer,
                                                    tmp_path: Path) -> None:
    bigger = tmp_path / "bigger.trig"
    bigger.write_text(SMALL.read_text(encoding="utf-8")
                      + f'<{ARTICLE_B}> {{ <{TRANSFER_2}> <{CKG}unit> "extra" . }}\n',
                      encoding="utf-8")
    first = push(bigger, PushOptions(endpoint=oxigraph.store_url))
    assert _by_graph(first.counts)[ARTICLE_B] == (36, 36)

    result = push(SMALL, PushOptions(endpoint=oxigraph.store_url, chunk_triples=10))

    assert result.verified, result.summary()
    assert _by_graph(result.counts)[ARTICLE_B] == (35, 35)  # replaced, not merged
    # one PUT and then POSTs of at most 10 triples, per graph, plus one count query each
    assert result.requests == sum(-(-n // 10) for n in SMALL_COUNTS.values()) + 2


@pytest.mark.server
def test_oxigraph_one_named_graph(oxigraph: OxigraphServer) -> None:
    target = "urn:ckg:test:everything"

    result = push(read_graph(SMALL), PushOptions(endpoint=oxigraph.store_url, graph=target))

    assert result.verified
    assert _by_graph(result.counts) == {target: (153, 153)}
    rows = select(oxigraph.query_url, f"""
        SELECT ?status WHERE {{ GRAPH <{target}> {{ <{TRANSFER_2}> <{CKG}status> ?status }} }}""")
    assert rows == [{"status": CKG + "Reported"}]


@pytest.mark.server
def test_oxigraph_falls_back_to_sparql_update_without_a_graph_store(
        oxigraph: OxigraphServer) -> None:
    # /no-graph-store answers 404, as a store without the Graph Store Protocol does.
    result = push(SMALL, PushOptions(endpoint=oxigraph.base + "/no-graph-store",
                                     update_endpoint=oxigraph.update_url, batch_triples=10))

    assert result.method == "update"
    assert result.verified, result.summary()
    assert result.triples == 153
    rows = select(oxigraph.query_url, f"""
        SELECT ?evidence WHERE {{
          GRAPH <{ARTICLE_B}> {{ <{TRANSFER_2}> <{CKG}evidence> ?evidence }} }}""")
    assert rows[0]["evidence"].startswith('Pyongyang shipped "about 6,433.10 thousand" shells,\n')


@pytest.mark.server
def test_oxigraph_gsp_only_reports_a_missing_graph_store(oxigraph: OxigraphServer) -> None:
    with pytest.raises(GraphError, match="404.*--method update"):
        push(SMALL, PushOptions(endpoint=oxigraph.base + "/no-graph-store", method="gsp",
                                query_endpoint=oxigraph.query_url))


@pytest.mark.server
def test_cli_push_with_sparql_update(oxigraph: OxigraphServer) -> None:
    result = CliRunner().invoke(main, ["push", str(SMALL), "--endpoint", oxigraph.store_url,
                                       "--method", "update"])

    assert result.exit_code == 0, result.output
    assert "pushed 4 graphs, 153 triples" in result.output
    assert "(SPARQL Update)" in result.output
    assert result.output.rstrip().endswith("verified: yes")


# -- Virtuoso ---------------------------------------------------------------------------

def _virtuoso_options(server: VirtuosoServer, **overrides: object) -> PushOptions:
    settings: dict[str, object] = {"endpoint": server.store_url, "user": server.user,
                                   "password": server.password}
    settings.update(overrides)
    return PushOptions(**settings)  # type: ignore[arg-type]


@pytest.mark.server
def test_virtuoso_has_no_default_graph(virtuoso: VirtuosoServer) -> None:
    with pytest.raises(GraphError, match="no default graph.*--default-graph IRI"):
        push(SMALL, _virtuoso_options(virtuoso))


@pytest.mark.server
def test_virtuoso_named_graphs_with_entities_in_their_own_graph(
        virtuoso: VirtuosoServer) -> None:
    entities = "urn:ckg:test:entities"

    result = push(SMALL, _virtuoso_options(virtuoso, default_graph=entities, chunk_triples=20))

    assert result.verified, result.summary()
    expected = {(entities if g is None else g): (n, n) for g, n in SMALL_COUNTS.items()}
    assert _by_graph(result.counts) == expected
    rows = select(virtuoso.query_url, f"""
        SELECT ?quantity WHERE {{
          GRAPH <{ARTICLE_B}> {{ <{TRANSFER_2}> <{CKG}quantity> ?quantity }} }}""",
                  virtuoso.user, virtuoso.password)
    assert float(rows[0]["quantity"]) == 6433.1  # the lexical form may be rewritten
    rows = select(virtuoso.query_url, f"""
        SELECT ?label WHERE {{ GRAPH <{entities}> {{ <{ID}kim_analyst> ?p ?label }} }}""",
                  virtuoso.user, virtuoso.password)
    assert {"label": "Kim O'Neil,\nanalyst"} in rows


@pytest.mark.server
def test_cli_push_to_virtuoso_into_one_graph(virtuoso: VirtuosoServer) -> None:
    target = "urn:ckg:test:everything"
    args = ["push", str(SMALL), "--endpoint", virtuoso.store_url, "--graph", target,
            "--user", virtuoso.user, "--auth", "digest"]

    result = CliRunner().invoke(main, args, env={"CKG_PUSH_PASSWORD": virtuoso.password})

    assert result.exit_code == 0, result.output
    assert "pushed 1 graph, 153 triples" in result.output and "verified: yes" in result.output
    rows = select(virtuoso.query_url, f"""
        SELECT ?recipient WHERE {{
          GRAPH <{target}> {{ <{TRANSFER_1}> <{CKG}recipient> ?recipient }} }}""",
                  virtuoso.user, virtuoso.password)
    assert rows == [{"recipient": ID + "russia"}]


@pytest.mark.server
def test_virtuoso_sparql_update_in_batches(virtuoso: VirtuosoServer, tmp_path: Path) -> None:
    # 2,600 triples: three INSERT DATA requests of at most 1,000 triples each.
    lines = [f'<{ID}e{i}> <http://www.w3.org/2000/01/rdf-schema#label> "entity \\"{i}\\"" .'
             for i in range(2_600)]
    (tmp_path / "many.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = "urn:ckg:test:many"

    result = push(tmp_path / "many.nt", _virtuoso_options(
        virtuoso, endpoint=virtuoso.query_url, method="update", graph=target))

    assert result.method == "update"
    assert result.verified, result.summary()
    assert _by_graph(result.counts) == {target: (2_600, 2_600)}
    # Digest challenge, clear, three batches, one count
    assert result.requests == 1 + 1 + 3 + 1


@pytest.mark.server
def test_virtuoso_takes_large_digest_authenticated_requests(virtuoso: VirtuosoServer,
                                                            tmp_path: Path) -> None:
    # Virtuoso answers 401 before reading a large body: without the Authorization header
    # up front, a 50,000-triple PUT broke the pipe.
    lines = [f'<{ID}e{i}> <http://www.w3.org/2000/01/rdf-schema#comment> '
             f'"a comment long enough to make the request body weigh some megabytes, {i}" .'
             for i in range(60_000)]
    (tmp_path / "large.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = "urn:ckg:test:large"

    result = push(tmp_path / "large.nt", _virtuoso_options(virtuoso, graph=target))

    assert result.verified, result.summary()
    assert _by_graph(result.counts) == {target: (60_000, 60_000)}


@pytest.mark.server
def test_virtuoso_wrong_password_is_reported(virtuoso: VirtuosoServer) -> None:
    with pytest.raises(GraphError, match="HTTP 401.*--password"):
        push(SMALL, _virtuoso_options(virtuoso, password="not-the-password", graph="urn:x"))


def test_a_missing_server_binary_is_an_error_not_a_skip(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda *_, **__: None)
    with pytest.raises(FileNotFoundError, match="make system-deps"):
        VirtuosoServer(tmp_path)
    with pytest.raises(FileNotFoundError, match="pip install oxigraph"):
        OxigraphServer(tmp_path)
