"""`ckg build` end to end on the example articles: outputs, validity, determinism."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

import cli
from ontology import KG, validate

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli.main, ["build", str(EXAMPLES), "--out", str(out),
                                           "--format", "ttl,trig,nq,nt,jsonld"])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_writes_every_requested_file(built):
    out, _ = built
    for name in ("graph.ttl", "graph.html", "graph.trig", "graph.nq", "graph.nt", "graph.jsonld"):
        assert (out / name).stat().st_size > 0, name


def test_summary_line_counts_what_was_built(built):
    _, result = built
    from sources import load

    line = result.stderr.strip().splitlines()[-1]
    articles = len(list(load([EXAMPLES])))
    assert line.startswith(f"{articles} articles, ")
    transfers = len(list(Graph().parse(built[0] / "graph.ttl").subjects(None, KG.Transfer)))
    assert f" {transfers} transfers" in line


def test_turtle_parses_in_rdflib_and_pyoxigraph(built):
    import pyoxigraph

    out, _ = built
    graph = Graph().parse(out / "graph.ttl")
    assert (None, None, KG.Transfer) in graph
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph)


def test_named_graphs_kept_in_trig(built):
    out, _ = built
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    articles = set(Graph().parse(out / "graph.ttl").subjects(None, KG.Article))
    names = {g.identifier for g in dataset.graphs()}
    assert articles <= names


def test_output_conforms_to_the_shapes(built):
    out, _ = built
    report = validate(Graph().parse(out / "graph.ttl"))
    assert report.conforms, report.text


def test_every_transfer_keeps_verbatim_evidence(built):
    out, _ = built
    graph = Graph().parse(out / "graph.ttl")
    evidence = list(graph.objects(None, KG.evidence))
    assert evidence
    texts = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in EXAMPLES.iterdir())
    for sentence in evidence:
        assert str(sentence).split("\n")[0][:40] in texts.replace("\\n", "\n")


def test_building_twice_gives_identical_bytes(built, tmp_path):
    """A second build in another process (another hash seed) writes the same bytes."""
    first, _ = built
    copy = tmp_path / "articles"
    shutil.copytree(EXAMPLES, copy)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-m", "cli", "build", str(copy), "--out",
                             str(tmp_path / "again"), "--format", "ttl,trig,nq,nt,jsonld", "-q"],
                            cwd=Path(cli.__file__).parent, env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.nt", "graph.jsonld", "graph.html"):
        assert _digest(first / name) == _digest(tmp_path / "again" / name), name


def test_validate_command(built, runner):
    out, _ = built
    result = runner.invoke(cli.main, ["validate", str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stderr


def test_validate_exits_3_on_a_broken_graph(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ckg: <https://w3id.org/ckg/ontology#> .\n"
                   "<https://w3id.org/ckg/id/t> a ckg:Transfer .\n", encoding="utf-8")
    result = runner.invoke(cli.main, ["validate", str(bad)])
    assert result.exit_code == 3
    assert "supplier" in result.stderr


@pytest.mark.parametrize("command", [None, "build", "validate", "query", "render", "export",
                                     "serve", "push"])
def test_help(runner, command):
    result = runner.invoke(cli.main, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_unknown_format_is_one_line(runner, tmp_path):
    result = runner.invoke(cli.main, ["build", str(EXAMPLES), "--out", str(tmp_path),
                                      "--format", "tll"])
    assert result.exit_code != 0
    assert "Did you mean 'ttl'" in result.output and "Traceback" not in result.output


def test_rules_only_pipeline_still_finds_known_names(runner, tmp_path):
    (tmp_path / "a.txt").write_text("Officials in Ghana and Togo met NATO envoys.\n", encoding="utf-8")
    result = runner.invoke(cli.main, ["build", str(tmp_path / "a.txt"), "--out",
                                      str(tmp_path / "out"), "--model", "blank:en", "-q"])
    assert result.exit_code == 0, result.output
    labels = {str(o) for o in Graph().parse(tmp_path / "out" / "graph.ttl").objects(
        None, __import__("rdflib").RDFS.label)}
    assert {"Ghana", "Togo", "NATO"} <= labels


def test_missing_model_is_a_one_line_error(runner, tmp_path):
    (tmp_path / "a.txt").write_text("Ghana sent 20 trucks to Togo.\n", encoding="utf-8")
    result = runner.invoke(cli.main, ["build", str(tmp_path / "a.txt"), "--out",
                                      str(tmp_path / "out"), "--model", "xx_no_such_model"])
    assert result.exit_code != 0
    assert "not installed" in result.output and "Traceback" not in result.output


def test_a_big_build_writes_the_same_graph_and_page(built, tmp_path, monkeypatch):
    """Above BIG_GRAPH_TRIPLES the graph stays pyoxigraph quads and the page is drawn in
    a forked process: the same triples, the same page bytes."""
    import graph.files as files
    from graph import BuildOptions, build

    first, _ = built
    monkeypatch.setattr(files, "BIG_GRAPH_TRIPLES", 0)
    result = build([EXAMPLES], BuildOptions(out_dir=tmp_path / "big", formats=("ttl", "nq")))
    assert _digest(tmp_path / "big" / "graph.html") == _digest(first / "graph.html")
    assert _digest(tmp_path / "big" / "graph.nq") == _digest(first / "graph.nq")
    big = Graph().parse(tmp_path / "big" / "graph.ttl")
    assert set(big) == set(Graph().parse(first / "graph.ttl"))
    assert result.triples == len(big)


def test_a_page_that_fails_in_its_process_fails_the_build(tmp_path, monkeypatch):
    import graph.files as files
    import graph.render as render
    from graph import BuildOptions, GraphError, build

    def broken(graph):
        raise ValueError("no page today")

    monkeypatch.setattr(files, "BIG_GRAPH_TRIPLES", 0)
    monkeypatch.setattr(render, "render_page", broken)
    with pytest.raises(GraphError, match="ValueError: no page today"):
        build([EXAMPLES], BuildOptions(out_dir=tmp_path / "out"))
    assert not (tmp_path / "out" / "graph.html").exists()
