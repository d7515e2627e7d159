"""Remember the model's word embeddings: each distinct word is embedded once per process.

The first stage of every tok2vec in en_core_web_sm (the shared one and the NER's own) is
a ``MultiHashEmbed``: it reads a few attributes of each token (norm, prefix, suffix,
shape, trailing space...), looks up and concatenates their hashed embeddings and mixes
them with a maxout layer. Its output for a token depends on those attributes alone, not
on the neighbours, yet it is recomputed for every occurrence of every word: about 15% of
ckg's extraction time. ``remember_embeddings`` makes the stage compute each distinct row
of attributes once and look up the rest.

Each new row is computed on its own, as the model computes a one-word batch (a stack of
one-row products: ``largest_pieces`` with ``ckg_rowwise``), so a word's embedding never
depends on the batch it arrives in nor on what the process embedded before. The model
itself computes a batch in one matrix product, where BLAS picks a kernel by each row's
position (on OpenBLAS's Haswell kernels the two halves of every 12 rows differ in the
last bits): remembering rows computed that way would make a worker's results depend on
which chunks it happened to read first.
"""

from __future__ import annotations

from typing import Any

import numpy

from .maxout import speed_up_maxout

#: The most distinct rows one layer remembers (96 floats each); it starts again beyond.
_MEMO_LIMIT = 1 << 17

#: The names of a MultiHashEmbed's layers, in order, without static vectors.
_LAYERS = ("extract_features", "list2ragged", "with_array", "with_array", "ragged2list")


def remember_embeddings(model: Any) -> int:
    """Make every MultiHashEmbed stage in ``model`` (a thinc Model) remember its rows.

    Only prediction changes; training runs the stage as before. Returns the number of
    stages changed (0 for a model without one of the known shape).
    """
    changed = 0
    for node in list(model.walk()):
        if _is_hash_embed(node) and not isinstance(node.attrs.get("ckg_memo"), EmbeddingMemo):
            memo = EmbeddingMemo(node)
            node.attrs["ckg_memo"] = memo
            node._func = memo.forward
            changed += 1
    return changed


def _is_hash_embed(node: Any) -> bool:
    names = tuple(layer.name.split("(", 1)[0] for layer in node.layers)
    return names == _LAYERS and node.layers[2].layers[0].name.startswith("ints-getitem")


class EmbeddingMemo:
    """The rows one MultiHashEmbed stage has computed, by the attribute values they embed."""

    def __init__(self, stage: Any) -> None:
        self.features = stage.layers[0]
        self.embed = stage.layers[2].layers[0]  # concatenated hash embeddings
        self.mix = stage.layers[3].layers[0]  # maxout and layer norm
        speed_up_maxout(self.mix, rowwise=True)  # each row its own product (module doc)
        self.original = stage._func
        self.rows: dict[bytes, int] = {}
        self.table = numpy.zeros((0, 0), dtype="float32")

    def forward(self, stage: Any, docs: list[Any], is_train: bool) -> tuple[list[Any], Any]:
        if is_train:
            return self.original(stage, docs, is_train)
        features = self.features.predict(docs)
        lengths = [len(f) for f in features]
        if not sum(lengths):
            return self.original(stage, docs, is_train)
        values = numpy.ascontiguousarray(numpy.concatenate(features), dtype="uint64")
        keys = values.view(numpy.dtype((numpy.void, values.shape[1] * 8))).ravel()
        distinct, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
        found = self._look_up(distinct.tolist(), values, first)
        rows = self.table[found[inverse.ravel()]]
        return stage.ops.unflatten(rows, stage.ops.asarray1i(lengths)), lambda d: []

    def _look_up(self, keys: list[bytes], values: Any, first: Any) -> Any:
        """Row numbers in ``table`` of ``keys``, computing the rows of new ones."""
        new = [i for i, key in enumerate(keys) if key not in self.rows]
        if len(self.rows) + len(new) > _MEMO_LIMIT:
            self.rows.clear()
            new = list(range(len(keys)))
        if new:
            self._add([keys[i] for i in new], values[first[new]])
        return numpy.fromiter((self.rows[key] for key in keys), dtype="int64", count=len(keys))

    def _add(self, keys: list[bytes], values: Any) -> None:
        computed = self.mix.predict(self.embed.predict(values))
        start = len(self.rows)
        if start + len(values) > len(self.table):
            size = max(min(2 * len(self.table), _MEMO_LIMIT), start + len(values), 1024)
            grown = numpy.zeros((size, computed.shape[1]), dtype=computed.dtype)
            if start:
                grown[:start] = self.table[:start]
            self.table = grown
        self.table[start:start + len(values)] = computed
        self.rows.update(zip(keys, range(start, start + len(values))))
