"""A read-only index of RDF triples in plain Python values, filled from built statements,
pyoxigraph quads or an rdflib graph, so that projections such as the page read them all
alike and fast.

IRIs are ``str``; blank nodes are ``Blank`` and literals ``Lit``. In the index a literal's
``str()`` is the text rdflib gives for the same term (typed literals normalised as rdflib
does); built statements (``graph.statements``) keep the lexical form.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from .collector import paused_gc

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = f"{_XSD}string"
_PLAIN = frozenset({None, _XSD_STRING, "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
#: Lexical forms rdflib keeps as they are (its normalised form is the same text).
_CANONICAL = {
    f"{_XSD}integer": re.compile(r"0|-?[1-9][0-9]{0,15}"),
    f"{_XSD}date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}


class Blank(NamedTuple):
    """A blank node, by its label."""

    id: str

    def __str__(self) -> str:
        return self.id


class Lit(NamedTuple):
    """A literal: its text as rdflib gives it, its datatype IRI (or None) and language."""

    text: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.text


Term = str | Blank | Lit


class PlainIndex:
    """Objects per (predicate, subject) for a chosen set of predicates; triples distinct.

    A subject with one object of a predicate (the usual case) maps to the object itself,
    one with several to a list of them, in the order they came.
    """

    def __init__(self) -> None:
        self._objects: dict[str, dict[Term, Term | list[Term]]] = {}
        self._several: set[str] = set()  # predicates some subject has several objects of
        self._subjects: dict[str, dict[Term, list[Term]]] = {}

    def add(self, subject: Term, predicate: str, obj: Term) -> None:
        """Add one triple (a triple already present is ignored)."""
        self._subjects.pop(predicate, None)
        table = self._objects.setdefault(predicate, {})
        old = table.get(subject)
        if old is None:
            table[subject] = obj
        elif type(old) is list:
            if obj not in old:
                old.append(obj)
        elif old != obj:
            table[subject] = [old, obj]
            self._several.add(predicate)

    def several(self, predicate: str) -> list[Term]:
        """The subjects with more than one object of ``predicate``."""
        return [s for s, found in self._objects.get(predicate, {}).items()
                if type(found) is list]

    def reorder(self, subject: Term, predicate: str, order: list[Term]) -> None:
        """Put ``subject``'s objects of ``predicate`` in the order of ``order``."""
        values = self._objects[predicate][subject]
        if type(values) is list:
            values.sort(key=order.index)
        self._subjects.pop(predicate, None)

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        """The objects of ``subject``'s ``predicate`` triples, in the order they came."""
        found = self._objects.get(predicate, {}).get(subject)
        if found is None:
            return []
        return list(found) if type(found) is list else [found]

    def first(self, subject: Term, predicate: str) -> Term | None:
        """The object whose text sorts first (the earliest on ties), or None.

        Example:
            >>> index = PlainIndex()
            >>> for title in (Lit("b"), Lit("a"), Lit("a", lang="en")):
            ...     index.add("urn:x", "urn:title", title)
            >>> index.first("urn:x", "urn:title")
            Lit(text='a', datatype=None, lang=None)
        """
        found = self._objects.get(predicate, {}).get(subject)
        return min(found, key=str) if type(found) is list else found

    def firsts(self, predicate: str) -> Mapping[Term, Term]:
        """``first(subject, predicate)`` for every subject that has the predicate."""
        table = self._objects.get(predicate, {})
        if predicate not in self._several:
            return table  # type: ignore[return-value]  # no lists in it
        return {s: min(v, key=str) if type(v) is list else v for s, v in table.items()}

    def subjects(self, predicate: str, obj: Term) -> list[Term]:
        """The subjects of ``predicate`` triples whose object is ``obj``."""
        reverse = self._subjects.get(predicate)
        if reverse is None:
            reverse = self._subjects[predicate] = {}
            for subject, value in self.subject_objects(predicate):
                reverse.setdefault(value, []).append(subject)
        return reverse.get(obj, [])

    def subject_objects(self, predicate: str) -> Iterator[tuple[Term, Term]]:
        """Every (subject, object) of ``predicate``."""
        for subject, found in self._objects.get(predicate, {}).items():
            if type(found) is list:
                for value in found:
                    yield subject, value
            else:
                yield subject, found


def from_quads(quads: Iterable[Any], predicates: Collection[str]) -> PlainIndex:
    """Index pyoxigraph quads or triples whose predicate is one of ``predicates``."""
    return from_plain(((plain_term(q.subject), q.predicate.value, plain_term(q.object))
                       for q in quads), predicates)


def from_plain(triples: Iterable[tuple[Term, str, Term]],
               predicates: Collection[str]) -> PlainIndex:
    """Index plain triples (``Statements.plain_triples()``) whose predicate is one of
    ``predicates``; literals get the text rdflib gives them."""
    index = PlainIndex()
    tables = {p: index._objects.setdefault(p, {}) for p in predicates}
    texts: dict[Lit, Lit] = {}
    with paused_gc():
        for s, p, o in triples:  # the hot loop of big pages: add() inlined on purpose
            table = tables.get(p)
            if table is None:
                continue
            if type(o) is Lit and o.datatype is not None:
                o = texts.get(o) or texts.setdefault(o, _indexed_literal(o))
            old = table.get(s)
            if old is None:
                table[s] = o
            elif old != o:
                index.add(s, p, o)
    return index


def from_rdflib(graph: Any, predicates: Collection[str]) -> PlainIndex:
    """Index the triples of an rdflib Graph or Dataset (all its graphs) with these predicates.

    Each subject's objects keep the order rdflib gives them. A Dataset whose default
    graph is not the union is read quad by quad, so every named graph counts.
    """
    from rdflib import Dataset, URIRef

    index = PlainIndex()
    with paused_gc():
        if isinstance(graph, Dataset) and not graph.default_union:
            wanted = {URIRef(p): p for p in predicates}
            for subject, predicate, obj, _ in graph.quads((None, None, None, None)):
                if predicate in wanted:
                    index.add(_from_rdflib(subject), wanted[predicate], _from_rdflib(obj))
            return index
        for predicate in predicates:
            node = URIRef(predicate)
            for subject, _, obj in graph.triples((None, node, None)):
                index.add(_from_rdflib(subject), predicate, _from_rdflib(obj))
            for subject in index.several(predicate):  # as graph.objects() lists them
                index.reorder(subject, predicate, [
                    _from_rdflib(o) for o in graph.objects(to_rdflib(subject), node)])
    return index


def _indexed_literal(literal: Lit) -> Lit:
    """A typed literal of built statements as the index holds it (as from pyoxigraph)."""
    if literal.lang:
        return Lit(literal.text, None, literal.lang)
    if literal.datatype in _PLAIN:
        return Lit(literal.text)
    return Lit(rdflib_text(literal.text, literal.datatype), literal.datatype)


def plain_term(term: Any) -> Term:
    """A pyoxigraph term as a plain one: a literal keeps its lexical form, and an
    xsd:string literal is plain."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return Blank(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Lit(term.value, None, term.language)
        datatype = term.datatype.value
        return Lit(term.value, None if datatype == _XSD_STRING else datatype)
    from .errors import GraphError

    raise GraphError(f"unsupported term {term!r}")


def _from_rdflib(term: Any) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return Blank(str(term))
    if isinstance(term, Literal):
        return Lit(str(term), None if term.datatype is None else str(term.datatype),
                   term.language)
    from .errors import GraphError

    raise GraphError(f"unsupported term {term!r}")


def rdflib_text(lexical: str, datatype: str) -> str:
    """The text rdflib gives a literal of this lexical form and datatype.

    rdflib normalises some typed literals (``"007"^^xsd:integer`` reads as ``7``).

    Example:
        >>> rdflib_text("007", "http://www.w3.org/2001/XMLSchema#integer")
        '7'
    """
    pattern = _CANONICAL.get(datatype)
    if pattern is not None and pattern.fullmatch(lexical):
        return lexical
    from rdflib import Literal, URIRef

    return str(Literal(lexical, datatype=URIRef(datatype)))


def to_rdflib(term: Term) -> Any:
    """The rdflib term for an indexed one."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, Lit):
        return Literal(term.text, lang=term.lang,
                       datatype=None if term.datatype is None else URIRef(term.datatype))
    if isinstance(term, Blank):
        return BNode(term.id)
    return URIRef(term)


__all__ = ["Blank", "Lit", "PlainIndex", "from_plain", "from_quads", "from_rdflib", "plain_term",
           "rdflib_text", "to_rdflib"]
