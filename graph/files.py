"""Read and write graph files: format registry by suffix, atomic writes."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.term import Node

from ontology import bind
from ontology.namespace import PREFIXES

from .errors import GraphError, did_you_mean
from .terms import from_oxigraph

#: file suffix -> rdflib format name (our own table: rdflib's guess_format maps .html to RDFa).
RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}

#: --format name -> file suffix.
FORMAT_SUFFIXES: dict[str, str] = {
    "ttl": ".ttl",
    "trig": ".trig",
    "nq": ".nq",
    "nt": ".nt",
    "jsonld": ".jsonld",
}


def rdf_format(path: Path) -> str:
    """The rdflib parser/serializer name for a path, by suffix.

    Raises:
        GraphError: the suffix is not an RDF format we read.
    """
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise GraphError(f"{path}: not an RDF file (known suffixes: {known})") from None


def check_format_names(names: tuple[str, ...]) -> None:
    """Raise a GraphError naming the first unknown --format value, with a suggestion."""
    for name in names:
        if name not in FORMAT_SUFFIXES:
            raise GraphError(f"unknown graph format {name!r}.{did_you_mean(name, FORMAT_SUFFIXES)} "
                             f"Available: {', '.join(FORMAT_SUFFIXES)}")


def read_graph(path: Path) -> Dataset:
    """Parse a graph file (Turtle, TriG, N-Quads, N-Triples, JSON-LD) into a Dataset.

    The Dataset's default graph is the union of its named graphs, so queries and
    validation see every triple.

    Raises:
        GraphError: the file is missing, of an unknown type, or not valid RDF.
    """
    fmt = rdf_format(path)
    dataset = Dataset(default_union=True)
    bind(dataset)
    try:
        if fmt in _OXIGRAPH_READERS and path.stat().st_size > BIG_FILE_BYTES:
            _read_big_graph(path, fmt, dataset)
        else:
            dataset.parse(str(path), format=fmt)
    except FileNotFoundError:
        raise GraphError(f"{path}: no such file") from None
    except Exception as exc:  # rdflib raises many types for bad syntax
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphError(f"{path}: not valid {fmt}: {first_line}") from exc
    return dataset


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file through a temporary sibling and rename it into place.

    A crash or kill at any point leaves either the old file or the new one, never a
    half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see write_atomically)."""
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_graph(graph: Graph | Dataset, path: Path, fmt: str | None = None) -> None:
    """Serialize ``graph`` to ``path`` atomically, in the format its suffix names.

    Graphs over ``BIG_GRAPH_TRIPLES`` triples are written as Turtle, N-Triples or
    N-Quads through pyoxigraph (see ``write_big_graph``); smaller ones, and the other
    formats, through rdflib.
    """
    fmt = fmt or rdf_format(path)
    if fmt in _OXIGRAPH_WRITERS and len(graph) > BIG_GRAPH_TRIPLES:
        write_atomically(path, lambda tmp: write_big_graph(graph, tmp, fmt))
        return
    if fmt in ("turtle", "nt", "xml", "json-ld") and isinstance(graph, Dataset):
        union = bind(Graph())
        for triple in graph.triples((None, None, None)):
            union.add(triple)
        graph = union
    write_atomically(path, lambda tmp: graph.serialize(destination=str(tmp), format=fmt,
                                                        encoding="utf-8"))


def remove_stale_temporaries(folder: Path, names: Iterable[str]) -> list[Path]:
    """Delete the hidden temporary files a killed writer of ``names`` left in ``folder``.

    Returns the files removed. Call it only when no other build writes to ``folder``.
    """
    removed = []
    for name in names:
        for stale in folder.glob(f".{glob.escape(name)}.*.tmp"):
            stale.unlink(missing_ok=True)
            removed.append(stale)
    return removed


# -- big graphs through pyoxigraph -----------------------------------------------------

#: Above this many triples, Turtle/N-Triples/N-Quads are written with pyoxigraph
#: (rdflib needs about a minute per million triples; pyoxigraph a few seconds).
BIG_GRAPH_TRIPLES = 200_000

#: Files above this size are parsed by pyoxigraph in ``read_graph``.
BIG_FILE_BYTES = 20 * 1024 * 1024

_OXIGRAPH_WRITERS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS"}
_OXIGRAPH_READERS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS",
                     "trig": "TRIG", "xml": "RDF_XML"}
_STANDARD_PREFIXES = {
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _ntriples_lines(graph: Graph | Dataset, quads: bool) -> list[bytes]:
    """The graph as sorted, distinct N-Triples (or N-Quads) lines.

    Each named graph is walked on its own (the union view resolves every triple's
    contexts, which cost more than the writing), and lines are made by rdflib's
    N-Triples row writer; pyoxigraph re-reads them, so any escaping differences vanish.
    """
    from rdflib.plugins.serializers.nt import _nt_row

    graphs = list(graph.graphs()) if isinstance(graph, Dataset) else [graph]
    default = graph.default_graph.identifier if isinstance(graph, Dataset) else None
    lines: set[bytes] = set()
    for context in graphs:
        suffix = ""
        if quads and context.identifier != default:
            suffix = f" {context.identifier.n3()}"
        for triple in context.triples((None, None, None)):
            row = _nt_row(triple)  # "<s> <p> <o> .\n"
            if suffix:
                row = row[:-3] + suffix + " ."
            lines.add(row.rstrip("\n").encode("utf-8", "surrogatepass"))
    return sorted(lines)


def write_big_graph(graph: Graph | Dataset, path: Path, fmt: str) -> None:
    """Write ``graph`` through pyoxigraph, deterministically: statements in sorted order.

    pyoxigraph writes statements in the order given; sorting the N-Triples lines makes
    the same graph give the same bytes. Turtle keeps the graph's prefixes and groups
    each subject's statements. Literals keep their lexical forms (``6433.10`` stays).
    """
    import pyoxigraph as ox

    lines = _ntriples_lines(graph, quads=fmt == "nquads")
    data = b"\n".join(lines) + b"\n" if lines else b""
    if fmt != "turtle":
        path.write_bytes(data)
        return
    prefixes = dict(sorted({**_STANDARD_PREFIXES, **PREFIXES}.items()))
    body = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    # pyoxigraph's own prefix lines come in its map's order: write them sorted instead
    while body.startswith(b"@prefix "):
        body = body[body.index(b"\n") + 1:]
    header = "".join(f"@prefix {prefix}: <{namespace}> .\n"
                     for prefix, namespace in prefixes.items())
    path.write_bytes(header.encode("utf-8") + b"\n" + body)


def _read_big_graph(path: Path, fmt: str, dataset: Dataset) -> None:
    """Parse a big file with pyoxigraph and add its statements to ``dataset`` in bulk."""
    import pyoxigraph as ox

    cache: dict[Any, Node] = {}

    def term(node: Any) -> Node:
        converted = cache.get(node)
        if converted is None:
            converted = cache[node] = from_oxigraph(node)
        return converted

    default = dataset.default_graph
    graphs: dict[Any, Graph] = {}

    def context(name: Any) -> Graph:
        if isinstance(name, ox.DefaultGraph):
            return default
        found = graphs.get(name)
        if found is None:
            found = graphs[name] = dataset.graph(term(name))
        return found

    quads = ox.parse(path=str(path), format=getattr(ox.RdfFormat, _OXIGRAPH_READERS[fmt]))
    dataset.addN((term(q.subject), term(q.predicate), term(q.object), context(q.graph_name))
                 for q in quads)
