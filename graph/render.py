"""The interactive network page: one self-contained, offline, escaped HTML file."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from .errors import GraphError
from .files import read_graph, write_text_atomically
from .layout import Box, compute_layout, label_box
from .pageview import FILTER_KEYS, PageFilter, page_view
from .collector import paused_gc
from .statements import Statements

#: Shape, colour and base size per entity class (the legend shows the same).
CLASS_STYLE: dict[str, dict[str, Any]] = {
    "State": {"shape": "dot", "color": "#4e79a7", "size": 16},
    "Official": {"shape": "diamond", "color": "#f28e2b", "size": 10},
    "Person": {"shape": "triangle", "color": "#b07aa1", "size": 9},
    "Organization": {"shape": "square", "color": "#59a14f", "size": 9},
    "MilitaryUnit": {"shape": "triangleDown", "color": "#9c755f", "size": 10},
    "Location": {"shape": "hexagon", "color": "#76b7b2", "size": 9},
    "Other": {"shape": "dot", "color": "#a0a0a0", "size": 8},
}
#: Transfer edge colour per claim status.
STATUS_COLOR: dict[str, str] = {
    "reported": "#5b8def",
    "confirmed": "#2e9e44",
    "planned": "#f0a030",
    "denied": "#d7263d",
}
#: From this many nodes on, the page trades hover effects for speed.
BIG_GRAPH = 1500
#: Edge labels (category and count) are drawn only when there are at most this many.
_EDGE_LABEL_LIMIT = 120

_VIS_JS = "templates/lib/vis-9.1.2/vis-network.min.js"
_WIKIDATA_ITEM = re.compile(r"http://www\.wikidata\.org/entity/[QPL][0-9]+")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class RenderResult:
    """What ``render_file`` wrote."""

    path: Path
    nodes: int
    edges: int
    claims: int

    def summary(self) -> str:
        """One line for the command line."""
        return (f"wrote {self.path}: {self.nodes} nodes, {self.edges} transfer edges, "
                f"{self.claims} claims")


def render_page(graph: Graph | Dataset | Statements, *, title: str = "ckg graph",
                page_filter: PageFilter | None = None) -> str:
    """Render the graph's entities and transfer claims as one self-contained HTML page.

    The page inlines vis-network (read from the installed pyvis package), carries the
    data as escaped JSON read with ``JSON.parse``, draws at positions computed here
    (physics off), and forbids every request to another host with a Content Security
    Policy. The same graph gives the same bytes.

    Args:
        graph: a Graph, Dataset or the built Statements, following docs/graph-model.md.
        title: the page title (escaped).
        page_filter: draw only the claims (and their nodes) it matches.
    """
    with paused_gc():
        view = page_view(graph, page_filter)
        data = page_data(view, title=title)
        html = _html(data, title=title, counts=_counts_text(view))
        del view, data  # freed before the collector runs again (it would walk them)
    return html


def render_file(graph_file: Path, out: Path, *, filters: Sequence[str] = (),
                title: str | None = None) -> RenderResult:
    """Read a graph file, render it (optionally filtered) and write the page atomically.

    Raises:
        GraphError: unreadable graph, bad filter or an output that is not ``.html``.
    """
    page_filter = PageFilter.parse(filters)
    if out.suffix.lower() not in (".html", ".htm"):
        raise GraphError(f"{out}: the page must be written to a .html file")
    graph = read_graph(graph_file)
    title = title or f"ckg: {graph_file.name}"
    with paused_gc():
        view = page_view(graph, page_filter)
        html = _html(page_data(view, title=title), title=title, counts=_counts_text(view))
        result = RenderResult(out, len(view["nodes"]), len(view["edges"]), len(view["claims"]))
        del view, graph  # freed before the collector runs again (it would walk them)
    write_text_atomically(out, html)
    return result


def _counts_text(view: dict[str, Any]) -> str:
    return (f"{len(view['nodes'])} entities · {len(view['edges'])} transfer edges · "
            f"{len(view['claims'])} claims · {len(view['articles'])} articles")


def page_data(view: dict[str, Any], *, title: str) -> dict[str, Any]:
    """The view model with positions, sizes and styles, in the compact form the page reads."""
    nodes = view["nodes"]
    index = {node["id"]: i for i, node in enumerate(nodes)}
    claim_count: dict[int, int] = defaultdict(int)
    for claim in view["claims"]:
        for member in {claim["s"], claim["r"], *claim["by"]}:
            claim_count[index[member]] += 1
    sizes = [CLASS_STYLE[n["class"]]["size"] + min(14.0, 2.5 * math.sqrt(claim_count[i]))
             for i, n in enumerate(nodes)]
    boxes: dict[str, Box] = {n["id"]: label_box(n["label"], sizes[i]) for i, n in enumerate(nodes)}
    links = [(e["from"], e["to"], 1.0 + len(e["claims"])) for e in view["edges"]]
    links += [(r["from"], r["to"], 0.5) for r in view["relations"]]
    positions = compute_layout([n["id"] for n in nodes], links, boxes)
    out_nodes = []
    for i, node in enumerate(nodes):
        x, y = positions[node["id"]]
        wikidata = node["wd"] if _WIKIDATA_ITEM.fullmatch(node["wd"] or "") else ""
        out_nodes.append({"id": node["id"], "label": node["label"], "cls": node["class"],
                          "x": x, "y": y, "size": round(sizes[i], 1), "alt": node["alt"],
                          "wd": wikidata, "role": node["role"], "aff": node["aff"],
                          "n": claim_count[i]})
    edges = []
    pair_seen: dict[tuple[int, int], int] = defaultdict(int)
    pair_total: dict[tuple[int, int], int] = defaultdict(int)
    for edge in view["edges"]:
        pair_total[_pair(index[edge["from"]], index[edge["to"]])] += 1
    label_edges = len(view["edges"]) <= _EDGE_LABEL_LIMIT
    for edge in view["edges"]:
        a, b = index[edge["from"]], index[edge["to"]]
        pair = _pair(a, b)
        nth = pair_seen[pair]
        pair_seen[pair] += 1
        count = len(edge["claims"])
        edges.append({
            "from": a, "to": b, "cat": edge["cat"], "st": edge["st"], "claims": edge["claims"],
            "width": round(1.5 + 2.0 * math.log2(count), 2),
            "curve": _curve(nth, pair_total[pair]),
            # Labels on a fan of parallel curves would sit on top of each other.
            "label": (edge["cat"] + (f" ×{count}" if count > 1 else ""))
            if label_edges and pair_total[pair] == 1 else "",
        })
    claims = [{**c, "s": index[c["s"]], "r": index[c["r"]], "by": [index[b] for b in c["by"]]}
              for c in view["claims"]]
    relations = [{"from": index[r["from"]], "to": index[r["to"]], "kind": r["kind"]}
                 for r in view["relations"]]
    return {
        "title": title, "nodes": out_nodes, "edges": edges, "relations": relations,
        "claims": claims, "articles": view["articles"], "classes": view["classes"],
        "categories": view["categories"], "statuses": view["statuses"],
        "style": {"classes": CLASS_STYLE, "status": STATUS_COLOR},
        "statusOrder": list(STATUS_COLOR),
        "big": len(nodes) >= BIG_GRAPH,
    }


def _curve(nth: int, total: int) -> float:
    """Roundness of the nth of ``total`` edges between one pair: 0 is straight, the sign
    picks the side (clockwise when positive), so parallel edges fan out both ways.

    Example:
        >>> [_curve(k, 4) for k in range(4)]
        [0.15, -0.15, 0.3, -0.3]
    """
    if total == 1:
        return 0
    size = min(0.75, 0.15 * (1 + nth // 2))
    return round(size if nth % 2 == 0 else -size, 2)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def json_for_script(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>``, ``&`` and the JavaScript line separators are written as ``\\uXXXX``
    escapes, so no text can close the script element or start a comment.

    Example:
        >>> json_for_script({"a": "</script>"})
        '{"a":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for char, escape in _JSON_ESCAPES.items():  # no escape holds another's character
        if char in text:
            text = text.replace(char, escape)
    return text


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script.

    Example:
        >>> csp_hash("")
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str, str]:
    """(vis-network JS, our page JS, our CSS, the template source), read once."""
    try:
        vis = (resources.files("pyvis") / _VIS_JS).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise GraphError(f"cannot read vis-network from the pyvis package ({exc}); "
                         "install pyvis==0.3.2") from exc
    # The trailing source-map comment would make developer tools fetch a missing file.
    vis = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", vis)
    if "</script" in vis.lower():
        raise GraphError("the bundled vis-network contains '</script' and cannot be inlined")
    here = Path(__file__).parent / "templates"
    app = (here / "page.js").read_text(encoding="utf-8")
    css = (here / "page.css").read_text(encoding="utf-8")
    template = (here / "page.html.j2").read_text(encoding="utf-8")
    return vis, app, css, template


def _html(data: dict[str, Any], *, title: str, counts: str) -> str:
    from jinja2 import Environment
    from markupsafe import Markup

    vis, app, css, template_source = _assets()
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {csp_hash(vis)} {csp_hash(app)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src 'none'",
        "connect-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(template_source)
    return template.render(title=title, counts=counts, csp=csp, css=Markup(css),
                           vis_js=Markup(vis), app_js=Markup(app),
                           data=Markup(json_for_script(data)))


__all__ = ["CLASS_STYLE", "FILTER_KEYS", "STATUS_COLOR", "RenderResult", "csp_hash",
           "json_for_script",
           "page_data", "render_file", "render_page"]
