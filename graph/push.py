"""Load a graph into a remote triple store over HTTP (Graph Store Protocol, SPARQL Update)."""

from __future__ import annotations

import logging
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import GraphError
from .terms import to_oxigraph
from .files import rdf_format
from .remote import NoGraphStore, StoreClient

if TYPE_CHECKING:
    import pyoxigraph as ox

logger = logging.getLogger(__name__)

PUSH_METHODS = ("auto", "gsp", "update")
AUTH_SCHEMES = ("digest", "basic")

#: Triples per Graph Store Protocol request (the first PUTs, the rest POST).
GSP_CHUNK_TRIPLES = 50_000
#: Triples per SPARQL Update request: Virtuoso rejects bigger INSERT DATA requests.
UPDATE_BATCH_TRIPLES = 1_000
#: CLEAR operations per SPARQL Update request.
_CLEAR_BATCH_GRAPHS = 100
#: Named graphs per verification query (their IRIs go into a VALUES block).
_COUNT_BATCH_GRAPHS = 200

#: Last path segment of a Graph Store URL -> (update endpoint, query endpoint) segments,
#: for the servers the project is tested against (Oxigraph, Virtuoso).
_SIBLING_ENDPOINTS: dict[str, tuple[str, str]] = {
    "store": ("update", "query"),                           # Oxigraph server
    "sparql-graph-crud-auth": ("sparql-auth", "sparql-auth"),  # Virtuoso, Digest auth
    "sparql-graph-crud": ("sparql", "sparql"),              # Virtuoso, no auth
    "update": ("update", "query"),
    "sparql-auth": ("sparql-auth", "sparql-auth"),
    "sparql": ("sparql", "sparql"),
}

#: rdflib format name (graph.files.RDF_FORMATS) -> pyoxigraph RdfFormat member.
_OXIGRAPH_FORMATS = {"turtle": "TURTLE", "trig": "TRIG", "nquads": "N_QUADS",
                     "nt": "N_TRIPLES", "json-ld": "JSON_LD", "xml": "RDF_XML"}


@dataclass(frozen=True, slots=True)
class PushOptions:
    """Where and how to push.

    Attributes:
        endpoint: The store's Graph Store Protocol URL (Oxigraph ``…/store``, Virtuoso
            ``…/sparql-graph-crud-auth``); with ``method="update"`` it may be the
            SPARQL Update URL itself.
        graph: Put every triple into this one named graph. Otherwise each named graph
            keeps its name and the default graph goes to the store's default graph.
        default_graph: Where the default graph's triples go on a store without a default
            graph of its own (Virtuoso).
        user, password, auth: HTTP credentials, ``digest`` or ``basic``.
        method: ``gsp``, ``update`` (batched ``INSERT DATA``) or ``auto`` (Graph Store
            Protocol, falling back to SPARQL Update where the URL answers 404/405).
        update_endpoint, query_endpoint: SPARQL endpoints; derived from ``endpoint``
            for Oxigraph and Virtuoso when not given.
        chunk_triples: Triples per Graph Store request.
        batch_triples: Triples per SPARQL Update request (at most 1,000 for Virtuoso).
        timeout: Seconds to wait for one HTTP response.
        verify: Count the triples of each graph in the store afterwards (the default
            graph is counted without GRAPH, so an Oxigraph server started with
            ``--union-default-graph`` reports the union and fails the check).
    """

    endpoint: str
    graph: str | None = None
    default_graph: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str = "digest"
    method: str = "auto"
    update_endpoint: str | None = None
    query_endpoint: str | None = None
    chunk_triples: int = GSP_CHUNK_TRIPLES
    batch_triples: int = UPDATE_BATCH_TRIPLES
    timeout: float = 600.0
    verify: bool = True


@dataclass(frozen=True, slots=True)
class GraphCount:
    """Triples sent to one graph of the store, and how many the store then held."""

    graph: str | None  # None: the default graph
    sent: int
    found: int | None = None

    @property
    def name(self) -> str:
        """The graph as written in messages."""
        return f"<{self.graph}>" if self.graph else "the default graph"


@dataclass(frozen=True, slots=True)
class PushResult:
    """What a push sent, how, and whether the store holds it."""

    endpoint: str
    method: str
    counts: tuple[GraphCount, ...]
    load_seconds: float
    send_seconds: float
    verify_seconds: float
    requests: int
    checked: bool = field(default=False)

    @property
    def graphs(self) -> int:
        """Graphs written."""
        return len(self.counts)

    @property
    def triples(self) -> int:
        """Triples sent, summed over graphs."""
        return sum(count.sent for count in self.counts)

    @property
    def seconds(self) -> float:
        """Wall time of the push: reading, sending and verifying."""
        return self.load_seconds + self.send_seconds + self.verify_seconds

    @property
    def verified(self) -> bool:
        """Whether every graph was counted and holds exactly what was sent."""
        return self.checked and all(count.found == count.sent for count in self.counts)

    def mismatches(self) -> list[GraphCount]:
        """The graphs whose count in the store differs from what was sent."""
        return [count for count in self.counts if count.found != count.sent]

    def summary(self) -> str:
        """One line: graphs, triples, seconds, verified yes/no."""
        method = "graph store protocol" if self.method == "gsp" else "SPARQL Update"
        if not self.checked:
            verdict = "not checked"
        elif self.verified:
            verdict = "yes"
        else:
            first = self.mismatches()[0]
            verdict = f"no ({first.name}: sent {first.sent}, store has {first.found})"
        return (f"pushed {self.graphs} graph{'s' * (self.graphs != 1)}, {self.triples} triples "
                f"to {self.endpoint} ({method}) in {self.seconds:.2f} s; verified: {verdict}")


def push(source: Graph | Dataset | Path, options: PushOptions) -> PushResult:
    """Load a graph into a remote store, replacing the graphs it writes, and verify it.

    Each target graph is replaced: the first Graph Store request PUTs, later chunks of
    the same graph POST (append); with SPARQL Update the graph is cleared first, then
    filled by ``INSERT DATA`` batches. The default graph is written first, so a store
    without one (Virtuoso) fails before anything changed. Blank nodes are not kept
    together across requests; the ckg model has none on referenced nodes.

    Args:
        source: A graph file (read with pyoxigraph, fast on large files) or an rdflib
            Graph or Dataset.
        options: The store and how to reach it.

    Returns:
        The counts sent and found, and the timings.

    Raises:
        GraphError: unreadable source, unreachable or refusing store, or options that
            do not name the endpoints needed.
    """
    _check_options(options)
    started = time.perf_counter()
    store = _load(source, options)
    load_seconds = time.perf_counter() - started

    client = StoreClient(options.endpoint, _update_url(options), _query_url(options),
                         user=options.user, password=options.password, auth=options.auth,
                         timeout=options.timeout, chunk_triples=options.chunk_triples)
    started = time.perf_counter()
    method = "update" if options.method == "update" else "gsp"
    try:
        counts = _send(store, client, method, options.batch_triples)
    except NoGraphStore as exc:
        if options.method != "auto":
            raise GraphError(f"{options.endpoint} does not accept Graph Store Protocol "
                             f"requests (HTTP {exc.status}); try --method update") from None
        logger.info("no graph store at %s (HTTP %s): using SPARQL Update",
                    options.endpoint, exc.status)
        method = "update"
        counts = _send(store, client, method, options.batch_triples)
    send_seconds = time.perf_counter() - started

    started = time.perf_counter()
    if options.verify:
        counts = _verify(counts, client)
    verify_seconds = time.perf_counter() - started
    return PushResult(endpoint=options.endpoint, method=method, counts=tuple(counts),
                      load_seconds=load_seconds, send_seconds=send_seconds,
                      verify_seconds=verify_seconds, requests=client.requests,
                      checked=options.verify)


def derive_endpoint(url: str, kind: str) -> str | None:
    """The ``update`` or ``query`` endpoint next to a Graph Store URL, where known.

    Example:
        >>> derive_endpoint("http://127.0.0.1:7878/store", "update")
        'http://127.0.0.1:7878/update'
        >>> derive_endpoint("http://h:8890/sparql-graph-crud-auth", "query")
        'http://h:8890/sparql-auth'
        >>> derive_endpoint("http://h/elsewhere", "query") is None
        True
    """
    parts = urllib.parse.urlsplit(url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    siblings = _SIBLING_ENDPOINTS.get(last)
    if siblings is None:
        return None
    sibling = siblings[0] if kind == "update" else siblings[1]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{head}/{sibling}", "", ""))


# -- options and input ------------------------------------------------------------------

def _check_options(options: PushOptions) -> None:
    if options.method not in PUSH_METHODS:
        raise GraphError(f"unknown push method {options.method!r}. "
                         f"Available: {', '.join(PUSH_METHODS)}")
    if options.auth not in AUTH_SCHEMES:
        raise GraphError(f"unknown HTTP auth scheme {options.auth!r}. "
                         f"Available: {', '.join(AUTH_SCHEMES)}")
    if (options.user is None) != (options.password is None):
        raise GraphError("give both a user and a password, or neither")
    if not 0 < options.batch_triples <= UPDATE_BATCH_TRIPLES * 10 or options.chunk_triples < 1:
        raise GraphError("chunk and batch sizes must be positive (batches at most 10,000)")
    if urllib.parse.urlsplit(options.endpoint).scheme not in ("http", "https"):
        raise GraphError(f"endpoint {options.endpoint!r} is not an http(s) URL")
    if options.method != "gsp" and _update_url(options) is None:
        if options.method == "update":
            raise GraphError(f"cannot tell the SPARQL Update endpoint of {options.endpoint}; "
                             "pass --update-endpoint")
    if options.verify and _query_url(options) is None:
        raise GraphError(f"cannot tell the SPARQL query endpoint of {options.endpoint}; "
                         "pass --query-endpoint (or --no-verify)")


def _update_url(options: PushOptions) -> str | None:
    if options.update_endpoint:
        return options.update_endpoint
    if options.method == "update" and derive_endpoint(options.endpoint, "update") is None:
        return options.endpoint  # the user pointed straight at the update endpoint
    return derive_endpoint(options.endpoint, "update")


def _query_url(options: PushOptions) -> str | None:
    if options.query_endpoint:
        return options.query_endpoint
    return derive_endpoint(options.endpoint, "query") or (
        derive_endpoint(options.update_endpoint, "query") if options.update_endpoint else None)


def _load(source: Graph | Dataset | Path, options: PushOptions) -> ox.Store:
    """An in-memory pyoxigraph store holding each triple in the graph it is pushed to."""
    import pyoxigraph as ox  # deferred, like every heavy import of the package

    store = ox.Store()
    target = ox.NamedNode(options.graph) if options.graph else None
    default = ox.NamedNode(options.default_graph) if options.default_graph else ox.DefaultGraph()

    def placed(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
        for quad in quads:
            if target is not None:
                yield ox.Quad(quad.subject, quad.predicate, quad.object, target)
            elif isinstance(quad.graph_name, ox.DefaultGraph):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, default)
            else:
                yield quad

    try:
        if isinstance(source, Path):
            fmt = getattr(ox.RdfFormat, _OXIGRAPH_FORMATS[rdf_format(source)])
            store.extend(placed(ox.parse(path=source, format=fmt)))
        else:
            store.extend(placed(_rdflib_quads(source)))
    except FileNotFoundError:
        raise GraphError(f"{source}: no such file") from None
    except (SyntaxError, ValueError) as exc:
        name = source if isinstance(source, Path) else "graph"
        raise GraphError(f"{name}: cannot read it for pushing: {exc}") from exc
    return store


def _rdflib_quads(graph: Graph | Dataset) -> Iterator[ox.Quad]:
    import pyoxigraph as ox

    if isinstance(graph, Dataset):
        quads = ((s, p, o, c.identifier if isinstance(c, Graph) else c)
                 for s, p, o, c in graph.quads((None, None, None, None)))
    else:
        quads = ((s, p, o, None) for s, p, o in graph)
    for s, p, o, context in quads:
        graph_name = (ox.DefaultGraph() if context in (None, DATASET_DEFAULT_GRAPH_ID)
                      else to_oxigraph(context))
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name)


def _graph_names(store: ox.Store) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The graphs to write: the default graph first (when it has triples), then by IRI."""
    import pyoxigraph as ox

    names: list[ox.NamedNode | ox.DefaultGraph] = []
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
        names.append(ox.DefaultGraph())
    named = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    if len(named) != sum(1 for _ in store.named_graphs()):
        raise GraphError("a named graph has a blank-node name, which no store accepts over HTTP")
    return names + sorted(named, key=lambda g: g.value)


def _send(store: ox.Store, client: StoreClient, method: str,
          batch_triples: int) -> list[GraphCount]:
    import pyoxigraph as ox

    if method == "update":
        return _send_updates(store, client, batch_triples)
    counts = []
    for name in _graph_names(store):
        graph = name.value if isinstance(name, ox.NamedNode) else None
        triples = (quad.triple for quad in store.quads_for_pattern(None, None, None, name))
        sent = client.put_graph(graph, triples)
        counts.append(GraphCount(graph=graph, sent=sent))
        logger.info("%s: %d triples", counts[-1].name, sent)
    return counts


def _send_updates(store: ox.Store, client: StoreClient,
                  batch_triples: int) -> list[GraphCount]:
    """Clear every target graph, then fill them with ``INSERT DATA`` batches.

    A batch holds at most ``batch_triples`` triples but may span graphs, so a dataset
    of many small article graphs takes about triples / batch requests, not one or
    more per graph.
    """
    import pyoxigraph as ox

    names = _graph_names(store)
    graphs = [name.value if isinstance(name, ox.NamedNode) else None for name in names]
    for start in range(0, len(graphs), _CLEAR_BATCH_GRAPHS):
        batch = graphs[start:start + _CLEAR_BATCH_GRAPHS]
        client.update(" ;\n".join(f"CLEAR SILENT {_target(graph)}" for graph in batch),
                      batch[0])
    sent = dict.fromkeys(graphs, 0)
    pending: list[tuple[str | None, list[ox.Triple]]] = []
    size = 0
    for name, graph in zip(names, graphs):
        for quad in store.quads_for_pattern(None, None, None, name):
            if not pending or pending[-1][0] != graph:
                pending.append((graph, []))
            pending[-1][1].append(quad.triple)
            sent[graph] += 1
            size += 1
            if size == batch_triples:
                client.insert(pending)
                pending, size = [], 0
    if pending:
        client.insert(pending)
    return [GraphCount(graph=graph, sent=sent[graph]) for graph in graphs]


def _target(graph: str | None) -> str:
    """A graph as SPARQL Update's CLEAR names it.

    Example:
        >>> _target("urn:g"), _target(None)
        ('GRAPH <urn:g>', 'DEFAULT')
    """
    return f"GRAPH <{graph}>" if graph else "DEFAULT"


def _verify(counts: list[GraphCount], client: StoreClient) -> list[GraphCount]:
    found: dict[str | None, int] = {}
    named = [count.graph for count in counts if count.graph is not None]
    for start in range(0, len(named), _COUNT_BATCH_GRAPHS):
        batch = named[start:start + _COUNT_BATCH_GRAPHS]
        values = " ".join(f"<{iri}>" for iri in batch)
        rows = client.select(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
                             "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        for row in rows:
            found[row["g"]["value"]] = int(row["n"]["value"])
    if any(count.graph is None for count in counts):
        rows = client.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        found[None] = int(rows[0]["n"]["value"]) if rows else 0
    return [GraphCount(c.graph, c.sent, found.get(c.graph, 0)) for c in counts]
