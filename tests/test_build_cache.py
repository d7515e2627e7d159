"""--cache: extractions round-trip through JSON; incremental builds equal clean builds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import graph.cache as cache_module
from bench.corpus import write_corpus
from extraction import ArticleExtraction, EntityRecord, Mention, TransferRecord
from graph import BuildOptions, build
from graph.cache import ExtractionCache, from_json, to_json
from ontology import EntityType, Status, TransferCategory
from sources import load

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"

RECORD = ArticleExtraction(
    article_id="ab" * 32, source_file='odd "name"\\.txt', title="T\ud800 \x01", author="A",
    published=date(2024, 2, 29), url="http://x/y?a=1&b=>",
    entities=(EntityRecord(key="kyiv", type=EntityType.LOCATION, name="Kyiv",
                           aliases=("Kiev",), wikidata="Q1899", located_in="ukraine",
                           coordinates=(50.45466, 30.5238),
                           mentions=(Mention(start=0, end=4, text="Kyiv"),)),),
    transfers=(TransferRecord(supplier="a", recipient="b", category=TransferCategory.DRONES,
                              status=Status.DENIED,
                              evidence=Mention(start=3, end=9, text="x\ny"),
                              quantity=Decimal("6433.10"), qualifier="up to", unit="drones",
                              claimants=("c", "d"), destination="kyiv", when="2024-05"),
               TransferRecord(supplier="a", recipient="b", category=TransferCategory.TROOPS,
                              status=Status.REPORTED,
                              evidence=Mention(start=0, end=1, text="x"), quantity=3000)))


def test_records_round_trip_through_json_text(tmp_path):
    back = from_json(json.loads(json.dumps(to_json(RECORD))))
    assert back == RECORD
    assert str(back.transfers[0].quantity) == "6433.10"
    assert isinstance(back.transfers[1].quantity, int)
    cache = ExtractionCache(tmp_path)
    cache.put("k" * 64, RECORD)
    assert cache.get("k" * 64) == RECORD
    assert cache.get("z" * 64) is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_json_holds_every_field_of_the_records():
    import dataclasses

    def names(cls):
        return {f.name for f in dataclasses.fields(cls)}

    data = to_json(RECORD)
    assert set(data) == names(ArticleExtraction)
    assert set(data["entities"][0]) == names(EntityRecord)
    assert set(data["transfers"][0]) == names(TransferRecord)
    assert set(data["transfers"][0]["evidence"]) == names(Mention)


def test_a_damaged_entry_is_a_miss(tmp_path):
    cache = ExtractionCache(tmp_path)
    cache.put("k" * 64, RECORD)
    entry = next(tmp_path.rglob("*.json"))
    entry.write_text(entry.read_text()[:50], encoding="utf-8")
    assert cache.get("k" * 64) is None


def test_keys_change_with_text_metadata_and_model():
    article = next(iter(load([EXAMPLES / "01_iran_drones_houthis.txt"])))
    import dataclasses

    key = cache_module.article_key(article, "m@1")
    assert key == cache_module.article_key(dataclasses.replace(article, source="/else"), "m@1")
    assert key != cache_module.article_key(article, "m@2")
    assert key != cache_module.article_key(dataclasses.replace(article, text=article.text + " "),
                                           "m@1")
    assert key != cache_module.article_key(dataclasses.replace(article, source_file="b.txt"),
                                           "m@1")


def test_every_data_file_counts_in_the_fingerprint(tmp_path, monkeypatch):
    import ontology

    data = Path(ontology.__file__).parent / "data"
    names = sorted(p.name for p in data.iterdir() if p.is_file())
    assert "cities.tsv" in names and "states.json" in names
    assert all(any(Path(name).match(pattern) for pattern in cache_module.DATA_PATTERNS)
               for name in names)
    # and an edit to any of them changes the fingerprint
    copy = tmp_path / "ontology"
    shutil.copytree(data, copy / "data")
    monkeypatch.setattr(ontology, "__file__", str(copy / "__init__.py"))
    cache_module.extractor_fingerprint.cache_clear()
    try:
        before = cache_module.extractor_fingerprint()
        with (copy / "data" / "cities.tsv").open("a", encoding="utf-8") as handle:
            handle.write("Newtown\t\t\t1.0\t2.0\n")
        cache_module.extractor_fingerprint.cache_clear()
        after = cache_module.extractor_fingerprint()
    finally:
        cache_module.extractor_fingerprint.cache_clear()
    assert after != before


def test_fingerprint_changes_with_the_spacy_release(monkeypatch):
    from importlib import metadata

    real = metadata.version
    before = cache_module.extractor_fingerprint()
    cache_module.extractor_fingerprint.cache_clear()
    monkeypatch.setattr(metadata, "version",
                        lambda dist: "0.0.1" if dist == "spacy" else real(dist))
    try:
        after = cache_module.extractor_fingerprint()
    finally:
        cache_module.extractor_fingerprint.cache_clear()
    assert f"spacy@{real('spacy')}" in before and "spacy@0.0.1" in after
    assert after != before


@pytest.mark.model
def test_real_extractions_round_trip(extract_text):
    text = (EXAMPLES / "02_germany_air_defence.txt").read_text(encoding="utf-8")
    record = extract_text(text, published=date(2024, 3, 1))
    assert record.transfers
    assert from_json(json.loads(json.dumps(to_json(record)))) == record


@pytest.mark.model
def test_incremental_build_equals_clean_build(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5)
    shutil.copytree(EXAMPLES, corpus / "examples")
    cache_dir = tmp_path / "cache"
    first = build([corpus], BuildOptions(out_dir=tmp_path / "first", cache_dir=cache_dir,
                                         page=False))
    assert first.cached == 0 and first.articles == 12

    write_corpus(corpus, 1, start=5)  # one new article
    incremental = build([corpus], BuildOptions(out_dir=tmp_path / "inc", cache_dir=cache_dir,
                                               formats=("ttl", "trig"), page=False))
    assert (incremental.cached, incremental.articles) == (12, 13)
    clean = build([corpus], BuildOptions(out_dir=tmp_path / "clean", formats=("ttl", "trig"),
                                         page=False))
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "inc" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()
    assert clean.triples == incremental.triples

    # all cached: the model is never loaded
    import graph.builder as builder

    def no_model(*args, **kwargs):
        raise AssertionError("the model loaded although every article was cached")

    monkeypatch.setattr(builder, "make_nlp", no_model)
    again = build([corpus], BuildOptions(out_dir=tmp_path / "again", cache_dir=cache_dir,
                                         page=False))
    assert again.cached == 13
    assert (tmp_path / "again" / "graph.ttl").read_bytes() == \
        (tmp_path / "clean" / "graph.ttl").read_bytes()

    # a changed extractor (code, data or version) invalidates every entry
    monkeypatch.undo()
    monkeypatch.setattr(cache_module, "extractor_fingerprint", lambda: "changed")
    changed = build([corpus / "examples"], BuildOptions(out_dir=tmp_path / "changed",
                                                        cache_dir=cache_dir, page=False))
    assert changed.cached == 0


_CACHED_BUILD = """
import sys
from pathlib import Path
from graph import BuildOptions, build
result = build([Path(sys.argv[1])], BuildOptions(out_dir=Path(sys.argv[2]),
               cache_dir=Path(sys.argv[3]), page=False))
print(result.cached, sorted({"spacy", "thinc"} & set(sys.modules)))
"""


@pytest.mark.model
def test_a_cached_build_never_imports_spacy(tmp_path):
    """Every article cached: not even spaCy is imported (a second of a small rebuild)."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    cache_dir = tmp_path / "cache"
    build([corpus], BuildOptions(out_dir=tmp_path / "first", cache_dir=cache_dir, page=False))
    out = subprocess.run([sys.executable, "-c", _CACHED_BUILD, str(corpus),
                          str(tmp_path / "again"), str(cache_dir)], cwd=REPO,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "3 []"


@pytest.mark.model
def test_parallel_build_equals_serial_build(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 20)
    build([corpus], BuildOptions(out_dir=tmp_path / "one", page=False))
    result = build([corpus], BuildOptions(out_dir=tmp_path / "two", jobs=2, page=False))
    assert result.articles == 20
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == \
        (tmp_path / "two" / "graph.ttl").read_bytes()


@pytest.mark.model
def test_a_damaged_entry_is_extracted_again_in_a_build(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    cache_dir = tmp_path / "cache"
    build([corpus], BuildOptions(out_dir=tmp_path / "first", cache_dir=cache_dir, page=False))
    entries = sorted(cache_dir.rglob("*.json"))
    entries[0].write_text("{", encoding="utf-8")
    again = build([corpus], BuildOptions(out_dir=tmp_path / "again", cache_dir=cache_dir,
                                         page=False))
    assert again.cached == len(entries) - 1
    assert (tmp_path / "again" / "graph.ttl").read_bytes() == \
        (tmp_path / "first" / "graph.ttl").read_bytes()
    assert json.loads(entries[0].read_text(encoding="utf-8"))["key"]  # written anew


def test_a_model_that_cannot_load_fails_the_build_with_its_message(tmp_path):
    from extraction import ExtractionError

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    with pytest.raises(ExtractionError, match="'no_such_pipeline' is not installed"):
        build([corpus], BuildOptions(out_dir=tmp_path / "out", model="no_such_pipeline",
                                     page=False))
    assert not (tmp_path / "out" / "graph.ttl").exists()
