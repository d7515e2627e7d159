"""Big graphs go through pyoxigraph: same triples as rdflib writes, same bytes every time."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef, XSD

import graph.files as files
from extraction import ArticleExtraction, EntityRecord, Mention, TransferRecord
from graph import build_dataset, read_graph, write_graph
from ontology import EntityType, Status, TransferCategory, validate

ODD = 'He said "no" > 3 \\ <b>\n\ttab \x01 \ufffd end'


def _extractions(count: int) -> list[ArticleExtraction]:
    states = ["north_korea", "russia", "iran", "ukraine"]
    out = []
    for a in range(count):
        entities = tuple(EntityRecord(key=k, type=EntityType.STATE, name=k.title(),
                                      aliases=(f"{k} {ODD}",)) for k in states)
        transfers = tuple(TransferRecord(
            supplier=states[i], recipient=states[i + 1], category=list(TransferCategory)[i],
            status=list(Status)[i], evidence=Mention(start=i, end=i + 9, text=f"{ODD} {a}"),
            quantity=[None, 3000, Decimal("6433.10")][i], unit="shells")
            for i in range(3))
        out.append(ArticleExtraction(
            article_id=hashlib.sha256(str(a).encode()).hexdigest(), source_file=f"{a}.txt",
            title=f"Title {ODD}", entities=entities, transfers=transfers))
    return out


def _canonical(path: Path, fmt) -> set[bytes]:
    lines = ox.serialize(ox.parse(path=str(path), format=fmt), format=ox.RdfFormat.N_QUADS)
    return set(lines.split(b"\n")) - {b""}


@pytest.fixture(scope="module")
def dataset():
    return build_dataset(_extractions(40))


@pytest.mark.parametrize(("name", "fmt"), [("graph.ttl", ox.RdfFormat.TURTLE),
                                           ("graph.nt", ox.RdfFormat.N_TRIPLES),
                                           ("graph.nq", ox.RdfFormat.N_QUADS)])
def test_big_path_writes_what_rdflib_writes(dataset, tmp_path, monkeypatch, name, fmt):
    write_graph(dataset, tmp_path / "small" / name)
    monkeypatch.setattr(files, "BIG_GRAPH_TRIPLES", 10)
    write_graph(dataset, tmp_path / "big" / name)
    write_graph(dataset, tmp_path / "again" / name)
    assert _canonical(tmp_path / "big" / name, fmt) == _canonical(tmp_path / "small" / name, fmt)
    assert (tmp_path / "big" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_big_turtle_keeps_prefixes_lexical_forms_and_parses_in_rdflib(dataset, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(files, "BIG_GRAPH_TRIPLES", 10)
    path = tmp_path / "graph.ttl"
    write_graph(dataset, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("@prefix ckg: <https://w3id.org/ckg/ontology#> .\n")
    assert "6433.10" in text
    parsed = Graph().parse(path)
    assert len(parsed) == len(dataset)
    assert (None, None, Literal("6433.10", datatype=XSD.decimal)) in parsed
    assert any(str(o).startswith(ODD) for o in parsed.objects())
    assert validate(parsed).conforms


def test_read_graph_of_a_big_file_equals_rdflibs_reading(dataset, tmp_path, monkeypatch):
    for name in ("graph.ttl", "graph.nq"):
        write_graph(dataset, tmp_path / name)
        small = read_graph(tmp_path / name)
        monkeypatch.setattr(files, "BIG_FILE_BYTES", 0)
        big = read_graph(tmp_path / name)
        monkeypatch.undo()
        assert set(big.triples((None, None, None))) == set(small.triples((None, None, None)))
        names = {g.identifier for g in big.graphs() if len(g)}
        assert names == {g.identifier for g in small.graphs() if len(g)}
        plain = [o for o in big.objects() if isinstance(o, Literal) and str(o).startswith("Title")]
        assert plain and all(o.datatype is None for o in plain)  # not xsd:string


def test_a_broken_big_file_is_a_graph_error(tmp_path, monkeypatch):
    from graph import GraphError

    path = tmp_path / "bad.ttl"
    path.write_text("<a> <b> .\n", encoding="utf-8")
    monkeypatch.setattr(files, "BIG_FILE_BYTES", 0)
    with pytest.raises(GraphError, match="bad.ttl: not valid turtle"):
        read_graph(path)


def test_stale_temporaries_are_removed(tmp_path):
    (tmp_path / ".graph.ttl.abc123.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".graph.html.x.tmp").write_text("half", encoding="utf-8")
    (tmp_path / "keep.tmp").write_text("not ours", encoding="utf-8")
    removed = files.remove_stale_temporaries(tmp_path, ["graph.ttl", "graph.html"])
    assert len(removed) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.tmp"]


def test_outputs_reach_the_disk_before_the_rename_and_cache_entries_need_not(tmp_path,
                                                                             monkeypatch):
    import os

    from graph.cache import ExtractionCache

    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    write_graph(build_dataset(_extractions(1)), tmp_path / "graph.ttl")
    assert len(synced) == 1
    ExtractionCache(tmp_path / "cache").put("ab" * 32, _extractions(1)[0])
    assert len(synced) == 1
    assert (tmp_path / "cache" / "ab" / f"{'ab' * 32}.json").is_file()


def test_uri_with_odd_characters_survives(tmp_path, monkeypatch):
    g = Graph()
    g.add((URIRef("https://w3id.org/ckg/id/a"), URIRef("https://schema.org/url"),
           Literal('http://x/"><script>', datatype=XSD.anyURI)))
    monkeypatch.setattr(files, "BIG_GRAPH_TRIPLES", 0)
    write_graph(g, tmp_path / "g.ttl")
    assert set(Graph().parse(tmp_path / "g.ttl")) == set(g)


def test_built_statements_are_distinct_and_count_as_the_dataset_does():
    from graph.rdf import build_statements

    statements = build_statements(_extractions(6))
    assert len(set(statements.quads)) == len(statements.quads) == len(statements)
    assert len(statements) == len(statements.to_dataset())
    assert len({q.triple for q in statements.quads}) == len(statements)


@pytest.mark.parametrize(("name", "fmt"), [("graph.ttl", ox.RdfFormat.TURTLE),
                                           ("graph.trig", ox.RdfFormat.TRIG),
                                           ("graph.nq", ox.RdfFormat.N_QUADS)])
def test_statements_write_what_their_dataset_writes(tmp_path, name, fmt):
    from graph.rdf import build_statements

    statements = build_statements(_extractions(6))
    write_graph(statements, tmp_path / "quads" / name)
    write_graph(statements.to_dataset(), tmp_path / "dataset" / name)
    assert _canonical(tmp_path / "quads" / name, fmt) == \
        _canonical(tmp_path / "dataset" / name, fmt)
    text = (tmp_path / "quads" / name).read_text(encoding="utf-8")
    assert "6433.10" in text and text.startswith("@prefix ckg:" if fmt != ox.RdfFormat.N_QUADS
                                                 else "<")


def test_paused_gc_restores_the_collector():
    import gc

    from graph.collector import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), paused_gc():
        raise KeyError("x")
    assert gc.isenabled()


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
@pytest.mark.parametrize("writer", ["text", "callback"])
def test_atomic_writes_make_ordinary_files_in_missing_folders(tmp_path, umask, writer):
    import os
    import stat

    path = tmp_path / "new" / "deeper" / "out.txt"
    old = os.umask(umask)
    try:
        if writer == "text":
            files.write_text_atomically(path, "caf\u00e9\n" * 3, durable=False)
        else:
            files.write_atomically(path, lambda tmp: tmp.write_bytes(b"x" * 10))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    expected = "caf\u00e9\n" * 3 if writer == "text" else "x" * 10
    assert path.read_text(encoding="utf-8") == expected
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]  # no temporary left


def test_a_failed_atomic_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text("old", encoding="utf-8")

    def fail(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        files.write_atomically(path, fail)
    with pytest.raises(UnicodeEncodeError):
        files.write_text_atomically(path, "lone \ud800 surrogate")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert path.read_text(encoding="utf-8") == "old"


def test_atomic_writes_pick_another_name_when_a_temporary_exists(tmp_path, monkeypatch):
    import secrets

    names = iter(["aaaa", "aaaa", "bbbb"])
    monkeypatch.setattr(secrets, "token_hex", lambda n: next(names))
    files.write_text_atomically(tmp_path / "a.txt", "one", durable=False)
    (tmp_path / ".b.txt.aaaa.tmp").write_text("someone else's", encoding="utf-8")
    files.write_text_atomically(tmp_path / "b.txt", "two", durable=False)
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "two"
    assert (tmp_path / ".b.txt.aaaa.tmp").read_text(encoding="utf-8") == "someone else's"


def test_an_atomic_write_under_a_file_names_the_folder_it_cannot_make(tmp_path):
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "plain" / "out"
    with pytest.raises(NotADirectoryError) as caught:
        files.write_text_atomically(folder / "graph.ttl", "x")
    assert caught.value.filename == str(folder)
    assert ".tmp" not in str(caught.value)
