"""Time SPARQL over news-shaped graphs: rdflib against pyoxigraph (in memory and on disk).

Run by hand from the repository root:

    .venv/bin/python bench/query_bench.py [--triples 100000 1000000] [--skip-rdflib-above N]

For each size it generates a deterministic (seeded) graph shaped like ckg's output
(docs/graph-model.md: states, officials, organisations, locations; articles with their
mentions; transfer claims with supplier, recipient, category, quantity, claimants,
status, evidence), writes it as Turtle to bench/results/ (git-ignored, reused when there),
then times with the engines ``ckg query`` uses:

* load: rdflib ``read_graph``; pyoxigraph in memory; pyoxigraph into a store directory
  (first load, then reopening the unchanged store);
* a three-way join with GROUP BY (transfer claims per supplier per claimant);
* the saved query ``claims`` with ``--supplier`` (entity lookup plus the claims table).

Query times are the median of three runs, results converted to rdflib terms included.
The two engines' answers are compared (same counts) so a fast wrong answer shows.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.files import read_graph, turtle_prefix_lines  # noqa: E402
from graph.store import (  # noqa: E402
    OxigraphEngine,
    RdflibEngine,
    load_in_memory,
    load_into_store,
    open_store,
    run_query,
    run_saved_query,
)

RESULTS = ROOT / "bench" / "results"
CATEGORIES = ["Troops", "ArtilleryShells", "Missiles", "Rockets", "Drones", "Weapons",
              "MilitaryAid", "Technology", "Supplies"]
STATUSES = ["Reported", "Reported", "Reported", "Confirmed", "Planned", "Denied"]
QUALIFIERS = ["at least", "up to", "about", "more than"]
UNITS = {"Troops": "soldiers", "ArtilleryShells": "shells", "Missiles": "missiles",
         "Rockets": "rockets", "Drones": "drones", "Weapons": "weapons",
         "MilitaryAid": "million dollars", "Technology": "systems", "Supplies": "tonnes"}

JOIN_QUERY = """SELECT ?supplier ?claimant (COUNT(?transfer) AS ?claims) WHERE {
  ?transfer a ckg:Transfer ; ckg:supplier ?s ; ckg:claimedBy ?c .
  ?s rdfs:label ?supplier .
  ?c rdfs:label ?claimant .
}
GROUP BY ?supplier ?claimant
ORDER BY DESC(?claims) ?supplier ?claimant"""


def generate(path: Path, target: int, seed: int = 7) -> int:
    """Write a news-shaped Turtle graph of about ``target`` triples; returns the count."""
    rng = random.Random(seed)
    lines = [turtle_prefix_lines()]
    count = 0

    def emit(subject: str, pairs: list[tuple[str, str]]) -> None:
        nonlocal count
        lines.append(subject + " " + " ;\n    ".join(f"{p} {o}" for p, o in pairs) + " .\n")
        count += len(pairs)

    scale = max(1, target // 100_000)
    states = [f"id:state_{i}" for i in range(60 + 10 * scale)]
    officials = [f"id:official_{i}" for i in range(300 * scale)]
    orgs = [f"id:org_{i}" for i in range(100 * scale)]
    places = [f"id:place_{i}" for i in range(200 * scale)]
    for i, s in enumerate(states):
        emit(s, [("a", "ckg:State"), ("rdfs:label", f'"State {i}"'),
                 ("skos:altLabel", f'"State {i} people"'), ("skos:altLabel", f'"Capital {i}"'),
                 ("ckg:key", f'"state_{i}"'),
                 ("owl:sameAs", f"<http://www.wikidata.org/entity/Q{1000 + i}>")])
    for i, o in enumerate(officials):
        emit(o, [("a", "ckg:Official"), ("rdfs:label", f'"Official {i}"'),
                 ("skos:altLabel", f'"Surname{i}"'), ("ckg:key", f'"official_{i}"'),
                 ("ckg:role", f'"{rng.choice(["Minister", "Spokesman", "General", "President"])}"'),
                 ("ckg:affiliation", rng.choice(states))])
    for i, o in enumerate(orgs):
        emit(o, [("a", "ckg:Organization"), ("rdfs:label", f'"Agency {i}"'),
                 ("ckg:key", f'"org_{i}"')])
    for i, p in enumerate(places):
        emit(p, [("a", "ckg:Location"), ("rdfs:label", f'"Place {i}"'),
                 ("ckg:key", f'"place_{i}"'), ("ckg:locatedIn", rng.choice(states))])
    claimants = officials + orgs
    article = 0
    while count < target:
        digest = hashlib.sha256(f"article {article}".encode()).hexdigest()
        a = f"<https://w3id.org/ckg/id/article/{digest}>"
        day = 1 + article % 28
        mentioned = set()
        transfers = []
        for k in range(rng.randint(2, 10)):
            category = rng.choice(CATEGORIES)
            supplier, recipient = rng.sample(states, 2)
            t = f"<https://w3id.org/ckg/id/transfer/{digest[:16]}/{k:016x}>"
            pairs = [("a", "ckg:Transfer"), ("rdfs:label", f'"claim {article}.{k}"'),
                     ("ckg:supplier", supplier), ("ckg:recipient", recipient),
                     ("ckg:category", f"ckg:{category}"),
                     ("ckg:status", f"ckg:{rng.choice(STATUSES)}"), ("ckg:reportedIn", a),
                     ("ckg:evidence", f'"Sentence {k} of article {article} about {category}."'),
                     ("ckg:evidenceStart", str(100 * k)), ("ckg:evidenceEnd", str(100 * k + 80))]
            if rng.random() < 0.8:
                pairs.append(("ckg:quantity", str(rng.randint(1, 50) * 1000)))
                pairs.append(("ckg:unit", f'"{UNITS[category]}"'))
                if rng.random() < 0.5:
                    pairs.append(("ckg:quantityQualifier", f'"{rng.choice(QUALIFIERS)}"'))
            who = rng.sample(claimants, rng.choice([0, 1, 1, 1, 2]))
            for c in who:
                pairs.append(("ckg:claimedBy", c))
            if rng.random() < 0.3:
                pairs.append(("ckg:destination", rng.choice(places)))
            transfers.append((t, pairs))
            mentioned.update([supplier, recipient, *who])
        emit(a, [("a", "ckg:Article"), ("ckg:sourceFile", f'"{article:06d}.txt"'),
                 ("ckg:sha256", f'"{digest}"'), ("dcterms:title", f'"Article {article}"'),
                 ("ckg:published", f'"2024-{1 + article % 12:02d}-{day:02d}"^^xsd:date'),
                 ("ckg:mentions", ", ".join(sorted(mentioned)))])
        count += len(mentioned) - 1
        for t, pairs in transfers:
            emit(t, pairs)
        article += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    return count


def timed(function, repeat: int = 1):
    """(median seconds, last result) of calling ``function`` ``repeat`` times."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench(triples: int, with_rdflib: bool) -> None:
    path = RESULTS / f"query-news-{triples}.ttl"
    if not path.exists():
        seconds, count = timed(lambda: generate(path, triples))
        print(f"generated {path.name}: {count} triples, "
              f"{path.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s", flush=True)
    print(f"\n== {path.name} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
    rows = {}

    load_s, store = timed(lambda: load_in_memory(path))
    oxigraph = OxigraphEngine(store)
    print(f"pyoxigraph  load (in memory)      {load_s:8.2f} s   {len(store)} triples", flush=True)
    store_dir = Path(tempfile.mkdtemp(prefix="ckg-query-bench-")) / "store"
    try:
        first_s, disk = timed(lambda: load_into_store(path, store_dir))
        del disk
        reopen_s, disk = timed(lambda: load_into_store(path, store_dir))
        print(f"pyoxigraph  load (store dir)      {first_s:8.2f} s   reopen unchanged "
              f"{reopen_s:.2f} s", flush=True)
        disk_engine = OxigraphEngine(open_store(store_dir))
        join_s, result = timed(lambda: run_query(disk_engine, JOIN_QUERY), 3)
        print(f"pyoxigraph  join GROUP BY (disk)  {join_s:8.2f} s   {len(result.rows)} rows",
              flush=True)
        del disk_engine, disk
    finally:
        shutil.rmtree(store_dir.parent, ignore_errors=True)
    join_s, result = timed(lambda: run_query(oxigraph, JOIN_QUERY), 3)
    rows["oxigraph"] = result.rows
    print(f"pyoxigraph  join GROUP BY (mem)   {join_s:8.2f} s   {len(result.rows)} rows",
          flush=True)
    claims_s, result = timed(lambda: run_saved_query(oxigraph, "claims",
                                                     {"supplier": "State 3"}), 3)
    print(f"pyoxigraph  saved claims --supplier {claims_s:6.2f} s   {len(result.rows)} rows",
          flush=True)
    claims_rows = len(result.rows)
    del oxigraph, store

    if not with_rdflib:
        print("rdflib      skipped", flush=True)
        return
    load_s, dataset = timed(lambda: read_graph(path))
    engine = RdflibEngine(dataset)
    print(f"rdflib      load                  {load_s:8.2f} s   {len(dataset)} triples",
          flush=True)
    join_s, result = timed(lambda: run_query(engine, JOIN_QUERY), 1)
    print(f"rdflib      join GROUP BY         {join_s:8.2f} s   {len(result.rows)} rows",
          flush=True)
    same = sorted((str(a), str(b), int(n)) for a, b, n in result.rows) == sorted(
        (str(a), str(b), int(n)) for a, b, n in rows["oxigraph"])
    print(f"            same rows as pyoxigraph: {same}", flush=True)
    claims_s, result = timed(lambda: run_saved_query(engine, "claims", {"supplier": "State 3"}))
    print(f"rdflib      saved claims --supplier {claims_s:6.2f} s   {len(result.rows)} rows "
          f"(pyoxigraph: {claims_rows})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--skip-rdflib-above", type=int, default=None, metavar="N",
                        help="Do not run rdflib on graphs larger than N triples.")
    args = parser.parse_args()
    for triples in args.triples:
        bench(triples, args.skip_rdflib_above is None or triples <= args.skip_rdflib_above)


if __name__ == "__main__":
    main()
