"""The model's rule components, run as whole-doc lookups: same annotations, less Python.

spaCy's attribute ruler sets each match's attributes through a Span and a Token, and its
lemmatizer makes a Token for every word; on the sentences ckg parses these cost about
half as much as the parser itself. ``speed_up_attribute_ruler`` (on the ruler itself)
and ``LookupLemmatizer`` (standing in for the lemmatizer) replace those per-token steps
with one read and one write of the doc's attribute arrays, keeping the components' own
matches, orders and caches, so every token ends with the values spaCy would give it.
A component they do not know how to reproduce is left as it is.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

#: The attributes an attribute ruler may set here: plain token fields, which
#: ``Doc.from_array`` writes as the ruler's ``set_token_attrs`` does.
_FIELDS = (POS, TAG, MORPH, LEMMA, DEP)


def speed_up_attribute_ruler(ruler: Any) -> bool:
    """Make ``ruler`` (an ``AttributeRuler``) apply its matches as whole columns.

    Matches apply in the ruler's order (by pattern number, then position), so a later
    pattern's value wins, as in ``AttributeRuler.set_annotations``. Returns False, and
    changes nothing, when a pattern sets anything but POS, TAG, MORPH, LEMMA or DEP.
    """
    if any(attr not in _FIELDS for attrs in ruler.attrs for attr in attrs):
        return False
    numbers: dict[int, int] = {}  # match id -> pattern number
    strings = ruler.vocab.strings

    def match(doc: Any) -> list[tuple[int, int, int, int]]:
        found = []
        for match_id, start, end in ruler.matcher(doc, allow_missing=True, as_spans=False):
            number = numbers.get(match_id)
            if number is None:
                number = numbers[match_id] = int(strings[match_id])
            found.append((number, match_id, start, end))
        found.sort()
        return found

    def set_annotations(doc: Any, matches: list[tuple[int, int, int, int]]) -> None:
        if not matches:
            return
        attrs, indices = ruler.attrs, ruler.indices
        columns = {attr: n for n, attr in enumerate(_FIELDS)}
        array = doc.to_array(list(_FIELDS))
        for number, _, start, end in matches:
            index = indices[number]
            token = start + index if index >= 0 else end + index
            if not start <= token < end:  # the ruler's own error for a bad index
                return type(ruler).set_annotations(ruler, doc, [(number, _, start, end)])
            for attr, value in attrs[number].items():
                array[token, columns[attr]] = value
        doc.from_array(list(_FIELDS), array)

    ruler.match = match
    ruler.set_annotations = set_annotations
    return True


#: The most (form, part of speech, morphology) lemmas a LookupLemmatizer remembers.
_MEMO_LIMIT = 500_000


class LookupLemmatizer:
    """A rule-mode ``Lemmatizer`` that looks known words up by array (same lemmas).

    A rule lemmatizer's first lemma depends only on the word's form, part of speech and
    morphology (and its tables), but it caches only some words and rebuilds the
    morphology of the others each time. This remembers the first lemma of every
    (form, part of speech, morphology) it has seen, asking the lemmatizer's own
    ``lemmatize`` for new ones. Words with a lemma already keep it (unless the
    lemmatizer overwrites), as in ``Lemmatizer.__call__``.
    """

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.name = lemmatizer.name
        self._lemmas: dict[tuple[int, int, int], int] = {}

    @staticmethod
    def fits(lemmatizer: Any) -> bool:
        """Can this class stand in for ``lemmatizer``?"""
        return getattr(lemmatizer, "mode", None) == "rule"

    def __call__(self, doc: Any) -> Any:
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        if not len(doc):
            return doc
        known, strings = self._lemmas, lemmatizer.vocab.strings
        overwrite = lemmatizer.overwrite
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3:4].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            found = known.get((orth, pos, morph))
            if found is None:
                if len(known) >= _MEMO_LIMIT:
                    known.clear()
                found = known[orth, pos, morph] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i, 0] = found
        doc.from_array([LEMMA], lemmas)
        return doc
