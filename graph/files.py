"""Read and write graph files: format registry by suffix, atomic writes."""

from __future__ import annotations

import glob
import os
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.term import Node

from ontology import bind
from ontology.namespace import PREFIXES

from .errors import GraphError, did_you_mean
from .statements import Statements
from .terms import add_oxigraph_quads, once_each, to_oxigraph

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


_O_BINARY = getattr(os, "O_BINARY", 0)  # no newline translation on Windows


def _temporary_sibling(path: Path) -> tuple[int, Path]:
    """Create a new hidden file beside ``path`` (``.<name>.<random>.tmp``), open for writing.

    Created with mode 0666 less the umask, as an ordinary file would be; the folder is
    made only when it is missing (a cache writes thousands of entries into few folders).
    """
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666), tmp
        except (FileNotFoundError, NotADirectoryError):
            path.parent.mkdir(parents=True, exist_ok=True)  # or the error naming the folder
        except FileExistsError:
            continue


def _replace_atomically(path: Path, fill: Callable[[int, Path], None]) -> None:
    """Let ``fill`` write a temporary sibling (given open, and by name), then rename it
    to ``path``; on any error the sibling is removed and ``path`` left as it was."""
    fd, tmp = _temporary_sibling(path)
    try:
        try:
            fill(fd, tmp)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, write: Callable[[Path], None], *, durable: bool = True) -> None:
    """Write a file through a temporary sibling and rename it into place.

    A crash or kill at any point leaves either the old file or the new one, never a
    half-written file. ``durable`` also flushes it to disk before the rename, so that
    not even a power cut can leave an empty file in its place.
    """
    def fill(_: int, tmp: Path) -> None:
        write(tmp)
        if durable:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())

    _replace_atomically(path, fill)


def write_text_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """Write UTF-8 text atomically (see write_atomically), through the one open file."""
    def fill(fd: int, _: Path) -> None:
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data):]
        if durable:
            os.fsync(fd)

    _replace_atomically(path, fill)


def write_graph(graph: Graph | Dataset | Statements, path: Path, fmt: str | None = None) -> None:
    """Serialize ``graph`` to ``path`` atomically, in the format its suffix names.

    The same graph gives the same bytes, whatever the process's hash seed. N-Triples,
    N-Quads and TriG, and Turtle of built ``Statements`` or of graphs over
    ``BIG_GRAPH_TRIPLES`` triples, are written through pyoxigraph in sorted order (see
    ``write_big_graph``); smaller Turtle and the other formats through rdflib, from a
    graph filled in sorted order.
    """
    fmt = fmt or rdf_format(path)
    if fmt in _OXIGRAPH_WRITERS and (fmt != "turtle" or isinstance(graph, Statements)
                                     or len(graph) > BIG_GRAPH_TRIPLES):
        write_atomically(path, lambda tmp: write_big_graph(graph, tmp, fmt))
        return
    if isinstance(graph, Statements):
        graph = graph.to_dataset()
    union = bind(Graph())
    # rdflib writes in its store's order, which follows insertion: insert sorted
    union.addN((s, p, o, union) for s, p, o in
               sorted(graph.triples((None, None, None)), key=_sort_key))
    if fmt == "json-ld":
        write_text_atomically(path, _sorted_json_ld(union.serialize(format=fmt)))
        return
    write_atomically(path, lambda tmp: union.serialize(destination=str(tmp), format=fmt,
                                                        encoding="utf-8"))


def _sorted_json_ld(text: str) -> str:
    """rdflib's JSON-LD with its node objects sorted by ``@id`` (rdflib walks a set)."""
    import json

    nodes = json.loads(text)
    if isinstance(nodes, list):
        nodes.sort(key=lambda node: json.dumps(node, sort_keys=True, ensure_ascii=False))
    return json.dumps(nodes, indent=2, ensure_ascii=False) + "\n"


def _sort_key(triple: tuple[Node, Node, Node]) -> tuple[str, ...]:
    return tuple(f"{type(term).__name__} {term}" for term in triple) + tuple(
        str(getattr(term, "datatype", "") or getattr(term, "language", "") or "")
        for term in triple)


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

#: Above this many triples an rdflib graph's Turtle is written with pyoxigraph (rdflib
#: needs about a minute per million triples; pyoxigraph a few seconds). A build's
#: Statements always are; above it, a build also draws its page in a second process.
BIG_GRAPH_TRIPLES = 200_000

#: Files above this size are parsed by pyoxigraph in ``read_graph``.
BIG_FILE_BYTES = 20 * 1024 * 1024

_OXIGRAPH_WRITERS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS",
                     "trig": "TRIG"}
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


def turtle_prefixes() -> dict[str, str]:
    """The prefixes ckg's Turtle and TriG declare (the project's and the standard ones),
    sorted by prefix."""
    return dict(sorted({**_STANDARD_PREFIXES,
                        **{p: str(ns) for p, ns in PREFIXES.items()}}.items()))


def turtle_prefix_lines() -> str:
    """``@prefix`` lines declaring ``turtle_prefixes()``."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in turtle_prefixes().items())


def _oxigraph_quads(graph: Graph | Dataset | Statements) -> Iterable[Any]:
    """The graph's statements as pyoxigraph quads (rdflib terms converted once each)."""
    import pyoxigraph as ox

    if isinstance(graph, Statements):
        return graph.quads
    term = once_each(to_oxigraph)
    default = graph.default_graph.identifier if isinstance(graph, Dataset) else None
    quads = []
    # each named graph on its own: the union view resolves every triple's contexts
    for context in graph.graphs() if isinstance(graph, Dataset) else [graph]:
        name = (ox.DefaultGraph() if context.identifier == default or default is None
                else term(context.identifier))
        quads += [ox.Quad(term(s), term(p), term(o), name)
                  for s, p, o in context.triples((None, None, None))]
    return quads


def _in_order(quads: Iterable[Any], fmt: str) -> list[Any]:
    """Distinct statements in a canonical order: triples (union) sorted by their
    N-Triples form; quads, for N-Quads and TriG, by graph name, then triple."""
    if fmt in ("nquads", "trig"):
        keyed = {f"{q.graph_name}\n{q.triple}": q for q in quads}
    else:
        keyed = {str(q.triple): q.triple for q in quads}
    return [keyed[key] for key in sorted(keyed)]


# pyoxigraph escapes line breaks inside literals, so " .\n" then a line that does not
# start with a tab can only end a subject's block
_BLOCK_END = re.compile(rb" \.\n(?=[^\t\n])")


def write_big_graph(graph: Graph | Dataset | Statements, path: Path, fmt: str) -> None:
    """Write ``graph`` through pyoxigraph, deterministically.

    pyoxigraph writes statements in the order given: built ``Statements``' Turtle in their
    own order, everything else sorted, so the same graph gives the same bytes. Turtle and
    TriG keep the project's prefixes (sorted) and group each subject's statements.
    Literals keep their lexical forms (``6433.10`` stays).
    """
    import pyoxigraph as ox

    # Turtle of built Statements: their own order (each subject's statements together);
    # the line formats and TriG sorted, so they match what a Dataset of them writes
    statements: Iterable[Any] = graph.triples() \
        if isinstance(graph, Statements) and fmt == "turtle" \
        else _in_order(_oxigraph_quads(graph), fmt)
    out_format = getattr(ox.RdfFormat, _OXIGRAPH_WRITERS[fmt])
    if fmt not in ("turtle", "trig"):
        with open(path, "wb") as handle:
            ox.serialize(statements, handle, format=out_format)
        return
    prefixes = turtle_prefixes()
    body = ox.serialize(statements, format=out_format, prefixes=prefixes)
    # pyoxigraph's own prefix lines come in its map's order: write them sorted instead
    while body.startswith(b"@prefix "):
        body = body[body.index(b"\n") + 1:]
    header = turtle_prefix_lines()
    if fmt == "turtle":  # a blank line after each subject's block, as people write it
        body = _BLOCK_END.sub(b" .\n\n", body)
    with open(path, "wb") as handle:
        handle.write(header.encode("utf-8") + b"\n")
        handle.write(body)


def _read_big_graph(path: Path, fmt: str, dataset: Dataset) -> None:
    """Parse a big file with pyoxigraph and add its statements to ``dataset`` in bulk."""
    import pyoxigraph as ox

    quads = ox.parse(path=str(path), format=getattr(ox.RdfFormat, _OXIGRAPH_READERS[fmt]))
    add_oxigraph_quads(dataset, quads)
