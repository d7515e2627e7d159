"""Benchmark `ckg build` against the plain en_core_web_sm pipeline (run by hand, not in CI).

    .venv/bin/python bench/bench_build.py [--articles 2000] [--jobs 2] [--triples 1000000]

Generates ARTICLES distinct articles from examples/articles and templates
(bench/corpus.py), then measures, in one run:

- baseline: the full en_core_web_sm pipeline (``nlp.pipe``, one process) over every text;
- ckg: the real ``ckg build --jobs N --cache DIR`` (rules, identity, graph, page);
- the incremental rebuild after one new article, with the cache;
- peak memory of each (PSS summed over the process tree, sampled every second, or the
  largest single RSS, sampled every 0.1 s, if that is more), and
- writing and re-reading a synthetic news-shaped graph of TRIPLES triples as Turtle
  (graph/files.py: pyoxigraph above BIG_GRAPH_TRIPLES), plus a pyoxigraph bulk load.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import write_corpus  # noqa: E402

BASELINE = """
import sys, time
from pathlib import Path
import spacy
from extraction.pipeline import DEFAULT_MODELS
for name in DEFAULT_MODELS:
    try:
        nlp = spacy.load(name)
        break
    except OSError:
        pass
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
for doc in nlp.pipe(texts, batch_size=64):
    pass
"""


def _tree(root: psutil.Process) -> list[psutil.Process]:
    try:
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _largest_rss(processes: list[psutil.Process]) -> int:
    rss = 0
    for process in processes:
        try:
            rss = max(rss, process.memory_info().rss)
        except psutil.Error:
            pass
    return rss


def _summed_pss(processes: list[psutil.Process]) -> int:
    """PSS summed over the processes: each shared page is split among those mapping it,
    so forked workers are not charged again for the model pages their parent holds.
    (Reading it walks the page tables: tens of ms per GB, so it is sampled sparingly.)"""
    pss = 0
    for process in processes:
        try:
            pss += process.memory_full_info().pss
        except psutil.Error:
            pass
    return pss


def run_measured(command: list[str]) -> tuple[float, float, int]:
    """Run ``command``; return wall seconds, peak memory of its process tree (MB: the
    larger of summed PSS, sampled every second, and the largest single RSS, sampled
    every 0.1 s), exit code."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak = 0
    ticks = 0
    while proc.poll() is None:
        processes = _tree(root)
        peak = max(peak, _largest_rss(processes))
        if ticks % 10 == 5:
            peak = max(peak, _summed_pss(processes))
        ticks += 1
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read()
    if proc.returncode:
        print(stderr, file=sys.stderr)
    return seconds, peak / 2**20, proc.returncode


def synthetic_extractions(count: int):
    """News-shaped records (about 25 triples per article) without running the NLP."""
    from extraction import ArticleExtraction, EntityRecord, Mention, TransferRecord
    from ontology import EntityType, Status, TransferCategory

    rng = random.Random(7)
    keys = [f"state_{i}" for i in range(200)] + [f"official_{i}" for i in range(2000)]
    out = []
    for a in range(count):
        entities = tuple(EntityRecord(key=k, type=EntityType.STATE if k.startswith("state")
                                      else EntityType.OFFICIAL, name=k.replace("_", " ").title(),
                                      aliases=(k.upper(),)) for k in rng.sample(keys, 4))
        transfers = tuple(TransferRecord(
            supplier=entities[i].key, recipient=entities[i + 1].key,
            category=rng.choice(list(TransferCategory)), status=rng.choice(list(Status)),
            evidence=Mention(start=i * 90, end=i * 90 + 80,
                             text=f"Report {a}.{i}: \"{rng.randint(1, 9999)}\" units were sent."),
            quantity=rng.choice([None, rng.randint(1, 10000), Decimal("12.50")]),
            unit="shells", claimants=(entities[3].key,)) for i in range(2))
        out.append(ArticleExtraction(article_id=hashlib.sha256(str(a).encode()).hexdigest(),
                                     source_file=f"a{a}.txt", title=f"Title {a}",
                                     entities=entities, transfers=transfers))
    return out


def big_graph_times(triples: int, folder: Path) -> dict[str, float]:
    """Build a news-shaped graph of about ``triples`` triples as ``ckg build`` does, then
    time writing it as Turtle and reading the file back (pyoxigraph store, rdflib)."""
    import pyoxigraph as ox

    from graph import read_graph, write_graph
    from graph.collector import paused_gc
    from graph.rdf import build_statements

    per_article = 34  # triples per synthetic article, as build_statements maps them
    with paused_gc():
        statements = build_statements(synthetic_extractions(max(1, triples // per_article)))
        path = folder / "big.ttl"
        started = time.perf_counter()
        write_graph(statements, path)
        write = time.perf_counter() - started
        count = len(statements)
        del statements
        started = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        oxigraph_read = time.perf_counter() - started
        started = time.perf_counter()
        again = read_graph(path)
        rdflib_read = time.perf_counter() - started
    assert len(again) == count == len(store), (len(again), count, len(store))
    return {"triples": count, "write": write, "read_oxigraph": oxigraph_read,
            "read_rdflib": rdflib_read, "mb": path.stat().st_size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ckg-bench-"))
    corpus = work / "corpus"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != args.articles:
        write_corpus(corpus, args.articles)
    python = sys.executable
    rows = []
    if not args.skip_baseline:
        seconds, rss, _ = run_measured([python, "-c", BASELINE, str(corpus)])
        rows.append(("baseline en_core_web_sm, 1 process", seconds, rss))
    cache = work / "cache"
    for path in cache.rglob("*.json") if cache.is_dir() else []:
        path.unlink()
    seconds, rss, code = run_measured([python, "-m", "cli", "build", str(corpus), "--out",
                                       str(work / "out"), "--jobs", str(args.jobs), "--cache",
                                       str(cache), "-q"])
    assert code in (0, 1), code
    rows.append((f"ckg build --jobs {args.jobs} --cache", seconds, rss))
    write_corpus(corpus, 1, start=args.articles)  # one new article
    inc, inc_rss, _ = run_measured([python, "-m", "cli", "build", str(corpus), "--out",
                                    str(work / "out"), "--jobs", str(args.jobs), "--cache",
                                    str(cache), "-q"])
    (corpus / f"article_{args.articles:05d}.txt").unlink()

    print(f"\n{args.articles} articles, {psutil.cpu_count()} CPUs, load average "
          f"{psutil.getloadavg()[0]:.1f}, work folder {work}")
    print(f"{'run':40} {'seconds':>9} {'articles/s':>11} {'peak MB':>12}")
    for name, seconds, rss in rows:
        print(f"{name:40} {seconds:9.1f} {args.articles / seconds:11.1f} {rss:12.0f}")
    if len(rows) == 2:
        print(f"{'ratio ckg / baseline':40} {rows[0][1] / rows[1][1]:21.2f}x")
    print(f"{'incremental rebuild, 1 new article':40} {inc:9.1f} {'':>11} {inc_rss:12.0f}")
    if args.triples:
        big = big_graph_times(args.triples, work)
        print(f"{big['triples']:,} triples as Turtle ({big['mb']:.0f} MB): write "
              f"{big['write']:.1f} s, read into a pyoxigraph store {big['read_oxigraph']:.1f} s, "
              f"read_graph into rdflib {big['read_rdflib']:.1f} s")


if __name__ == "__main__":
    main()
