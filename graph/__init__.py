"""Build the RDF graph from extractions, and read, write, project, render and query it."""

from __future__ import annotations

from .builder import BuildOptions, BuildResult, build
from .errors import GraphError
from .files import (
    FORMAT_SUFFIXES,
    RDF_FORMATS,
    read_graph,
    write_atomically,
    write_graph,
    write_text_atomically,
)
from .iri import article_iri, entity_iri, transfer_iri
from .rdf import build_dataset
from .render import render_file, render_page
from .projection import to_networkx
from .exports import EXPORTERS, ExportResult, export
from .push import (
    AUTH_SCHEMES,
    GSP_CHUNK_TRIPLES,
    PUSH_METHODS,
    UPDATE_BATCH_TRIPLES,
    PushOptions,
    PushResult,
    push,
)

__all__ = [
    "FORMAT_SUFFIXES",
    "RDF_FORMATS",
    "BuildOptions",
    "BuildResult",
    "GraphError",
    "article_iri",
    "build",
    "build_dataset",
    "entity_iri",
    "read_graph",
    "render_file",
    "render_page",
    "transfer_iri",
    "write_atomically",
    "write_graph",
    "write_text_atomically",
    "to_networkx",
    "EXPORTERS",
    "ExportResult",
    "export",
    "AUTH_SCHEMES",
    "GSP_CHUNK_TRIPLES",
    "UPDATE_BATCH_TRIPLES",
    "PUSH_METHODS",
    "PushOptions",
    "PushResult",
    "push",
]
