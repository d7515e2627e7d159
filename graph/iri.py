"""Mint the graph's IRIs: deterministic, derived from keys and content, never counters."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from extraction import TransferRecord
from ontology import ID


def _segment(text: str) -> str:
    """Percent-encode everything but unreserved characters, so any key gives a legal IRI.

    Example:
        >>> _segment("north_korea")
        'north_korea'
        >>> _segment('a b>"c')
        'a%20b%3E%22c'
    """
    return quote(text.encode("utf-8", "surrogatepass"), safe="-._~")


def entity_iri(key: str) -> URIRef:
    """The IRI of the entity with this key (``id:north_korea``)."""
    return ID[_segment(key)]


def geometry_iri(key: str) -> URIRef:
    """The IRI of a location's GeoSPARQL geometry node."""
    return ID[_segment(key) + "_geometry"]


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article (also the name of its named graph)."""
    return ID["article/" + _segment(article_id)]


def transfer_iri(article_id: str, transfer: TransferRecord) -> URIRef:
    """The IRI of one transfer claim: article plus a digest of what makes the claim distinct."""
    parts = (
        transfer.supplier,
        transfer.recipient,
        transfer.category.value,
        str(transfer.evidence.start),
        str(transfer.quantity),
        ",".join(transfer.claimants),
        transfer.status.value,
    )
    digest = hashlib.sha1("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return ID[f"transfer/{_segment(article_id[:16])}/{digest[:16]}"]
