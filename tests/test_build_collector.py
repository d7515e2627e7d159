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
