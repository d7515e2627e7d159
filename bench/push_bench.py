"""Time `graph.push` into real Virtuoso and Oxigraph servers: a small graph and 1M triples.

Run by hand from the repository root (needs virtuoso-t and the oxigraph server binary):

    .venv/bin/python bench/push_bench.py [--triples 1000000] [--graph FILE ...]

The large graph is generated deterministically (seeded), shaped like ckg's output
(docs/graph-model.md): entities in the default graph, one named graph per article with
the article node, its mentions and its transfer claims. It is written as N-Quads with
pyoxigraph to bench/results/ (git-ignored) and reused when already there.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import random
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import PushOptions, PushResult, push  # noqa: E402

CKG = "https://w3id.org/ckg/ontology#"
ID = "https://w3id.org/ckg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
CLASSES = ["State"] * 3 + ["Official"] * 3 + ["Person", "Organization", "MilitaryUnit",
                                              "Location"]
CATEGORIES = ["Troops", "ArtilleryShells", "Missiles", "Rockets", "Drones", "Weapons",
              "MilitaryAid", "Technology", "Supplies"]
STATUSES = ["Reported", "Confirmed", "Planned", "Denied"]
MODES = ["named graphs, GSP", "one graph, GSP", "one graph, update", "named graphs, update"]
WORDS = ("shells troops drones missiles officials said according to the ministry reported "
         "confirmed denied shipment border arrived front line deliveries, \"quoted\" sources"
         ).split()


def _ckg(name: str) -> ox.NamedNode:
    return ox.NamedNode(CKG + name)


def _literal(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else \
        ox.Literal(value)


def generate(path: Path, triples: int, seed: int = 20241023) -> int:
    """Write a news-shaped N-Quads graph of at least ``triples`` triples; return the count."""
    rng = random.Random(seed)
    quads: list[ox.Quad] = []
    default = ox.DefaultGraph()
    entities = []
    for index in range(max(200, triples // 500)):
        cls = rng.choice(CLASSES)
        node = ox.NamedNode(f"{ID}{cls.lower()}_{index}")
        entities.append(node)
        quads += [ox.Quad(node, RDF_TYPE, _ckg(cls), default),
                  ox.Quad(node, LABEL, _literal(f"{cls} {index}"), default),
                  ox.Quad(node, _ckg("key"), _literal(f"{cls.lower()}_{index}"), default),
                  ox.Quad(node, ALT, _literal(f"{cls[:3]}-{index}"), default)]
        if cls == "State":
            quads.append(ox.Quad(node, SAME_AS,
                                 ox.NamedNode(f"http://www.wikidata.org/entity/Q{index}"),
                                 default))
        if cls == "Official":
            quads += [ox.Quad(node, _ckg("role"), _literal("Defense Minister"), default),
                      ox.Quad(node, _ckg("affiliation"), rng.choice(entities), default)]
    article_index = 0
    while len(quads) < triples:
        sha = hashlib.sha256(f"{seed}/{article_index}".encode()).hexdigest()
        article = ox.NamedNode(f"{ID}article/{sha}")
        mentioned = rng.sample(entities, rng.randint(4, 12))
        quads += [ox.Quad(article, RDF_TYPE, _ckg("Article"), article),
                  ox.Quad(article, _ckg("sourceFile"), _literal(f"{article_index:06d}.txt"),
                          article),
                  ox.Quad(article, _ckg("sha256"), _literal(sha), article),
                  ox.Quad(article, TITLE, _literal(" ".join(rng.choices(WORDS, k=8))), article),
                  ox.Quad(article, _ckg("published"),
                          _literal(f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                   "date"), article)]
        quads += [ox.Quad(article, _ckg("mentions"), entity, article) for entity in mentioned]
        for claim in range(rng.randint(1, 8)):
            supplier, recipient = rng.sample(mentioned, 2)
            digest = hashlib.sha1(f"{sha}/{claim}".encode()).hexdigest()[:16]
            transfer = ox.NamedNode(f"{ID}transfer/{sha[:16]}/{digest}")
            category = rng.choice(CATEGORIES)
            evidence = " ".join(rng.choices(WORDS, k=rng.randint(10, 30))) + "."
            start = rng.randint(0, 5_000)
            quads += [
                ox.Quad(transfer, RDF_TYPE, _ckg("Transfer"), article),
                ox.Quad(transfer, LABEL, _literal(f"{supplier.value} → {recipient.value}: "
                                                  f"{category}"), article),
                ox.Quad(transfer, _ckg("supplier"), supplier, article),
                ox.Quad(transfer, _ckg("recipient"), recipient, article),
                ox.Quad(transfer, _ckg("category"), _ckg(category), article),
                ox.Quad(transfer, _ckg("status"), _ckg(rng.choice(STATUSES)), article),
                ox.Quad(transfer, _ckg("reportedIn"), article, article),
                ox.Quad(transfer, _ckg("evidence"), _literal(evidence), article),
                ox.Quad(transfer, _ckg("evidenceStart"), _literal(str(start), "integer"),
                        article),
                ox.Quad(transfer, _ckg("evidenceEnd"),
                        _literal(str(start + len(evidence)), "integer"), article),
            ]
            if rng.random() < 0.7:
                quantity = (_literal(str(rng.randint(1, 100_000)), "integer")
                            if rng.random() < 0.8 else
                            _literal(f"{rng.randint(1, 9999)}.{rng.randint(0, 9)}0", "decimal"))
                quads += [ox.Quad(transfer, _ckg("quantity"), quantity, article),
                          ox.Quad(transfer, _ckg("unit"), _literal("soldiers"), article)]
            if rng.random() < 0.5:
                quads.append(ox.Quad(transfer, _ckg("claimedBy"), rng.choice(mentioned),
                                     article))
        article_index += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    ox.serialize(quads, path, format=ox.RdfFormat.N_QUADS)
    return len(quads)


def _servers() -> object:
    """The server launchers of the test suite (tests/test_graph_push_servers.py)."""
    spec = importlib.util.spec_from_file_location(
        "ckg_push_servers", ROOT / "tests" / "test_graph_push_servers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(store: str, name: str, mode: str, result: PushResult) -> str:
    return (f"{store:<9} {name:<16} {mode:<22} {result.graphs:>7} {result.triples:>9} "
            f"{'yes' if result.verified else 'NO':>8} {result.load_seconds:>7.2f} "
            f"{result.send_seconds:>8.2f} {result.verify_seconds:>7.2f} {result.requests:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--graph", type=Path, action="append", default=[],
                        help="Extra graph files to push (default: the small test graph).")
    parser.add_argument("--skip-update", action="store_true",
                        help="Do not time SPARQL Update on the large graph.")
    parser.add_argument("--only", choices=["oxigraph", "virtuoso"],
                        help="Time one store only.")
    parser.add_argument("--mode", action="append", default=[], choices=MODES,
                        help="Time only these modes (default: all).")
    args = parser.parse_args()

    big = ROOT / "bench" / "results" / f"news-{args.triples}.nq"
    if not big.exists():
        started = time.perf_counter()
        count = generate(big, args.triples)
        print(f"generated {big.name}: {count} triples in {time.perf_counter() - started:.1f} s",
              flush=True)
    graphs = [("small", ROOT / "tests" / "data" / "exchange" / "small.trig"),
              *((path.name, path) for path in args.graph), (big.stem, big)]
    servers = _servers()
    print(f"{'store':<9} {'graph':<16} {'mode':<22} {'graphs':>7} {'triples':>9} "
          f"{'verified':>8} {'read s':>7} {'send s':>8} {'count s':>7} {'requests':>8}",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="ckg-push-bench-") as tmp:
        with servers.OxigraphServer(Path(tmp) / "oxigraph") as oxigraph:  # type: ignore
            for name, path in graphs if args.only != "virtuoso" else []:
                for mode, options in [
                    ("named graphs, GSP", PushOptions(endpoint=oxigraph.store_url)),
                    ("one graph, GSP", PushOptions(endpoint=oxigraph.store_url,
                                                   graph="urn:ckg:bench:all")),
                    ("one graph, update", PushOptions(endpoint=oxigraph.store_url,
                                                      graph="urn:ckg:bench:update",
                                                      method="update")),
                    ("named graphs, update", PushOptions(endpoint=oxigraph.store_url,
                                                         method="update")),
                ]:
                    if (mode.endswith("update") and path == big and args.skip_update) or \
                            (args.mode and mode not in args.mode):
                        continue
                    print(_row("oxigraph", name, mode, push(path, options)), flush=True)
        with servers.VirtuosoServer(Path(tmp) / "virtuoso",  # type: ignore
                                    buffers=200_000) as virtuoso:
            auth = {"user": virtuoso.user, "password": virtuoso.password}
            for name, path in graphs if args.only != "oxigraph" else []:
                for mode, options in [
                    ("named graphs, GSP", PushOptions(endpoint=virtuoso.store_url,
                                                      default_graph="urn:ckg:bench:entities",
                                                      **auth)),
                    ("one graph, GSP", PushOptions(endpoint=virtuoso.store_url,
                                                   graph="urn:ckg:bench:all", **auth)),
                    ("one graph, update", PushOptions(endpoint=virtuoso.store_url,
                                                      graph="urn:ckg:bench:update",
                                                      method="update", **auth)),
                    ("named graphs, update", PushOptions(
                        endpoint=virtuoso.store_url, method="update",
                        default_graph="urn:ckg:bench:entities", **auth)),
                ]:
                    if (mode.endswith("update") and path == big and args.skip_update) or \
                            (args.mode and mode not in args.mode):
                        continue
                    print(_row("virtuoso", name, mode, push(path, options)), flush=True)


if __name__ == "__main__":
    main()
