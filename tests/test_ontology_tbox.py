"""The TBox (ontology/kg.ttl) against the Python mirror of it and the vocabularies it reuses."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from ontology import KG, SCHEMA, SEM, EntityType, Status, TransferCategory, load_tbox, to_term

GEO_FEATURE = URIRef("http://www.opengis.net/ont/geosparql#Feature")
ONTOLOGY_IRI = URIRef("https://w3id.org/ckg/ontology")
ENTITY_CLASSES = [KG.State, KG.Official, KG.Person, KG.Organization, KG.MilitaryUnit, KG.Location]


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return load_tbox()


def _ckg_subjects(tbox: Graph) -> set[URIRef]:
    base = str(KG._NS)
    return {s for s in tbox.subjects() if isinstance(s, URIRef) and str(s).startswith(base)}


def test_namespace_matches_tbox(tbox):
    declared = _ckg_subjects(tbox)
    mirrored = set(dir(KG))
    assert mirrored - declared == set(), "in namespace.py but not declared in kg.ttl"
    assert declared - mirrored == set(), "declared in kg.ttl but missing from namespace.py"


def test_tbox_uses_only_declared_ckg_terms(tbox):
    used = {
        term
        for triple in tbox
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(KG._NS))
    }
    assert used <= _ckg_subjects(tbox)


@pytest.mark.parametrize("term", sorted(dir(KG)), ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_every_term_has_label_and_comment(tbox, term):
    labels = list(tbox.objects(term, RDFS.label))
    comments = list(tbox.objects(term, RDFS.comment))
    assert len(labels) == 1 and isinstance(labels[0], Literal)
    assert len(comments) == 1 and len(str(comments[0])) > 10


def test_ontology_header_has_version(tbox):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in tbox
    assert tbox.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert tbox.value(ONTOLOGY_IRI, RDFS.label) is not None


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_entity_classes_are_direct_subclasses_of_entity(tbox, cls):
    assert (cls, RDF.type, OWL.Class) in tbox
    assert (cls, RDFS.subClassOf, KG.Entity) in tbox


def test_official_is_not_a_person_subclass(tbox):
    # the scorer checks Person and Official as separate types (ANNOTATION.md)
    assert (KG.Official, RDFS.subClassOf, KG.Person) not in tbox


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (KG.State, SCHEMA.Country),
        (KG.Person, SCHEMA.Person),
        (KG.Person, PROV.Agent),
        (KG.Official, SCHEMA.Person),
        (KG.Official, PROV.Agent),
        (KG.Organization, SCHEMA.Organization),
        (KG.Location, SCHEMA.Place),
        (KG.Location, GEO_FEATURE),
        (KG.Transfer, SEM.Event),
        (KG.Transfer, PROV.Entity),
        (KG.Article, SCHEMA.NewsArticle),
    ],
    ids=lambda t: str(t).rsplit("/", 1)[-1],
)
def test_classes_align_with_reused_vocabularies(tbox, cls, parent):
    assert (cls, RDFS.subClassOf, parent) in tbox


@pytest.mark.parametrize(
    ("prop", "parent"),
    [
        (KG.reportedIn, PROV.wasDerivedFrom),
        (KG.claimedBy, PROV.wasAttributedTo),
        (KG.published, SCHEMA.datePublished),
        (KG.locatedIn, SCHEMA.containedInPlace),
    ],
    ids=lambda t: str(t).rsplit("#", 1)[-1],
)
def test_properties_align_with_reused_vocabularies(tbox, prop, parent):
    assert (prop, RDFS.subPropertyOf, parent) in tbox


def _properties(tbox: Graph) -> list[URIRef]:
    return [
        t
        for t in dir(KG)
        if (t, RDF.type, OWL.ObjectProperty) in tbox or (t, RDF.type, OWL.DatatypeProperty) in tbox
    ]


def test_every_lower_case_term_is_a_typed_property_with_a_domain(tbox):
    lower = [t for t in dir(KG) if str(t).rsplit("#", 1)[-1][0].islower()]
    assert sorted(lower) == sorted(_properties(tbox))
    for prop in lower:
        assert tbox.value(prop, RDFS.domain) is not None, prop


def test_object_properties_have_class_ranges(tbox):
    for prop in tbox.subjects(RDF.type, OWL.ObjectProperty):
        rng = tbox.value(prop, RDFS.range)
        assert rng is not None and (rng, RDF.type, OWL.Class) in tbox, prop


@pytest.mark.parametrize("value", list(TransferCategory), ids=str)
def test_categories_are_declared_individuals(tbox, value):
    term = to_term(value)
    assert (term, RDF.type, KG.TransferCategory) in tbox
    assert tbox.value(term, RDFS.label) is not None


@pytest.mark.parametrize("value", list(Status), ids=str)
def test_statuses_are_declared_individuals(tbox, value):
    term = to_term(value)
    assert (term, RDF.type, KG.TransferStatus) in tbox
    assert tbox.value(term, RDFS.label) is not None


@pytest.mark.parametrize("value", list(EntityType), ids=str)
def test_entity_types_are_declared_classes(tbox, value):
    assert (to_term(value), RDF.type, OWL.Class) in tbox


def test_individual_counts_match_the_contract(tbox):
    assert len(set(tbox.subjects(RDF.type, KG.TransferCategory))) == 9
    assert len(set(tbox.subjects(RDF.type, KG.TransferStatus))) == 4
