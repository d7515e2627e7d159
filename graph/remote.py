"""Requests to a remote triple store: Graph Store Protocol, SPARQL Update and query, auth."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .errors import GraphError

if TYPE_CHECKING:
    import pyoxigraph as ox

#: Statuses meaning "this URL does not speak the Graph Store Protocol".
NO_GRAPH_STORE = (404, 405, 415, 501)


class NoGraphStore(Exception):
    """The Graph Store URL answered as if it were not one (404, 405, …)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class StoreClient:
    """HTTP requests to one store, with its credentials, counting what it sends."""

    def __init__(self, endpoint: str, update_url: str | None, query_url: str | None, *,
                 user: str | None = None, password: str | None = None, auth: str = "digest",
                 timeout: float = 600.0, chunk_triples: int = 50_000) -> None:
        self.endpoint = endpoint
        self.update_url = update_url
        self.query_url = query_url
        self.timeout = timeout
        self.chunk_triples = chunk_triples
        self.requests = 0
        self.digest: UpfrontDigestAuthHandler | None = None
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None and password is not None:
            urls = [u for u in (endpoint, update_url, query_url) if u]
            if auth == "basic":  # sent with the first request, not after a 401
                manager = urllib.request.HTTPPasswordMgrWithPriorAuth()
                for url in urls:
                    manager.add_password(None, url, user, password,
                                         is_authenticated=True)
                handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
            else:
                digest = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                for url in urls:
                    digest.add_password(None, url, user, password)
                self.digest = UpfrontDigestAuthHandler(digest)
                handlers.append(self.digest)
        self.opener = urllib.request.build_opener(*handlers)

    # Graph Store Protocol
    def put_graph(self, graph: str | None, triples: Iterator[ox.Triple]) -> int:
        url = graph_url(self.endpoint, graph)
        sent = 0
        for body, size in chunks(triples, self.chunk_triples):
            method = "PUT" if sent == 0 else "POST"
            try:
                self._request(url, body, method, {"Content-Type": "application/n-triples"})
            except HttpError as exc:
                if sent == 0 and exc.status in NO_GRAPH_STORE:
                    raise NoGraphStore(exc.status) from None
                raise GraphError(self._refusal(exc, graph)) from None
            sent += size
        return sent

    # SPARQL Update
    def insert(self, blocks: list[tuple[str | None, list[ox.Triple]]]) -> None:
        """One ``INSERT DATA`` request holding these triples, grouped by graph."""
        parts = []
        for graph, triples in blocks:
            data = ntriples(triples).decode("utf-8")
            parts.append(f"GRAPH <{graph}> {{\n{data}}}" if graph else data)
        self.update("INSERT DATA {\n" + "\n".join(parts) + "\n}", blocks[0][0])

    def update(self, update: str, graph: str | None) -> None:
        """Send one SPARQL Update request; ``graph`` names the data in error messages."""
        if self.update_url is None:
            raise GraphError(f"cannot tell the SPARQL Update endpoint of "
                             f"{self.endpoint}; pass --update-endpoint")
        body = urllib.parse.urlencode({"update": update}).encode("ascii")
        try:
            self._request(self.update_url, body, "POST",
                          {"Content-Type": "application/x-www-form-urlencoded"})
        except HttpError as exc:
            raise GraphError(self._refusal(exc, graph, self.update_url)) from None

    # SPARQL query
    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        assert self.query_url is not None
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        try:
            answer = self._request(self.query_url, body, "POST", {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json"})
        except HttpError as exc:
            raise GraphError(f"{self.query_url} refused the count query: HTTP {exc.status}: "
                             f"{exc.detail}") from None
        try:
            bindings: list[dict[str, dict[str, str]]] = json.loads(answer)["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise GraphError(f"{self.query_url} did not answer with SPARQL JSON results") from exc
        return bindings

    def _request(self, url: str, body: bytes, method: str, headers: dict[str, str]) -> bytes:
        if self.digest is not None and not self.digest.knows(url):
            self._challenge(url)
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        self.requests += 1
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            raise HttpError(exc.code, error_detail(exc.read())) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GraphError(f"cannot reach {url}: {reason}") from exc

    def _challenge(self, url: str) -> None:
        """Fetch the Digest challenge of ``url`` with a small GET before sending a body.

        The answer (a SPARQL ASK, or an error page) does not matter, only the challenge;
        wrong credentials show here as HTTP 401.
        """
        parts = urllib.parse.urlsplit(url)
        probe = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path,
                                         "query=ASK%7B%7D", ""))
        self.requests += 1
        try:
            with self.opener.open(probe, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise HttpError(401, error_detail(exc.read())) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GraphError(f"cannot reach {url}: {reason}") from exc

    def _refusal(self, exc: HttpError, graph: str | None, url: str | None = None) -> str:
        name = f"<{graph}>" if graph else "the default graph"
        message = f"{url or self.endpoint} refused {name}: HTTP {exc.status}: {exc.detail}"
        if exc.status == 401:
            message += " (check --user, --password and --auth)"
        elif graph is None and "default" in exc.detail.lower():
            message += (". The store has no default graph (Virtuoso keeps every triple in a "
                        "named graph): pass --default-graph IRI for the shared entities, or "
                        "--graph IRI for everything")
        return message


class UpfrontDigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, once challenged at a URL path, authorizes later requests up front.

    urllib answers a challenge only after a 401, that is after sending the body once.
    Virtuoso answers 401 before reading a large body and closes the connection, so a
    50,000-triple PUT failed with a broken pipe; sent with the header, it goes through.
    """

    def __init__(self, manager: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(manager)
        self.challenges: dict[str, dict[str, str]] = {}

    def knows(self, url: str) -> bool:
        """Whether a challenge from ``url``'s path is at hand."""
        return urllib.parse.urlsplit(url).path in self.challenges

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _, challenge = auth.split(" ", 1)
        items = urllib.request.parse_http_list(challenge)
        path = urllib.parse.urlsplit(req.full_url).path
        self.challenges[path] = urllib.request.parse_keqv_list([item for item in items if item])
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        challenge = self.challenges.get(urllib.parse.urlsplit(req.full_url).path)
        if challenge is not None and not req.has_header("Authorization"):
            authorization = self.get_authorization(req, challenge)
            if authorization:
                req.add_unredirected_header("Authorization", f"Digest {authorization}")
        return req

    https_request = http_request


class HttpError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(status, detail)
        self.status = status
        self.detail = detail


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store URL of one graph (``?graph=IRI`` or ``?default``).

    Example:
        >>> graph_url("http://h/store", "https://w3id.org/ckg/id/article/ab")
        'http://h/store?graph=https%3A%2F%2Fw3id.org%2Fckg%2Fid%2Farticle%2Fab'
        >>> graph_url("http://h/store?x=1", None)
        'http://h/store?x=1&default'
    """
    query = f"graph={urllib.parse.quote(graph, safe='')}" if graph else "default"
    return endpoint + ("&" if "?" in endpoint else "?") + query


def error_detail(body: bytes) -> str:
    """The telling line of an error response: the first that is not markup or a heading.

    Example:
        >>> error_detail(b"<html><title>SPARQL request failed</title>\\n<h3>Error 22023</h3>"
        ...               b"\\n<xmp>no default graph</xmp>")
        'no default graph'
        >>> error_detail(b"")
        '(empty response)'
    """
    text = body.decode("utf-8", "replace")
    lines = [re.sub(r"<[^>]+>", "", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    telling = [line for line in lines
               if not re.match(r"(error \d+|http/\d)", line, re.IGNORECASE)
               and "request failed" not in line.lower()]
    return (telling or lines or ["(empty response)"])[0][:300]


def chunks(triples: Iterator[ox.Triple], size: int) -> Iterator[tuple[bytes, int]]:
    """N-Triples documents of at most ``size`` triples each, with their triple counts."""
    batch: list[ox.Triple] = []
    for triple in triples:
        batch.append(triple)
        if len(batch) == size:
            yield ntriples(batch), len(batch)
            batch = []
    if batch:
        yield ntriples(batch), len(batch)


def ntriples(triples: list[ox.Triple]) -> bytes:
    import pyoxigraph as ox

    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert body is not None  # None only when writing to a file
    return body
