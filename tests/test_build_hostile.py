"""A hostile corpus: every bad input gets one error line naming it; the rest is built."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph

from cli import main
from ontology import KG, validate

from tests.hostile import make_hostile_corpus

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile"))


def _check(stderr: str, out: Path, bad: dict[str, str], built: int) -> None:
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    for name, reason in bad.items():
        lines = [line for line in errors if re.search(rf"[/\\]{re.escape(name)}: ", line)]
        assert len(lines) == 1, (name, errors)
        assert reason.lower() in lines[0].lower(), lines[0]
    assert len(errors) == len(bad), errors
    assert sum(line.startswith("warning:") and "duplicate" in line
               for line in stderr.splitlines()) == 1
    graph = Graph().parse(out / "graph.ttl")
    assert len(set(graph.subjects(RDF.type, KG.Article))) == built
    assert validate(graph).conforms
    assert len(list(ox.parse(path=str(out / "graph.ttl")))) == len(graph)
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "document.write('<p>evil" not in page
    print(f"\nhostile corpus: {len(bad)} bad inputs, {len(errors)} error lines, "
          f"{built} articles built, 0 crashes")


def test_hostile_corpus_through_click(corpus, tmp_path, runner):
    inputs, bad, built = corpus
    result = runner.invoke(main, ["build", *inputs, "--out", str(tmp_path / "out")])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert result.exit_code == 1, result.output
    _check(result.stderr, tmp_path / "out", bad, built)


def test_hostile_corpus_through_a_real_process(corpus, tmp_path):
    inputs, bad, built = corpus
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "cli", "build", *inputs, "--out", str(out),
                           "--jobs", "2", "--cache", str(tmp_path / "cache")],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    _check(proc.stderr, out, bad, built)
    assert "decoded as cp1252" in proc.stderr  # odd encodings are built with a warning


def test_strict_fails_before_writing(corpus, tmp_path, runner):
    inputs, bad, _ = corpus
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous", encoding="utf-8")
    result = runner.invoke(main, ["build", *inputs, "--out", str(out), "--strict"])
    assert result.exit_code == 1
    assert "nothing written (--strict)" in result.stderr
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]


def test_max_bytes_refuses_and_can_be_raised(tmp_path, runner):
    article = tmp_path / "a.txt"
    article.write_text("Iran sent 40 drones to Russia, officials said.\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(article), "--out", str(tmp_path / "o"),
                                  "--max-bytes", "10", "-q"])
    assert result.exit_code == 1
    assert "a.txt: file is 47 bytes, over the 10-byte limit" in result.stderr
    result = runner.invoke(main, ["build", str(article), "--out", str(tmp_path / "o"),
                                  "--max-bytes", "100", "-q"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
