"""The one function that chains the stages: inputs → articles → extractions → graph files."""

from __future__ import annotations

import functools
import gc
import itertools
import logging
import multiprocessing as mp
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extraction import ArticleExtraction, ExtractionError, extract, make_nlp, preload, unify
from sources import DEFAULT_MAX_BYTES, Article, SourceError, load

from .errors import GraphError
from .collector import paused_gc, running_gc
from .cache import ExtractionCache, article_key, installed_model
from . import files
from .files import (
    FORMAT_SUFFIXES,
    check_format_names,
    remove_stale_temporaries,
    write_graph,
    write_text_atomically,
)
from .rdf import build_statements
from .statements import Statements

logger = logging.getLogger(__name__)

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
    cache_dir: Path | None = None  # keep each article's extraction here (--cache)
    jobs: int = 1  # extraction processes (--jobs)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    """What a build read and wrote."""

    articles: int
    entities: int
    transfers: int
    triples: int
    failures: tuple[str, ...]
    outputs: tuple[Path, ...]
    cached: int = 0  # articles whose extraction came from the cache
    duplicates: int = 0  # inputs skipped because their text repeats an earlier one

    def summary(self, seconds: float) -> str:
        """One line for the terminal."""
        failed = f", {len(self.failures)} inputs failed" if self.failures else ""
        if self.duplicates:
            failed += f", {self.duplicates} duplicates skipped"
        if self.cached:
            failed += f", {self.cached} from the cache"
        return (f"{self.articles} articles, {self.entities} entities, {self.transfers} transfers, "
                f"{self.triples} triples{failed} in {seconds:.1f} s → "
                f"{', '.join(str(p) for p in self.outputs)}")


#: Articles per task sent to an extraction process (also the batch the NLP pipes together:
#: the cued parser batches the selected sentences of a whole chunk).
CHUNK_ARTICLES = 32

_WORKER_NLP: Any = None  # the pipeline a forked extraction process inherits


def _watch_parent(parent: int) -> None:
    """In a forked process of the build: exit when the build that started it is gone.

    Also runs the cyclic collector there, which the forking process may have paused,
    for the objects made from now on: what the process inherited is frozen first (the
    first collection would otherwise walk every object the build made while paused, most
    of a second for a big graph's statements).
    """
    gc.freeze()
    gc.enable()
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


Extracted = ArticleExtraction | ExtractionError


def _extract_safely(chunk: list[Article], nlp: Any) -> list[Extracted]:
    """Extract a chunk; when an article makes the rules fail, it alone gets an error."""
    try:
        return list(extract(chunk, nlp))
    except Exception:  # a rule bug on one odd text must not cost the other articles
        if len(chunk) == 1:
            article = chunk[0]
            logger.debug("%s: extraction failed", article.source, exc_info=True)
            error = sys.exc_info()[1]
            return [ExtractionError(f"{article.source}: extraction failed "
                                    f"({type(error).__name__}: {error}); article skipped")]
        return [result for article in chunk for result in _extract_safely([article], nlp)]


#: A chunk's extractions, or the same list pickled by the worker that made them: the
#: process running the pool passes those bytes on to the build without reading them.
Batch = list[Extracted] | bytes


def _extract_chunk(chunk: list[Article]) -> bytes:
    return pickle.dumps(_extract_safely(chunk, _WORKER_NLP), protocol=pickle.HIGHEST_PROTOCOL)


def _unbatched(batches: Iterable[Batch]) -> Iterator[Extracted]:
    """The extractions of each batch, in order."""
    for batch in batches:
        yield from pickle.loads(batch) if isinstance(batch, bytes) else batch


def _extract_new(articles: list[Article], model: str | None,
                 jobs: int) -> Iterator[Batch]:
    """Extract ``articles`` in order, in ``jobs`` forked processes sharing one loaded model."""
    nlp = make_nlp(model)
    gc.freeze()  # the model's objects: never walked by collections, nor copied by forks
    try:
        yield from _extract_in_chunks(articles, nlp, jobs)
    finally:
        gc.unfreeze()


def _extract_in_chunks(articles: list[Article], nlp: Any, jobs: int) -> Iterator[Batch]:
    """Extract chunks of articles here, or in ``jobs`` forked workers when there are many."""
    global _WORKER_NLP
    chunks = [articles[i:i + CHUNK_ARTICLES] for i in range(0, len(articles), CHUNK_ARTICLES)]
    if jobs <= 1 or len(chunks) < 2 or "fork" not in mp.get_all_start_methods():
        for chunk in chunks:
            with running_gc():  # spaCy's docs make cycles; the build may have paused it
                batch = _extract_safely(chunk, nlp)
            yield batch
        return
    preload()  # the city gazetteer, read once here and shared by the forked processes
    gc.freeze()
    _WORKER_NLP = nlp
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork"),
                                 initializer=_watch_parent, initargs=(os.getpid(),)) as pool:
            yield from pool.map(_extract_chunk, chunks)
    except BrokenProcessPool as exc:
        raise GraphError(f"an extraction process died ({exc}); try --jobs 1") from exc
    finally:
        _WORKER_NLP = None


def extract_articles(articles: list[Article], model: str | None,
                     progress: ProgressCallback | None = None, *,
                     cache: ExtractionCache | None = None, jobs: int = 1,
                     on_error: ErrorCallback | None = None) -> list[ArticleExtraction]:
    """Extract every article (from the cache where it can), then unify identities over all.

    The model loads only when some article is not cached, and then in a forked process
    that starts at once, so loading it overlaps reading the cached entries. The result
    does not depend on the cache or on ``jobs``: the same articles give the same
    records. An article the rules fail on is skipped and reported through ``on_error``
    (raised when it is None).
    """
    if not articles:
        return []
    results: list[ArticleExtraction | None] = [None] * len(articles)
    keys: list[str] = []
    todo = list(range(len(articles)))
    if cache is not None:
        model_id = installed_model(model)
        keys = [article_key(article, model_id) for article in articles]
        todo = [i for i, key in enumerate(keys) if not cache.has(key)]
    new: Iterator[Batch] = _start_extraction([articles[i] for i in todo], model, jobs) \
        if todo else iter(())
    with paused_gc():  # the records read and received hold no cycles
        if cache is not None:
            missing = set(todo)
            for i, key in enumerate(keys):
                if i not in missing:
                    results[i] = cache.get(key)
            late = [i for i, found in enumerate(results) if found is None and i not in missing]
            if late:  # unreadable entries: extracted again after the others
                todo += late
                new = itertools.chain(new, _extract_new([articles[i] for i in late], model,
                                                        jobs))
        done = len(articles) - len(todo)
        if progress is not None:
            progress(done, len(articles))
        for i, extraction in zip(todo, _unbatched(new)):
            done += 1
            if isinstance(extraction, ExtractionError):
                if on_error is None:
                    raise extraction
                on_error(extraction)
                continue
            results[i] = extraction
            if cache is not None:
                cache.put(keys[i], extraction)
            if progress is not None:
                progress(done, len(articles))
        return unify([r for r in results if r is not None])


def _start_extraction(articles: list[Article], model: str | None,
                      jobs: int) -> Iterator[Batch]:
    """Start extracting ``articles`` in a forked process (in this one where there is no
    fork); iterate the result for batches of the extractions, in order."""
    if "fork" not in mp.get_all_start_methods():
        return _extract_new(articles, model, jobs)
    return _forked(functools.partial(_extract_new, articles, model, jobs),
                   what="extraction", died="the extraction process died; try --jobs 1")


def _drawn_page(statements: Statements, page: Path) -> tuple[()]:
    """Render and write the page; nothing to send back."""
    from .render import render_page

    write_text_atomically(page, render_page(statements))
    return ()


def _forked(produce: Callable[[], Iterable[Any]], *, what: str, died: str) -> Iterator[Any]:
    """Run ``produce`` in a forked process; what it yields comes back here, in order.

    Iterate the result to receive (and to wait for the end). An ExtractionError or
    GraphError there is raised here as it was; another error as a GraphError naming
    ``what`` failed. Closing the iterator stops the process. This process lets go of
    ``produce`` (and what it holds) once the other has started.
    """
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    parent = os.getpid()
    held = [produce]

    def run() -> None:
        _watch_parent(parent)
        try:
            for item in held[0]():
                send.send(("item", item))
        except (ExtractionError, GraphError) as exc:
            send.send(("fatal", exc))
        except Exception as exc:  # noqa: BLE001  (reported in the build, never lost)
            logger.debug("%s failed in its process", what, exc_info=True)
            send.send(("fatal", GraphError(f"{what} failed: {type(exc).__name__}: {exc}")))
        else:
            send.send(("done", None))
        finally:
            send.close()

    process = context.Process(target=run)
    process.start()
    send.close()
    held.clear()
    del produce
    return _received(process, receive, died)


def _received(process: Any, receive: Any, died: str) -> Iterator[Any]:
    try:
        while True:
            try:
                kind, value = receive.recv()
            except EOFError:
                raise GraphError(died) from None
            if kind == "done":
                return
            if kind == "fatal":
                raise value
            yield value
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        receive.close()


def build(inputs: Iterable[str | Path], options: BuildOptions, *,
          on_error: ErrorCallback | None = None,
          progress: ProgressCallback | None = None,
          on_warning: ErrorCallback | None = None) -> BuildResult:
    """Read INPUTS, extract, build the graph and write it to ``options.out_dir``.

    Bad inputs are reported through ``on_error`` and skipped; the good ones are still
    built and written, unless ``options.strict``. Duplicates (the same text again) are
    reported through ``on_warning`` and built once. Every output file is replaced
    atomically, so a build killed at any point leaves the previous files intact.

    Raises:
        GraphError: with ``strict``, when any input failed (nothing is written).
    """
    check_format_names(options.formats)
    failures: list[str] = []
    duplicates: list[str] = []

    def failed(error: SourceError | ExtractionError) -> None:
        failures.append(str(error))
        if on_error is not None:
            on_error(error)

    def duplicate(notice: SourceError) -> None:
        duplicates.append(str(notice))
        if on_warning is not None:
            on_warning(notice)

    # the collector stays paused throughout (spaCy's extraction runs it where it works):
    # each collection would walk every article and record, and these make no cycles
    with paused_gc():
        articles = list(load(inputs, max_bytes=options.max_bytes, on_error=failed,
                             on_duplicate=duplicate, jobs=options.jobs))
        if options.strict and failures:
            raise GraphError(f"{len(failures)} inputs failed; nothing written (--strict)")
        cache = ExtractionCache(options.cache_dir) if options.cache_dir is not None else None
        extractions = extract_articles(articles, options.model, progress, cache=cache,
                                       jobs=options.jobs, on_error=failed)
        result = _write_outputs(extractions, options, failures, len(duplicates), cache)
        del articles, extractions  # freed before the collector runs again
    return result


def _write_outputs(extractions: list[ArticleExtraction], options: BuildOptions,
                   failures: list[str], duplicates: int,
                   cache: ExtractionCache | None) -> BuildResult:
    """Map the extractions to RDF and write every output file (and the page) atomically."""
    # the statements are written by pyoxigraph (rdflib takes seconds per hundred thousand
    # triples) and drawn from directly; only JSON-LD makes an rdflib graph of them
    statements = build_statements(extractions)
    triples = len(statements)
    page = options.out_dir / "graph.html"
    # a big graph's page is drawn in a forked process while this one writes the files
    page_done = None
    if options.page and triples > files.BIG_GRAPH_TRIPLES and "fork" in mp.get_all_start_methods():
        page_done = _forked(functools.partial(_drawn_page, statements, page),
                            what="drawing the page", died="the process drawing the page died")
    outputs = []
    try:
        for fmt in dict.fromkeys(("ttl", *options.formats)):
            path = options.out_dir / f"graph{FORMAT_SUFFIXES[fmt]}"
            write_graph(statements, path)
            outputs.append(path)
        if options.page and page_done is None:
            _drawn_page(statements, page)
        del statements  # freed here while the page's process still works
    finally:
        if page_done is not None:
            for _ in page_done:  # nothing comes back; this waits and raises its error
                pass
    if options.page:
        outputs.append(page)
    # hidden temporaries of earlier builds that were killed while writing
    remove_stale_temporaries(options.out_dir, [p.name for p in outputs])
    return BuildResult(
        articles=len(extractions),
        entities=len({e.key for x in extractions for e in x.entities}),
        transfers=sum(len(x.transfers) for x in extractions),
        triples=triples,
        failures=tuple(failures),
        outputs=tuple(outputs),
        cached=cache.hits if cache is not None else 0,
        duplicates=duplicates,
    )
