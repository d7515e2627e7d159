"""The build pauses Python's cyclic collector where it only moves records, not where spaCy runs."""

from __future__ import annotations

import gc
import multiprocessing as mp

import pytest

import graph.builder as builder
from graph.cache import ExtractionCache
from graph.collector import paused_gc, running_gc
from sources import Article, content_id

_TEXTS = ["Chile sent 12 trucks to Peru.", "Ghana received 40 rifles from Togo.",
          "Nobody said anything about Malta."]


def _articles() -> list[Article]:
    return [Article(id=content_id(t), text=t, source_file=f"a{n}.txt", source=f"a{n}.txt")
            for n, t in enumerate(_TEXTS)]


@pytest.mark.parametrize("start", [True, False])
def test_running_gc_runs_inside_and_restores(start):
    gc.enable() if start else gc.disable()
    try:
        with running_gc():
            assert gc.isenabled()
        assert gc.isenabled() is start
        with paused_gc():
            assert not gc.isenabled()
            with running_gc():
                assert gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() is start
    finally:
        gc.enable()


def test_received_records_are_stored_with_the_collector_paused(tmp_path, monkeypatch):
    stored = []
    monkeypatch.setattr(ExtractionCache, "put",
                        lambda self, key, extraction: stored.append(gc.isenabled()))
    found = builder.extract_articles(_articles(), "blank:en", cache=ExtractionCache(tmp_path))
    assert len(found) == 3 and stored == [False, False, False]
    assert gc.isenabled()


def test_extraction_in_this_process_runs_with_the_collector(tmp_path, monkeypatch):
    """Without fork, articles are extracted lazily inside the paused loop: not paused."""
    calls = []
    real = builder.extract

    def extract(articles, nlp):
        calls.append(gc.isenabled())
        return real(articles, nlp)

    monkeypatch.setattr(mp, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(builder, "extract", extract)
    found = builder.extract_articles(_articles(), "blank:en", cache=ExtractionCache(tmp_path))
    assert len(found) == 3 and calls and all(calls)
    assert gc.isenabled()


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="forked workers only")
def test_forked_workers_run_the_collector_even_when_forked_while_it_is_paused(monkeypatch):
    monkeypatch.setattr(builder, "_extract_safely", lambda chunk, nlp: [gc.isenabled()])
    monkeypatch.setattr(builder, "CHUNK_ARTICLES", 1)
    with paused_gc():
        batches = list(builder._extract_in_chunks(_articles(), nlp=None, jobs=2))
    assert [x for batch in builder._unbatched(batches) for x in [batch]] == [True, True, True]


def test_cached_records_are_read_with_the_collector_paused(tmp_path, monkeypatch):
    cache = ExtractionCache(tmp_path)
    builder.extract_articles(_articles(), "blank:en", cache=cache)  # fills the cache
    reads = []
    real = ExtractionCache.get

    def get(self, key):
        reads.append(gc.isenabled())
        return real(self, key)

    monkeypatch.setattr(ExtractionCache, "get", get)
    found = builder.extract_articles(_articles(), "blank:en", cache=cache)
    assert len(found) == 3 and reads == [False, False, False]
    assert gc.isenabled()


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="forked processes only")
def test_a_forked_process_never_walks_what_it_inherited():
    """The objects the build made before forking are frozen there: no collection in the
    forked process walks them (a big graph's statements took most of a second)."""
    inherited = [object()]

    def tracked() -> list[bool]:
        return [any(o is inherited for o in gc.get_objects()), gc.isenabled()]

    with paused_gc():
        assert list(builder._forked(tracked, what="t", died="died")) == [False, True]


def test_a_cached_build_never_walks_its_records(tmp_path):
    """The collector stays paused between the stages too, and the records are freed
    before it runs again: a collection would walk every record made so far (for these
    40 articles about 2,000 objects; at 10,000 articles a third of a second each)."""
    from bench.corpus import write_corpus
    from graph import BuildOptions, build

    write_corpus(tmp_path / "corpus", 40)
    options = BuildOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                           model="blank:en")
    build([tmp_path / "corpus"], options)
    walked = []

    def record(phase, info):
        if phase == "start":  # the objects this collection walks
            walked.append(sum(len(gc.get_objects(generation=g))
                              for g in range(info["generation"] + 1)))

    gc.collect()
    gc.callbacks.append(record)
    try:
        result = build([tmp_path / "corpus"], options)
    finally:
        gc.callbacks.remove(record)
    assert result.cached == 40 and max(walked, default=0) < 500
