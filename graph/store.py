"""Query engines behind ``ckg query`` and ``ckg serve``: rdflib, or the embedded pyoxigraph store.

rdflib answers small graphs in process; pyoxigraph takes over for large files (above
``STORE_THRESHOLD``), store directories, or ``--store DIR``, which loads a file once into
a persistent store and reuses it while the file is unchanged (``ckg-store.json`` records
the source's path, size, mtime and sha256). Both engines return the same ``QueryResult``
of rdflib terms; pyoxigraph's explicit ``xsd:string`` literals come back as plain
literals, as rdflib has them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rdflib import Graph

from .errors import GraphError
from .terms import from_oxigraph, once_each
from .files import rdf_format, read_graph
from .query import (
    PREFIXES,
    QueryResult,
    SparqlSyntaxError,
    query_form,
    undeclared_prefix_error,
)

logger = logging.getLogger(__name__)

#: Graph files larger than this (bytes) are queried through pyoxigraph, not rdflib.
STORE_THRESHOLD = 2 * 1024 * 1024  # bytes: above this, rdflib loads 10x slower than pyoxigraph
MANIFEST = "ckg-store.json"
ENGINES = ("auto", "rdflib", "oxigraph")

#: rdflib format name -> pyoxigraph RdfFormat attribute.
_OXIGRAPH_FORMATS = {
    "turtle": "TURTLE",
    "trig": "TRIG",
    "nquads": "N_QUADS",
    "nt": "N_TRIPLES",
    "xml": "RDF_XML",
    "json-ld": "JSON_LD",
}


class Engine(Protocol):
    """Something that answers SPARQL queries over one loaded graph."""

    name: str

    def query(self, text: str) -> QueryResult: ...


# -- rdflib --------------------------------------------------------------------------------

class RdflibEngine:
    """Queries an rdflib Dataset (its default graph is the union of the named graphs)."""

    name = "rdflib"

    def __init__(self, dataset: Graph):
        self.dataset = dataset
        self._lock = threading.Lock()  # rdflib's evaluator is not documented as thread-safe

    def query(self, text: str) -> QueryResult:
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql import prepareQuery

        form = query_form(text)
        try:
            prepared = prepareQuery(text, initNs=PREFIXES)
        except ParseBaseException as exc:
            raise SparqlSyntaxError(_first_line(exc.msg), exc.lineno, exc.col) from exc
        except Exception as exc:  # rdflib reports unknown prefixes etc. as bare Exceptions
            raise _rdflib_syntax_error(text, str(exc)) from exc
        try:
            with self._lock:
                result = self.dataset.query(prepared)
                if form == "SELECT":
                    variables = tuple(str(v) for v in result.vars or ())
                    rows = [tuple(row) for row in result]
                    return QueryResult(form, variables, rows)
                if form == "ASK":
                    return QueryResult(form, boolean=bool(result.askAnswer))
                graph = Graph()
                for triple in result.graph or ():
                    graph.add(triple)
                return QueryResult(form, graph=graph)
        except GraphError:
            raise
        except Exception as exc:
            reason = _first_line(str(exc)) or type(exc).__name__
            raise GraphError(f"query failed: {reason}") from exc


# -- pyoxigraph ----------------------------------------------------------------------------

class OxigraphEngine:
    """Queries a pyoxigraph Store; the default graph is the union of all graphs."""

    name = "oxigraph"

    def __init__(self, store: Any):
        self.store = store

    def query(self, text: str) -> QueryResult:
        import pyoxigraph as ox

        form = query_form(text)
        try:
            result = self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise _oxigraph_syntax_error(text, str(exc)) from exc
        except OSError as exc:
            raise GraphError(f"query failed: {_first_line(str(exc))}") from exc
        convert = once_each(from_oxigraph)

        try:
            if isinstance(result, ox.QuerySolutions):
                variables = tuple(v.value for v in result.variables)
                rows = [tuple(convert(solution[i]) for i in range(len(variables)))
                        for solution in result]
                return QueryResult("SELECT", variables, rows)
            if isinstance(result, ox.QueryBoolean):
                return QueryResult("ASK", boolean=bool(result))
            graph = Graph()
            for triple in result:
                graph.add((convert(triple.subject), convert(triple.predicate),
                           convert(triple.object)))
            return QueryResult(form, graph=graph)
        except (SyntaxError, OSError, ValueError) as exc:  # evaluation errors surface late
            raise GraphError(f"query failed: {_first_line(str(exc))}") from exc


def _rdflib_syntax_error(text: str, message: str) -> SparqlSyntaxError:
    """rdflib's bare 'Unknown namespace prefix : foo', located in the query text."""
    if message.startswith("Unknown namespace prefix"):
        located = undeclared_prefix_error(text)
        if located is not None:
            return located
    return SparqlSyntaxError(_first_line(message))


def _oxigraph_syntax_error(text: str, message: str) -> SparqlSyntaxError:
    """Parse pyoxigraph's ``error at LINE:COL: message``."""
    import re

    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not match:
        return SparqlSyntaxError(_first_line(message))
    located = undeclared_prefix_error(text)  # pyoxigraph's own report may point elsewhere
    if located is not None:
        return located
    return SparqlSyntaxError(_first_line(match.group(3)), int(match.group(1)),
                             int(match.group(2)))


def _first_line(message: str, limit: int = 200) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _oxigraph_format(path: Path) -> Any:
    import pyoxigraph as ox

    fmt = rdf_format(path)
    try:
        return getattr(ox.RdfFormat, _OXIGRAPH_FORMATS[fmt])
    except KeyError:
        raise GraphError(f"{path}: pyoxigraph cannot read {fmt}") from None


def load_in_memory(graph_file: Path) -> Any:
    """A fresh in-memory pyoxigraph Store holding ``graph_file``.

    Raises:
        GraphError: the file is missing or not valid RDF.
    """
    import pyoxigraph as ox

    store = ox.Store()
    _bulk_load(store, graph_file)
    return store


def _bulk_load(store: Any, graph_file: Path) -> None:
    fmt = _oxigraph_format(graph_file)
    try:
        store.bulk_load(path=str(graph_file), format=fmt)
    except FileNotFoundError:
        raise GraphError(f"{graph_file}: no such file") from None
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{graph_file}: not valid {rdf_format(graph_file)}: "
                         f"{_first_line(str(exc))}") from exc


def open_store(path: Path) -> Any:
    """Open a pyoxigraph store directory read-only.

    Raises:
        GraphError: ``path`` is not a pyoxigraph (RocksDB) store directory.
    """
    import pyoxigraph as ox

    if not (path / "CURRENT").is_file():
        raise GraphError(f"{path}: not a pyoxigraph store directory (no CURRENT file)")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise GraphError(f"{path}: cannot open the store: {_first_line(str(exc))}") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_manifest(store_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((store_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store_is_current(graph_file: Path, store_dir: Path) -> bool:
    """Whether ``store_dir`` already holds ``graph_file`` as it is now.

    Same path, size and mtime is enough; a changed mtime with the same sha256 also counts
    (the manifest is then refreshed), so touching a file does not force a reload.
    """
    manifest = _read_manifest(store_dir)
    if manifest is None or not (store_dir / "CURRENT").is_file():
        return False
    stat = graph_file.stat()
    if manifest.get("source") != str(graph_file.resolve()) or manifest.get("size") != stat.st_size:
        return False
    if manifest.get("mtime_ns") == stat.st_mtime_ns:
        return True
    if manifest.get("sha256") != _sha256(graph_file):
        return False
    manifest["mtime_ns"] = stat.st_mtime_ns
    try:
        _write_manifest(store_dir, manifest)
    except OSError as exc:  # a read-only store directory is still usable
        logger.warning("cannot refresh %s: %s", store_dir / MANIFEST, exc)
    return True


def _write_manifest(store_dir: Path, manifest: dict[str, Any]) -> None:
    from .files import write_text_atomically

    write_text_atomically(store_dir / MANIFEST, json.dumps(manifest, indent=2) + "\n")


def load_into_store(graph_file: Path, store_dir: Path) -> Any:
    """Load ``graph_file`` into a persistent pyoxigraph store in ``store_dir`` and open it.

    Reuses the store when it already holds the file unchanged (see ``store_is_current``).
    Otherwise loads into a sibling temporary directory and swaps it into place, so a
    failed load never leaves a half-filled store. Returns the store, opened read-only.

    Raises:
        GraphError: the file is not valid RDF, or ``store_dir`` holds something that is
            not a ckg store (it is never overwritten).
    """
    import pyoxigraph as ox

    if not graph_file.is_file():
        raise GraphError(f"{graph_file}: no such file")
    if store_dir.exists():
        if not store_dir.is_dir():
            raise GraphError(f"{store_dir}: not a directory")
        if any(store_dir.iterdir()) and _read_manifest(store_dir) is None:
            raise GraphError(f"{store_dir}: not a ckg store (no {MANIFEST}); "
                             f"give an empty or new directory")
        if store_is_current(graph_file, store_dir):
            logger.info("reusing store %s for %s", store_dir, graph_file)
            return open_store(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    stat = graph_file.stat()
    tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".loading",
                                dir=store_dir.parent))
    try:
        store = ox.Store(str(tmp))
        _bulk_load(store, graph_file)
        store.flush()
        triples = len(store)
        del store  # releases RocksDB's lock before the directory moves
        _write_manifest(tmp, {
            "source": str(graph_file.resolve()),
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "sha256": _sha256(graph_file),
            "format": rdf_format(graph_file),
            "quads": triples,
            "pyoxigraph": ox.__version__,
        })
        old = None
        if store_dir.exists():
            old = store_dir.with_name(f".{store_dir.name}.{os.getpid()}.old")
            os.replace(store_dir, old)
        os.replace(tmp, store_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("loaded %s into store %s", graph_file, store_dir)
    return open_store(store_dir)


# -- choosing an engine --------------------------------------------------------------------

def open_engine(graph: Path, *, store_dir: Path | None = None, engine: str = "auto",
                threshold: int = STORE_THRESHOLD) -> RdflibEngine | OxigraphEngine:
    """The engine for ``graph`` (a graph file or a pyoxigraph store directory).

    ``engine="auto"`` picks pyoxigraph for store directories, ``store_dir`` and files
    larger than ``threshold`` bytes (loaded in memory), and rdflib otherwise.

    Raises:
        GraphError: unknown engine, a combination that cannot work, or unreadable input.
    """
    if engine not in ENGINES:
        raise GraphError(f"unknown engine {engine!r}. Available: {', '.join(ENGINES)}")
    if graph.is_dir():
        if engine == "rdflib" or store_dir is not None:
            raise GraphError(f"{graph} is a store directory: it is queried with pyoxigraph "
                             f"(drop --engine rdflib and --store)")
        return OxigraphEngine(open_store(graph))
    if store_dir is not None:
        if engine == "rdflib":
            raise GraphError("--store needs the oxigraph engine, not rdflib")
        return OxigraphEngine(load_into_store(graph, store_dir))
    size = graph.stat().st_size if graph.exists() else 0
    if engine == "oxigraph" or (engine == "auto" and size > threshold):
        return OxigraphEngine(load_in_memory(graph))
    return RdflibEngine(read_graph(graph))


def run_query(engine: Engine, text: str) -> QueryResult:
    """Run one read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE) on either engine.

    Raises:
        ReadOnlyError: an update request.
        SparqlSyntaxError: the query does not parse (with line and column when known).
        GraphError: the query failed while running.
    """
    return engine.query(text)


def run_saved_query(engine: Engine, name: str, values: dict[str, str]) -> QueryResult:
    """Run the saved query ``name`` with ``--param value`` pairs (see ``graph.query``)."""
    from .query import bind_parameters, get_saved_query

    saved = get_saved_query(name)
    bindings = bind_parameters(saved, values, engine.query)
    return engine.query(saved.render(bindings))


@dataclass(frozen=True)
class QueryRun:
    """What ``query_graph`` did: the result, the engine that answered and how long it took."""

    result: QueryResult
    engine: str
    seconds: float

    def summary(self) -> str:
        if self.result.form == "ASK":
            what = "true" if self.result.boolean else "false"
        elif self.result.is_graph:
            what = f"{len(self.result.graph or ())} triples"
        else:
            count = len(self.result.rows)
            what = f"{count} row{'s' if count != 1 else ''}"
        return f"{what} ({self.engine}, {self.seconds:.2f} s)"


def query_graph(graph: Path, query: str, values: Mapping[str, str] | None = None, *,
                store_dir: Path | None = None, engine: str = "auto") -> QueryRun:
    """Run ``query`` (SPARQL text, a query file, or a saved query's name with ``values``
    for its parameters) over ``graph`` (a file or a store directory).

    Raises:
        QueryParameterError: parameters for something that is not a saved query, or bad
            parameters for one.
        ReadOnlyError, SparqlSyntaxError, GraphError: see ``run_query``.
    """
    from .query import QueryParameterError, bind_parameters, resolve_query

    values = dict(values or {})
    text, saved = resolve_query(query)
    if values and saved is None:
        names = ", ".join(f"--{name}" for name in values)
        raise QueryParameterError(f"parameters ({names}) apply only to saved queries "
                                  f"(see ckg query --list)")
    started = time.perf_counter()
    chosen = open_engine(graph, store_dir=store_dir, engine=engine)
    if saved is not None:
        text = saved.render(bind_parameters(saved, values, chosen.query))
    result = chosen.query(text)
    return QueryRun(result, chosen.name, time.perf_counter() - started)
