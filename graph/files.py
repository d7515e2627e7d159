"""Read and write graph files: format registry by suffix, atomic writes."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset, Graph

from ontology import bind

from .errors import GraphError

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
            hint = difflib.get_close_matches(name, FORMAT_SUFFIXES, n=1)
            did_you_mean = f" Did you mean {hint[0]!r}?" if hint else ""
            raise GraphError(f"unknown graph format {name!r}.{did_you_mean} "
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
    """Serialize ``graph`` to ``path`` atomically, in the format its suffix names."""
    fmt = fmt or rdf_format(path)
    if fmt in ("turtle", "nt", "xml", "json-ld") and isinstance(graph, Dataset):
        union = bind(Graph())
        for triple in graph.triples((None, None, None)):
            union.add(triple)
        graph = union
    write_atomically(path, lambda tmp: graph.serialize(destination=str(tmp), format=fmt,
                                                        encoding="utf-8"))
