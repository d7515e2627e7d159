"""The ontology package's error."""

from __future__ import annotations


class OntologyError(Exception):
    """Raised when the TBox, the shapes or the reference data cannot be read."""
