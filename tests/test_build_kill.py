"""Kill `ckg build` (SIGKILL) early, during extraction and while writing: nothing is lost."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from rdflib import Graph

from bench.corpus import write_corpus
from graph.builder import CHUNK_ARTICLES

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]

#: Five chunks of articles (``CHUNK_ARTICLES``) for two workers: when the first entries
#: reach the cache, whole chunks are still being extracted (with two chunks, both could
#: arrive together and be cached before the kill lands).
CORPUS = 5 * CHUNK_ARTICLES


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "build", *args, "-q"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)  # the build only; its workers must notice by themselves
    proc.wait(timeout=30)
    proc.stderr.close()


def _session_processes(sid: int) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == sid:
                found.append(process)
        except (ProcessLookupError, PermissionError, psutil.Error):
            continue
    return found


def _wait_until(condition, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("kill")
    write_corpus(root / "small", 3)
    write_corpus(root / "corpus", CORPUS, seed=2)
    out = root / "out"
    proc = subprocess.run([sys.executable, "-m", "cli", "build", str(root / "small"),
                           "--out", str(out), "-q"], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    return root, out, _digest(out)


def _assert_previous_outputs(out: Path, before: dict[str, str]) -> None:
    visible = {k: v for k, v in _digest(out).items() if not k.startswith(".")}
    assert visible == before
    assert len(Graph().parse(out / "graph.ttl")) > 0


def test_killed_early(setup):
    root, out, before = setup
    proc = _start(str(root / "corpus"), "--out", str(out), "--jobs", "2")
    time.sleep(0.5)
    _kill(proc)
    _assert_previous_outputs(out, before)


def test_killed_during_extraction_keeps_outputs_and_cache_and_stops_workers(setup):
    root, out, before = setup
    cache = root / "cache"
    proc = _start(str(root / "corpus"), "--out", str(out), "--jobs", "2", "--cache", str(cache))
    _wait_until(lambda: len(list(cache.rglob("*.json"))) >= 3 or proc.poll() is not None)
    assert proc.poll() is None, "the build ended before it could be killed"
    _kill(proc)
    _assert_previous_outputs(out, before)
    entries = list(cache.rglob("*.json"))
    assert 3 <= len(entries) < CORPUS
    for entry in entries:  # every entry is complete
        assert json.loads(entry.read_text(encoding="utf-8"))["extraction"]["article_id"]
    _wait_until(lambda: not _session_processes(proc.pid), timeout=20)  # workers exited

    # the next build resumes from the cache and cleans up
    done = subprocess.run([sys.executable, "-m", "cli", "build", str(root / "corpus"), "--out",
                           str(out), "--cache", str(cache), "--jobs", "2"], cwd=REPO,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    # (whether it reused the entries is test_build_cache's business: the extractor's code
    # is part of the key, and it may change between two processes of a shared checkout)
    assert len(list(cache.rglob("*.json"))) >= CORPUS
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from rdflib import Graph, Literal, URIRef
    import graph.files as files

    def slow_serialize(self, destination=None, format=None, encoding=None, **kw):
        with open(destination, "w", encoding="utf-8") as out:
            out.write("@prefix half: <urn:half#> .\\nhalf:a half:b ")
            out.flush()
            time.sleep(120)

    g = Graph()
    g.add((URIRef("urn:new"), URIRef("urn:p"), Literal("new")))
    Graph.serialize = slow_serialize
    files.write_graph(g, Path(sys.argv[1]))
""")


def test_killed_while_writing_leaves_the_old_file_and_a_hidden_temporary(setup):
    root, out, before = setup
    current = _digest(out)  # what the tests before this one left
    target = out / "graph.ttl"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], cwd=REPO,
                            stderr=subprocess.PIPE, start_new_session=True)
    temporaries = lambda: [p for p in out.iterdir()  # noqa: E731
                           if p.name.startswith(".graph.ttl.") and p.stat().st_size > 0]
    _wait_until(lambda: temporaries() or proc.poll() is not None, timeout=120)
    _kill(proc)
    _assert_previous_outputs(out, current)
    assert temporaries(), "the half-written temporary should be there, hidden"
    done = subprocess.run([sys.executable, "-m", "cli", "build", str(root / "small"), "--out",
                           str(out), "-q"], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert not temporaries()
    assert _digest(out)["graph.ttl"] == before["graph.ttl"]  # same input, same bytes
    assert (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
