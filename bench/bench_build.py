"""Benchmark `ckg build` against the plain en_core_web_sm pipeline (run by hand, not in CI).

    .venv/bin/python bench/bench_build.py [--articles 2000] [--jobs 2] [--triples 1000000]
                                          [--repeat N] [--skip-baseline] [--workdir DIR]

Generates ARTICLES distinct articles from examples/articles and templates
(bench/corpus.py), then measures, in one run:

- baseline: the full en_core_web_sm pipeline (``nlp.pipe``, one process) over every text;
- ckg: the real ``ckg build --jobs N --cache DIR`` (rules, identity, graph, page);
- the incremental rebuild after one new article, with the cache;
- with ``--repeat N``, each of those N times, baseline and ckg alternating, so that a
  machine whose speed drifts (shared virtual CPUs) slows both alike; medians and ranges
  are printed, and the ratio is the median of the runs' ratios;
- how much two busy processes get done at once relative to one, the most ``--jobs 2``
  can gain on this machine;
- peak memory of each (PSS summed over the process tree, sampled every second, or the
  largest single RSS, sampled every 0.1 s, if that is more), and
- writing and re-reading a synthetic news-shaped graph of TRIPLES triples as Turtle
  (graph/files.py: pyoxigraph above BIG_GRAPH_TRIPLES), plus a pyoxigraph bulk load.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import ensure_corpus, write_corpus  # noqa: E402

BASELINE = """
import sys, time
from pathlib import Path
import spacy
from extraction.models import default_model
nlp = spacy.load(default_model())
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


SPIN = "import time\nt = time.perf_counter()\nx = 0\nfor i in range(20_000_000): x += i\nprint(time.perf_counter() - t)"


def parallel_scaling(python: str, rounds: int = 3) -> float:
    """How much work two CPU-bound processes at once get done, relative to one alone
    (2.0 on two free cores; less where the cores are shared or contended). The median
    of ``rounds`` measurements."""
    gains = []
    for _ in range(rounds):
        alone = float(subprocess.run([python, "-c", SPIN], capture_output=True, text=True,
                                     check=True).stdout)
        pair = [subprocess.Popen([python, "-c", SPIN], stdout=subprocess.PIPE, text=True)
                for _ in range(2)]
        gains.append(sum(alone / float(p.communicate()[0]) for p in pair))
    return statistics.median(gains)


def _spread(values: list[float]) -> str:
    """"median (min–max)" of seconds, or the one value."""
    if len(values) == 1:
        return f"{values[0]:.1f}"
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1,
                        help="run baseline and ckg this many times, alternating; report "
                             "medians (and ranges)")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ckg-bench-"))
    corpus = work / "corpus"
    ensure_corpus(corpus, args.articles)
    python = sys.executable
    cache = work / "cache"
    build = [python, "-m", "cli", "build", str(corpus), "--out", str(work / "out"), "--jobs",
             str(args.jobs), "--cache", str(cache), "-q"]
    runs: dict[str, list[tuple[float, float]]] = {"baseline": [], "ckg": [], "incremental": []}
    scaling = parallel_scaling(python)
    for n in range(args.repeat):
        if not args.skip_baseline:
            seconds, rss, _ = run_measured([python, "-c", BASELINE, str(corpus)])
            runs["baseline"].append((seconds, rss))
        for path in cache.rglob("*.json") if cache.is_dir() else []:
            path.unlink()
        seconds, rss, code = run_measured(build)
        assert code in (0, 1), code
        runs["ckg"].append((seconds, rss))
        new = corpus / f"article_{args.articles + n:05d}.txt"
        write_corpus(corpus, 1, start=args.articles + n)  # one new article
        seconds, rss, _ = run_measured(build)
        runs["incremental"].append((seconds, rss))
        new.unlink()

    print(f"\n{args.articles} articles, {psutil.cpu_count()} CPUs (two busy processes get "
          f"{scaling:.2f}x the work of one), load average {psutil.getloadavg()[0]:.1f}, "
          f"{args.repeat} run{'s' * (args.repeat > 1)} each, spaCy {version('spacy')}, "
          f"work folder {work}")
    print(f"{'run':40} {'seconds':>16} {'articles/s':>11} {'peak MB':>8}")
    names = {"baseline": "baseline en_core_web_sm, 1 process",
             "ckg": f"ckg build --jobs {args.jobs} --cache"}
    for key, name in names.items():
        if runs[key]:
            seconds = [s for s, _ in runs[key]]
            print(f"{name:40} {_spread(seconds):>16} "
                  f"{args.articles / statistics.median(seconds):11.1f} "
                  f"{max(r for _, r in runs[key]):8.0f}")
    if runs["baseline"]:
        ratios = [b / c for (b, _), (c, _) in zip(runs["baseline"], runs["ckg"])]
        spread = "" if len(ratios) == 1 else f" ({min(ratios):.2f}-{max(ratios):.2f})"
        print(f"{'ratio ckg / baseline':40} {statistics.median(ratios):15.2f}x{spread}")
    seconds = [s for s, _ in runs["incremental"]]
    print(f"{'incremental rebuild, 1 new article':40} {_spread(seconds):>16} {'':>11} "
          f"{max(r for _, r in runs['incremental']):8.0f}")
    if args.triples:
        big = big_graph_times(args.triples, work)
        print(f"{big['triples']:,} triples as Turtle ({big['mb']:.0f} MB): write "
              f"{big['write']:.1f} s, read into a pyoxigraph store {big['read_oxigraph']:.1f} s, "
              f"read_graph into rdflib {big['read_rdflib']:.1f} s")


if __name__ == "__main__":
    main()
