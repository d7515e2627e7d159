"""The ckg ontology namespace (mirrors ontology/kg.ttl) and the instance namespace."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

#: The one place the project's IRIs are rooted. Stable: outside tools rely on it.
BASE = "https://w3id.org/ckg/"

#: Instances (entities, articles, transfers) live under this namespace.
ID = Namespace(BASE + "id/")

GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")


class KG(DefinedNamespace):
    """Terms of the ckg ontology; misspelt terms raise instead of minting IRIs."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Entity: URIRef
    State: URIRef
    Official: URIRef
    Person: URIRef
    Organization: URIRef
    MilitaryUnit: URIRef
    Location: URIRef
    Transfer: URIRef
    Article: URIRef
    TransferCategory: URIRef
    TransferStatus: URIRef

    # transfer properties
    supplier: URIRef
    recipient: URIRef
    category: URIRef
    quantity: URIRef
    quantityQualifier: URIRef
    unit: URIRef
    claimedBy: URIRef
    status: URIRef
    destination: URIRef
    reportedIn: URIRef
    evidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    transferDate: URIRef

    # article properties
    sourceFile: URIRef
    published: URIRef
    byline: URIRef
    sha256: URIRef
    mentions: URIRef

    # entity properties
    key: URIRef
    role: URIRef
    affiliation: URIRef
    locatedIn: URIRef

    # transfer categories
    Troops: URIRef
    ArtilleryShells: URIRef
    Missiles: URIRef
    Rockets: URIRef
    Drones: URIRef
    Weapons: URIRef
    MilitaryAid: URIRef
    Technology: URIRef
    Supplies: URIRef

    # statuses
    Reported: URIRef
    Confirmed: URIRef
    Planned: URIRef
    Denied: URIRef


PREFIXES: dict[str, Namespace] = {
    "ckg": Namespace(BASE + "ontology#"),
    "id": ID,
    "geo": GEO,
    "schema": SCHEMA,
    "sem": SEM,
    "wd": WD,
}


def bind(graph: Graph) -> Graph:
    """Bind the project's prefixes (and the standard ones rdflib knows) on ``graph``."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
