"""The graph package's error."""

from __future__ import annotations


class GraphError(Exception):
    """Raised when a graph cannot be built, read, written, queried or rendered."""
