"""Maxout layers predicting through numpy.maximum give thinc's values, to the bit."""

from __future__ import annotations

import numpy
import pytest
from thinc.api import Maxout, NumpyOps, fix_random_seed

from extraction.maxout import largest_of, speed_up_maxout


def _layer(n_out=5, n_pieces=3, n_in=7, seed=0):
    fix_random_seed(seed)
    layer = Maxout(n_out, n_in, nP=n_pieces)
    layer.ops = NumpyOps(use_blis=False)
    layer.initialize(X=numpy.zeros((2, n_in), dtype="float32"))
    layer.set_param("b", numpy.random.default_rng(seed).standard_normal(
        (n_out, n_pieces)).astype("float32"))
    return layer


@pytest.mark.parametrize("n_pieces", [1, 2, 3, 4])
def test_same_values_as_thinc(n_pieces):
    layer = _layer(n_pieces=n_pieces)
    X = numpy.random.default_rng(1).standard_normal((300, 7)).astype("float32")
    expected = layer.predict(X)
    assert speed_up_maxout(layer) == 1
    got = layer.predict(X)
    assert got.flags.c_contiguous and got.dtype == expected.dtype
    assert got.tobytes() == expected.tobytes()
    assert layer.predict(X[:0]).shape == (0, 5)


def test_a_tie_keeps_the_earlier_piece():
    """Pieces equal as numbers but not as bits (-0.0 and 0.0): thinc keeps the first."""
    for ties in ([-0.0, 0.0, 0.0], [0.0, -0.0, -0.0], [0.0, -0.0, 0.0], [-0.0, -0.0, 0.0],
                 [0.0, -0.0], [-0.0, 0.0]):
        pieces = numpy.full((64, 2, len(ties)), ties, dtype="float32")
        expected, _ = NumpyOps().maxout(pieces)
        assert numpy.signbit(largest_of(pieces)).tolist() == numpy.signbit(expected).tolist()


def test_in_the_model_same_vectors_and_training_unchanged(stock_parse):
    stock, docs = stock_parse(["The brigade crossed the river at night with 30 tanks.",
                               "Officials said  two ships (with 4,000 shells) had docked."])
    encoder = stock.get_pipe("tok2vec").model.copy()  # the session's model stays as it is
    expected = encoder.predict(docs)
    layers = [n for n in encoder.walk() if n.name == "maxout"]
    X = numpy.random.default_rng(2).standard_normal((4, 288)).astype("float32")
    fix_random_seed(0)
    trained, _ = layers[-1].begin_update(X)
    assert speed_up_maxout(encoder) == len(layers) == 5  # the mixer and 4 encoder layers
    assert speed_up_maxout(encoder) == 0  # once is enough
    assert [a.tobytes() for a in encoder.predict(docs)] == [a.tobytes() for a in expected]
    fix_random_seed(0)
    again, backprop = layers[-1].begin_update(X)
    assert again.tobytes() == trained.tobytes()
    assert backprop(again).shape == (4, 288)
    with pytest.raises(NotImplementedError):
        layers[-1]._func(layers[-1], X, False)[1](again)


def test_a_rowwise_layer_gives_each_row_its_one_row_value():
    """Marked ``ckg_rowwise``, a row's value is what the layer gives it alone, wherever it
    sits among other rows; the values stay thinc's to rounding."""
    layer = _layer(n_out=96, n_pieces=3, n_in=384)
    X = numpy.random.default_rng(2).standard_normal((40, 384)).astype("float32")
    batched = layer.predict(X)
    speed_up_maxout(layer, rowwise=True)
    alone = numpy.concatenate([layer.predict(X[i:i + 1]) for i in range(len(X))])
    assert layer.predict(X).tobytes() == alone.tobytes()
    assert layer.predict(X[::-1]).tobytes() == alone[::-1].tobytes()
    assert numpy.allclose(alone, batched, rtol=1e-5, atol=1e-5)
