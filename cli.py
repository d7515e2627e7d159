"""Command-line interface: build, validate, query and render conflict-news knowledge graphs."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

# Package roots are cheap to import: spaCy, pyvis and pyshacl load inside the library
# functions that use them, so `ckg --help` never pays for them.
from extraction import ExtractionError
from graph import BuildOptions, GraphError, build, read_graph
from graph.render import FILTER_KEYS, PageFilter, render_file  # render
from graph.query import (  # query and serve
    RESULT_FORMATS, QueryParameterError, describe_saved_queries, format_result, parameter_values,
)
from graph.serve import make_server  # serve
from graph.store import ENGINES, open_engine, query_graph  # query and serve
from graph import (  # export and push
    AUTH_SCHEMES,
    EXPORTERS,
    GSP_CHUNK_TRIPLES,
    PUSH_METHODS,
    UPDATE_BATCH_TRIPLES,
    PushOptions,
    export,
    push,
)
from ontology import OntologyError, validate
from sources import DEFAULT_MAX_BYTES, SourceError

EXIT_INPUT_FAILED = 1
EXIT_NOT_CONFORMANT = 3
_KNOWN_ERRORS = (SourceError, ExtractionError, GraphError, OntologyError, OSError)


@contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn the project's known errors into one-line click errors (exit 1)."""
    try:
        yield
    except _KNOWN_ERRORS as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ckg")
def main() -> None:
    """Turn conflict news into a knowledge graph of claims (RDF, an interactive page, SPARQL).

    Exit status: 0 success, 1 some input or processing failed, 2 usage error,
    3 graph not conformant to the SHACL shapes.
    """


# -- build -----------------------------------------------------------------------------

@main.command("build")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True,
              help="Directory for graph.ttl, graph.html and the other formats.")
@click.option("--model", default=None,
              help="spaCy pipeline to use (default: the installed en_core_web_sm).")
@click.option("--format", "formats", default="ttl", show_default=True,
              help="Extra graph files, comma separated: ttl,trig,nq,nt,jsonld.")
@click.option("--strict", is_flag=True, help="Fail before writing anything if any input fails.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep each article's extraction in this folder and reuse it while the "
                   "article, the extractor and its data are unchanged.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes that read and extract articles.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
              show_default=True, help="Refuse input files larger than this.")
def build_command(inputs: tuple[str, ...], out: Path, model: str | None, formats: str,
                  strict: bool, quiet: bool, cache_dir: Path | None, jobs: int,
                  max_bytes: int) -> None:
    """Build the graph from INPUTS: files, folders or globs (.txt .html .jsonl .xml)."""
    started = time.perf_counter()
    options = BuildOptions(out_dir=out, model=model, strict=strict, cache_dir=cache_dir,
                           jobs=jobs, max_bytes=max_bytes,
                           formats=tuple(f.strip() for f in formats.split(",") if f.strip()))
    with _reported_errors(), _warnings_on_stderr(quiet):
        result = build(inputs, options, on_error=_print_input_error,
                       on_warning=None if quiet else _print_input_warning,
                       progress=None if quiet else _Progress())
    if not quiet:
        click.echo(result.summary(time.perf_counter() - started), err=True)
    if result.failures:
        sys.exit(EXIT_INPUT_FAILED)


@contextmanager
def _warnings_on_stderr(quiet: bool) -> Iterator[None]:
    """Show the library's logged warnings (such as a cp1252 fallback) as 'warning:' lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    handler.setLevel(logging.ERROR if quiet else logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


def _print_input_error(error: Exception) -> None:
    click.echo(f"error: {' '.join(str(error).split())}", err=True)


def _print_input_warning(notice: Exception) -> None:
    click.echo(f"warning: {' '.join(str(notice).split())}", err=True)


class _Progress:
    """A one-line progress bar with rate and ETA on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.first = 0

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total < 2:
            return
        now = time.perf_counter()
        if self.started is None:  # cached articles count as done before the clock starts
            self.started, self.first = now, done
        elapsed = now - self.started
        rate = (done - self.first) / elapsed if elapsed > 0 else 0.0
        eta = f"{(total - done) / rate:.0f} s" if rate > 0 else "?"
        width = 30
        filled = width * done // total
        click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} articles "
                   f"{rate:.1f}/s ETA {eta}   ", err=True, nl=done == total)


# -- validate --------------------------------------------------------------------------

@main.command("validate")
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate_command(graph_file: Path) -> None:
    """Check GRAPH_FILE against the SHACL shapes; exit 3 when it does not conform."""
    with _reported_errors():
        report = validate(read_graph(graph_file))
    if report.conforms:
        click.echo(f"{graph_file}: conforms", err=True)
        return
    click.echo(report.text, err=True)
    sys.exit(EXIT_NOT_CONFORMANT)


# -- more commands are registered below this line --------------------------------------


# -- render ----------------------------------------------------------------------------

def _page_filters(ctx: click.Context, param: click.Parameter,
                  value: tuple[str, ...]) -> tuple[str, ...]:
    """Check --filter values at parse time, so a bad key is a usage error (exit 2)."""
    try:
        PageFilter.parse(value)
    except GraphError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


@main.command("render")
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The page to write (.html).")
@click.option("--filter", "filters", multiple=True, metavar="KEY=VALUE", callback=_page_filters,
              help="Draw only the claims that match, e.g. category=Troops, status=planned; "
                   f"repeatable (keys: {', '.join(FILTER_KEYS)}).")
@click.option("--title", help="Page title (default: 'ckg: ' and the file name).")
def render_command(graph_file: Path, out: Path, filters: tuple[str, ...],
                   title: str | None) -> None:
    """Render GRAPH_FILE (Turtle, TriG, N-Quads...) as the interactive network page."""
    with _reported_errors():
        result = render_file(graph_file, out, filters=filters, title=title)
    click.echo(result.summary(), err=True)


# -- export ----------------------------------------------------------------------------

@main.command("export")
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(EXPORTERS)), required=True,
              help="graphml, gexf, nodelink (node-link JSON) or neo4j (CSV folder for "
                   "neo4j-admin database import).")
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="File to write; for neo4j, the folder.")
def export_command(graph_file: Path, fmt: str, out: Path) -> None:
    """Export GRAPH_FILE as a network of entities, articles and transfer claims."""
    with _reported_errors():
        result = export(graph_file, fmt, out)
    click.echo(result.summary(), err=True)


# -- push ------------------------------------------------------------------------------

@main.command("push")
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL: Oxigraph http://HOST:PORT/store, "
                   "Virtuoso http://HOST:PORT/sparql-graph-crud-auth.")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Put every triple into this one named graph (default: each article's "
                   "graph keeps its name, shared entities go to the default graph).")
@click.option("--default-graph", metavar="IRI",
              help="Named graph for the shared entities, for stores without a default "
                   "graph (Virtuoso).")
@click.option("--user", help="HTTP user.")
@click.option("--password", envvar="CKG_PUSH_PASSWORD", help="HTTP password "
              "(or set CKG_PUSH_PASSWORD).")
@click.option("--auth", type=click.Choice(AUTH_SCHEMES), default="digest", show_default=True)
@click.option("--method", type=click.Choice(PUSH_METHODS), default="auto", show_default=True,
              help="gsp, update (batched INSERT DATA), or auto: gsp, falling back to update "
                   "where the store has no graph store.")
@click.option("--update-endpoint", metavar="URL", help="SPARQL Update URL (default: derived).")
@click.option("--query-endpoint", metavar="URL", help="SPARQL query URL (default: derived).")
@click.option("--chunk-triples", type=click.IntRange(min=1), default=GSP_CHUNK_TRIPLES,
              show_default=True, help="Triples per graph store request.")
@click.option("--batch-triples", type=click.IntRange(1, 10_000), default=UPDATE_BATCH_TRIPLES,
              show_default=True, help="Triples per SPARQL Update request.")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="Count each graph's triples in the store afterwards.")
def push_command(graph_file: Path, endpoint: str, graph_iri: str | None,
                 default_graph: str | None, user: str | None, password: str | None,
                 auth: str, method: str, update_endpoint: str | None,
                 query_endpoint: str | None, chunk_triples: int, batch_triples: int,
                 verify: bool) -> None:
    """Load GRAPH_FILE into a remote triple store, replacing the graphs it writes.

    Exits 1 when the store's triple counts differ from what was sent.
    """
    options = PushOptions(endpoint=endpoint, graph=graph_iri, default_graph=default_graph,
                          user=user, password=password, auth=auth, method=method,
                          update_endpoint=update_endpoint, query_endpoint=query_endpoint,
                          chunk_triples=chunk_triples, batch_triples=batch_triples,
                          verify=verify)
    with _reported_errors():
        result = push(graph_file, options)
    click.echo(result.summary(), err=True)
    if verify and not result.verified:
        sys.exit(EXIT_INPUT_FAILED)


# -- query -----------------------------------------------------------------------------

class _QueryUsageError(click.ClickException):
    """A one-line usage error (exit 2): unknown saved-query parameter or bad value."""

    exit_code = 2


_ENGINE_HELP = ("rdflib, oxigraph (pyoxigraph, in memory or --store), or auto: oxigraph for "
                "store directories, --store and files over 20 MB.")


@main.command("query", context_settings={"ignore_unknown_options": True,
                                         "allow_extra_args": True})
@click.argument("graph_path", metavar="GRAPH", required=False,
                type=click.Path(exists=True, path_type=Path))
@click.argument("sparql", metavar="SPARQL_OR_FILE", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(list(RESULT_FORMATS)), default="table",
              show_default=True, help="SELECT/ASK output: aligned table, or the SPARQL 1.1 "
                                      "CSV, TSV, JSON, XML results. CONSTRUCT/DESCRIBE: Turtle.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A saved query's parameter (same as --NAME VALUE); repeatable.")
@click.option("--list", "list_saved", is_flag=True,
              help="List the saved queries with their parameters, then exit.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Load GRAPH into a pyoxigraph store in this directory once; reuse it "
                   "while GRAPH is unchanged.")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help=_ENGINE_HELP)
@click.pass_context
def query_command(ctx: click.Context, graph_path: Path | None, sparql: str | None, fmt: str,
                  params: tuple[str, ...], list_saved: bool, store_dir: Path | None,
                  engine: str) -> None:
    """Run a read-only SPARQL query over GRAPH (Turtle, TriG, N-Quads... or a store directory).

    SPARQL_OR_FILE is the query text, a .rq file, '-' for stdin, or the name of a saved
    query followed by its parameters, e.g. `ckg query out/graph.ttl transfers --supplier
    "North Korea"`. The prefixes ckg: id: rdf: rdfs: skos: owl: xsd: schema: geo: dcterms:
    prov: are predeclared. Updates are refused.
    """
    if list_saved:
        click.echo(describe_saved_queries(), nl=False)
        return
    if graph_path is None or sparql is None:
        raise click.UsageError("give GRAPH and SPARQL_OR_FILE (or --list for the saved queries)")
    if sparql.startswith("--"):
        raise _QueryUsageError(f"unknown option {sparql!r}; saved query parameters go after the "
                               f"query's name: ckg query GRAPH NAME --PARAM VALUE")
    text = click.get_text_stream("stdin").read() if sparql == "-" else sparql
    with _reported_errors():
        try:
            run = query_graph(graph_path, text, parameter_values(params, ctx.args),
                              store_dir=store_dir, engine=engine)
        except QueryParameterError as exc:
            raise _QueryUsageError(str(exc)) from exc
    click.echo(format_result(run.result, fmt), nl=False)
    click.echo(run.summary(), err=True)


# -- serve -----------------------------------------------------------------------------

@main.command("serve")
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the loopback default unless others may query.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Load GRAPH into a pyoxigraph store in this directory once and reuse it.")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help=_ENGINE_HELP)
def serve_command(graph_path: Path, port: int, host: str, store_dir: Path | None,
                  engine: str) -> None:
    """Serve GRAPH as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql (Ctrl-C stops)."""
    with _reported_errors():
        server = make_server(open_engine(graph_path, store_dir=store_dir, engine=engine),
                             host, port)
    click.echo(f"SPARQL endpoint {server.url} ({server.engine.name}); Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
