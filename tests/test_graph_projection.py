"""The networkx projection: entities and articles as nodes, claims as keyed edges."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef

from graph import read_graph, to_networkx
from ontology import ID, KG

SMALL = Path(__file__).parent / "data" / "exchange" / "small.trig"
NK, RU = str(ID.north_korea), str(ID.russia)
ARTICLE_B = str(ID["article/" + "bbbb2222" * 8])
TRANSFER_1 = str(ID["transfer/aaaa1111aaaa1111/0000000000000001"])
TRANSFER_2 = str(ID["transfer/bbbb2222bbbb2222/0000000000000002"])
SCALARS = (str, int, float, bool)


def small() -> nx.MultiDiGraph:
    return to_networkx(read_graph(SMALL))


def test_nodes_are_entities_and_articles_with_their_classes() -> None:
    G = small()

    classes = Counter(data["cls"] for _, data in G.nodes(data=True))
    assert classes == {"State": 4, "Official": 2, "Organization": 1, "Person": 1,
                       "MilitaryUnit": 1, "Location": 2, "Article": 3}
    assert G.nodes[NK] == {"label": "North Korea", "cls": "State", "key": "north_korea",
                           "wikidata": "http://www.wikidata.org/entity/Q423",
                           "aliases": "DPRK; North Korean; Pyongyang"}
    assert G.nodes[str(ID.lloyd_austin)]["role"] == "Defense Secretary"
    assert "wikidata" not in G.nodes[str(ID.lloyd_austin)]  # absent, not None
    assert G.nodes[ARTICLE_B]["label"] == "Shells, shells, shells"
    assert not any(str(n).endswith("_geometry") or "/transfer/" in n for n in G)


def test_each_claim_is_its_own_supplier_to_recipient_edge() -> None:
    G = small()

    claims = G.get_edge_data(NK, RU)
    transfers = {k: d for k, d in claims.items() if d["relation"] == "transfer"}
    assert len(transfers) == 3  # three claims, nothing merged or averaged
    assert transfers[TRANSFER_1] == {
        "relation": "transfer",
        "label": "North Korea → Russia: Troops (3000 soldiers)",
        "category": "Troops", "status": "Confirmed",
        "quantity": 3000, "unit": "soldiers", "qualifier": "at least",
        "claimants": "Lloyd Austin", "claimant_ids": str(ID.lloyd_austin),
        "destination": "Vladivostok", "destination_id": str(ID.vladivostok),
        "date": "2024-10",
        "article": str(ID["article/" + "aaaa1111" * 8]),
        "evidence": '"At least 3,000 North Korean soldiers" had arrived in Vladivostok, '
                    "Austin said.",
        "evidence_start": 120, "evidence_end": 199,
    }
    shells = transfers[TRANSFER_2]
    assert shells["quantity"] == 6433.1 and isinstance(shells["quantity"], float)
    assert shells["claimants"] == 'Main Directorate of Intelligence ("HUR"), Ukraine; John Kirby'
    assert "qualifier" not in shells and "date" not in shells


def test_relations_are_typed_edges() -> None:
    G = small()

    relations = Counter(d["relation"] for _, _, d in G.edges(data=True))
    assert relations == {"transfer": 5, "mentions": 15, "affiliation": 4, "locatedIn": 2,
                         "reportedIn": 8}
    assert G.get_edge_data(str(ID.lloyd_austin), str(ID.united_states)) == {
        "affiliation": {"relation": "affiliation"}}
    assert G.get_edge_data(str(ID.vladivostok), RU) == {"locatedIn": {"relation": "locatedIn"}}
    assert G.get_edge_data(NK, ARTICLE_B)["reportedIn"] == {"relation": "reportedIn",
                                                            "transfers": 2}
    assert G.has_edge(ARTICLE_B, str(ID.kim_analyst), key="mentions")


def test_every_attribute_is_a_graphml_scalar() -> None:
    G = small()

    values = [*(v for _, d in G.nodes(data=True) for v in d.values()),
              *(v for *_, d in G.edges(data=True) for v in d.values())]
    assert values and all(isinstance(v, SCALARS) for v in values)


def test_projection_is_deterministic_whatever_the_container() -> None:
    trig = SMALL.read_text(encoding="utf-8")
    plain = Dataset()  # no default_union: the named graphs must still be read
    plain.parse(data=trig, format="trig")
    union = Graph()
    for s, p, o, _ in plain.quads((None, None, None, None)):
        union.add((s, p, o))

    projections = [small(), small(), to_networkx(plain), to_networkx(union)]

    dumps = [(list(G.nodes(data=True)), list(G.edges(keys=True, data=True)))
             for G in projections]
    assert all(dump == dumps[0] for dump in dumps[1:])
    assert list(projections[0]) == sorted(projections[0])


def test_referenced_but_undescribed_entities_still_become_nodes() -> None:
    g = Graph()
    transfer = ID["transfer/x/1"]
    g.add((transfer, RDF.type, KG.Transfer))
    g.add((transfer, KG.supplier, ID.somewhere))
    g.add((transfer, KG.recipient, ID.elsewhere))

    G = to_networkx(g)

    assert G.nodes[str(ID.somewhere)] == {"label": "somewhere"}
    assert list(G.edges(keys=True)) == [(str(ID.somewhere), str(ID.elsewhere), str(transfer))]


quantities = st.one_of(st.none(), st.integers(0, 10**9),
                       st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False))


@settings(max_examples=40, deadline=None)
@given(claims=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]),
                                 st.sampled_from(["a", "b", "c"]), quantities,
                                 st.text(max_size=20)), max_size=8))
def test_one_edge_per_claim_and_only_scalars(claims: list[tuple[str, str, object, str]]) -> None:
    g = Graph()
    for index, (supplier, recipient, quantity, label) in enumerate(claims):
        transfer = URIRef(ID[f"transfer/t/{index}"])
        g.add((transfer, RDF.type, KG.Transfer))
        g.add((transfer, KG.supplier, ID[supplier]))
        g.add((transfer, KG.recipient, ID[recipient]))
        g.add((transfer, RDFS.label, Literal(label)))
        if quantity is not None:
            datatype = XSD.integer if isinstance(quantity, int) else XSD.decimal
            g.add((transfer, KG.quantity, Literal(str(quantity), datatype=datatype)))

    G = to_networkx(g)

    edges = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
             if d["relation"] == "transfer"]
    assert sorted(k for *_, k in edges) == sorted(str(ID[f"transfer/t/{i}"])
                                                  for i in range(len(claims)))
    for *_, data in G.edges(data=True):
        assert all(isinstance(v, SCALARS) for v in data.values())
