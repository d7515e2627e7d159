"""The model's matrix products run through numpy's BLAS on one thread, with the same output."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Hand-written, in the style of the examples: names, numbers and a few transfers.
_TEXTS = [
    "Norway delivered 40 armoured vehicles to Estonia on Tuesday, the Estonian defence "
    "ministry said. Colonel Mart Kask told reporters the vehicles would reach the 1st "
    "Infantry Brigade near Tapa within a week.",
    "Officials in Bogota denied that Colombia had sold rifles to Venezuela. A spokesman "
    "for the Organization of American States said the claim could not be verified.",
]


def _annotations(doc):
    return ([(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in doc],
            [(e.start, e.end, e.label_) for e in doc.ents])


def _layers(model, refs=("tok2vec", "lower")):
    """A transition model's layers that multiply through ``model.ops`` (its output
    layer runs in spaCy's C loop, whatever its ops)."""
    if model.has_ref("lower"):
        return [layer for ref in refs for layer in model.get_ref(ref).walk()]
    return list(model.walk())


@pytest.mark.model
def test_ops_model_layers_use_numpy_blas(nlp):
    from thinc.api import NumpyOps

    cued = nlp.get_pipe("ckg_cued_parse")
    pipes = [nlp.get_pipe("ner"), *(p for p in cued.pipes if getattr(p, "model", None) is not None)]
    assert {p.name for p in pipes} >= {"ner", "tok2vec", "tagger", "parser"}
    for pipe in pipes:
        for layer in _layers(pipe.model):
            assert isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis, \
                (pipe.name, layer.name)


@pytest.mark.model
def test_ops_blas_keeps_one_thread(nlp):
    from threadpoolctl import threadpool_info

    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


@pytest.mark.model
def test_ops_same_annotations_as_thinc_default_kernels(nlp):
    """numpy's BLAS gives the model the same tags, parse, lemmas and entities as blis."""
    import spacy

    from extraction.models import default_model
    from extraction.pipeline import _load

    name = default_model()
    stock = spacy.load(name)  # thinc's default ops: blis kernels
    ours = _load(name)
    assert stock.get_pipe("ner").model.ops.use_blis
    texts = _TEXTS + [p.read_text(encoding="utf-8")
                      for p in sorted((REPO / "examples" / "articles").glob("*.txt"))]
    for theirs, mine in zip(stock.pipe(texts), ours.pipe(texts)):
        assert _annotations(mine) == _annotations(theirs)


@pytest.mark.parametrize(("installed", "expected"), [((1,), 1), ((0, 1), 0), ((), 0)])
def test_default_model_is_the_first_installed(monkeypatch, installed, expected):
    import importlib.util

    from extraction.models import DEFAULT_MODELS, default_model

    names = {DEFAULT_MODELS[i] for i in installed}
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: object() if name in names else None)
    assert default_model() == DEFAULT_MODELS[expected]


_ALLOCATIONS = """
import resource, sys
import numpy
sys.path.insert(0, sys.argv[2])
if sys.argv[1] == "keep":
    from extraction.pipeline import keep_freed_memory
    assert keep_freed_memory()
def batch():  # arrays of the sizes a batch of docs makes, freed after use
    for n in (1 << 16, 1 << 18, 1 << 20, 3 << 20):
        a = numpy.ones(n, dtype="float32")
        b = numpy.ones(n // 2, dtype="float32")
        del a, b
batch()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    batch()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _page_faults(mode: str) -> int:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _ALLOCATIONS, mode, str(REPO)],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(not __import__("platform").libc_ver()[0] == "glibc",
                    reason="mallopt() is glibc's")
def test_kept_memory_is_reused_without_page_faults():
    """Freed arrays stay in the heap for the next batch instead of going back to the kernel."""
    assert _page_faults("default") > 1000  # what the setting is for
    assert _page_faults("keep") < 50


def test_keep_freed_memory_changes_nothing_without_mallopt(monkeypatch):
    import ctypes

    from extraction.pipeline import keep_freed_memory

    monkeypatch.setattr(ctypes, "CDLL", lambda name: object())
    assert keep_freed_memory() is False
