"""RDF claims graph → the network page's view model (plain, JSON-ready, deterministic)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ontology import KG, SCHEMA

from .errors import GraphError, did_you_mean
from .statements import Statements

#: Entity classes, in legend order.
ENTITY_CLASSES: tuple[str, ...] = (
    "State", "Official", "Person", "Organization", "MilitaryUnit", "Location",
)
#: Claim statuses, in legend order.
STATUSES: tuple[str, ...] = ("reported", "confirmed", "planned", "denied")
#: Keys ``--filter`` accepts.
FILTER_KEYS: tuple[str, ...] = ("article", "category", "claimant", "class", "status")

_WIKIDATA = "http://www.wikidata.org/entity/"
_ONTOLOGY = str(KG._NS)


@dataclass(frozen=True)
class PageFilter:
    """Restrictions applied before drawing: every given key must match (values OR-ed).

    Values are matched case-insensitively against labels, local names, keys, IRIs and,
    for articles, source file names and titles.
    """

    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def parse(cls, specs: Iterable[str]) -> PageFilter:
        """Build a filter from ``key=value`` strings such as ``category=Troops``.

        Raises:
            GraphError: a spec has no ``=`` or an unknown key.

        Example:
            >>> PageFilter.parse(["status=planned", "status=denied"]).terms["status"]
            ('planned', 'denied')
        """
        terms: dict[str, list[str]] = defaultdict(list)
        for spec in specs:
            key, sep, value = spec.partition("=")
            key = key.strip().lower()
            if not sep or not value.strip():
                raise GraphError(f"filter {spec!r} is not KEY=VALUE "
                                 f"(keys: {', '.join(FILTER_KEYS)})")
            if key not in FILTER_KEYS:
                raise GraphError(f"unknown filter key {key!r}.{did_you_mean(key, FILTER_KEYS)} "
                                 f"Valid keys: {', '.join(FILTER_KEYS)}")
            terms[key].append(value.strip())
        return cls({key: tuple(values) for key, values in sorted(terms.items())})

    def __bool__(self) -> bool:
        return bool(self.terms)


def local_name(iri: str) -> str:
    """The part of an IRI after the last ``#`` or ``/``.

    Example:
        >>> local_name("https://w3id.org/ckg/ontology#ArtilleryShells")
        'ArtilleryShells'
    """
    return re.split(r"[#/]", iri)[-1]


def humanize(name: str) -> str:
    """``ArtilleryShells`` → ``Artillery shells``.

    Example:
        >>> humanize("MilitaryAid")
        'Military aid'
    """
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", name) or [name]
    text = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    return text[:1].upper() + text[1:]


class _TripleIndex:
    """The read-only part of rdflib's Graph API the page uses, over pyoxigraph quads.

    Big built graphs never become an rdflib Dataset; indexing their distinct triples
    (each term converted to rdflib once) is many times faster than loading one.
    """

    def __init__(self, quads: Iterable[Any]) -> None:
        from .terms import from_oxigraph

        terms: dict[Any, Any] = {}
        self._objects: dict[tuple[Any, Any], list[Any]] = defaultdict(list)
        self._subjects: dict[tuple[Any, Any], list[Any]] = defaultdict(list)
        self._pairs: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
        for triple in dict.fromkeys(q.triple for q in quads):
            s, p, o = (terms.get(t) or terms.setdefault(t, from_oxigraph(t)) for t in triple)
            self._objects[s, p].append(o)
            self._subjects[p, o].append(s)
            self._pairs[p].append((s, o))

    def objects(self, subject: Any, predicate: Any) -> list[Any]:
        return self._objects.get((subject, predicate), [])

    def subjects(self, predicate: Any, obj: Any) -> list[Any]:
        return self._subjects.get((predicate, obj), [])

    def subject_objects(self, predicate: Any) -> list[tuple[Any, Any]]:
        return self._pairs.get(predicate, [])


def _union(graph: Graph | Dataset | Statements) -> Graph | _TripleIndex:
    if isinstance(graph, Statements):
        return _TripleIndex(graph.quads)
    if isinstance(graph, Dataset) and not graph.default_union:
        union = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _first(graph: Graph, subject: URIRef, predicate: URIRef) -> Any:
    values = sorted(graph.objects(subject, predicate), key=str)
    return values[0] if values else None


def _number(value: Any) -> int | float | None:
    if not isinstance(value, Literal):
        return None
    python = value.toPython()
    if isinstance(python, bool) or not isinstance(python, (int, float)):
        try:
            python = float(str(value))
        except ValueError:
            return None
    number = float(python)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def page_view(graph: Graph | Dataset | Statements, page_filter: PageFilter | None = None) -> dict[str, Any]:
    """Read entities, articles and transfer claims into the page's view model.

    Nodes are entities; transfer claims are grouped into one edge per (supplier,
    recipient, category), coloured by status and widened by the number of claims.
    Affiliation and located-in links become thin relation edges. Everything is sorted,
    so the same graph gives the same model.
    """
    g = _union(graph)
    labels = _Labels(g)
    entities = _entities(g, labels)
    articles = _articles(g)
    claims = _claims(g, labels, articles)
    if page_filter:
        claims = _filter_claims(claims, page_filter, entities, articles)
        keep = {c["s"] for c in claims} | {c["r"] for c in claims}
        keep |= {k for c in claims for k in c["by"]}
        if "class" in page_filter.terms and not set(page_filter.terms) - {"class"}:
            keep = set(entities)
        wanted = {v.lower() for v in page_filter.terms.get("class", ())}
        if wanted:
            keep = {k for k in keep if entities[k]["class"].lower() in wanted}
            claims = [c for c in claims if c["s"] in keep and c["r"] in keep]
        entities = {k: v for k, v in entities.items() if k in keep}
    # Claimants and endpoints the graph does not type still become (unclassed) nodes,
    # except claimants a class filter left out: their names stay on the claim.
    class_filtered = bool(page_filter and "class" in page_filter.terms)
    for claim in claims:
        claim["byl"] = [labels(b) for b in claim["by"]]
        if class_filtered:
            claim["by"] = [b for b in claim["by"] if b in entities]
        for iri in (claim["s"], claim["r"], *claim["by"]):
            if iri not in entities:
                entities[iri] = _bare_entity(iri, labels)
    edges = _transfer_edges(claims)
    relations = _relation_edges(g, entities)
    used_articles = sorted({c["a"] for c in claims if c["a"]})
    article_index = {a: i for i, a in enumerate(used_articles)}
    for claim in claims:
        claim["a"] = article_index.get(claim["a"], -1)
    node_ids = sorted(entities)
    return {
        "nodes": [entities[k] for k in node_ids],
        "edges": edges,
        "relations": relations,
        "claims": claims,
        "articles": [articles[URIRef(a)] for a in used_articles],
        "classes": [c for c in ENTITY_CLASSES if any(e["class"] == c for e in entities.values())]
        + (["Other"] if any(e["class"] == "Other" for e in entities.values()) else []),
        "categories": sorted({c["cat"] for c in claims}),
        "statuses": [s for s in STATUSES if any(c["st"] == s for c in claims)],
    }


class _Labels:
    """rdfs:label lookup with a readable fallback for IRIs the graph does not label."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.cache: dict[URIRef, str] = {}

    def __call__(self, iri: URIRef) -> str:
        if iri not in self.cache:
            label = _first(self.graph, iri, RDFS.label)
            if label is None and str(iri).startswith(_ONTOLOGY):
                label = humanize(local_name(str(iri)))
            self.cache[iri] = _text(label) or local_name(str(iri)).replace("_", " ")
        return self.cache[iri]


def _entity_class(graph: Graph, iri: URIRef) -> str:
    names = {local_name(str(t)) for t in graph.objects(iri, RDF.type)
             if str(t).startswith(_ONTOLOGY)}
    return next((c for c in ENTITY_CLASSES if c in names), "Other")


def _bare_entity(iri: URIRef, labels: _Labels) -> dict[str, Any]:
    return {"id": str(iri), "label": labels(iri), "class": _entity_class(labels.graph, iri),
            "alt": [], "wd": "", "role": "", "aff": []}


def _entities(graph: Graph, labels: _Labels) -> dict[URIRef, dict[str, Any]]:
    entities: dict[URIRef, dict[str, Any]] = {}
    for cls in ENTITY_CLASSES:
        for iri in graph.subjects(RDF.type, getattr(KG, cls)):
            if not isinstance(iri, URIRef) or iri in entities:
                continue
            wikidata = sorted(str(o) for o in graph.objects(iri, OWL.sameAs)
                              if str(o).startswith(_WIKIDATA))
            entities[iri] = {
                "id": str(iri),
                "label": labels(iri),
                "class": _entity_class(graph, iri),
                "alt": sorted({str(o) for o in graph.objects(iri, SKOS.altLabel)}),
                "wd": wikidata[0] if wikidata else "",
                "role": _text(_first(graph, iri, KG.role)),
                "aff": sorted(labels(o) for o in graph.objects(iri, KG.affiliation)
                              if isinstance(o, URIRef)),
            }
    return entities


def _web_url(value: Any) -> str:
    """An http(s) URL, or "" (so a ``javascript:`` URL never becomes a link)."""
    text = _text(value).strip()
    return text if re.match(r"https?://[^\s]+$", text, re.IGNORECASE) else ""


def _articles(graph: Graph) -> dict[URIRef, dict[str, str]]:
    articles = {}
    for iri in graph.subjects(RDF.type, KG.Article):
        if isinstance(iri, URIRef):
            articles[iri] = {
                "id": str(iri),
                "file": _text(_first(graph, iri, KG.sourceFile)),
                "title": _text(_first(graph, iri, DCTERMS.title)),
                "date": _text(_first(graph, iri, KG.published)),
                "byline": _text(_first(graph, iri, KG.byline)),
                "url": _web_url(_first(graph, iri, SCHEMA.url)),
            }
    return articles


def _claims(graph: Graph, labels: _Labels,
            articles: dict[URIRef, dict[str, str]]) -> list[dict[str, Any]]:
    claims = []
    for iri in graph.subjects(RDF.type, KG.Transfer):
        supplier = _first(graph, iri, KG.supplier)
        recipient = _first(graph, iri, KG.recipient)
        if not isinstance(supplier, URIRef) or not isinstance(recipient, URIRef):
            continue
        category = _first(graph, iri, KG.category)
        status = _first(graph, iri, KG.status)
        article = _first(graph, iri, KG.reportedIn)
        destination = _first(graph, iri, KG.destination)
        date = _text(_first(graph, iri, KG.transferDate))
        published = articles.get(article, {}).get("date", "") if article is not None else ""
        start = _number(_first(graph, iri, KG.evidenceStart))
        claims.append({
            "id": str(iri),
            "s": supplier,
            "r": recipient,
            "cat": labels(category) if isinstance(category, URIRef) else "Unspecified",
            "st": local_name(str(status)).lower() if status is not None else "reported",
            "q": _number(_first(graph, iri, KG.quantity)),
            "qual": _text(_first(graph, iri, KG.quantityQualifier)),
            "unit": _text(_first(graph, iri, KG.unit)),
            "by": sorted(o for o in graph.objects(iri, KG.claimedBy) if isinstance(o, URIRef)),
            "dest": labels(destination) if isinstance(destination, URIRef) else "",
            "date": date,
            "when": date or published,
            "ev": _text(_first(graph, iri, KG.evidence)),
            "a": article if article in articles else None,
            "_order": (str(article), start if start is not None else -1, str(iri)),
        })
    claims.sort(key=lambda c: (c["when"], c["_order"]))
    for claim in claims:
        del claim["_order"]
    return claims


def _matches(values: Iterable[str], wanted: tuple[str, ...]) -> bool:
    lowered = {v.lower() for v in values if v}
    return any(w.lower() in lowered for w in wanted)


def _filter_claims(claims: list[dict[str, Any]], page_filter: PageFilter,
                   entities: dict[URIRef, dict[str, Any]],
                   articles: dict[URIRef, dict[str, str]]) -> list[dict[str, Any]]:
    def names(iri: URIRef) -> list[str]:
        entity = entities.get(iri, {})
        return [str(iri), local_name(str(iri)), entity.get("label", ""), *entity.get("alt", [])]

    terms = page_filter.terms
    kept = []
    for claim in claims:
        category = claim["cat"]
        if "category" in terms and not _matches(
                [category, category.replace(" ", ""), category.replace(" ", "_")],
                terms["category"]):
            continue
        if "status" in terms and not _matches([claim["st"]], terms["status"]):
            continue
        if "claimant" in terms and not any(_matches(names(b), terms["claimant"])
                                           for b in claim["by"]):
            continue
        if "article" in terms:
            article = articles.get(claim["a"], {}) if claim["a"] is not None else {}
            sha = local_name(str(claim["a"] or ""))
            if not _matches([article.get("file", ""), article.get("title", ""),
                             str(claim["a"] or ""), sha], terms["article"]):
                continue
        kept.append(claim)
    return kept


def dominant_status(statuses: list[str]) -> str:
    """The most frequent status; ties go to the latest claim's (claims are in date order).

    Example:
        >>> dominant_status(["reported", "confirmed", "confirmed", "planned"])
        'confirmed'
        >>> dominant_status(["reported", "planned"])
        'planned'
    """
    counts = Counter(statuses)
    best = max(counts.values())
    return next(s for s in reversed(statuses) if counts[s] == best)


def _transfer_edges(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        claim["s"], claim["r"] = str(claim["s"]), str(claim["r"])
        claim["by"] = [str(b) for b in claim["by"]]
        if claim["a"] is not None:
            claim["a"] = str(claim["a"])
        groups[(claim["s"], claim["r"], claim["cat"])].append(index)
    edges = []
    for (supplier, recipient, category), indexes in sorted(groups.items()):
        edges.append({
            "from": supplier, "to": recipient, "cat": category, "claims": indexes,
            "st": dominant_status([claims[i]["st"] for i in indexes]),
        })
    return edges


def _relation_edges(graph: Graph, entities: Mapping[Any, dict[str, Any]]) -> list[dict[str, str]]:
    present = {e["id"] for e in entities.values()}
    relations = set()
    for predicate, kind in ((KG.affiliation, "affiliation"), (KG.locatedIn, "located in")):
        for subject, obj in graph.subject_objects(predicate):
            if str(subject) in present and str(obj) in present and subject != obj:
                relations.add((str(subject), str(obj), kind))
    return [{"from": s, "to": o, "kind": k} for s, o, k in sorted(relations)]


__all__ = ["ENTITY_CLASSES", "FILTER_KEYS", "STATUSES", "PageFilter", "dominant_status",
           "humanize", "local_name", "page_view"]
