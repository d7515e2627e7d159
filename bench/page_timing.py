"""Time the network page: render synthetic claims graphs and open them in headless Chromium.

Run by hand:  .venv/bin/python bench/page_timing.py [200 1000 5000] [--keep DIR]

For each size it prints the Python render time, the page size, and the draw-to-interactive
time (navigation start → the first vis-network ``afterDrawing``, when the page sets
``window.ckgReady``), plus how long a node selection (panel filled) takes afterwards.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import DCTERMS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.render import render_page  # noqa: E402
from ontology import ID, KG, WD  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CATEGORIES = ["Troops", "ArtilleryShells", "Missiles", "Drones", "Weapons", "MilitaryAid"]
STATUSES = ["Reported", "Confirmed", "Planned", "Denied"]


def synthetic_graph(n_nodes: int, seed: int = 1) -> Graph:
    """A claims graph of about ``n_nodes`` entities: states, officials, places, claims."""
    rng = random.Random(seed)
    g = Graph()
    n_states = max(12, n_nodes // 8)
    n_orgs = max(4, n_nodes // 12)
    n_locations = max(4, n_nodes // 6)
    n_officials = n_nodes - n_states - n_orgs - n_locations
    states = [ID[f"state_{i}"] for i in range(n_states)]
    for i, s in enumerate(states):
        g.add((s, RDF.type, KG.State))
        side = rng.choice(["North", "South", "East", "West"])
        g.add((s, RDFS.label, Literal(f"State {i} of {side}")))
        g.add((s, OWL.sameAs, WD[f"Q{1000 + i}"]))
    orgs = [ID[f"org_{i}"] for i in range(n_orgs)]
    for i, o in enumerate(orgs):
        g.add((o, RDF.type, KG.Organization))
        g.add((o, RDFS.label, Literal(f"Agency {i}")))
    for i in range(n_locations):
        loc = ID[f"place_{i}"]
        g.add((loc, RDF.type, KG.Location))
        g.add((loc, RDFS.label, Literal(f"Place {i}")))
        g.add((loc, KG.locatedIn, rng.choice(states)))
    officials = [ID[f"official_{i}"] for i in range(n_officials)]
    for i, p in enumerate(officials):
        g.add((p, RDF.type, KG.Official))
        name = rng.choice(["Smith", "Kim", "Ivanov", "Ortega"])
        g.add((p, RDFS.label, Literal(f"Official {i} {name}")))
        g.add((p, KG.role, Literal("Minister")))
        g.add((p, KG.affiliation, rng.choice(states + orgs)))
    # Transfers concentrate on a few busy states, as real conflicts do.
    hubs = states[: max(4, n_states // 10)]
    n_articles = max(5, n_nodes // 20)
    articles = [ID[f"article/{i:064x}"] for i in range(n_articles)]
    for i, a in enumerate(articles):
        g.add((a, RDF.type, KG.Article))
        g.add((a, KG.sourceFile, Literal(f"article_{i}.txt")))
        g.add((a, DCTERMS.title, Literal(f"Report number {i}")))
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        g.add((a, KG.published, Literal(day, datatype=XSD.date)))
    for i in range(n_nodes):
        t = ID[f"transfer/{i:016x}/{i:016x}"]
        supplier = rng.choice(hubs if rng.random() < 0.5 else states)
        recipient = rng.choice(hubs if rng.random() < 0.6 else states)
        if supplier == recipient:
            continue
        g.add((t, RDF.type, KG.Transfer))
        g.add((t, KG.supplier, supplier))
        g.add((t, KG.recipient, recipient))
        g.add((t, KG.category, KG[rng.choice(CATEGORIES)]))
        g.add((t, KG.status, KG[rng.choice(STATUSES)]))
        if rng.random() < 0.8:
            g.add((t, KG.quantity, Literal(rng.randrange(100, 20000, 100))))
            g.add((t, KG.unit, Literal("soldiers")))
        g.add((t, KG.claimedBy, rng.choice(officials)))
        g.add((t, KG.reportedIn, rng.choice(articles)))
        g.add((t, KG.evidence, Literal(f"Officials said shipment {i} had arrived.")))
        g.add((t, KG.evidenceStart, Literal(i)))
    return g


def _wait_ready(page, seconds: float = 120) -> None:
    """Poll from Python (the page's CSP forbids the eval that wait_for_function uses)."""
    for _ in range(int(seconds * 20)):
        if page.evaluate("window.ckgReady === true"):
            return
        page.wait_for_timeout(50)
    raise SystemExit("the page never became ready")


def measure(path: Path) -> tuple[float, float]:
    """(draw-to-interactive ms, select-node ms) for one page, network closed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        external: list[str] = []

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.as_uri())
        _wait_ready(page)
        ready = page.evaluate("window.ckgReadyAt")
        select = page.evaluate("""() => { const t = performance.now(); window.ckgSelectNode(0);
            return performance.now() - t; }""")
        browser.close()
    if external:
        raise SystemExit(f"external requests: {external}")
    return ready, select


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 1000, 5000])
    parser.add_argument("--keep", type=Path, help="keep the pages in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ckg-page-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'nodes':>6} {'render s':>9} {'MB':>6} {'ready ms':>9} {'select ms':>9}")
    for size in args.sizes:
        graph = synthetic_graph(size)
        started = time.perf_counter()
        html = render_page(graph, title=f"synthetic {size}")
        rendered = time.perf_counter() - started
        path = folder / f"page_{size}.html"
        path.write_text(html, encoding="utf-8")
        ready, select = measure(path)
        print(f"{size:>6} {rendered:>9.2f} {len(html) / 1e6:>6.2f} {ready:>9.0f} {select:>9.0f}")


if __name__ == "__main__":
    main()
