"""ArticleExtractions → RDF statements (entities merged by key), and the rdflib Dataset of them.

The mapping emits triples of plain values per graph (``graph.statements``): cheap to make
and to index, turned into pyoxigraph terms while big graphs are written without passing
through rdflib (see ``graph/files.py``). ``build_dataset`` loads the
same statements into an rdflib Dataset, the in-process API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, Dataset, Literal
from rdflib.namespace import DCTERMS, SKOS

from extraction import ArticleExtraction, EntityRecord, TransferRecord
from ontology import GEO, KG, SCHEMA, WD, EntityType, to_term

from .iri import article_iri, entity_iri, geometry_iri, transfer_iri
from .plainindex import Lit, to_rdflib
from .statements import PlainTriple, Statements

# When two articles give one key different types, the more specific reading wins.
_TYPE_PRIORITY = {t: i for i, t in enumerate((
    EntityType.STATE, EntityType.OFFICIAL, EntityType.ORGANIZATION,
    EntityType.MILITARY_UNIT, EntityType.LOCATION, EntityType.PERSON))}

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> Lit:
    """A plain literal; a lone surrogate (not encodable as UTF-8) becomes U+FFFD."""
    if _LONE_SURROGATE.search(value):
        return Lit(_LONE_SURROGATE.sub("\ufffd", value))
    return Lit(value)


def _typed(value: str, datatype: Any) -> Lit:
    return Lit(value, str(datatype))


def _integer(value: int) -> Lit:
    return Lit(str(value), _XSD_INTEGER)


_XSD_INTEGER = str(XSD.integer)


class _Nodes(dict):
    """Name -> its IRI, minted on first use by ``mint`` (then looked up)."""

    def __init__(self, mint: Callable[[Any], str]) -> None:
        super().__init__()
        self.mint = mint

    def __missing__(self, name: Any) -> str:
        iri = self[name] = str(self.mint(name))
        return iri


class _Terms:
    """The vocabulary's IRIs as plain strings, made once."""

    def __init__(self) -> None:
        for name, iri in (("type", RDF.type), ("label", RDFS.label), ("alt", SKOS.altLabel),
                          ("same", OWL.sameAs), ("title", DCTERMS.title), ("url", SCHEMA.url),
                          ("has_geometry", GEO.hasGeometry), ("geometry", GEO.Geometry),
                          ("wkt", GEO.asWKT)):
            setattr(self, name, str(iri))
        self.kg = _Nodes(KG.__getitem__)  # kg["supplier"] is ckg:supplier
        self.enum = _Nodes(to_term)  # a category, status or entity type -> its class


_TERMS: _Terms | None = None


def _terms() -> _Terms:
    global _TERMS
    if _TERMS is None:
        _TERMS = _Terms()
    return _TERMS


def _first_set(records: list[EntityRecord], attribute: str) -> str | None:
    return next((getattr(r, attribute) for r in records if getattr(r, attribute)), None)


def _entity_triples(records: list[EntityRecord], nodes: _Nodes) -> Iterator[PlainTriple]:
    """The merged description of each entity key, in the default graph."""
    t = _terms()
    by_key: dict[str, list[EntityRecord]] = {}
    for record in records:
        by_key.setdefault(record.key, []).append(record)
    for key in sorted(by_key):
        group = by_key[key]
        entity_type = min((r.type for r in group), key=_TYPE_PRIORITY.__getitem__)
        node = nodes[key]
        name = group[0].name
        statements = [(t.type, t.enum[entity_type]), (t.label, _text(name)),
                      (t.kg["key"], _text(key))]
        statements += [(t.alt, _text(alias))
                       for alias in sorted({a for r in group for a in r.aliases} - {name})]
        if wikidata := _first_set(group, "wikidata"):
            statements.append((t.same, str(WD[wikidata])))
        if role := _first_set(group, "role"):
            statements.append((t.kg["role"], _text(role)))
        if affiliation := _first_set(group, "affiliation"):
            statements.append((t.kg["affiliation"], nodes[affiliation]))
        if located_in := _first_set(group, "located_in"):
            statements.append((t.kg["locatedIn"], nodes[located_in]))
        for predicate, obj in statements:
            yield node, predicate, obj
        coordinates = next((r.coordinates for r in group if r.coordinates), None)
        if coordinates is not None:
            latitude, longitude = coordinates
            geometry = str(geometry_iri(key))
            yield node, t.has_geometry, geometry
            yield geometry, t.type, t.geometry
            yield geometry, t.wkt, _typed(f"POINT({longitude} {latitude})", GEO.wktLiteral)


def _quantity_term(value: int | Decimal) -> Lit:
    if isinstance(value, Decimal):
        return _typed(str(value), XSD.decimal)
    return _integer(int(value))


def quantity_literal(value: int | Decimal) -> Literal:
    """xsd:integer for whole numbers, xsd:decimal otherwise (lexical form kept as given)."""
    return to_rdflib(_quantity_term(value))


def _date_term(iso: str) -> Lit:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(iso), XSD.string)
    return _typed(iso, datatype)


def date_literal(iso: str) -> Literal:
    """xsd:date for YYYY-MM-DD, xsd:gYearMonth for YYYY-MM, xsd:gYear for YYYY."""
    return to_rdflib(_date_term(iso))


def transfer_label(transfer: TransferRecord, names: dict[str, str]) -> str:
    """A readable one-line label: 'Iran → Russia: Drones (300 drones)'."""
    amount = ""
    if transfer.quantity is not None:
        amount = f" ({transfer.quantity}{' ' + transfer.unit if transfer.unit else ''})"
    supplier = names.get(transfer.supplier, transfer.supplier)
    recipient = names.get(transfer.recipient, transfer.recipient)
    return f"{supplier} → {recipient}: {transfer.category.value}{amount}"


def _article_triples(extraction: ArticleExtraction, names: dict[str, str],
                     nodes: _Nodes) -> tuple[str, list[PlainTriple]]:
    """The article's named graph: its name, and the article and its transfer claims."""
    t = _terms()
    article = str(article_iri(extraction.article_id))
    triples = [(article, t.type, t.kg["Article"]),
               (article, t.kg["sourceFile"], _text(extraction.source_file)),
               (article, t.kg["sha256"], _text(extraction.article_id))]
    if extraction.title:
        triples.append((article, t.title, _text(extraction.title)))
    if extraction.published:
        triples.append((article, t.kg["published"],
                        _typed(extraction.published.isoformat(), XSD.date)))
    if extraction.author:
        triples.append((article, t.kg["byline"], _text(extraction.author)))
    if extraction.url:
        triples.append((article, t.url, _typed(extraction.url, XSD.anyURI)))
    for key in sorted({e.key for e in extraction.entities}):
        triples.append((article, t.kg["mentions"], nodes[key]))
    kg, enum = t.kg, t.enum
    for transfer in extraction.transfers:
        node = str(transfer_iri(extraction.article_id, transfer))
        claim = [(t.type, kg["Transfer"]),
                 (t.label, _text(transfer_label(transfer, names))),
                 (kg["supplier"], nodes[transfer.supplier]),
                 (kg["recipient"], nodes[transfer.recipient]),
                 (kg["category"], enum[transfer.category]),
                 (kg["status"], enum[transfer.status]),
                 (kg["reportedIn"], article),
                 (kg["evidence"], _text(transfer.evidence.text)),
                 (kg["evidenceStart"], _integer(transfer.evidence.start)),
                 (kg["evidenceEnd"], _integer(transfer.evidence.end))]
        if transfer.quantity is not None:
            claim.append((kg["quantity"], _quantity_term(transfer.quantity)))
        if transfer.qualifier:
            claim.append((kg["quantityQualifier"], _text(transfer.qualifier)))
        if transfer.unit:
            claim.append((kg["unit"], _text(transfer.unit)))
        claim += [(kg["claimedBy"], nodes[c]) for c in transfer.claimants]
        if transfer.destination:
            claim.append((kg["destination"], nodes[transfer.destination]))
        if transfer.when:
            claim.append((kg["transferDate"], _date_term(transfer.when)))
        triples += [(node, predicate, obj) for predicate, obj in claim]
    return article, triples


def build_statements(extractions: Iterable[ArticleExtraction]) -> Statements:
    """Map extractions to RDF: entities merged by key, then each article's graph.

    Articles come in (source file, id) order and everything inside is sorted, so the
    same extractions give the same statements in the same order; each subject's statements
    are contiguous, and no quad (nor triple) repeats: entities are made once per key,
    and articles, claims and their graphs have IRIs of their own.
    """
    extractions = sorted(extractions, key=lambda e: (e.source_file, e.article_id))
    records = [record for extraction in extractions for record in extraction.entities]
    names: dict[str, str] = {}
    for record in records:
        names.setdefault(record.key, record.name)
    nodes = _Nodes(entity_iri)  # entity key -> its node
    graphs: list[tuple[str | None, tuple[PlainTriple, ...]]] = [
        (None, tuple(_entity_triples(records, nodes)))]
    for extraction in extractions:
        article, triples = _article_triples(extraction, names, nodes)
        graphs.append((article, tuple(triples)))
    return Statements(tuple(graphs))


def build_dataset(extractions: Iterable[ArticleExtraction]) -> Dataset:
    """Build the canonical model: entities in the default graph, one named graph per article.

    The Dataset's default graph is the union of all graphs, so ``dataset.triples`` and
    SPARQL see everything; TriG and N-Quads keep the named graphs apart.
    """
    return build_statements(extractions).to_dataset()
