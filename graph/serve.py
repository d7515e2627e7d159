"""A read-only SPARQL 1.1 Protocol endpoint over one graph (standard library HTTP server).

``/sparql`` answers GET ``?query=``, POST form-encoded ``query=`` and POST
``application/sparql-query``; results are negotiated by Accept (JSON, XML, CSV, TSV for
SELECT and ASK; Turtle or N-Triples for CONSTRUCT and DESCRIBE). Updates get 403, bad
queries 400 with the message. CORS headers let browser query tools (YASGUI) use it.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .errors import GraphError
from .query import GRAPH_FORMATS, RESULT_FORMATS, QueryResult, ReadOnlyError, SparqlSyntaxError
from .store import Engine

logger = logging.getLogger(__name__)

ENDPOINT_PATH = "/sparql"
MAX_BODY = 1 << 20  # bytes; a query larger than 1 MiB is refused with 413

#: media type -> format name, in the order the server prefers them.
_SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "table",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
}
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Max-Age": "86400",
}


class NotAcceptable(GraphError):
    """Raised when the Accept header names no format the result can be given in."""


def negotiate(accept: str | None, is_graph: bool) -> str:
    """The format name for an Accept header: the highest-q type we offer; ties go to the
    client's order. Wildcards and a missing header give JSON (or Turtle for graphs).

    Raises:
        NotAcceptable: nothing in ``accept`` can be served.
    """
    offered = _GRAPH_TYPES if is_graph else _SELECT_TYPES
    default = "turtle" if is_graph else "json"
    if not accept or not accept.strip():
        return default
    choices = []
    for index, part in enumerate(accept.split(",")):
        media, *params = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            choices.append((-quality, index, media.lower()))
    for _, _, media in sorted(choices):
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*") or (media == "text/*" and is_graph):
            return default
        if media == "text/*":
            return "csv"
    raise NotAcceptable(f"cannot answer with {accept!r}; offered: {', '.join(offered)}")


def _media_type(result: QueryResult, fmt: str) -> str:
    table = GRAPH_FORMATS if result.is_graph else RESULT_FORMATS
    return table[fmt][1] + ("; charset=utf-8" if table[fmt][1].startswith("text/") else "")


def _render(result: QueryResult, fmt: str) -> bytes:
    table = GRAPH_FORMATS if result.is_graph else RESULT_FORMATS
    return table[fmt][0](result).encode("utf-8")


class SparqlHandler(BaseHTTPRequestHandler):
    """Handles ``/sparql``; ``self.server.engine`` answers the queries."""

    server_version = "ckg-sparql/1"
    protocol_version = "HTTP/1.1"

    # -- plumbing --------------------------------------------------------------------------

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        logger.info("%s %s", self.address_string(), format % args)

    def _send(self, status: int, body: bytes, content_type: str,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {**_CORS, "Content-Type": content_type, "Content-Length": str(len(body)),
                   **(extra or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _path_ok(self) -> bool:
        if urlsplit(self.path).path.rstrip("/") == ENDPOINT_PATH:
            return True
        self._error(HTTPStatus.NOT_FOUND, f"not found; the SPARQL endpoint is {ENDPOINT_PATH}")
        return False

    # -- methods ---------------------------------------------------------------------------

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's naming)
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", {"Allow": "GET, POST, OPTIONS"})

    def do_GET(self) -> None:  # noqa: N802
        if not self._path_ok():
            return
        self._answer_form(urlsplit(self.path).query)

    def _answer_form(self, encoded: str) -> None:
        """Answer the one ``query`` of URL-encoded parameters (GET or a form POST)."""
        params = parse_qs(encoded, keep_blank_values=True)
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "read-only endpoint: SPARQL Update is refused")
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter")
            return
        self._answer(queries[0])

    def do_POST(self) -> None:  # noqa: N802
        if not self._path_ok():
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0:
            self._error(HTTPStatus.LENGTH_REQUIRED, "a Content-Length header is required")
            return
        if length > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"query larger than {MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "read-only endpoint: SPARQL Update is refused")
            return
        if content_type == "application/sparql-query":
            self._answer(body)
            return
        if content_type == "application/x-www-form-urlencoded":
            self._answer_form(body)
            return
        self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST application/sparql-query or application/x-www-form-urlencoded")

    def _answer(self, text: str) -> None:
        engine: Engine = self.server.engine  # type: ignore[attr-defined]
        try:
            result = engine.query(text)
            fmt = negotiate(self.headers.get("Accept"), result.is_graph)
        except ReadOnlyError as exc:
            self._error(HTTPStatus.FORBIDDEN, str(exc))
            return
        except NotAcceptable as exc:
            self._error(HTTPStatus.NOT_ACCEPTABLE, str(exc))
            return
        except SparqlSyntaxError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        except GraphError as exc:  # refused keywords, evaluation errors
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        except Exception as exc:
            logger.exception("query failed")
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}")
            return
        self._send(HTTPStatus.OK, _render(result, fmt), _media_type(result, fmt),
                   {"Vary": "Accept"})


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server holding the engine its handlers query."""

    daemon_threads = True

    def __init__(self, engine: Engine, host: str = "127.0.0.1", port: int = 0):
        self.engine = engine
        super().__init__((host, port), SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{ENDPOINT_PATH}"


def make_server(engine: Engine, host: str = "127.0.0.1", port: int = 0) -> SparqlServer:
    """A bound (not yet serving) endpoint; port 0 picks a free port (see ``server.url``).

    Raises:
        GraphError: the address cannot be bound (in use, not permitted).
    """
    try:
        return SparqlServer(engine, host, port)
    except OSError as exc:
        raise GraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc

