"""The network page without a browser: view model, filters, layout, escaping, determinism."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph

import cli
from graph import GraphError, read_graph, render_file, render_page
from graph.layout import Box, compute_layout, label_box, remove_overlaps
from graph.pageview import PageFilter, dominant_status, page_view
from graph.render import json_for_script

DATA = Path(__file__).parent / "data" / "page"
ID = "https://w3id.org/ckg/id/"
PAYLOAD_MARKERS = ("<script", "onerror=", "onload=", "onmouseover=", "<img", "<iframe", "<svg",
                   "<style", "javascript:")


@pytest.fixture(scope="module")
def small():
    return read_graph(DATA / "small.trig")


@pytest.fixture(scope="module")
def hostile():
    return read_graph(DATA / "hostile.trig")


class _Page(HTMLParser):
    """Collect scripts, tags with attributes and the CSP of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.tags: list[tuple[str, dict]] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script, self._text = attributes, []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    @property
    def csp(self) -> str:
        return next(a["content"] for t, a in self.tags
                    if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")


def parse_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def page_json(html: str) -> dict:
    page = parse_page(html)
    (data,) = [text for attrs, text in page.scripts if attrs.get("id") == "ckg-data"]
    return json.loads(data)


# -- view model -----------------------------------------------------------------------

def test_view_nodes_are_the_entities_with_class_wikidata_role_and_affiliation(small):
    view = page_view(small)
    nodes = {n["id"].removeprefix(ID): n for n in view["nodes"]}
    assert sorted(nodes) == ["alpha_land", "ann_speaker", "beta_land", "bo_analyst", "delta_land",
                             "gamma_land", "lonely_town", "port_city", "watch_institute"]
    assert nodes["alpha_land"]["class"] == "State"
    assert nodes["alpha_land"]["wd"] == "http://www.wikidata.org/entity/Q111"
    assert nodes["alpha_land"]["alt"] == ["Alphan", "the Alpha republic"]
    assert nodes["ann_speaker"]["class"] == "Official"
    assert nodes["ann_speaker"]["role"] == "Defence Minister"
    assert nodes["ann_speaker"]["aff"] == ["Betaland"]
    assert nodes["watch_institute"]["class"] == "Organization"
    assert view["classes"] == ["State", "Official", "Person", "Organization", "Location"]


def test_transfers_are_grouped_per_supplier_recipient_and_category(small):
    view = page_view(small)
    edges = {(e["from"].removeprefix(ID), e["to"].removeprefix(ID), e["cat"]): e
             for e in view["edges"]}
    assert sorted(edges) == [
        ("alpha_land", "beta_land", "Artillery shells"),
        ("alpha_land", "beta_land", "Troops"),
        ("delta_land", "beta_land", "Drones"),
        ("gamma_land", "alpha_land", "Missiles"),
    ]
    troops = edges[("alpha_land", "beta_land", "Troops")]
    assert troops["st"] == "confirmed"
    claims = [view["claims"][i] for i in troops["claims"]]
    assert [(c["q"], c["qual"], c["unit"]) for c in claims] == [
        (3000, "at least", "soldiers"), (10000, "about", "soldiers")]
    first, second = claims
    assert first["by"] == [ID + "ann_speaker"] and second["by"] == [ID + "bo_analyst"]
    assert first["dest"] == "Port City"
    assert first["when"] == "2024-10-01" and first["date"] == ""  # article date stands in
    assert second["when"] == "2024-11" and second["date"] == "2024-11"
    assert first["ev"].startswith("At least 3,000 Alphan soldiers")
    assert view["articles"][first["a"]]["file"] == "a_first.txt"
    assert view["articles"][first["a"]]["url"] == "https://news.example/first"
    assert view["articles"][second["a"]]["title"] == "Second report"
    assert edges[("delta_land", "beta_land", "Drones")]["st"] == "denied"
    drones = view["claims"][edges[("delta_land", "beta_land", "Drones")]["claims"][0]]
    assert drones["q"] == 12.5


def test_relations_are_affiliation_and_located_in(small):
    relations = {(r["from"].removeprefix(ID), r["to"].removeprefix(ID), r["kind"])
                 for r in page_view(small)["relations"]}
    assert relations == {("ann_speaker", "beta_land", "affiliation"),
                         ("bo_analyst", "watch_institute", "affiliation"),
                         ("port_city", "beta_land", "located in")}


def test_dominant_status_is_most_frequent_then_latest():
    assert dominant_status(["planned", "confirmed", "confirmed"]) == "confirmed"
    assert dominant_status(["confirmed", "denied"]) == "denied"
    assert dominant_status(["reported"]) == "reported"


@pytest.mark.parametrize(("specs", "edges", "nodes"), [
    (["status=planned"], {("gamma_land", "alpha_land", "Missiles")}, {"gamma_land", "alpha_land"}),
    (["category=Troops"], {("alpha_land", "beta_land", "Troops")},
     {"alpha_land", "beta_land", "ann_speaker", "bo_analyst"}),
    (["category=artillery_shells"], {("alpha_land", "beta_land", "Artillery shells")},
     {"alpha_land", "beta_land"}),
    (["claimant=Ann Speaker"], {("alpha_land", "beta_land", "Troops"),
                                ("delta_land", "beta_land", "Drones")},
     {"alpha_land", "beta_land", "delta_land", "ann_speaker"}),
    (["claimant=speaker"], {("alpha_land", "beta_land", "Troops"),  # an alias
                            ("delta_land", "beta_land", "Drones")},
     {"alpha_land", "beta_land", "delta_land", "ann_speaker"}),
    (["article=a_first.txt"], {("alpha_land", "beta_land", "Troops"),
                               ("alpha_land", "beta_land", "Artillery shells")},
     {"alpha_land", "beta_land", "ann_speaker"}),
    (["status=planned", "status=denied"], {("gamma_land", "alpha_land", "Missiles"),
                                           ("delta_land", "beta_land", "Drones")},
     {"gamma_land", "alpha_land", "delta_land", "beta_land", "ann_speaker"}),
    (["status=confirmed", "claimant=bo_analyst"], {("alpha_land", "beta_land", "Troops")},
     {"alpha_land", "beta_land", "bo_analyst"}),
    (["class=State"], {("alpha_land", "beta_land", "Troops"),
                       ("alpha_land", "beta_land", "Artillery shells"),
                       ("delta_land", "beta_land", "Drones"),
                       ("gamma_land", "alpha_land", "Missiles")},
     {"alpha_land", "beta_land", "gamma_land", "delta_land"}),
])
def test_filters_keep_matching_claims_and_their_nodes(small, specs, edges, nodes):
    view = page_view(small, PageFilter.parse(specs))
    assert {(e["from"].removeprefix(ID), e["to"].removeprefix(ID), e["cat"])
            for e in view["edges"]} == edges
    assert {n["id"].removeprefix(ID) for n in view["nodes"]} == nodes


def test_filter_counts_only_the_matching_claims(small):
    view = page_view(small, PageFilter.parse(["claimant=Bo Analyst"]))
    assert [len(e["claims"]) for e in view["edges"]] == [1]
    assert len(view["claims"]) == 1 and len(view["articles"]) == 1


@pytest.mark.parametrize(("spec", "message"), [
    ("colour=red",
     "unknown filter key 'colour'. Valid keys: article, category, claimant, class, status"),
    ("stats=planned", "Did you mean 'status'?"),
    ("status", "not KEY=VALUE"),
    ("status=", "not KEY=VALUE"),
])
def test_bad_filters_name_the_valid_keys(spec, message):
    with pytest.raises(GraphError, match=re.escape(message)):
        PageFilter.parse([spec])


# -- the page -------------------------------------------------------------------------

def test_page_is_self_contained_with_a_strict_csp(small):
    html = render_page(small)
    page = parse_page(html)
    assert [attrs for attrs, _ in page.scripts] == [
        {"type": "application/json", "id": "ckg-data"}, {}, {}]
    assert not any("src" in attrs for attrs, _ in page.scripts)
    assert not any(tag == "link" for tag, _ in page.tags)
    assert "vis.Network" in page.scripts[2][1] and "vis-network" in page.scripts[1][1]
    assert "sourceMappingURL" not in html
    csp = page.csp
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for _, code in page.scripts[1:]:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    urls = {v for _, attrs in page.tags for k, v in attrs.items() if k in ("src", "href")}
    assert urls == set()


def test_page_data_has_positions_styles_and_claims(small):
    data = page_json(render_page(small, title="Seeds"))
    assert data["title"] == "Seeds"
    assert len(data["nodes"]) == 9 and len(data["edges"]) == 4 and len(data["claims"]) == 5
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    labels = [n["label"] for n in data["nodes"]]
    troops = next(e for e in data["edges"] if e["cat"] == "Troops")
    assert (labels[troops["from"]], labels[troops["to"]]) == ("Alphaland", "Betaland")
    single = next(e for e in data["edges"] if e["cat"] == "Missiles")
    assert troops["width"] > single["width"]
    # Two edges share the Alphaland–Betaland pair, so they curve apart; single edges are straight.
    shells = next(e for e in data["edges"] if e["cat"] == "Artillery shells")
    assert troops["curve"] != shells["curve"] and single["curve"] == 0
    assert data["statusOrder"] == ["reported", "confirmed", "planned", "denied"]
    assert set(data["style"]["classes"]) >= {"State", "Official", "Location"}


def test_same_graph_same_bytes_and_input_untouched(small):
    before = len(small)
    first = render_page(small)
    assert render_page(small) == first
    assert len(small) == before
    copy = Graph()
    for triple in small.triples((None, None, None)):
        copy.add(triple)
    assert render_page(copy) == first  # a plain Graph and a Dataset render alike


def test_hostile_text_never_leaves_the_json_and_round_trips(hostile):
    title = "</title><script>window.__pwned=1</script>"
    html = render_page(hostile, title=title)
    page = parse_page(html)
    assert len(page.scripts) == 3
    outside = html
    for _, code in page.scripts:
        outside = outside.replace(code, "", 1)
    assert outside.count("<script") == 3 and outside.count("<style") == 1
    for marker in PAYLOAD_MARKERS:
        if marker not in ("<script", "<style"):
            assert marker not in outside
    data_text = page.scripts[0][1]
    assert "<" not in data_text and ">" not in data_text and "&" not in data_text
    assert "\u2028" not in data_text and "\u2029" not in data_text
    data = json.loads(data_text)
    assert data["title"] == title
    labels = {n["label"] for n in data["nodes"]}
    assert "<script>window.__pwned=1</script>Evilstan" in labels
    evidence = {c["ev"] for c in data["claims"]}
    assert any("</script><script>window.__pwned=1</script>" in e for e in evidence)
    assert all(n["wd"] in ("", "http://www.wikidata.org/entity/Q42") for n in data["nodes"])
    assert data["articles"][0]["url"] == ""  # a javascript: URL is never a link
    assert "&lt;/title&gt;&lt;script&gt;" in html


def test_json_for_script_escapes_what_could_end_the_element():
    text = json_for_script({"k": "</script><!-- & \u2028\u2029 >"})
    assert re.search(r"[<>&\u2028\u2029]", text) is None
    assert json.loads(text) == {"k": "</script><!-- & \u2028\u2029 >"}


def test_odd_literals_do_not_break_the_page():
    graph = Graph()
    graph.parse(data="""
        @prefix ckg: <https://w3id.org/ckg/ontology#> .
        @prefix id: <https://w3id.org/ckg/id/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        id:a a ckg:State ; rdfs:label "" .
        id:t1 a ckg:Transfer ; ckg:supplier id:a ; ckg:recipient id:unlabelled_place ;
            ckg:quantity "NaN"^^xsd:double ; ckg:status ckg:Planned .
        id:t2 a ckg:Transfer ; ckg:supplier id:a ; ckg:recipient id:unlabelled_place ;
            ckg:quantity "lots"^^xsd:integer ; ckg:category ckg:Drones .
        id:t3 a ckg:Transfer ; ckg:supplier id:a .
    """, format="turtle")
    data = page_json(render_page(graph))
    assert sorted(n["label"] for n in data["nodes"]) == ["a", "unlabelled place"]
    assert [c["q"] for c in data["claims"]] == [None, None]
    assert {c["cat"] for c in data["claims"]} == {"Drones", "Unspecified"}
    assert {n["cls"] for n in data["nodes"]} == {"State", "Other"}


def test_empty_graph_renders():
    data = page_json(render_page(Graph()))
    assert data["nodes"] == [] and data["edges"] == []


# -- layout ---------------------------------------------------------------------------

def test_layout_is_deterministic_and_labels_do_not_overlap():
    nodes = [f"n{i}" for i in range(40)]
    edges = [(f"n{i}", f"n{(i * 7 + 3) % 40}", 1.0) for i in range(40)]
    boxes = {n: label_box(f"Entity number {n}", 10) for n in nodes}
    first = compute_layout(nodes, edges, boxes)
    assert compute_layout(list(reversed(nodes)), edges, boxes) == first
    for a in nodes:
        for b in nodes:
            if a < b:
                dx = abs(first[a][0] - first[b][0])
                dy = abs(first[a][1] - first[b][1])
                overlap = (dx < (boxes[a].width + boxes[b].width) / 2 - 1
                           and dy < (boxes[a].height + boxes[b].height) / 2 - 1)
                assert not overlap, (a, b)


def test_layout_keeps_components_apart_and_places_leaves_near_their_node():
    hub = [("hub", f"leaf{i}", 1.0) for i in range(30)]
    nodes = ["hub", "x", "y", "z", "alone"] + [f"leaf{i}" for i in range(30)]
    positions = compute_layout(nodes, hub + [("x", "y", 1.0), ("y", "z", 1.0)])
    assert set(positions) == set(nodes)
    near = [abs(positions[f"leaf{i}"][0] - positions["hub"][0]) +
            abs(positions[f"leaf{i}"][1] - positions["hub"][1]) for i in range(30)]
    assert max(near) < 600
    assert len(set(positions.values())) == len(nodes)


def test_remove_overlaps_separates_boxes():
    moved = remove_overlaps({"a": (0, 0), "b": (0, 0)}, {"a": Box(60, 20), "b": Box(60, 20)})
    assert moved["a"] != moved["b"]


# -- files and the command ------------------------------------------------------------

def test_render_file_writes_the_page(tmp_path):
    out = tmp_path / "sub" / "page.html"
    result = render_file(DATA / "small.trig", out, filters=["category=Troops"])
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (result.nodes, result.edges, result.claims) == (4, 1, 2)
    assert "4 nodes, 1 transfer edges, 2 claims" in result.summary()
    assert list(out.parent.iterdir()) == [out]  # no temporary files or lib/ folders left


def test_render_file_refuses_a_non_html_target(tmp_path):
    with pytest.raises(GraphError, match=r"\.html"):
        render_file(DATA / "small.trig", tmp_path / "page.ttl")


def test_cli_render(tmp_path):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(cli.main, ["render", str(DATA / "small.trig"), "--out", str(out),
                                           "--filter", "status=planned", "--title", "Plans"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "2 nodes, 1 transfer edges, 1 claims" in result.output
    assert page_json(out.read_text(encoding="utf-8"))["title"] == "Plans"


def test_cli_render_unknown_filter_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli.main, ["render", str(DATA / "small.trig"), "--out",
                                           str(tmp_path / "p.html"), "--filter", "colour=red"])
    assert result.exit_code == 2
    assert "Valid keys: article, category, claimant, class, status" in result.output
    assert not (tmp_path / "p.html").exists()


def test_cli_render_bad_graph_is_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["render", str(bad), "--out", str(tmp_path / "p.html")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "bad.ttl" in result.output


@pytest.mark.parametrize("module", ["graph.layout", "graph.pageview", "graph.plainindex",
                                    "graph.render"])
def test_doctests(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_page_labels_do_not_overlap_at_first_sight(small):
    nodes = page_json(render_page(small))["nodes"]
    boxes = [label_box(n["label"], n["size"]) for n in nodes]
    for i, a in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            b = nodes[j]
            assert not (abs(a["x"] - b["x"]) < (boxes[i].width + boxes[j].width) / 2 - 1
                        and abs(a["y"] - b["y"]) < (boxes[i].height + boxes[j].height) / 2 - 1), \
                (a["label"], b["label"])


@given(st.text(alphabet=st.sampled_from("<>&\u2028\u2029\\u003c/é\"x")))
def test_json_for_script_escapes_each_character_once(text):
    single_pass = re.sub("[<>&\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}",
                         json.dumps([text], ensure_ascii=False, separators=(",", ":")))
    assert json_for_script([text]) == single_pass
