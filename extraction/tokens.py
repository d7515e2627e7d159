"""Per-doc token attributes read once (the rules look them up by token index).

Reading an attribute through a spaCy ``Token`` builds a Python object per access; the
rules read the same lemmas and parts of speech many times per sentence, so they are read
once per doc into plain lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any


def lemma(token: Any) -> str:
    """A token's lemma in lower case, or its lower-case form when it has no lemma."""
    return token.lemma_.lower() if token.lemma_ else token.lower_


def opening(span: Any) -> str:
    """The first character of a span's text after leading whitespace ("" if none).

    The same as ``span.text.lstrip()[:1]`` without joining the span's tokens.
    """
    for token in span:
        if not token.is_space:
            return token.text.lstrip()[:1]
    return ""


@dataclass(slots=True)
class TokenTable:
    """Plain lists of one doc's token attributes, indexed by ``token.i``."""

    lemmas: list[str]  # lemma_.lower(), or lower_ when there is no lemma (rules' _lemma)
    lowers: list[str]
    pos: list[str]
    tags: list[str]
    deps: list[str]
    ent_types: list[str]


_LAST: list[Any] = [None, None]  # (doc, table) of the doc read last
_COLUMNS = ("LOWER", "LEMMA", "POS", "TAG", "DEP", "ENT_TYPE")


def token_table(doc: Any) -> TokenTable:
    """The attribute lists of ``doc`` (read once; the table of the last doc is kept).

    The attributes are read as one array of string ids (no ``Token`` objects); each
    distinct id is turned into text once.
    """
    if _LAST[0] is doc:
        return _LAST[1]
    array = doc.to_array(list(_COLUMNS)).reshape(len(doc), len(_COLUMNS))
    strings = doc.vocab.strings
    lowers, lemmas, tags, deps, ent_types = (_names(array[:, i], strings.__getitem__)
                                             for i in (0, 1, 3, 4, 5))
    lemmas = [lemma.lower() if lemma else lower for lemma, lower in zip(lemmas, lowers)]
    pos = _names(array[:, 2], _pos_names().__getitem__)
    table = TokenTable(lemmas, lowers, pos, tags, deps, ent_types)
    _LAST[0], _LAST[1] = doc, table
    return table


def _names(ids: Any, name_of: Any) -> list[str]:
    """The text of each id of a column (each distinct id looked up once; 0 is "")."""
    import numpy

    distinct, where = numpy.unique(ids, return_inverse=True)
    names = [name_of(int(key)) if key else "" for key in distinct]
    return [names[i] for i in where.tolist()]


@cache
def _pos_names() -> dict[int, str]:
    """Part-of-speech names by id ("" for none)."""
    from spacy.parts_of_speech import IDS

    return {number: name for name, number in IDS.items()}
