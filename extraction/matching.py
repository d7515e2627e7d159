"""A first-token index in front of the gazetteer ruler's token Matcher (same matches, faster).

spaCy's ``Matcher`` tries every pattern at every token. The gazetteer has thousands of
fixed-length token patterns ("<State>'s <descriptor>", "<Demonym> <descriptor>") whose
first token is an exact ``ORTH``, so almost every attempt fails on the first token: on
news text the ruler cost more than the tagger, parser and NER together. ``IndexedMatcher``
looks the first token up in a dict and checks only the patterns that can start there.

It returns the same ``(match_id, start, end)`` matches as spaCy's ``Matcher`` for the
patterns it indexes (ORTH/LOWER tokens, a string or ``{"IN": [...]}`` each, no operators);
any other pattern stays with the wrapped spaCy ``Matcher``. The entity ruler turns the
matches into a set and sorts them itself, so the order of the list does not matter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_ATTRIBUTES = ("ORTH", "LOWER")

# One token test: (attribute index into (text, lower), allowed values).
_Test = tuple[int, frozenset[str]]


def _token_test(spec: Any) -> _Test | None:
    """The test for one token spec, or None when the spec is beyond this index."""
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    (attribute, value), = spec.items()
    if attribute not in _ATTRIBUTES:
        return None
    if isinstance(value, str):
        values = frozenset((value,))
    elif isinstance(value, dict) and set(value) == {"IN"} \
            and all(isinstance(v, str) for v in value["IN"]):
        values = frozenset(value["IN"])
    else:
        return None
    return _ATTRIBUTES.index(attribute), values


class IndexedMatcher:
    """Wraps a spaCy ``Matcher``; matches simple fixed-length patterns through an index."""

    def __init__(self, matcher: Any, token_patterns: dict[str, list[list[dict]]]) -> None:
        self._matcher = matcher
        # (attribute index, first-token value) -> [(match_id, remaining tests)]
        self._index: dict[tuple[int, str], list[tuple[int, tuple[_Test, ...]]]] = {}
        residual: list[tuple[str, list[dict]]] = []
        for label, patterns in token_patterns.items():
            key = matcher._normalize_key(label)
            for pattern in patterns:
                tests = [_token_test(spec) for spec in pattern]
                if not tests or any(t is None for t in tests):
                    residual.append((label, pattern))
                    continue
                (attribute, firsts), *rest = tests
                for value in firsts:
                    self._index.setdefault((attribute, value), []).append((key, tuple(rest)))
        self._residual = None
        if residual:
            from spacy.matcher import Matcher

            self._residual = Matcher(matcher.vocab)
            for label, pattern in residual:
                self._residual.add(label, [pattern])

    def __getattr__(self, name: str) -> Any:  # add/remove/len... stay spaCy's
        return getattr(self._matcher, name)

    def __len__(self) -> int:
        return len(self._matcher)

    def __call__(self, doc: Any, **kwargs: Any) -> list[tuple[int, int, int]]:
        if kwargs:  # as_spans, with_alignments...: spaCy's own matcher answers
            return self._matcher(doc, **kwargs)
        words = [(token.text, token.lower_) for token in doc]
        index = self._index
        matches: list[tuple[int, int, int]] = []
        length = len(words)
        for start, (text, lower) in enumerate(words):
            for candidates in (index.get((0, text)), index.get((1, lower))):
                if not candidates:
                    continue
                for key, rest in candidates:
                    end = start + 1 + len(rest)
                    if end > length:
                        continue
                    if all(words[start + 1 + i][attribute] in values
                           for i, (attribute, values) in enumerate(rest)):
                        matches.append((key, start, end))
        if self._residual is not None:
            matches.extend(self._residual(doc))
        return matches


def index_ruler(ruler: Any) -> None:
    """Put an ``IndexedMatcher`` in front of an EntityRuler's token matcher (in place)."""
    ruler.matcher = IndexedMatcher(ruler.matcher, dict(ruler.token_patterns))


def same_matches(ruler: Any, docs: Iterable[Any]) -> bool:
    """Check the index against spaCy's Matcher on ``docs`` (for tests and benchmarks)."""
    matcher = ruler.matcher
    inner = matcher._matcher if isinstance(matcher, IndexedMatcher) else matcher
    return all(set(matcher(doc)) == set(inner(doc)) for doc in docs)
