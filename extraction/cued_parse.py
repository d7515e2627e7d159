"""Tag and parse only the sentences that hold a cue; the NER has already seen the whole doc.

``CuedParser`` runs the model's own tok2vec, tagger, parser, attribute ruler and
lemmatizer on copies of the selected sentences (adjacent ones together, batched over
docs) and copies heads, labels, tags, parts of speech, morphology and lemmas back. An
unselected sentence keeps its rule-based boundaries as a flat tree: its first token is
the root and the others have no head, label, tag or lemma, so rules reading the parse
find nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SPACY, TAG
from spacy.tokens import Doc
from spacy.util import minibatch

from .prefilter import CueFinder

_COPIED = [HEAD, DEP, TAG, POS, MORPH, LEMMA]


def _runs(sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges of runs of adjacent sentences."""
    runs: list[tuple[int, int]] = []
    for start, end in sentences:
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def _copies(doc: Doc, runs: list[tuple[int, int]]) -> list[Doc]:
    """Fresh docs of each run's tokens, with their norms and no annotation."""
    if not runs:
        return []
    rows = doc.to_array([ORTH, SPACY, NORM])
    strings = doc.vocab.strings
    copies = []
    for start, end in runs:
        part = rows[start:end]
        sub = Doc(doc.vocab, words=[strings[o] for o in part[:, 0].tolist()],
                  spaces=[bool(s) for s in part[:, 1].tolist()])
        sub.from_array([NORM], part[:, 2:3])
        copies.append(sub)
    return copies


class CuedParser:
    """Run the parsing components on the cued sentences of each doc only."""

    def __init__(self, finder: CueFinder, pipes: list[Any], root_label: str = "ROOT") -> None:
        self.finder = finder
        self.pipes = pipes  # callables with .pipe (ckg_paragraphs first, then the model's)
        self.root = root_label

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self._parse_batch(list(batch), batch_size)

    def _parse_batch(self, docs: list[Doc], batch_size: int) -> list[Doc]:
        runs = [_runs(self.finder.select(doc)) for doc in docs]
        subs = [sub for doc, doc_runs in zip(docs, runs) for sub in _copies(doc, doc_runs)]
        for pipe in self.pipes:
            subs = list(_apply(pipe, subs, batch_size))
        parsed = iter(subs)
        for doc, doc_runs in zip(docs, runs):
            self._write_back(doc, [(start, end, next(parsed)) for start, end in doc_runs])
        return docs

    def _write_back(self, doc: Doc, runs: list[tuple[int, int, Doc]]) -> None:
        import numpy

        array = numpy.zeros((len(doc), len(_COPIED)), dtype="uint64")
        root = doc.vocab.strings.add(self.root)
        for sent in doc.sents:  # unparsed: the first token is the root of a flat tree
            array[sent.start, 1] = root
        for start, end, sub in runs:
            array[start:end] = sub.to_array(_COPIED)
        if len(doc):
            doc.from_array(_COPIED, array)


def _apply(pipe: Any, docs: list[Doc], batch_size: int) -> Iterable[Doc]:
    if hasattr(pipe, "pipe"):
        return pipe.pipe(docs, batch_size=batch_size)
    return (pipe(doc) for doc in docs)
