"""The graph package's error, and the "did you mean" hint its messages share."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class GraphError(Exception):
    """Raised when a graph cannot be built, read, written, queried or rendered."""


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6,
                 prefix: str = "") -> str:
    """" Did you mean 'x'?" for the closest choice, or "" when none is close.

    Example:
        >>> did_you_mean("tll", ["ttl", "trig"])
        " Did you mean 'ttl'?"
        >>> did_you_mean("zzz", ["ttl"])
        ''
    """
    hint = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" Did you mean {prefix + hint[0]!r}?" if hint else ""
