"""Records → RDF without spaCy: the mapping, merging by key, IRIs and literals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import SKOS

from extraction import ArticleExtraction, EntityRecord, Mention, TransferRecord
from graph import article_iri, build_dataset, entity_iri
from ontology import ID, KG, WD, EntityType, Status, TransferCategory, validate


def _article(article_id="a" * 64, name="one.txt", entities=(), transfers=(), **kw):
    return ArticleExtraction(article_id=article_id, source_file=name, entities=entities,
                             transfers=transfers, **kw)


IRAN = EntityRecord(key="iran", type=EntityType.STATE, name="Iran", aliases=("Tehran",),
                    wikidata="Q794")
SUDAN = EntityRecord(key="sudan", type=EntityType.STATE, name="Sudan")
MINISTER = EntityRecord(key="jane_roe", type=EntityType.OFFICIAL, name="Jane Roe",
                        role="Defence Minister", affiliation="iran")
PORT = EntityRecord(key="port_sudan", type=EntityType.LOCATION, name="Port Sudan",
                    located_in="sudan", coordinates=(19.6, 37.2))
TEXT = "Iran sent 12 drones to Sudan, Jane Roe said."
SHIPMENT = TransferRecord(
    supplier="iran", recipient="sudan", category=TransferCategory.DRONES,
    status=Status.REPORTED, evidence=Mention(start=0, end=len(TEXT), text=TEXT),
    quantity=12, qualifier="at least", unit="drones", claimants=("jane_roe",),
    destination="port_sudan", when="2025-03")


def test_transfer_maps_to_every_contract_property():
    graph = build_dataset([_article(entities=(IRAN, SUDAN, MINISTER, PORT),
                                    transfers=(SHIPMENT,), published=date(2025, 4, 1))])
    (transfer,) = graph.subjects(RDF.type, KG.Transfer)
    expected = {
        KG.supplier: entity_iri("iran"), KG.recipient: entity_iri("sudan"),
        KG.category: KG.Drones, KG.status: KG.Reported,
        KG.quantity: Literal(12, datatype=XSD.integer), KG.unit: Literal("drones"),
        KG.quantityQualifier: Literal("at least"), KG.claimedBy: entity_iri("jane_roe"),
        KG.destination: entity_iri("port_sudan"), KG.reportedIn: article_iri("a" * 64),
        KG.evidence: Literal(TEXT), KG.transferDate: Literal("2025-03", datatype=XSD.gYearMonth),
    }
    for prop, value in expected.items():
        assert graph.value(transfer, prop) == value, prop
    assert graph.value(article_iri("a" * 64), KG.sourceFile) == Literal("one.txt")
    assert validate(graph).conforms


def test_entities_carry_labels_sameas_role_and_place():
    graph = build_dataset([_article(entities=(IRAN, SUDAN, MINISTER, PORT))])
    iran = entity_iri("iran")
    assert graph.value(iran, RDFS.label) == Literal("Iran")
    assert (iran, SKOS.altLabel, Literal("Tehran")) in graph
    assert (iran, OWL.sameAs, WD.Q794) in graph
    assert graph.value(entity_iri("jane_roe"), KG.role) == Literal("Defence Minister")
    assert graph.value(entity_iri("port_sudan"), KG.locatedIn) == entity_iri("sudan")


def test_one_key_is_one_node_across_articles():
    other = EntityRecord(key="iran", type=EntityType.STATE, name="Iran",
                         aliases=("Islamic Republic of Iran",))
    graph = build_dataset([_article(entities=(IRAN,)),
                           _article(article_id="b" * 64, name="two.txt", entities=(other,))])
    iran = entity_iri("iran")
    assert len(list(graph.objects(iran, RDFS.label))) == 1
    assert set(graph.objects(iran, SKOS.altLabel)) == {Literal("Tehran"),
                                                      Literal("Islamic Republic of Iran")}
    assert len(set(graph.subjects(RDF.type, KG.Article))) == 2


def test_decimal_quantity_keeps_its_lexical_form():
    transfer = TransferRecord(supplier="iran", recipient="sudan",
                              category=TransferCategory.MILITARY_AID, status=Status.PLANNED,
                              evidence=Mention(start=0, end=1, text="x"),
                              quantity=Decimal("6433.10"), unit="USD")
    graph = build_dataset([_article(entities=(IRAN, SUDAN), transfers=(transfer,))])
    (value,) = graph.objects(None, KG.quantity)
    assert str(value) == "6433.10" and value.datatype == XSD.decimal


@given(st.text(min_size=1, max_size=40))
def test_entity_iris_are_legal_and_stable(key):
    iri = entity_iri(key)
    assert iri == entity_iri(key) and iri.startswith(str(ID))
    assert not set(iri) & set(' <>"{}|\\^`\n')


@given(st.text(min_size=1, max_size=60))
def test_any_name_round_trips_through_turtle(name):
    record = EntityRecord(key="odd", type=EntityType.PERSON, name=name)
    graph = build_dataset([_article(entities=(record,))])
    text = graph.serialize(format="trig")
    again = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    assert again.value(entity_iri("odd"), RDFS.label) is not None
    assert text
