"""ArticleExtractions → rdflib Dataset, the canonical model (entities merged by key)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal
from rdflib.namespace import DCTERMS, SKOS

from extraction import ArticleExtraction, EntityRecord, TransferRecord
from ontology import GEO, KG, SCHEMA, WD, EntityType, bind, to_term

from .iri import article_iri, entity_iri, geometry_iri, transfer_iri

# When two articles give one key different types, the more specific reading wins.
_TYPE_PRIORITY = {t: i for i, t in enumerate((
    EntityType.STATE, EntityType.OFFICIAL, EntityType.ORGANIZATION,
    EntityType.MILITARY_UNIT, EntityType.LOCATION, EntityType.PERSON))}


def _first_set(records: list[EntityRecord], attribute: str) -> str | None:
    return next((getattr(r, attribute) for r in records if getattr(r, attribute)), None)


def _add_entities(graph: Graph, records: list[EntityRecord]) -> None:
    """Add the merged description of each entity key to ``graph``."""
    by_key: dict[str, list[EntityRecord]] = {}
    for record in records:
        by_key.setdefault(record.key, []).append(record)
    for key in sorted(by_key):
        group = by_key[key]
        entity_type = min((r.type for r in group), key=_TYPE_PRIORITY.__getitem__)
        node = entity_iri(key)
        name = group[0].name
        graph.add((node, RDF.type, to_term(entity_type)))
        graph.add((node, RDFS.label, Literal(name)))
        graph.add((node, KG.key, Literal(key)))
        for alias in sorted({a for r in group for a in r.aliases} - {name}):
            graph.add((node, SKOS.altLabel, Literal(alias)))
        if wikidata := _first_set(group, "wikidata"):
            graph.add((node, OWL.sameAs, WD[wikidata]))
        if role := _first_set(group, "role"):
            graph.add((node, KG.role, Literal(role)))
        if affiliation := _first_set(group, "affiliation"):
            graph.add((node, KG.affiliation, entity_iri(affiliation)))
        if located_in := _first_set(group, "located_in"):
            graph.add((node, KG.locatedIn, entity_iri(located_in)))
        coordinates = next((r.coordinates for r in group if r.coordinates), None)
        if coordinates is not None:
            latitude, longitude = coordinates
            geometry = geometry_iri(key)
            graph.add((node, GEO.hasGeometry, geometry))
            graph.add((geometry, RDF.type, GEO.Geometry))
            graph.add((geometry, GEO.asWKT, Literal(f"POINT({longitude} {latitude})",
                                                    datatype=GEO.wktLiteral)))


def quantity_literal(value: int | Decimal) -> Literal:
    """xsd:integer for whole numbers, xsd:decimal otherwise (lexical form kept as given)."""
    if isinstance(value, Decimal):
        return Literal(str(value), datatype=XSD.decimal)
    return Literal(int(value), datatype=XSD.integer)


def date_literal(iso: str) -> Literal:
    """xsd:date for YYYY-MM-DD, xsd:gYearMonth for YYYY-MM, xsd:gYear for YYYY."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(iso), XSD.string)
    return Literal(iso, datatype=datatype)


def transfer_label(transfer: TransferRecord, names: dict[str, str]) -> str:
    """A readable one-line label: 'Iran → Russia: Drones (300 drones)'."""
    amount = ""
    if transfer.quantity is not None:
        amount = f" ({transfer.quantity}{' ' + transfer.unit if transfer.unit else ''})"
    supplier = names.get(transfer.supplier, transfer.supplier)
    recipient = names.get(transfer.recipient, transfer.recipient)
    return f"{supplier} → {recipient}: {transfer.category.value}{amount}"


def _add_article(graph: Graph, extraction: ArticleExtraction, names: dict[str, str]) -> None:
    article = article_iri(extraction.article_id)
    graph.add((article, RDF.type, KG.Article))
    graph.add((article, KG.sourceFile, Literal(extraction.source_file)))
    graph.add((article, KG.sha256, Literal(extraction.article_id)))
    if extraction.title:
        graph.add((article, DCTERMS.title, Literal(extraction.title)))
    if extraction.published:
        graph.add((article, KG.published, Literal(extraction.published.isoformat(),
                                                  datatype=XSD.date)))
    if extraction.author:
        graph.add((article, KG.byline, Literal(extraction.author)))
    if extraction.url:
        graph.add((article, SCHEMA.url, Literal(extraction.url, datatype=XSD.anyURI)))
    for key in sorted({e.key for e in extraction.entities}):
        graph.add((article, KG.mentions, entity_iri(key)))
    for transfer in extraction.transfers:
        node = transfer_iri(extraction.article_id, transfer)
        graph.add((node, RDF.type, KG.Transfer))
        graph.add((node, RDFS.label, Literal(transfer_label(transfer, names))))
        graph.add((node, KG.supplier, entity_iri(transfer.supplier)))
        graph.add((node, KG.recipient, entity_iri(transfer.recipient)))
        graph.add((node, KG.category, to_term(transfer.category)))
        graph.add((node, KG.status, to_term(transfer.status)))
        graph.add((node, KG.reportedIn, article))
        graph.add((node, KG.evidence, Literal(transfer.evidence.text)))
        graph.add((node, KG.evidenceStart, Literal(transfer.evidence.start)))
        graph.add((node, KG.evidenceEnd, Literal(transfer.evidence.end)))
        if transfer.quantity is not None:
            graph.add((node, KG.quantity, quantity_literal(transfer.quantity)))
        if transfer.qualifier:
            graph.add((node, KG.quantityQualifier, Literal(transfer.qualifier)))
        if transfer.unit:
            graph.add((node, KG.unit, Literal(transfer.unit)))
        for claimant in transfer.claimants:
            graph.add((node, KG.claimedBy, entity_iri(claimant)))
        if transfer.destination:
            graph.add((node, KG.destination, entity_iri(transfer.destination)))
        if transfer.when:
            graph.add((node, KG.transferDate, date_literal(transfer.when)))


def build_dataset(extractions: Iterable[ArticleExtraction]) -> Dataset:
    """Build the canonical model: entities in the default graph, one named graph per article.

    The Dataset's default graph is the union of all graphs, so ``dataset.triples`` and
    SPARQL see everything; TriG and N-Quads keep the named graphs apart.
    """
    extractions = sorted(extractions, key=lambda e: (e.source_file, e.article_id))
    dataset = bind(Dataset(default_union=True))
    records = [record for extraction in extractions for record in extraction.entities]
    names = {}
    for record in records:
        names.setdefault(record.key, record.name)
    _add_entities(dataset.default_graph, records)
    for extraction in extractions:
        _add_article(dataset.graph(article_iri(extraction.article_id)), extraction, names)
    return dataset
