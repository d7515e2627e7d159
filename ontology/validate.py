"""Check a built graph against the SHACL shapes and report violations in our own records."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import OntologyError
from .namespace import PREFIXES, bind
from .resources import load_shapes

#: How many violations the text summary lists before it says how many it left out.
MAX_TEXT_LINES = 50


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong, how bad."""

    focus: str
    path: str | None
    message: str
    severity: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of validating a graph against the shapes."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str


@cache
def _shapes() -> Graph:
    # Parsed once per process: validation must stay fast when called per build.
    return load_shapes()


def _plain_graph(graph: Graph) -> Graph:
    """The triples to validate, as one plain Graph (the union for a Dataset)."""
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        union = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


def _short(node: Node | None, graph: Graph) -> str | None:
    """A node as a person reads it: ``id:transfer/…`` rather than the full IRI."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        # rdflib's own qname rules refuse local names with "/", which our IRIs have
        known = [*graph.namespaces(), *PREFIXES.items()]
        matches = [(prefix, str(ns)) for prefix, ns in known if node.startswith(str(ns))]
        best = max(matches, key=lambda item: len(item[1]), default=None)
        if best is None or not best[0]:
            return f"<{node}>"
        return f"{best[0]}:{str(node)[len(best[1]):]}"
    if isinstance(node, Literal):
        return str(node)
    return node.n3()


def _violations(report: Graph, data: Graph) -> tuple[Violation, ...]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=_short(focus, data) or "",
                path=_short(path, data) if isinstance(path, URIRef) else None,
                message=str(message) if message is not None else "constraint violated",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return tuple(sorted(found, key=lambda v: (v.focus, v.path or "", v.message)))


def _summary(violations: tuple[Violation, ...]) -> str:
    if not violations:
        return "The graph conforms to the ckg shapes."
    lines = [f"{len(violations)} SHACL result(s):"]
    for v in violations[:MAX_TEXT_LINES]:
        where = f"{v.focus} {v.path}" if v.path else v.focus
        lines.append(f"{v.severity}: {where}: {v.message}")
    if len(violations) > MAX_TEXT_LINES:
        lines.append(f"… and {len(violations) - MAX_TEXT_LINES} more")
    return "\n".join(lines)


def validate(graph: Graph) -> ValidationReport:
    """Validate a graph against ``ontology/shapes.ttl``, without inference.

    Every node's class is asserted directly in ckg output, so no RDFS reasoning is
    needed and validation of a few thousand triples takes well under a second.

    Args:
        graph: The graph to check; for a Dataset (or ConjunctiveGraph) the union of
            its named graphs and default graph is checked.

    Returns:
        Whether the graph conforms, each violation, and a short text summary.

    Raises:
        OntologyError: the shapes cannot be read or pySHACL fails on the input.
    """
    import pyshacl  # heavy: imported only when validation is asked for

    if not isinstance(graph, Graph):
        raise OntologyError(
            f"validate() needs an rdflib Graph or Dataset, got {type(graph).__name__}"
        )
    data = _plain_graph(graph)
    if data is not graph:
        bind(data)
    try:
        conforms, report, _ = pyshacl.validate(
            data,
            shacl_graph=_shapes(),
            inference="none",
            advanced=False,
            allow_warnings=True,
            abort_on_first=False,
        )
    except Exception as exc:  # noqa: BLE001 - pySHACL raises many unrelated types
        raise OntologyError(f"SHACL validation failed to run: {exc}") from exc
    if not isinstance(report, Graph):
        raise OntologyError("SHACL validation returned no report graph")
    violations = _violations(report, data)
    return ValidationReport(
        conforms=bool(conforms), violations=violations, text=_summary(violations)
    )
