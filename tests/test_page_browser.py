"""The network page in Debian's headless Chromium: offline, drawn, workable, safe, fast.

These tests fail (never skip) when /usr/bin/chromium is missing: `make system-deps`
installs it. Every request other than the page's own file is aborted and recorded.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import DCTERMS

from graph import read_graph, render_page
from ontology import ID, KG, WD

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DATA = Path(__file__).parent / "data" / "page"
HOSTILE_TITLE = "</title><script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>"


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make system-deps` (apt chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A page loaded from a file with the network closed."""

    def __init__(self, browser, html: str, folder: Path) -> None:
        self.path = folder / "page.html"
        self.path.write_text(html, encoding="utf-8")
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 850})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.path.as_uri())
        self.wait_for("window.ckgReady === true", seconds=60)

    def wait_for(self, expression: str, seconds: float) -> None:
        """Poll from Python: Playwright's wait_for_function evals in the page, which the
        page's Content Security Policy forbids."""
        for _ in range(int(seconds * 20)):
            if self.js(expression):
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"timed out waiting for {expression}")

    def _route(self, route) -> None:
        if route.request.url == self.path.as_uri():
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def click_node(self, index: int) -> None:
        """Click a node where it is drawn, as a user would."""
        x, y = self.js("""(i) => {
            const p = window.ckgNetwork.getPositions([i])[i];
            const d = window.ckgNetwork.canvasToDOM(p);
            const r = document.querySelector('#ckg-network canvas').getBoundingClientRect();
            return [r.left + d.x, r.top + d.y]; }""", index)
        self.page.mouse.click(x, y)

    def panel(self) -> str:
        return self.page.inner_text("#ckg-panel")


@pytest.fixture
def opened(browser, tmp_path):
    pages: list[Opened] = []

    def open_page(html: str) -> Opened:
        pages.append(Opened(browser, html, tmp_path))
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()


def node_index(page: Opened, label: str) -> int:
    return page.js("(l) => JSON.parse(document.getElementById('ckg-data').textContent)"
                   ".nodes.findIndex(n => n.label === l)", label)


def test_page_draws_offline_and_a_click_fills_the_panel(opened):
    page = opened(render_page(read_graph(DATA / "small.trig"), title="Small"))
    assert page.external == []
    assert page.js("document.querySelectorAll('#ckg-network canvas').length") == 1
    assert page.js("window.ckgNodeCount") == 9
    assert page.js("window.ckgEdgeCount") == 4 + 3
    assert page.js("Object.keys(window.ckgNetwork.getPositions()).length") == 9
    assert "Click a node" in page.panel()
    page.click_node(node_index(page, "Betaland"))
    text = page.panel()
    assert text.startswith("Betaland")
    assert "Wikidata: Q222" in text
    assert "Claims (4)" in text and "At least 3,000 Alphan soldiers" in text
    assert page.js("document.querySelector('#ckg-panel a').href") == \
        "https://www.wikidata.org/entity/Q222"
    assert page.js("document.querySelector('#ckg-panel a').rel") == "noopener noreferrer"
    page.page.locator("#ckg-panel .claim .head.link").first.click()  # a claim opens its edge
    assert page.panel().startswith("Alphaland → Betaland") and "Timeline" in page.panel()
    assert page.external == [] and page.errors == []


def test_an_empty_graph_still_gives_a_working_page(opened):
    page = opened(render_page(Graph(), title="Nothing yet"))
    assert page.js("window.ckgNodeCount") == 0
    page.page.fill("#ckg-search", "x")
    assert "No entity matches" in page.page.inner_text("#ckg-results")
    assert page.errors == [] and page.external == []


def test_edge_panel_lists_claims_and_draws_the_timeline(opened):
    page = opened(render_page(read_graph(DATA / "small.trig")))
    troops = page.js("JSON.parse(document.getElementById('ckg-data').textContent)"
                     ".edges.findIndex(e => e.cat === 'Troops')")
    page.js("(k) => window.ckgSelectEdge(k)", troops)
    text = page.panel()
    assert text.startswith("Alphaland → Betaland")
    assert "Claims (2)" in text
    assert "Claimed by: Ann Speaker" in text and "Claimed by: Bo Analyst" in text
    assert "at least 3,000 soldiers" in text and "about 10,000 soldiers" in text
    assert "Article: First report — a_first.txt — 2024-10-01" in text
    assert "Artillery shells · 1 claim\n" in text + "\n"  # the pair's other category
    assert page.js("document.querySelectorAll('#ckg-panel svg.timeline circle').length") == 2
    assert "Ann Speaker" in page.page.inner_text("#ckg-panel .tl-legend")
    assert page.js("window.ckgNetwork.getSelectedEdges()") == [f"t{troops}"]
    assert page.errors == []


def test_search_finds_labels_and_aliases(opened):
    page = opened(render_page(read_graph(DATA / "small.trig")))
    page.page.fill("#ckg-search", "alpha rep")
    assert page.page.inner_text("#ckg-results") .startswith("Alphaland")
    page.page.press("#ckg-search", "Enter")
    assert page.panel().startswith("Alphaland")
    assert page.js("window.ckgNetwork.getSelectedNodes()") == [node_index(page, "Alphaland")]
    page.page.fill("#ckg-search", "zzz")
    assert "No entity matches" in page.page.inner_text("#ckg-results")


def test_filters_hide_edges_and_nodes(opened):
    page = opened(render_page(read_graph(DATA / "small.trig")))
    hidden_edges = "window.ckgNetwork.body.data.edges.get({filter: e => e.hidden}).length"
    hidden_nodes = "window.ckgNetwork.body.data.nodes.get({filter: n => n.hidden}).length"
    assert page.js(hidden_edges) == 0
    page.page.locator("#ckg-statuses input").nth(1).uncheck()  # confirmed
    assert page.js(hidden_edges) == 1  # the Troops edge: both its claims are confirmed
    assert page.js(hidden_nodes) == 0
    page.page.select_option("#ckg-category", "Drones")
    # Only Deltaland → Betaland (denied) is left, with its claimant Ann Speaker.
    assert page.js(hidden_nodes) == 9 - 3
    page.page.uncheck("#ckg-relations")
    assert page.js(hidden_edges) == 4 - 1 + 3
    assert "showing 3 entities, 1 transfer edges" in page.page.inner_text("#ckg-shown")
    page.page.click("#ckg-reset")
    assert page.js(hidden_edges) == 0 and page.js(hidden_nodes) == 0
    page.js("(i) => window.ckgSelectNode(i)", node_index(page, "Gammaland"))
    page.page.click("#ckg-focus")  # Gammaland, its one edge, Alphaland
    assert page.js(hidden_nodes) == 9 - 2
    page.page.click("#ckg-reset")
    assert page.js(hidden_nodes) == 0
    page.page.locator("#ckg-classes input").nth(0).uncheck()  # State
    assert page.js(hidden_nodes) == 4 and page.js(hidden_edges) == 4 + 2


@pytest.mark.parametrize("keep_csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_hostile_text_runs_no_script(opened, keep_csp):
    html = render_page(read_graph(DATA / "hostile.trig"), title=HOSTILE_TITLE)
    if not keep_csp:  # the escaping must hold on its own, without the policy's help
        html, removed = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
        assert removed == 1
    page = opened(html)
    assert page.js("typeof window.__pwned") == "undefined"
    assert page.js("document.title") == HOSTILE_TITLE
    node_count = page.js("window.ckgNodeCount")
    for index in range(node_count):
        page.js("(i) => window.ckgSelectNode(i)", index)
        page.page.wait_for_timeout(50)  # give an injected handler its chance
        assert page.js("typeof window.__pwned") == "undefined", f"node {index}"
        page.page.hover("#ckg-panel h2", timeout=5000)
    for index in range(page.js("JSON.parse(document.getElementById('ckg-data').textContent)"
                               ".edges.length")):
        page.js("(k) => window.ckgSelectEdge(k)", index)
        page.page.hover("#ckg-panel blockquote", timeout=5000)
    page.click_node(0)
    page.page.fill("#ckg-search", "<")
    page.page.hover("#ckg-results", timeout=5000)
    assert page.js("typeof window.__pwned") == "undefined"
    # The text is shown as text: nothing from the graph became an element or attribute.
    assert page.js("document.querySelectorAll('script').length") == 3
    assert page.js("document.querySelectorAll('img, iframe, b, style:not(head style), "
                   "svg:not(.timeline), [onerror], [onload], [onmouseover]').length") == 0
    assert page.js("[...document.querySelectorAll('a[href]')].filter(a => "
                   "!a.href.startsWith('https://')).length") == 0
    troops = page.js("JSON.parse(document.getElementById('ckg-data').textContent)"
                     ".edges.findIndex(e => e.cat === 'Troops')")
    page.js("(k) => window.ckgSelectEdge(k)", troops)
    assert "</script><script>window.__pwned=1</script>" in page.panel()
    assert "<img src=x onerror=\"window.__pwned=1\">" in page.panel()
    assert page.external == []


def synthetic(n_nodes: int) -> Graph:
    """About ``n_nodes`` entities with transfers among states, officials as claimants."""
    rng = random.Random(n_nodes)
    g = Graph()
    states = [ID[f"s{i}"] for i in range(max(10, n_nodes // 8))]
    officials = [ID[f"o{i}"] for i in range(n_nodes - len(states))]
    for i, s in enumerate(states):
        g.add((s, RDF.type, KG.State))
        g.add((s, RDFS.label, Literal(f"State number {i}")))
        g.add((s, OWL.sameAs, WD[f"Q{i + 1}"]))
    for i, o in enumerate(officials):
        g.add((o, RDF.type, KG.Official))
        g.add((o, RDFS.label, Literal(f"Official {i}")))
        g.add((o, KG.affiliation, rng.choice(states)))
    article = ID["article/" + "ab" * 32]
    g.add((article, RDF.type, KG.Article))
    g.add((article, DCTERMS.title, Literal("Synthetic")))
    g.add((article, KG.published, Literal("2024-05-01", datatype=XSD.date)))
    for i in range(n_nodes):
        t = ID[f"transfer/{i:032x}"]
        a, b = rng.sample(states[: len(states) // 3] if i % 2 else states, 2)
        g.add((t, RDF.type, KG.Transfer))
        g.add((t, KG.supplier, a))
        g.add((t, KG.recipient, b))
        g.add((t, KG.category, rng.choice([KG.Troops, KG.Missiles, KG.Drones])))
        g.add((t, KG.status, rng.choice([KG.Reported, KG.Confirmed, KG.Planned, KG.Denied])))
        g.add((t, KG.quantity, Literal(rng.randrange(10, 10_000))))
        g.add((t, KG.claimedBy, rng.choice(officials)))
        g.add((t, KG.reportedIn, article))
        g.add((t, KG.evidence, Literal(f"Sentence number {i} about a shipment.")))
    return g


@pytest.mark.parametrize(("nodes", "budget_ms"), [(1000, 2000), (5000, 6000)])
def test_big_pages_are_interactive_within_budget(opened, nodes, budget_ms):
    page = opened(render_page(synthetic(nodes)))
    assert page.js("window.ckgNodeCount") == nodes
    assert page.js("window.ckgReadyAt") <= budget_ms
    page.js("() => window.ckgSelectNode(0)")
    assert page.panel().startswith("Official 0") or page.panel().startswith("State")
    arrows = "window.ckgNetwork.body.edges['t0'].options.arrows.to.enabled"
    assert page.js(arrows) is (nodes < 1500)  # big graphs start without arrow heads...
    page.page.fill("#ckg-search", "State number 1")
    page.page.press("#ckg-search", "Enter")  # ...and get them when zoomed in on a node
    page.wait_for(arrows, seconds=5)
    assert page.external == [] and page.errors == []


HOSTILE_TEXT = """<script>window.__pwned=1</script> North Korea sends troops

North Korea has sent at least 3,000 soldiers to Russia, Defense Secretary Lloyd Austin \
said on Tuesday. <img src=x onerror="window.__pwned=1"> The Pentagon confirmed it.
</script><script>window.__pwned=1</script> Iran supplied drones to Russia, according to \
<a href="javascript:window.__pwned=1">officials</a>.
"""
HOSTILE_HTML = """<html><head><title>&lt;script&gt;window.__pwned=1&lt;/script&gt; Shells</title>
</head><body><article>
<p>North Korea shipped a million artillery shells to Russia, Ukrainian intelligence said.
&lt;img src=x onerror="window.__pwned=1"&gt;</p>
<p>&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; South Korea said North Korea
plans to send 10,000 more troops to Russia.</p>
<p><a href="javascript:window.__pwned=1" onclick="window.__pwned=1">
javascript:window.__pwned=1</a></p>
</article></body></html>
"""


@pytest.mark.model
def test_hostile_articles_through_build_run_no_script(opened, tmp_path):
    from graph import BuildOptions, build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "in" / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    result = build([tmp_path / "in"], BuildOptions(out_dir=tmp_path / "out"))
    assert result.failures == () and result.transfers >= 2
    html = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    page = opened(html)
    assert page.js("typeof window.__pwned") == "undefined"
    data = "JSON.parse(document.getElementById('ckg-data').textContent)"
    for index in range(page.js("window.ckgNodeCount")):
        page.js("(i) => window.ckgSelectNode(i)", index)
    for index in range(page.js(f"{data}.edges.length")):
        page.js("(k) => window.ckgSelectEdge(k)", index)
        page.page.wait_for_timeout(20)
    assert page.js("typeof window.__pwned") == "undefined"
    assert page.js("document.querySelectorAll('script').length") == 3
    assert page.js("document.querySelectorAll('img, iframe, a[onclick], [onerror]').length") == 0
    # The article text is there, as text.
    titles = page.page.inner_text("#ckg-article")
    assert "<script>window.__pwned=1</script>" in titles
    evidence = page.js(f"{data}.claims.map(c => c.ev).join(' ')")
    assert "<script>window.__pwned=1</script>" in evidence
    assert page.external == []
