"""A first-token index in front of the gazetteer ruler's token Matcher (same matches, faster).

spaCy's ``Matcher`` tries every pattern at every token. The gazetteer has thousands of
fixed-length token patterns ("<State>'s <descriptor>", "<Demonym> <descriptor>") whose
first token is an exact ``ORTH``, so almost every attempt fails on the first token: on
news text the ruler cost more than the tagger, parser and NER together. ``IndexedMatcher``
walks a trie of the patterns' tokens instead: from each token, only the patterns that can
still match are followed ("Russian" starts a hundred patterns; the next word leaves one).

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


#: A trie node: (attribute index, value) -> the next node; ``None`` -> the match ids of
#: the patterns that end here.
_Node = dict[Any, Any]


class IndexedMatcher:
    """Wraps a spaCy ``Matcher``; matches simple fixed-length patterns through a trie."""

    def __init__(self, matcher: Any, token_patterns: dict[str, list[list[dict]]]) -> None:
        self._matcher = matcher
        self._trie: _Node = {}
        residual: list[tuple[str, list[dict]]] = []
        for label, patterns in token_patterns.items():
            key = matcher._normalize_key(label)
            for pattern in patterns:
                tests = [_token_test(spec) for spec in pattern]
                if not tests or any(t is None for t in tests):
                    residual.append((label, pattern))
                    continue
                self._add(key, tests)
        self._residual = None
        if residual:
            from spacy.matcher import Matcher

            self._residual = Matcher(matcher.vocab)
            for label, pattern in residual:
                self._residual.add(label, [pattern])

    def _add(self, key: int, tests: list[_Test]) -> None:
        nodes = [self._trie]
        for attribute, values in tests:
            nodes = [node.setdefault((attribute, value), {}) for node in nodes
                     for value in sorted(values)]
        for node in nodes:
            node.setdefault(None, []).append(key)

    def __getattr__(self, name: str) -> Any:  # add/remove/len... stay spaCy's
        return getattr(self._matcher, name)

    def __len__(self) -> int:
        return len(self._matcher)

    def __call__(self, doc: Any, **kwargs: Any) -> list[tuple[int, int, int]]:
        if kwargs:  # as_spans, with_alignments...: spaCy's own matcher answers
            return self._matcher(doc, **kwargs)
        from spacy.attrs import LOWER, ORTH

        strings = doc.vocab.strings
        words = [(strings[orth], strings[lower])
                 for orth, lower in doc.to_array([ORTH, LOWER]).tolist()] if len(doc) else []
        trie = self._trie
        matches: list[tuple[int, int, int]] = []
        length = len(words)
        for start in range(length):
            nodes = [trie]
            end = start
            while nodes and end < length:
                text, lower = words[end]
                end += 1
                reached = []
                for node in nodes:
                    for child in (node.get((0, text)), node.get((1, lower))):
                        if child is not None:
                            for key in child.get(None, ()):
                                matches.append((key, start, end))
                            reached.append(child)
                nodes = reached
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


# -- the attribute ruler ------------------------------------------------------------------
#
# en_core_web_sm's attribute_ruler maps tags to parts of speech with ~180 one- and
# two-token patterns, and spaCy's Matcher tries all of them at every token: on news text
# that cost about as much as the dependency parser. ``IndexedAttributeMatcher`` looks the
# first token's tag and lower-case form up and tests only the patterns that can start
# there, and remembers which one-token patterns each combination of a token's values
# matches. It returns the same set of matches; AttributeRuler sorts them itself.

_TOKEN_ATTRIBUTES = ("TAG", "LOWER", "DEP", "IS_SPACE")
_MEMO_LIMIT = 200_000  # remembered tokens' values; the memo starts again beyond
_Predicate = tuple[int, str, Any]  # (attribute index, operator, operand)


def _predicates(spec: Any, strings: Any) -> list[_Predicate] | None:
    """The tests of one token spec over attribute ids, or None when beyond this index."""
    if not isinstance(spec, dict) or not spec:
        return None
    tests: list[_Predicate] = []
    for attribute, value in spec.items():
        if attribute not in _TOKEN_ATTRIBUTES:
            return None
        index = _TOKEN_ATTRIBUTES.index(attribute)
        if attribute == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            tests.append((index, "==", int(value)))
        elif isinstance(value, str):
            tests.append((index, "==", strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1:
            (operator, operand), = value.items()
            if operator in ("IN", "NOT_IN") and isinstance(operand, list) \
                    and all(isinstance(v, str) for v in operand):
                tests.append((index, operator, frozenset(strings.add(v) for v in operand)))
            elif operator == "REGEX" and isinstance(operand, str):
                import re

                tests.append((index, "REGEX", re.compile(operand)))
            else:
                return None
        else:
            return None
    return tests


def _passes(values: Any, tests: list[_Predicate], strings: Any) -> bool:
    for index, operator, operand in tests:
        value = values[index]
        if operator == "==":
            if value != operand:
                return False
        elif operator == "IN":
            if value not in operand:
                return False
        elif operator == "NOT_IN":
            if value in operand:
                return False
        elif not operand.search(strings[value]):  # REGEX, on the text of the value
            return False
    return True


class IndexedAttributeMatcher:
    """Wraps an AttributeRuler's ``Matcher``; tests only the patterns a token can start.

    Token attributes are compared as spaCy's string ids (``Doc.to_array``), as the
    Matcher does.
    """

    def __init__(self, matcher: Any, patterns: list[tuple[str, list[dict]]]) -> None:
        self._matcher = matcher
        self._size = len(matcher)
        self._strings = strings = matcher.vocab.strings
        # (attribute index, first-token value id) or None -> [(match_id, tests per token)],
        # for one-token patterns (read once per distinct token, see _one_token_matches)
        # and for longer ones (tried at every token that can start them)
        self._one_token_patterns: dict[Any, list[tuple[int, tuple[list[_Predicate], ...]]]] = {}
        self._longer: dict[Any, list[tuple[int, tuple[list[_Predicate], ...]]]] = {}
        residual: list[tuple[str, list[dict]]] = []
        for label, pattern in patterns:
            tests = [_predicates(spec, strings) for spec in pattern]
            if not tests or any(t is None for t in tests):
                residual.append((label, pattern))
                continue
            key = matcher._normalize_key(label)
            index = self._one_token_patterns if len(tests) == 1 else self._longer
            first = tests[0]
            for attribute in range(len(_TOKEN_ATTRIBUTES)):  # TAG, LOWER, DEP, IS_SPACE
                test = next((t for t in first if t[0] == attribute and t[1] in ("==", "IN")),
                            None)
                if test is None:
                    continue
                # the index checks this test; the others stay
                entry = (key, ([t for t in first if t is not test], *tests[1:]))
                values = (test[2],) if test[1] == "==" else test[2]
                for value in values:
                    index.setdefault((attribute, value), []).append(entry)
                break
            else:
                index.setdefault(None, []).append((key, tuple(tests)))
        self._residual = None
        if residual:
            from spacy.matcher import Matcher

            self._residual = Matcher(matcher.vocab)
            for label, pattern in residual:
                self._residual.add(label, [pattern])
        # one token's attribute values -> the one-token patterns it matches and the
        # longer ones that may start there (a token's values repeat across a corpus far
        # more than they vary)
        self._memo: dict[tuple[int, ...], tuple[tuple[int, ...], list[Any]]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._matcher, name)

    def _token_patterns(self, values: tuple[int, ...]) -> tuple[tuple[int, ...], list[Any]]:
        """The keys of the one-token patterns a token with these values matches, and the
        longer patterns that may start at it."""
        index, strings = self._one_token_patterns, self._strings
        firsts = [*enumerate(values), None]  # the index's keys this token can start
        keys = []
        for candidates in map(index.get, firsts):
            for key, (tests,) in candidates or ():
                if not tests or _passes(values, tests, strings):
                    keys.append(key)
        longer = [entry for candidates in map(self._longer.get, firsts)
                  for entry in candidates or ()]
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        found = self._memo[values] = (tuple(keys), longer)
        return found

    def __len__(self) -> int:
        return len(self._matcher)

    def __call__(self, doc: Any, *, as_spans: bool = False, allow_missing: bool = False,
                 **kwargs: Any) -> list[tuple[int, int, int]]:
        if as_spans or kwargs or not allow_missing or len(self._matcher) != self._size:
            # spans, alignments, annotation checks, patterns added since: spaCy's matcher
            return self._matcher(doc, as_spans=as_spans, allow_missing=allow_missing, **kwargs)
        words = doc.to_array(list(_TOKEN_ATTRIBUTES)).tolist() if len(doc) else []
        memo, strings = self._memo, self._strings
        matches: list[tuple[int, int, int]] = []
        length = len(words)
        for start, values in enumerate(words):
            values = tuple(values)
            found = memo.get(values)
            if found is None:
                found = self._token_patterns(values)
            keys, longer = found
            for key in keys:
                matches.append((key, start, start + 1))
            for key, tests in longer:
                end = start + len(tests)
                if end <= length and all(_passes(words[start + i], t, strings)
                                         for i, t in enumerate(tests)):
                    matches.append((key, start, end))
        if self._residual is not None:
            matches.extend(self._residual(doc, allow_missing=True))
        return matches


def index_attribute_ruler(ruler: Any) -> None:
    """Put an ``IndexedAttributeMatcher`` in front of an AttributeRuler's matcher (in place)."""
    patterns = [(str(number), pattern) for number, entry in enumerate(ruler.patterns)
                for pattern in entry["patterns"]]
    ruler.matcher = IndexedAttributeMatcher(ruler.matcher, patterns)
