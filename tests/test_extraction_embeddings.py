"""Remembered word embeddings are the model's own rows for each word alone, to the last
bit, whatever batch or history they come with."""

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
    from extraction.models import default_model
    from extraction.pipeline import _load

    stock = _load(default_model())
    texts = _TEXTS + [a.text for p in sorted(EXAMPLES.glob("*.txt")) for a in load(p)]
    return stock, [stock.make_doc(t) for t in texts]


def _stages(stock):
    return [node for name in ("tok2vec", "ner") for node in stock.get_pipe(name).model.walk()
            if node.name.startswith("extract_features") and node.name.endswith("ragged2list")]


def _batches(docs, size):
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def _alone(token):
    """A one-token doc whose token has the same attributes (trailing space included)."""
    from spacy.tokens import Doc

    return Doc(token.vocab, words=[token.text], spaces=[bool(token.whitespace_)])


def test_remembered_rows_are_the_models_rows_for_each_word_alone(model_and_docs):
    from extraction.embeddings import remember_embeddings
    from extraction.models import default_model
    from extraction.pipeline import _load

    stock, docs = model_and_docs
    fresh = _load(default_model())  # never remembers: the model's own computation
    tokens = [t for doc in docs[:4] for t in doc]
    for name in ("tok2vec", "ner"):
        remember_embeddings(stock.get_pipe(name).model)
    for stage, own in zip(_stages(stock), _stages(fresh)):
        for _ in range(2):  # the first pass fills the memo, the second reads it
            got = numpy.concatenate([rows for batch in _batches(docs[:4], 4)
                                     for rows in stage.predict(batch)])
            want = numpy.concatenate([own.predict([_alone(t)])[0] for t in tokens])
            assert got.tobytes() == want.tobytes()
        assert 0 < len(stage.attrs["ckg_memo"].rows) < len(tokens)


def test_a_words_row_does_not_depend_on_its_batch(model_and_docs):
    """Wherever a word sits among new words (BLAS picks its kernel by the row's place in
    one product), and whatever was embedded before, its row is the same."""
    from extraction.embeddings import remember_embeddings

    stock, docs = model_and_docs
    for name in ("tok2vec", "ner"):
        remember_embeddings(stock.get_pipe(name).model)
    others = [f"Word{n}" for n in range(30)]
    for stage in _stages(stock):
        memo = stage.attrs["ckg_memo"]
        rows = set()
        for place in (0, 3, 5, 7, 11, 12, 17, 29):
            memo.rows.clear()
            words = others[:place] + ["Howitzers"] + others[place:]
            doc = stock.make_doc(" ".join(words))
            rows.add(stage.predict([doc])[0][place].tobytes())
        memo.rows.clear()
        stage.predict(docs[:2])  # another history
        rows.add(stage.predict([stock.make_doc("Howitzers again")])[0][0].tobytes())
        assert len(rows) == 1


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
