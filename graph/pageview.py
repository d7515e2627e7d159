"""RDF claims graph → the network page's view model (plain, JSON-ready, deterministic)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph
from rdflib.namespace import DCTERMS

from ontology import KG, SCHEMA

from .errors import GraphError, did_you_mean
from .collector import paused_gc
from .plainindex import Lit, PlainIndex, Term, from_plain, from_rdflib, to_rdflib
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


#: The ontology's predicates the page reads, as plain IRIs.
_KG: dict[str, str] = {name: str(KG[name]) for name in (
    "role", "affiliation", "locatedIn", "sourceFile", "published", "byline", "supplier",
    "recipient", "category", "status", "reportedIn", "destination", "transferDate",
    "evidenceStart", "quantity", "quantityQualifier", "unit", "claimedBy", "evidence")}
_TYPE, _LABEL, _SAME_AS, _ALT_LABEL, _TITLE, _URL = map(str, (
    RDF.type, RDFS.label, OWL.sameAs, SKOS.altLabel, DCTERMS.title, SCHEMA.url))
#: Every predicate the page reads; no other triple is indexed.
_READS: tuple[str, ...] = (_TYPE, _LABEL, _SAME_AS, _ALT_LABEL, _TITLE, _URL, *_KG.values())
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_DIGITS = re.compile(r"-?[0-9]{1,15}")


def _index(graph: Graph | Dataset | Statements | PlainIndex) -> PlainIndex:
    """The triples the page reads, from built statements or from rdflib alike."""
    if isinstance(graph, PlainIndex):
        return graph
    if isinstance(graph, Statements):
        return from_plain(graph.plain_triples(), _READS)
    return from_rdflib(graph, _READS)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@lru_cache(maxsize=1 << 16)
def _number(value: Term | None) -> int | float | None:
    """A literal's number as rdflib reads it, or None (not a literal, not finite)."""
    if not isinstance(value, Lit):
        return None
    if value.datatype == _INTEGER and _DIGITS.fullmatch(value.text):
        return _finite(float(int(value.text)))
    python = to_rdflib(value).toPython()
    if isinstance(python, bool) or not isinstance(python, (int, float)):
        try:
            python = float(value.text)
        except ValueError:
            return None
    return _finite(float(python))


def _finite(number: float) -> int | float | None:
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def page_view(graph: Graph | Dataset | Statements | PlainIndex,
              page_filter: PageFilter | None = None) -> dict[str, Any]:
    """Read entities, articles and transfer claims into the page's view model.

    Nodes are entities; transfer claims are grouped into one edge per (supplier,
    recipient, category), coloured by status and widened by the number of claims.
    Affiliation and located-in links become thin relation edges. Everything is sorted,
    so the same graph gives the same model, whether as quads or as an rdflib graph.
    """
    with paused_gc():
        return _view(_index(graph), page_filter)


def _view(g: PlainIndex, page_filter: PageFilter | None) -> dict[str, Any]:
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
        "articles": [articles[a] for a in used_articles],
        "classes": [c for c in ENTITY_CLASSES if any(e["class"] == c for e in entities.values())]
        + (["Other"] if any(e["class"] == "Other" for e in entities.values()) else []),
        "categories": sorted({c["cat"] for c in claims}),
        "statuses": [s for s in STATUSES if any(c["st"] == s for c in claims)],
    }


class _Labels:
    """rdfs:label lookup with a readable fallback for IRIs the graph does not label."""

    def __init__(self, graph: PlainIndex) -> None:
        self.graph = graph
        self.cache: dict[Term, str] = {}

    def __call__(self, iri: Term) -> str:
        if iri not in self.cache:
            label = self.graph.first(iri, _LABEL)
            if label is None and str(iri).startswith(_ONTOLOGY):
                label = humanize(local_name(str(iri)))
            self.cache[iri] = _text(label) or local_name(str(iri)).replace("_", " ")
        return self.cache[iri]


def _entity_class(graph: PlainIndex, iri: Term) -> str:
    names = {local_name(str(t)) for t in graph.objects(iri, _TYPE)
             if str(t).startswith(_ONTOLOGY)}
    return next((c for c in ENTITY_CLASSES if c in names), "Other")


def _bare_entity(iri: Term, labels: _Labels) -> dict[str, Any]:
    return {"id": str(iri), "label": labels(iri), "class": _entity_class(labels.graph, iri),
            "alt": [], "wd": "", "role": "", "aff": []}


def _entities(graph: PlainIndex, labels: _Labels) -> dict[Term, dict[str, Any]]:
    entities: dict[Term, dict[str, Any]] = {}
    for cls in ENTITY_CLASSES:
        for iri in graph.subjects(_TYPE, str(KG[cls])):
            if not isinstance(iri, str) or iri in entities:
                continue
            wikidata = sorted(str(o) for o in graph.objects(iri, _SAME_AS)
                              if str(o).startswith(_WIKIDATA))
            entities[iri] = {
                "id": str(iri),
                "label": labels(iri),
                "class": _entity_class(graph, iri),
                "alt": sorted({str(o) for o in graph.objects(iri, _ALT_LABEL)}),
                "wd": wikidata[0] if wikidata else "",
                "role": _text(graph.first(iri, _KG["role"])),
                "aff": sorted(labels(o) for o in graph.objects(iri, _KG["affiliation"])
                              if isinstance(o, str)),
            }
    return entities


def _web_url(value: Any) -> str:
    """An http(s) URL, or "" (so a ``javascript:`` URL never becomes a link)."""
    text = _text(value).strip()
    return text if re.match(r"https?://[^\s]+$", text, re.IGNORECASE) else ""


def _articles(graph: PlainIndex) -> dict[Term, dict[str, str]]:
    articles = {}
    for iri in graph.subjects(_TYPE, str(KG.Article)):
        if isinstance(iri, str):
            articles[iri] = {
                "id": str(iri),
                "file": _text(graph.first(iri, _KG["sourceFile"])),
                "title": _text(graph.first(iri, _TITLE)),
                "date": _text(graph.first(iri, _KG["published"])),
                "byline": _text(graph.first(iri, _KG["byline"])),
                "url": _web_url(graph.first(iri, _URL)),
            }
    return articles


_CLAIM_FIELDS = ("supplier", "recipient", "category", "status", "reportedIn", "destination",
                 "transferDate", "evidenceStart", "quantity", "quantityQualifier", "unit",
                 "evidence")


def _claims(graph: PlainIndex, labels: _Labels,
            articles: dict[Term, dict[str, str]]) -> list[dict[str, Any]]:
    (supplier_of, recipient_of, category_of, status_of, article_of, destination_of, date_of,
     start_of, quantity_of, qualifier_of, unit_of, evidence_of) = (
        graph.firsts(_KG[name]) for name in _CLAIM_FIELDS)
    claimed_by = _KG["claimedBy"]
    statuses: dict[Term, str] = {}
    claims, keys = [], []
    for iri in graph.subjects(_TYPE, str(KG.Transfer)):
        supplier, recipient = supplier_of.get(iri), recipient_of.get(iri)
        if not isinstance(supplier, str) or not isinstance(recipient, str):
            continue
        category = category_of.get(iri)
        status = status_of.get(iri)
        article = article_of.get(iri)
        destination = destination_of.get(iri)
        date = _text(date_of.get(iri))
        published = articles.get(article, {}).get("date", "") if article is not None else ""
        start = _number(start_of.get(iri))
        if status not in statuses:
            statuses[status] = (local_name(str(status)).lower() if status is not None
                                else "reported")
        claim = {
            "id": str(iri),
            "s": supplier,
            "r": recipient,
            "cat": labels(category) if isinstance(category, str) else "Unspecified",
            "st": statuses[status],
            "q": _number(quantity_of.get(iri)),
            "qual": _text(qualifier_of.get(iri)),
            "unit": _text(unit_of.get(iri)),
            "by": sorted(o for o in graph.objects(iri, claimed_by) if isinstance(o, str)),
            "dest": labels(destination) if isinstance(destination, str) else "",
            "date": date,
            "when": date or published,
            "ev": _text(evidence_of.get(iri)),
            "a": article if article in articles else None,
        }
        claims.append(claim)
        keys.append((claim["when"], str(article), start if start is not None else -1,
                     claim["id"]))
    return [claims[i] for i in sorted(range(len(claims)), key=keys.__getitem__)]


def _matches(values: Iterable[str], wanted: tuple[str, ...]) -> bool:
    lowered = {v.lower() for v in values if v}
    return any(w.lower() in lowered for w in wanted)


def _filter_claims(claims: list[dict[str, Any]], page_filter: PageFilter,
                   entities: dict[Term, dict[str, Any]],
                   articles: dict[Term, dict[str, str]]) -> list[dict[str, Any]]:
    def names(iri: Term) -> list[str]:
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
        groups[(claim["s"], claim["r"], claim["cat"])].append(index)
    edges = []
    for (supplier, recipient, category), indexes in sorted(groups.items()):
        edges.append({
            "from": supplier, "to": recipient, "cat": category, "claims": indexes,
            "st": dominant_status([claims[i]["st"] for i in indexes]),
        })
    return edges


def _relation_edges(graph: PlainIndex,
                    entities: Mapping[Any, dict[str, Any]]) -> list[dict[str, str]]:
    present = {e["id"] for e in entities.values()}
    relations = set()
    for predicate, kind in ((_KG["affiliation"], "affiliation"),
                            (_KG["locatedIn"], "located in")):
        for subject, obj in graph.subject_objects(predicate):
            if str(subject) in present and str(obj) in present and subject != obj:
                relations.add((str(subject), str(obj), kind))
    return [{"from": s, "to": o, "kind": k} for s, o, k in sorted(relations)]


__all__ = ["ENTITY_CLASSES", "FILTER_KEYS", "STATUSES", "PageFilter", "dominant_status",
           "humanize", "local_name", "page_view"]
