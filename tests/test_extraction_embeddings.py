"""Remembered word embeddings are the model's own, to the last bit, in any batch."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest

from sources import load

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

# Hand-written: repeated words, odd spacing, numbers, quotes, a line break, no words.
_TEXTS = [
    "The convoy left at dawn; the convoy returned at dusk with 40 empty trucks.",
    "  Officials said   the 155mm shells (about 12,000) would arrive \"soon\".\n\nMore later.",
    "Drones, drones and more drones: the ministry's list ran to 3 pages.",
]


@pytest.fixture(scope="module")
def model_and_docs():
    """A fresh stock pipeline (nothing remembered yet) and tokenized docs."""
    from extraction.pipeline import _load, default_model

    stock = _load(default_model())
    texts = _TEXTS + [a.text for p in sorted(EXAMPLES.glob("*.txt")) for a in load(p)]
    return stock, [stock.make_doc(t) for t in texts]


def _stages(stock):
    return [node for name in ("tok2vec", "ner") for node in stock.get_pipe(name).model.walk()
            if node.name.startswith("extract_features") and node.name.endswith("ragged2list")]


def _batches(docs, size):
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def test_remembered_rows_equal_the_models(model_and_docs):
    from extraction.embeddings import remember_embeddings

    stock, docs = model_and_docs
    stages = _stages(stock)
    expected = [[stage.predict(batch) for batch in _batches(docs, 4)] for stage in stages]
    assert sum(remember_embeddings(stock.get_pipe(n).model) for n in ("tok2vec", "ner")) == 2
    for stage, want in zip(stages, expected):
        for _ in range(2):  # the first pass fills the memo, the second reads it
            got = [stage.predict(batch) for batch in _batches(docs, 4)]
            assert [[a.tobytes() for a in batch] for batch in got] == \
                [[a.tobytes() for a in batch] for batch in want]
        assert 0 < len(stage.attrs["ckg_memo"].rows) < sum(len(d) for d in docs)


def test_a_words_row_does_not_depend_on_its_batch(model_and_docs):
    """The model's own product of fewer than five rows differs in the last bits; a word
    embedded alone gets the row it gets in a long batch."""
    from extraction.embeddings import remember_embeddings

    stock, docs = model_and_docs
    for name in ("tok2vec", "ner"):
        remember_embeddings(stock.get_pipe(name).model)
    alone = stock.make_doc("Howitzers")
    for stage in _stages(stock):
        stage.attrs["ckg_memo"].rows.clear()
        first = stage.predict([alone])[0]
        in_batch = stage.predict([docs[0], alone])[1]
        stage.attrs["ckg_memo"].rows.clear()
        assert stage.predict([docs[0], alone])[1].tobytes() == in_batch.tobytes() \
            == first.tobytes()


def test_the_memo_starts_again_at_its_limit(model_and_docs, monkeypatch):
    from extraction import embeddings

    stock, docs = model_and_docs
    embeddings.remember_embeddings(stock.get_pipe("tok2vec").model)
    stage = _stages(stock)[0]
    stage.attrs["ckg_memo"].rows.clear()
    want = [a.tobytes() for a in stage.predict(docs[:6])]
    monkeypatch.setattr(embeddings, "_MEMO_LIMIT", 40)
    stage.attrs["ckg_memo"].rows.clear()
    got = [a.tobytes() for batch in _batches(docs[:6], 1) for a in stage.predict(batch)]
    assert got == want

    def distinct(some):
        return len(numpy.unique(numpy.concatenate(stage.layers[0].predict(some)), axis=0))

    assert distinct(docs[:6]) > 40  # the memo did start again
    assert len(stage.attrs["ckg_memo"].rows) <= max(40, distinct(docs[5:6]))


def test_training_and_other_models_are_left_alone(model_and_docs):
    from thinc.api import Linear, chain, fix_random_seed

    from extraction.embeddings import remember_embeddings

    stock, docs = model_and_docs
    remember_embeddings(stock.get_pipe("tok2vec").model)
    stage = _stages(stock)[0]
    memo = stage.attrs["ckg_memo"]
    memo.rows.clear()
    fix_random_seed(0)
    trained, backprop = stage.begin_update(docs[:3])  # with dropout, as spaCy trains
    fix_random_seed(0)
    expected, _ = memo.original(stage, docs[:3], True)
    assert [a.tobytes() for a in trained] == [a.tobytes() for a in expected]
    assert callable(backprop) and not memo.rows
    assert remember_embeddings(stock.get_pipe("tok2vec").model) == 0  # once is enough
    assert remember_embeddings(chain(Linear(4, 3), Linear(2, 4))) == 0
