"""Per-doc token attributes read once (the rules look them up by token index).

Reading an attribute through a spaCy ``Token`` builds a Python object per access; the
rules read the same lemmas and parts of speech many times per sentence, so they are read
once per doc into plain lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def lemma(token: Any) -> str:
    """A token's lemma in lower case, or its lower-case form when it has no lemma."""
    return token.lemma_.lower() if token.lemma_ else token.lower_


#: Opening quotation marks: a sentence starting with one continues a speaker's report.
OPEN_QUOTES = "\"\u201c"


def first_char(span: Any) -> str:
    """``span.text.lstrip()[:1]``, reading only the tokens up to the first non-space one
    (``Span.text`` builds a Token for every token of the span).

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("\\n  \u201cWe will,\u201d he said.")
        >>> first_char(doc[0:4]), first_char(doc[0:1])
        ('\u201c', '')
    """
    for token in span:
        text = token.text.lstrip()
        if text:
            return text[0]
    return ""


def opens_quote(span: Any) -> bool:
    """Whether ``span`` starts (after spaces) with an opening quotation mark, so that it
    continues a speaker's report. A span of spaces only counts too, as ``"" in`` does."""
    return first_char(span) in OPEN_QUOTES


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


def token_table(doc: Any) -> TokenTable:
    """The attribute lists of ``doc`` (read once; the table of the last doc is kept)."""
    if _LAST[0] is doc:
        return _LAST[1]
    lemmas, lowers, pos, tags, deps, ent_types = [], [], [], [], [], []
    for token in doc:
        lower = token.lower_
        lemma = token.lemma_
        lemmas.append(lemma.lower() if lemma else lower)
        lowers.append(lower)
        pos.append(token.pos_)
        tags.append(token.tag_)
        deps.append(token.dep_)
        ent_types.append(token.ent_type_)
    table = TokenTable(lemmas, lowers, pos, tags, deps, ent_types)
    _LAST[0], _LAST[1] = doc, table
    return table
