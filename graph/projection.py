"""Project the RDF graph onto a networkx MultiDiGraph of entities, articles and claims."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ontology import KG, SCHEMA, EntityType

if TYPE_CHECKING:
    import networkx as nx

#: The entity classes that become nodes (CONTRACT.md), by IRI.
ENTITY_CLASSES: dict[URIRef, str] = {URIRef(KG[t.value]): t.value for t in EntityType}

#: ``relation`` attribute of the edges that are not transfers, by predicate.
RELATIONS: dict[URIRef, str] = {
    URIRef(KG.affiliation): "affiliation",
    URIRef(KG.locatedIn): "locatedIn",
    URIRef(KG.mentions): "mentions",
}

#: ``relation`` attribute of a transfer edge (supplier → recipient, keyed by transfer IRI).
TRANSFER = "transfer"
#: ``relation`` attribute of the edges from a transfer's parties to its article.
REPORTED_IN = "reportedIn"

_WIKIDATA = "http://www.wikidata.org/entity/"


def to_networkx(graph: Graph | Dataset) -> nx.MultiDiGraph:
    """Project a ckg graph onto a directed multigraph for network analysis and export.

    Nodes are the entities and the articles, keyed by IRI string. Node attributes:
    ``label``, ``cls`` (``State``, ``Official``, …, ``Article``), ``key``, ``wikidata``,
    ``role``, ``aliases``; articles also ``source_file``, ``sha256``, ``published``,
    ``byline``, ``url``.

    Edges carry a ``relation`` attribute:

    - ``transfer``: one per claim, supplier → recipient, edge key = the transfer IRI,
      with ``label``, ``category``, ``status``, ``quantity`` (int or float), ``unit``,
      ``qualifier``, ``claimants`` (labels), ``claimant_ids``, ``destination``,
      ``destination_id``, ``date``, ``article``, ``evidence``, ``evidence_start``,
      ``evidence_end``. Claims stay on the edge; they are not separate edges.
    - ``affiliation``, ``locatedIn``: entity → entity, as in the RDF.
    - ``mentions``: article → entity.
    - ``reportedIn``: supplier and recipient of a transfer → the article reporting it,
      one edge per pair, with ``transfers`` = how many of the article's claims they are in.

    Every attribute is a str, int, float or bool (GraphML and GEXF accept nothing else):
    lists are joined with ``"; "`` and absent values are left out. Nodes and edges are
    inserted in sorted order, so the same RDF gives the same projection.

    Args:
        graph: An rdflib Graph, or a Dataset (all of its graphs are read).

    Returns:
        The projection, a new MultiDiGraph.
    """
    import networkx as nx  # deferred: `import graph` stays cheap for the CLI

    g = _union(graph)
    G = nx.MultiDiGraph()
    nodes = _nodes(g)
    for iri in sorted(nodes):
        G.add_node(iri, **nodes[iri])

    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    edges.extend(_relation_edges(g))
    transfer_edges = list(_transfer_edges(g))
    edges.extend(transfer_edges)
    edges.extend(_reported_in_edges(transfer_edges))
    edges.sort(key=lambda edge: (edge[3]["relation"], *edge[:3]))
    for source, target, key, attributes in edges:
        for end in (source, target):
            if end not in G:  # referenced but not described: still a node, named by its IRI
                G.add_node(end, label=_local_name(end))
        G.add_edge(source, target, key=key, **attributes)
    return G


def _union(graph: Graph | Dataset) -> Graph:
    """All triples of ``graph``, whatever graph of a Dataset they are in."""
    if not isinstance(graph, Dataset):
        return graph
    union = Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _nodes(g: Graph) -> dict[str, dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for subject, cls in g.subject_objects(RDF.type):
        if not isinstance(subject, URIRef) or not isinstance(cls, URIRef):
            continue
        if cls in ENTITY_CLASSES:
            name = ENTITY_CLASSES[cls]
        elif cls == KG.Article:
            name = "Article"
        else:
            continue
        nodes.setdefault(str(subject), {}).setdefault("_classes", []).append(name)
    for iri, attributes in nodes.items():
        subject = URIRef(iri)
        classes = attributes.pop("_classes")
        if classes == ["Article"]:
            attributes.update(_article_attributes(g, subject))
        else:
            attributes.update(_entity_attributes(g, subject))
        attributes["cls"] = "; ".join(sorted(set(classes)))
    return {iri: {k: v for k, v in a.items() if v is not None} for iri, a in nodes.items()}


def _entity_attributes(g: Graph, subject: URIRef) -> dict[str, Any]:
    same_as = _texts(g.objects(subject, OWL.sameAs))
    wikidata = [iri for iri in same_as.split("; ") if iri.startswith(_WIKIDATA)] if same_as else []
    return {
        "label": _text(g, subject, RDFS.label) or _local_name(str(subject)),
        "key": _text(g, subject, KG.key),
        "wikidata": "; ".join(wikidata) or None,
        "role": _texts(g.objects(subject, KG.role)),
        "aliases": _texts(g.objects(subject, SKOS.altLabel)),
    }


def _article_attributes(g: Graph, subject: URIRef) -> dict[str, Any]:
    title = _text(g, subject, DCTERMS.title)
    source_file = _text(g, subject, KG.sourceFile)
    return {
        "label": title or source_file or _local_name(str(subject)),
        "source_file": source_file,
        "sha256": _text(g, subject, KG.sha256),
        "published": _text(g, subject, KG.published),
        "byline": _texts(g.objects(subject, KG.byline)),
        "url": _text(g, subject, SCHEMA.url),
    }


def _relation_edges(g: Graph) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    for predicate, relation in RELATIONS.items():
        for subject, value in g.subject_objects(predicate):
            if isinstance(subject, URIRef) and isinstance(value, URIRef):
                yield str(subject), str(value), relation, {"relation": relation}


def _transfer_edges(g: Graph) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    for transfer in g.subjects(RDF.type, KG.Transfer):
        if not isinstance(transfer, URIRef):
            continue
        claimants = sorted(c for c in g.objects(transfer, KG.claimedBy) if isinstance(c, URIRef))
        destination = g.value(transfer, KG.destination)
        attributes = {
            "relation": TRANSFER,
            "label": _text(g, transfer, RDFS.label),
            "category": _name(g.value(transfer, KG.category)),
            "status": _name(g.value(transfer, KG.status)),
            "quantity": _number(g.value(transfer, KG.quantity)),
            "unit": _text(g, transfer, KG.unit),
            "qualifier": _text(g, transfer, KG.quantityQualifier),
            "claimants": "; ".join(_label(g, c) for c in claimants) or None,
            "claimant_ids": "; ".join(str(c) for c in claimants) or None,
            "destination": _label(g, destination) if isinstance(destination, URIRef) else None,
            "destination_id": str(destination) if isinstance(destination, URIRef) else None,
            "date": _text(g, transfer, KG.transferDate),
            "article": _text(g, transfer, KG.reportedIn),
            "evidence": _text(g, transfer, KG.evidence),
            "evidence_start": _number(g.value(transfer, KG.evidenceStart)),
            "evidence_end": _number(g.value(transfer, KG.evidenceEnd)),
        }
        attributes = {k: v for k, v in attributes.items() if v is not None}
        for supplier in sorted(g.objects(transfer, KG.supplier), key=str):
            for recipient in sorted(g.objects(transfer, KG.recipient), key=str):
                yield str(supplier), str(recipient), str(transfer), dict(attributes)


def _reported_in_edges(
    transfer_edges: list[tuple[str, str, str, dict[str, Any]]],
) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    counts: dict[tuple[str, str], int] = {}
    for supplier, recipient, _, attributes in transfer_edges:
        article = attributes.get("article")
        if article is None:
            continue
        for party in {supplier, recipient}:
            counts[party, article] = counts.get((party, article), 0) + 1
    for (party, article), count in counts.items():
        yield party, article, REPORTED_IN, {"relation": REPORTED_IN, "transfers": count}


def _text(g: Graph, subject: URIRef, predicate: URIRef) -> str | None:
    """The smallest value of ``predicate`` as a string, or None (deterministic if several)."""
    values = sorted(str(v) for v in g.objects(subject, predicate))
    return values[0] if values else None


def _texts(values: Iterable[object]) -> str | None:
    """Sorted, distinct string values joined with "; ", or None when there are none.

    Example:
        >>> _texts(["b", "a", "b"])
        'a; b'
        >>> _texts([]) is None
        True
    """
    joined = "; ".join(sorted({str(v) for v in values}))
    return joined or None


def _label(g: Graph, node: URIRef) -> str:
    return _text(g, node, RDFS.label) or _local_name(str(node))


def _name(term: object) -> str | None:
    """The local name of an ontology term (``ckg:Troops`` → ``"Troops"``)."""
    return _local_name(str(term)) if isinstance(term, URIRef) else None


def _local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    Example:
        >>> _local_name("https://w3id.org/ckg/ontology#Troops")
        'Troops'
        >>> _local_name("https://w3id.org/ckg/id/north_korea")
        'north_korea'
    """
    return iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def _number(term: object) -> int | float | None:
    """A numeric literal as int (integers) or float (decimals, doubles); None otherwise.

    Example:
        >>> from rdflib import Literal, XSD
        >>> _number(Literal("6433.10", datatype=XSD.decimal))
        6433.1
        >>> _number(Literal(3000))
        3000
    """
    if not isinstance(term, Literal):
        return None
    value = term.toPython()
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        return float(value)
    return None
