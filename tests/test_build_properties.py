"""Any text in, a valid graph out: re-parses in rdflib and pyoxigraph and conforms to SHACL."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal

import graph.files as files
from extraction import EntityRecord
from extraction.gazetteer import snake_key
from extraction.quantities import find_quantity
from graph import build_dataset, entity_iri, write_graph
from graph.cache import from_json, to_json
from graph.rdf import quantity_literal
from ontology import EntityType, validate
from sources import load
from sources.decoding import clean_text

PIECES = st.sampled_from([
    '"', "'", ">", "<", "\n", "\\", "\\u", "\x00", "\x07", "\x1b", "\ud800", "\udfff", "\u2028",
    "\ufeff", "}", "^^", "@en", " . ", "North Korea", " sent ", " 3,000 ", "6,433.10 ",
    "troops", " to ", "Russia", ", officials said. ", "Lloyd Austin", "Ivan \"The >Hammer\"",
    "drones", "up to ", "Kyiv", "\n\n", "#", "<script>", "https://x/>"])
ANY_TEXT = st.lists(st.one_of(PIECES, st.text(st.characters(exclude_categories=()),
                                              max_size=20)), max_size=25).map("".join)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _check_graph(dataset, folder: Path) -> None:
    for big in (False, True):
        path = folder / ("big.ttl" if big else "small.ttl")
        old = files.BIG_GRAPH_TRIPLES
        files.BIG_GRAPH_TRIPLES = 0 if big else old
        try:
            write_graph(dataset, path)
        finally:
            files.BIG_GRAPH_TRIPLES = old
        parsed = Graph().parse(path)
        assert len(parsed) == len(dataset)
        assert len(list(ox.parse(path=str(path)))) == len(parsed)
        report = validate(parsed)
        assert report.conforms, report.text
    assert set(Graph().parse(folder / "big.ttl")) == set(Graph().parse(folder / "small.ttl"))


@pytest.mark.model
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=ANY_TEXT, title=ANY_TEXT)
@example(text='North Korea sent 3,000 "troops" > to Russia\\ \ud800, officials said.\x07',
         title='a "b" > \\ \n c')
def test_any_text_gives_a_valid_graph(nlp, folder, text, title):
    from extraction import extract

    line = json.dumps({"text": text, "title": title, "author": title,
                       "url": f"https://x/{title}"})
    (folder / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    errors = []
    articles = list(load([folder / "in.jsonl"], on_error=errors.append))
    assert len(articles) + len(errors) == 1  # read or refused with a SourceError, nothing else
    extractions = list(extract(articles, nlp))
    for record in extractions:
        assert from_json(json.loads(json.dumps(to_json(record)))) == record
    _check_graph(build_dataset(extractions), folder)


def _no_superscript_digits(text: str) -> str:
    # "²".isdigit() but Decimal("²") raises: see test_superscript_digits_are_no_quantity
    return "".join(c for c in text if not c.isdigit() or c.isdecimal())


def test_superscript_digits_are_no_quantity():
    assert find_quantity("Russia sent ² drones") is None


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT.map(_no_superscript_digits))
def test_quantities_from_any_text_are_finite_literals(text):
    quantity = find_quantity(text)
    if quantity is None:
        return
    assert isinstance(quantity.value, (int, Decimal))
    assert not isinstance(quantity.value, Decimal) or quantity.value.is_finite()
    literal = quantity_literal(quantity.value)
    assert Literal(str(literal), datatype=literal.datatype) == literal


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_any_name_mints_an_iri_that_round_trips(text):
    key = snake_key(text) or "x"
    node = entity_iri(key)
    g = Graph()
    g.add((node, node, Literal(clean_text(text))))  # sources clean every text first
    for fmt in ("turtle", "nt"):
        data = g.serialize(format=fmt)
        assert set(Graph().parse(data=data, format=fmt)) == set(g)
    assert len(list(ox.parse(g.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)))
    record = EntityRecord(key=key, type=EntityType.PERSON, name=text or "x")
    assert build_dataset([]).__len__() == 0 and record.key == key
