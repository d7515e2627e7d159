"""The one function that chains the stages: inputs → articles → extractions → graph files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from extraction import ArticleExtraction, extract, make_nlp, unify
from sources import DEFAULT_MAX_BYTES, Article, SourceError, load

from .errors import GraphError
from .files import FORMAT_SUFFIXES, check_format_names, write_graph, write_text_atomically
from .rdf import build_dataset

ProgressCallback = Callable[[int, int], None]
ErrorCallback = Callable[[Exception], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What `ckg build` was asked to do."""

    out_dir: Path
    model: str | None = None
    formats: tuple[str, ...] = ("ttl",)
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    page: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    """What a build read and wrote."""

    articles: int
    entities: int
    transfers: int
    triples: int
    failures: tuple[str, ...]
    outputs: tuple[Path, ...]

    def summary(self, seconds: float) -> str:
        """One line for the terminal."""
        failed = f", {len(self.failures)} inputs failed" if self.failures else ""
        return (f"{self.articles} articles, {self.entities} entities, {self.transfers} transfers, "
                f"{self.triples} triples{failed} in {seconds:.1f} s → "
                f"{', '.join(str(p) for p in self.outputs)}")


def extract_articles(articles: list[Article], model: str | None,
                     progress: ProgressCallback | None = None) -> list[ArticleExtraction]:
    """Run the NLP over every article (the model loads only when there is something to read)."""
    if not articles:
        return []
    nlp = make_nlp(model)
    extractions = []
    for done, extraction in enumerate(extract(articles, nlp), start=1):
        extractions.append(extraction)
        if progress is not None:
            progress(done, len(articles))
    return unify(extractions)


def build(inputs: Iterable[str | Path], options: BuildOptions, *,
          on_error: ErrorCallback | None = None,
          progress: ProgressCallback | None = None) -> BuildResult:
    """Read INPUTS, extract, build the graph and write it to ``options.out_dir``.

    Bad inputs are reported through ``on_error`` and skipped; the good ones are still
    built and written, unless ``options.strict``.

    Raises:
        GraphError: with ``strict``, when any input failed (nothing is written).
    """
    check_format_names(options.formats)
    failures: list[str] = []

    def failed(error: SourceError) -> None:
        failures.append(str(error))
        if on_error is not None:
            on_error(error)

    articles = list(load(inputs, max_bytes=options.max_bytes, on_error=failed))
    if options.strict and failures:
        raise GraphError(f"{len(failures)} inputs failed; nothing written (--strict)")
    extractions = extract_articles(articles, options.model, progress)
    dataset = build_dataset(extractions)

    outputs = []
    for fmt in dict.fromkeys(("ttl", *options.formats)):
        path = options.out_dir / f"graph{FORMAT_SUFFIXES[fmt]}"
        write_graph(dataset, path)
        outputs.append(path)
    if options.page:
        from .render import render_page

        page = options.out_dir / "graph.html"
        write_text_atomically(page, render_page(dataset))
        outputs.append(page)
    return BuildResult(
        articles=len(extractions),
        entities=len({e.key for x in extractions for e in x.entities}),
        transfers=sum(len(x.transfers) for x in extractions),
        triples=len(dataset),
        failures=tuple(failures),
        outputs=tuple(outputs),
    )
