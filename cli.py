"""Command-line interface: build, validate, query and render conflict-news knowledge graphs."""

from __future__ import annotations

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
from ontology import OntologyError, validate
from sources import SourceError

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
def build_command(inputs: tuple[str, ...], out: Path, model: str | None, formats: str,
                  strict: bool, quiet: bool) -> None:
    """Build the graph from INPUTS: files, folders or globs (.txt .html .jsonl .xml)."""
    started = time.perf_counter()
    options = BuildOptions(out_dir=out, model=model, strict=strict,
                           formats=tuple(f.strip() for f in formats.split(",") if f.strip()))
    with _reported_errors():
        result = build(inputs, options, on_error=_print_input_error,
                       progress=None if quiet else _progress)
    if not quiet:
        click.echo(result.summary(time.perf_counter() - started), err=True)
    if result.failures:
        sys.exit(EXIT_INPUT_FAILED)


def _print_input_error(error: Exception) -> None:
    click.echo(f"error: {error}", err=True)


def _progress(done: int, total: int) -> None:
    """Draw a one-line progress bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty() or total < 2:
        return
    width = 30
    filled = width * done // total
    click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} articles",
               err=True, nl=done == total)


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


if __name__ == "__main__":
    main()
