"""The plain-value triple index behind the page: the same values from quads and from rdflib.

The page reads big built graphs as pyoxigraph quads and small or parsed ones as rdflib
graphs; both must give the page exactly what rdflib would give it.
"""

from __future__ import annotations

import gc
import math
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef

from graph import read_graph, render_page
from graph.pageview import PageFilter, page_view
from graph.collector import paused_gc
from graph.plainindex import Blank, Lit, PlainIndex, from_plain, from_quads, from_rdflib
from graph.statements import Statements
from graph.terms import from_oxigraph, to_oxigraph
from ontology import KG

DATA = Path(__file__).parent / "data" / "page"
ID = "https://w3id.org/ckg/id/"
S, P = "urn:s", "urn:p"

#: (lexical form, datatype) pairs where reading a number or a text is easy to get wrong.
TYPED = [
    ("007", XSD.integer), ("-0", XSD.integer), ("+5", XSD.integer), (" 5", XSD.integer),
    ("1_000", XSD.integer), ("99999999999999999999", XSD.integer), ("5.0", XSD.integer),
    ("abc", XSD.integer), ("9007199254740993", XSD.integer), ("42", XSD.int),
    ("007", XSD.nonNegativeInteger), ("1.50", XSD.decimal), ("-.5", XSD.decimal),
    ("1e3", XSD.decimal), ("1e400", XSD.double), ("INF", XSD.double), ("NaN", XSD.double),
    ("-0.0", XSD.double), ("1.5E2", XSD.double), ("3.4028235e39", XSD.float),
    ("true", XSD.boolean), ("1", XSD.boolean), ("2024", XSD.gYear), ("2024-01", XSD.gYearMonth),
    ("2024-01-05", XSD.date), ("2024-1-5", XSD.date), ("2024-02-30", XSD.date),
    ("0999-01-01", XSD.date), ("2024-01-05Z", XSD.date), ("12", XSD.string), ("0F", XSD.hexBinary),
]


def rdflib_number(value):
    """The number the page showed before the index, read straight from an rdflib term."""
    if not isinstance(value, Literal):
        return None
    python = value.toPython()
    if isinstance(python, bool) or not isinstance(python, (int, float)):
        try:
            python = float(str(value))
        except ValueError:
            return None
    number = float(python)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def quads_of(dataset: Dataset) -> Statements:
    """A Dataset's quads as the Statements the build makes (named graphs kept)."""
    quads = []
    for s, p, o, context in dataset.quads((None, None, None, None)):
        name = getattr(context, "identifier", context)
        graph = (ox.DefaultGraph() if name is None or name == dataset.default_graph.identifier
                 else to_oxigraph(name))
        quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph))
    return Statements.of_quads(dict.fromkeys(quads))


def typed_quads() -> list:
    """One transfer per TYPED literal (as quantity and as date), lexical forms as written."""
    kg = "https://w3id.org/ckg/ontology#"
    quads = []
    for i, (lexical, datatype) in enumerate(TYPED):
        claim = ox.NamedNode(f"{ID}transfer/x/{i:04d}")
        literal = ox.Literal(lexical, datatype=ox.NamedNode(str(datatype)))
        for predicate, obj in (
                (str(RDF.type), ox.NamedNode(kg + "Transfer")),
                (kg + "supplier", ox.NamedNode(ID + "a")),
                (kg + "recipient", ox.NamedNode(ID + "b")),
                (kg + "quantity", literal), (kg + "transferDate", literal),
                (kg + "evidenceStart", ox.Literal(i))):
            quads.append(ox.Quad(claim, ox.NamedNode(predicate), obj, ox.DefaultGraph()))
    return quads


# -- the index --------------------------------------------------------------------------

def test_first_is_the_lowest_text_and_the_earliest_on_ties():
    index = PlainIndex()
    for value in (Lit("b"), Lit("5", str(XSD.integer)), Lit("5"), Lit("b")):
        index.add(S, P, value)
    assert index.objects(S, P) == [Lit("b"), Lit("5", str(XSD.integer)), Lit("5")]
    assert index.first(S, P) == Lit("5", str(XSD.integer))
    assert index.firsts(P) == {S: Lit("5", str(XSD.integer))}
    assert index.first("urn:other", P) is None and index.objects("urn:other", P) == []


def test_iris_blank_nodes_and_literals_of_one_text_stay_apart():
    index = PlainIndex()
    for value in ("urn:x", Blank("urn:x"), Lit("urn:x")):
        index.add(S, P, value)
    assert index.objects(S, P) == ["urn:x", Blank("urn:x"), Lit("urn:x")]
    assert index.subjects(P, "urn:x") == [S]
    assert index.subjects(P, Lit("urn:x")) == [S] and index.subjects(P, Lit("other")) == []
    assert sorted(map(str, index.objects(S, P))) == ["urn:x"] * 3


def test_subjects_follow_later_additions():
    index = PlainIndex()
    index.add("urn:a", str(RDF.type), "urn:C")
    assert index.subjects(str(RDF.type), "urn:C") == ["urn:a"]
    index.add("urn:b", str(RDF.type), "urn:C")
    assert index.subjects(str(RDF.type), "urn:C") == ["urn:a", "urn:b"]
    assert sorted(index.subject_objects(str(RDF.type))) == [("urn:a", "urn:C"), ("urn:b", "urn:C")]


@pytest.mark.parametrize(("lexical", "datatype"), TYPED)
def test_quads_read_typed_literals_as_rdflib_does(lexical, datatype):
    literal = ox.Literal(lexical, datatype=ox.NamedNode(str(datatype)))
    quad = ox.Quad(ox.NamedNode(S), ox.NamedNode(P), literal, ox.DefaultGraph())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = from_oxigraph(literal)
        graph = Graph()
        graph.add((URIRef(S), URIRef(P), expected))
    (from_ox,) = from_quads([quad], [P]).objects(S, P)
    (from_rdf,) = from_rdflib(graph, [P]).objects(S, P)
    assert str(from_ox) == str(from_rdf) == str(expected)
    datatype = None if expected.datatype is None else str(expected.datatype)  # xsd:string
    assert from_ox.datatype == from_rdf.datatype == datatype


def test_page_numbers_and_dates_match_rdflib_for_quads_and_datasets():
    statements = Statements.of_quads(typed_quads())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dataset = statements.to_dataset()
        expected = {}
        for i, (lexical, datatype) in enumerate(TYPED):
            literal = from_oxigraph(ox.Literal(lexical, datatype=ox.NamedNode(str(datatype))))
            expected[f"{ID}transfer/x/{i:04d}"] = (rdflib_number(literal), str(literal))
        for graph in (statements, dataset):
            claims = page_view(graph)["claims"]
            assert {c["id"]: (c["q"], c["date"]) for c in claims} == expected
    # A few values spelled out, so that the reference above cannot drift unnoticed.
    by_form = {form: expected[f"{ID}transfer/x/{i:04d}"] for i, form in enumerate(TYPED)}
    assert by_form[("007", XSD.integer)] == (7, "7")
    assert by_form[("1e400", XSD.double)][0] is None
    assert by_form[("2024", XSD.gYear)] == (2024, "2024")
    assert by_form[("abc", XSD.integer)] == (None, "abc")


def test_rdflib_order_decides_ties_between_equal_texts():
    plain, typed = Literal("5"), Literal("5", datatype=XSD.integer)
    graph = Graph()
    graph.add((URIRef("urn:other"), URIRef(P), typed))
    graph.add((URIRef(S), URIRef(P), plain))  # rdflib gives S's objects plain first
    graph.add((URIRef(S), URIRef(P), typed))
    assert list(graph.objects(URIRef(S), URIRef(P))) == [plain, typed]
    assert from_rdflib(graph, [P]).first(S, P) == Lit("5")


def test_a_dataset_without_a_union_default_graph_is_read_whole():
    dataset = Dataset()
    dataset.graph(URIRef("urn:g")).add((URIRef(S), URIRef(P), BNode("b1")))
    dataset.add((URIRef(S), URIRef(P), Literal("x")))
    assert sorted(map(repr, from_rdflib(dataset, [P]).objects(S, P))) == [
        repr(Blank("b1")), repr(Lit("x"))]


def _mixed_quads():
    """Quads in two graphs with every kind of term: typed, plain, string-typed and
    language-tagged literals, blank nodes and IRIs."""
    objects = [ox.Literal(lexical, datatype=ox.NamedNode(str(datatype)))
               for lexical, datatype in TYPED]
    objects += [ox.Literal("plain"), ox.Literal("tagged", language="en"),
                ox.BlankNode("b1"), ox.NamedNode("urn:o")]
    graphs = [ox.DefaultGraph(), ox.NamedNode("urn:g")]
    return [ox.Quad(ox.NamedNode(f"urn:s{i % 3}"), ox.NamedNode(P), obj, graphs[i % 2])
            for i, obj in enumerate(objects)]


def test_plain_statements_index_as_their_quads_do():
    quads = _mixed_quads()
    statements = Statements.of_quads(quads)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from_ox = from_quads(quads, [P])
        plain = from_plain(statements.plain_triples(), [P])
    for subject in ("urn:s0", "urn:s1", "urn:s2"):
        assert plain.objects(subject, P) == from_ox.objects(subject, P)
    assert Lit("7", str(XSD.integer)) in plain.objects("urn:s0", P)  # "007" as rdflib reads it


def test_plain_statements_keep_lexical_forms_and_graphs():
    quads = _mixed_quads()
    statements = Statements.of_quads(quads)
    assert ("urn:s0", P, Lit("007", str(XSD.integer))) in statements.plain_triples()
    assert [name for name, _ in statements.graphs] == [
        "urn:g" if i % 2 else None for i in range(len(quads))]
    assert list(statements.quads) == quads
    assert [str(t) for t in statements.triples()] == [str(q.triple) for q in quads]
    assert Statements.of_quads(statements.quads) == statements
    assert len(statements) == len(quads)


def test_only_the_asked_predicates_are_indexed():
    quads = [ox.Quad(ox.NamedNode(S), ox.NamedNode(p), ox.Literal("v"), ox.DefaultGraph())
             for p in (P, "urn:skipped")]
    index = from_quads(quads, [P])
    assert index.objects(S, P) == [Lit("v")] and index.objects(S, "urn:skipped") == []


def test_paused_gc_restores_the_collector():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    render_page(Graph())
    assert gc.isenabled()


# -- the page from quads and from rdflib ------------------------------------------------

@pytest.mark.parametrize("name", ["small.trig", "hostile.trig"])
def test_statements_and_dataset_render_the_same_page(name):
    dataset = read_graph(DATA / name)
    statements = quads_of(dataset)
    assert len(statements) == len(dataset)
    assert render_page(statements, title=name) == render_page(dataset, title=name)
    assert page_view(statements) == page_view(dataset)
    assert page_view(statements) == page_view(from_rdflib(dataset, _page_reads()))


@pytest.mark.parametrize("specs", [["class=State"], ["status=confirmed", "category=Troops"],
                                   ["claimant=Bo Analyst"], ["article=a_first.txt"]])
def test_statements_and_dataset_filter_alike(specs):
    dataset = read_graph(DATA / "small.trig")
    page_filter = PageFilter.parse(specs)
    view = page_view(quads_of(dataset), page_filter)
    assert view == page_view(dataset, page_filter)
    assert view["claims"]


def test_transfers_without_a_typed_endpoint_still_count_from_quads():
    dataset = read_graph(DATA / "small.trig")
    statements = quads_of(dataset)
    alpha = ox.NamedNode(ID + "alpha_land")
    kept = tuple(q for q in statements.quads
                 if not (q.subject == alpha and q.predicate == ox.NamedNode(str(RDF.type))))
    view = page_view(Statements.of_quads(kept))
    node = next(n for n in view["nodes"] if n["id"] == ID + "alpha_land")
    assert node["class"] == "Other" and node["label"] == "Alphaland"
    assert any(c["s"] == ID + "alpha_land" for c in view["claims"])


def _page_reads() -> tuple[str, ...]:
    from graph.pageview import _READS

    assert str(RDFS.label) in _READS and str(KG.supplier) in _READS
    return _READS
