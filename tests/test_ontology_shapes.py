"""SHACL shapes (ontology/shapes.ttl) and validate(): conformant data passes, broken data fails."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from ontology import ID, KG, OntologyError, ValidationReport, Violation, load_shapes, validate

PREFIXES = """\
@prefix ckg: <https://w3id.org/ckg/ontology#> .
@prefix id: <https://w3id.org/ckg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
"""

SHA = "9f" + "0" * 62

# Hand-written, following docs/graph-model.md: entities, one article, one transfer.
ENTITIES = PREFIXES + """
id:north_korea a ckg:State ;
    rdfs:label "North Korea" ;
    skos:altLabel "DPRK", "Pyongyang", "North Korean" ;
    ckg:key "north_korea" ;
    owl:sameAs <http://www.wikidata.org/entity/Q423> .
id:russia a ckg:State ; rdfs:label "Russia" ; ckg:key "russia" .
id:united_states a ckg:State ; rdfs:label "United States" ; ckg:key "united_states" .
id:john_kirby a ckg:Official ;
    rdfs:label "John Kirby" ; skos:altLabel "Kirby" ;
    ckg:role "White House national security spokesman" ;
    ckg:affiliation id:united_states .
id:jim_morris a ckg:Person ; rdfs:label "Jim Morris" ; ckg:affiliation id:warrior_maven .
id:warrior_maven a ckg:Organization ; rdfs:label "Warrior Maven" .
id:national_intelligence_service a ckg:Organization ;
    rdfs:label "National Intelligence Service" ; skos:altLabel "NIS" .
id:pacific_fleet a ckg:MilitaryUnit ; rdfs:label "Pacific Fleet" ; ckg:affiliation id:russia .
id:vladivostok a ckg:Location ; rdfs:label "Vladivostok" ;
    ckg:locatedIn id:russia ;
    geo:hasGeometry id:vladivostok_geometry .
id:vladivostok_geometry a geo:Geometry ;
    geo:asWKT "POINT(131.87353 43.10562)"^^geo:wktLiteral .
"""

ARTICLE = PREFIXES + f"""
<https://w3id.org/ckg/id/article/{SHA}> a ckg:Article ;
    ckg:sourceFile "001_example.txt" ;
    ckg:sha256 "{SHA}" ;
    dcterms:title "North Korean Troops in Ukraine" ;
    ckg:published "2024-10-23"^^xsd:date ;
    ckg:byline "Jim Morris" ;
    ckg:mentions id:north_korea, id:russia, id:john_kirby, id:vladivostok .
<https://w3id.org/ckg/id/transfer/9f00000000000000/0123456789abcdef> a ckg:Transfer ;
    rdfs:label "North Korea → Russia: Troops (3000 soldiers)" ;
    ckg:supplier id:north_korea ;
    ckg:recipient id:russia ;
    ckg:category ckg:Troops ;
    ckg:quantity 3000 ;
    ckg:quantityQualifier "at least" ;
    ckg:unit "soldiers" ;
    ckg:claimedBy id:john_kirby, id:national_intelligence_service ;
    ckg:status ckg:Confirmed ;
    ckg:destination id:vladivostok ;
    ckg:transferDate "2024-11"^^xsd:gYearMonth ;
    ckg:reportedIn <https://w3id.org/ckg/id/article/{SHA}> ;
    ckg:evidence "at least 3,000 North Korean soldiers had already arrived in Russia" ;
    ckg:evidenceStart 1234 ; ckg:evidenceEnd 1302 .
"""

TRANSFER = ID["transfer/9f00000000000000/0123456789abcdef"]
ARTICLE_IRI = ID[f"article/{SHA}"]


def _good() -> Graph:
    graph = Graph()
    graph.parse(data=ENTITIES, format="turtle")
    graph.parse(data=ARTICLE, format="turtle")
    return graph


def _results(graph: Graph) -> set[tuple[URIRef | None, URIRef | None, URIRef | None]]:
    """(focus, resultPath, sourceConstraintComponent) of every result pySHACL reports."""
    _, report, _ = pyshacl.validate(graph, shacl_graph=load_shapes(), inference="none")
    return {
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            report.value(r, SH.sourceConstraintComponent),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


# ---------------------------------------------------------------- the shapes file


def test_shapes_are_valid_shacl():
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


def test_every_shape_has_a_comment():
    shapes = load_shapes()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, RDFS.comment) is not None, shape


def test_every_property_constraint_has_a_message():
    shapes = load_shapes()
    properties = list(shapes.objects(None, SH.property))
    assert len(properties) >= 25
    for prop in properties:
        message = shapes.value(prop, SH.message)
        path = shapes.value(prop, SH.path)
        assert message is not None and str(message).endswith("."), path


@pytest.mark.parametrize(
    "cls",
    [KG.Transfer, KG.Article, KG.State, KG.Official, KG.Person, KG.Organization,
     KG.MilitaryUnit, KG.Location],
    ids=lambda t: str(t).rsplit("#", 1)[-1],
)
def test_every_output_class_is_targeted(cls):
    assert cls in set(load_shapes().objects(None, SH.targetClass))


# ---------------------------------------------------------------- conformant data


def test_hand_written_graph_conforms():
    report = validate(_good())
    assert report.conforms, report.text
    assert report.violations == ()
    assert "conforms" in report.text


def test_transfer_without_optional_fields_conforms():
    graph = _good()
    for prop in (KG.quantity, KG.quantityQualifier, KG.unit, KG.claimedBy, KG.destination,
                 KG.transferDate, KG.evidenceStart, KG.evidenceEnd, RDFS.label):
        graph.remove((TRANSFER, prop, None))
    assert validate(graph).conforms


def test_decimal_quantity_conforms():
    graph = _good()
    graph.set((TRANSFER, KG.quantity, Literal("1.5", datatype=XSD.decimal)))
    assert validate(graph).conforms


def test_dataset_with_named_graphs_is_validated_as_union():
    dataset = Dataset()
    dataset.default_context.parse(data=ENTITIES, format="turtle")
    dataset.graph(ARTICLE_IRI).parse(data=ARTICLE, format="turtle")
    assert validate(dataset).conforms  # the types of entities live in the default graph


def test_dataset_violation_in_a_named_graph_is_reported():
    dataset = Dataset()
    dataset.default_context.parse(data=ENTITIES, format="turtle")
    named = dataset.graph(ARTICLE_IRI)
    named.parse(data=ARTICLE, format="turtle")
    named.remove((TRANSFER, KG.recipient, None))
    report = validate(dataset)
    assert not report.conforms
    assert [v.path for v in report.violations] == ["ckg:recipient"]


# ---------------------------------------------------------------- broken data


def _drop(prop):
    return lambda g: g.remove((TRANSFER, prop, None))


def _add(prop, value):
    return lambda g: g.add((TRANSFER, prop, value))


def _set(subject, prop, value):
    return lambda g: g.set((subject, prop, value))


BROKEN = {
    "no_supplier": (_drop(KG.supplier), TRANSFER, KG.supplier, SH.MinCountConstraintComponent),
    "two_suppliers": (_add(KG.supplier, ID.united_states), TRANSFER, KG.supplier,
                      SH.MaxCountConstraintComponent),
    "untyped_supplier": (_set(TRANSFER, KG.supplier, ID.nobody), ID.nobody, None,
                         SH.OrConstraintComponent),
    "supplier_as_name": (_set(TRANSFER, KG.supplier, Literal("Russia")), TRANSFER, KG.supplier,
                         SH.NodeKindConstraintComponent),
    "no_recipient": (_drop(KG.recipient), TRANSFER, KG.recipient, SH.MinCountConstraintComponent),
    "no_category": (_drop(KG.category), TRANSFER, KG.category, SH.MinCountConstraintComponent),
    "unknown_category": (_set(TRANSFER, KG.category, KG.Confirmed), TRANSFER, KG.category,
                         SH.InConstraintComponent),
    "category_as_string": (_set(TRANSFER, KG.category, Literal("Troops")), TRANSFER,
                           KG.category, SH.InConstraintComponent),
    "no_status": (_drop(KG.status), TRANSFER, KG.status, SH.MinCountConstraintComponent),
    "unknown_status": (_set(TRANSFER, KG.status, KG.Troops), TRANSFER, KG.status,
                       SH.InConstraintComponent),
    "no_article": (_drop(KG.reportedIn), TRANSFER, KG.reportedIn, SH.MinCountConstraintComponent),
    "article_not_typed": (_set(TRANSFER, KG.reportedIn, ID.russia), TRANSFER, KG.reportedIn,
                          SH.ClassConstraintComponent),
    "no_evidence": (_drop(KG.evidence), TRANSFER, KG.evidence, SH.MinCountConstraintComponent),
    "two_evidences": (_add(KG.evidence, Literal("another sentence")), TRANSFER, KG.evidence,
                      SH.MaxCountConstraintComponent),
    "quantity_as_string": (_set(TRANSFER, KG.quantity, Literal("3,000")), TRANSFER, KG.quantity,
                           SH.MinInclusiveConstraintComponent),
    "quantity_as_plain_digits": (_set(TRANSFER, KG.quantity, Literal("3000")), TRANSFER,
                                 KG.quantity, SH.MinInclusiveConstraintComponent),
    "quantity_as_year": (_set(TRANSFER, KG.quantity, Literal("2024", datatype=XSD.gYear)),
                         TRANSFER, KG.quantity, SH.MinInclusiveConstraintComponent),
    "negative_quantity": (_set(TRANSFER, KG.quantity, Literal(-5)), TRANSFER, KG.quantity,
                          SH.MinInclusiveConstraintComponent),
    "two_quantities": (_add(KG.quantity, Literal(12000)), TRANSFER, KG.quantity,
                       SH.MaxCountConstraintComponent),
    "two_units": (_add(KG.unit, Literal("troops")), TRANSFER, KG.unit,
                  SH.MaxCountConstraintComponent),
    "unit_as_node": (_set(TRANSFER, KG.unit, ID.soldiers), TRANSFER, KG.unit,
                     SH.DatatypeConstraintComponent),
    "two_qualifiers": (_add(KG.quantityQualifier, Literal("up to")), TRANSFER,
                       KG.quantityQualifier, SH.MaxCountConstraintComponent),
    "claimant_not_entity": (_add(KG.claimedBy, ARTICLE_IRI), ARTICLE_IRI, None,
                            SH.OrConstraintComponent),
    "claimant_as_name": (_add(KG.claimedBy, Literal("John Kirby")), TRANSFER, KG.claimedBy,
                         SH.NodeKindConstraintComponent),
    "destination_is_person": (_set(TRANSFER, KG.destination, ID.john_kirby), ID.john_kirby,
                              None, SH.OrConstraintComponent),
    "two_destinations": (_add(KG.destination, ID.russia), TRANSFER, KG.destination,
                         SH.MaxCountConstraintComponent),
    "negative_offset": (_set(TRANSFER, KG.evidenceStart, Literal(-1)), TRANSFER,
                        KG.evidenceStart, SH.MinInclusiveConstraintComponent),
    "article_without_file": (_set(ARTICLE_IRI, KG.sourceFile, Literal("x")) and
                             (lambda g: g.remove((ARTICLE_IRI, KG.sourceFile, None))),
                             ARTICLE_IRI, KG.sourceFile, SH.MinCountConstraintComponent),
    "bad_sha256": (_set(ARTICLE_IRI, KG.sha256, Literal("XYZ")), ARTICLE_IRI, KG.sha256,
                   SH.PatternConstraintComponent),
    "state_without_label": (lambda g: g.remove((ID.russia, RDFS.label, None)), ID.russia,
                            RDFS.label, SH.MinCountConstraintComponent),
    "official_two_labels": (lambda g: g.add((ID.john_kirby, RDFS.label, Literal("Kirby"))),
                            ID.john_kirby, RDFS.label, SH.MaxCountConstraintComponent),
    "unit_without_label": (lambda g: g.remove((ID.pacific_fleet, RDFS.label, None)),
                           ID.pacific_fleet, RDFS.label, SH.MinCountConstraintComponent),
    "role_is_node": (_set(ID.john_kirby, KG.role, ID.spokesman), ID.john_kirby, KG.role,
                     SH.NodeKindConstraintComponent),
    "affiliation_to_location": (_set(ID.john_kirby, KG.affiliation, ID.vladivostok),
                                ID.vladivostok, None, SH.OrConstraintComponent),
    "affiliation_as_name": (_set(ID.john_kirby, KG.affiliation, Literal("United States")),
                            ID.john_kirby, KG.affiliation, SH.NodeKindConstraintComponent),
    "located_in_person": (_set(ID.vladivostok, KG.locatedIn, ID.jim_morris), ID.jim_morris,
                          None, SH.OrConstraintComponent),
    "same_as_literal": (lambda g: g.add((ID.russia, URIRef("http://www.w3.org/2002/07/owl#sameAs"),
                                         Literal("Q159"))),
                        ID.russia, URIRef("http://www.w3.org/2002/07/owl#sameAs"),
                        SH.NodeKindConstraintComponent),
    "mention_of_blank_node": (lambda g: g.add((ARTICLE_IRI, KG.mentions, BNode())), ARTICLE_IRI,
                              KG.mentions, SH.NodeKindConstraintComponent),
    "mention_of_untyped_node": (lambda g: g.add((ARTICLE_IRI, KG.mentions, ID.somebody)),
                                ID.somebody, None, SH.OrConstraintComponent),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_shapes_reject(case):
    breaker, focus, path, component = BROKEN[case]
    graph = _good()
    breaker(graph)
    assert (focus, path, component) in _results(graph)
    report = validate(graph)
    assert not report.conforms
    assert all(v.message and v.focus for v in report.violations)
    if path is not None:
        assert any(v.path is not None for v in report.violations)


def test_violation_carries_the_user_message():
    graph = _good()
    graph.remove((TRANSFER, KG.supplier, None))
    (violation,) = validate(graph).violations
    assert violation == Violation(
        focus="id:transfer/9f00000000000000/0123456789abcdef",
        path="ckg:supplier",
        message=violation.message,
        severity="Violation",
    )
    assert violation.message.startswith("A transfer needs exactly one supplier")
    assert "ckg:supplier" in validate(graph).text


def test_violations_use_project_prefixes_even_when_unbound():
    graph = Graph(bind_namespaces="none")
    for triple in _good():
        graph.add(triple)
    graph.remove((TRANSFER, KG.evidence, None))
    (violation,) = validate(graph).violations
    assert violation.focus == "id:transfer/9f00000000000000/0123456789abcdef"
    assert violation.path == "ckg:evidence"


def test_text_summary_is_truncated():
    graph = _good()
    for i in range(60):
        graph.add((ID[f"state_{i}"], RDF.type, KG.State))  # each lacks its label
    report = validate(graph)
    assert len(report.violations) == 60
    lines = report.text.splitlines()
    assert len(lines) == 52
    assert lines[-1] == "… and 10 more"


def test_report_records_are_frozen():
    report = validate(_good())
    assert isinstance(report, ValidationReport)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.conforms = False  # type: ignore[misc]


def test_validate_rejects_non_graphs():
    with pytest.raises(OntologyError, match="rdflib Graph"):
        validate("not a graph")  # type: ignore[arg-type]


TEST_DATA = Path(__file__).resolve().parent / "data"
#: Graph fixtures other tests write by hand that are not meant to be ckg output.
NOT_OUTPUT = {"page/small.trig": "short fake article digests keep the page test readable"}
GRAPH_FIXTURES = sorted(
    str(p.relative_to(TEST_DATA))
    for p in [*TEST_DATA.rglob("*.ttl"), *TEST_DATA.rglob("*.trig")]
    if str(p.relative_to(TEST_DATA)) not in NOT_OUTPUT
)


@pytest.mark.parametrize("name", GRAPH_FIXTURES)
def test_graph_fixtures_conform(name):
    path = TEST_DATA / name
    graph = Dataset() if path.suffix == ".trig" else Graph()
    graph.parse(path)
    report = validate(graph)
    assert report.conforms, report.text


def _big_graph(transfers: int) -> Graph:
    graph = _good()
    for i in range(transfers):
        t = ID[f"transfer/9f00000000000000/{i:016x}"]
        graph.add((t, RDF.type, KG.Transfer))
        graph.add((t, RDFS.label, Literal(f"transfer {i}")))
        graph.add((t, KG.supplier, ID.north_korea))
        graph.add((t, KG.recipient, ID.russia))
        graph.add((t, KG.category, KG.ArtilleryShells))
        graph.add((t, KG.status, KG.Reported))
        graph.add((t, KG.quantity, Literal(i)))
        graph.add((t, KG.unit, Literal("shells")))
        graph.add((t, KG.claimedBy, ID.john_kirby))
        graph.add((t, KG.reportedIn, ARTICLE_IRI))
        graph.add((t, KG.evidence, Literal(f"sentence {i}")))
        graph.add((t, KG.evidenceStart, Literal(i)))
        graph.add((t, KG.evidenceEnd, Literal(i + 10)))
    return graph


def test_validate_is_fast_on_5000_triples():
    graph = _big_graph(385)
    assert len(graph) >= 5000
    validate(_good())  # parse and cache the shapes outside the timing
    start = time.perf_counter()
    report = validate(graph)
    elapsed = time.perf_counter() - start
    assert report.conforms, report.text
    assert elapsed < 3.0, f"validation took {elapsed:.2f} s"
