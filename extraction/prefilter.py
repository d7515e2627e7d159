"""Which sentences the parser must see: a cheap lexicon test on surface forms.

The rules read the dependency parse only around a few kinds of words: transfer items,
denials, attributions before a quotation, formation words, personal titles, and a few
kinds of entity whose resolution looks at the words around them. A sentence with none of
them gives the same extraction unparsed, so the tagger and parser can skip it.
Tokens are tested before any tagger has run: a word form counts as a cue when any lemma
the lemmatizer's own tables could give it (as noun, verb or adjective) is a cue lemma.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .gazetteer import CAPITAL_SUFFIX, DEMONYM_SUFFIX
from .tokens import opens_quote

_POS = ("noun", "verb", "adj")
_PLACE_LABELS = ("GPE", "LOC", "FAC")


class SurfaceLemmas:
    """Every lemma a lower-case word form may have, from rule-lemmatizer tables (memoised).

    Example:
        >>> lemmas = SurfaceLemmas({"verb": [["ed", ""], ["ed", "e"]]}, {"verb": {"sent": ["send"]}})
        >>> sorted(lemmas("shipped"))
        ['shipp', 'shippe', 'shipped']
        >>> sorted(lemmas("sent"))
        ['send', 'sent']
    """

    def __init__(self, rules: Mapping[str, Any], exceptions: Mapping[str, Any]) -> None:
        self._rules = [(old, new) for pos in _POS for old, new in (rules.get(pos) or ())]
        self._exceptions = [exceptions.get(pos) or {} for pos in _POS]
        self._seen: dict[str, frozenset[str]] = {}

    def __call__(self, lower: str) -> frozenset[str]:
        found = self._seen.get(lower)
        if found is None:
            forms = {lower}
            for table in self._exceptions:
                forms.update(table.get(lower, ()))
            for old, new in self._rules:
                if lower.endswith(old):
                    forms.add(lower[:len(lower) - len(old)] + new)
            found = self._seen[lower] = frozenset(forms)
        return found


def _last_words(phrases: Iterable[str]) -> set[str]:
    return {p.split()[-1].lower() for p in phrases if p.split()}


@dataclass(frozen=True, slots=True)
class Cues:
    """The lexicon's words, grouped by the rule that reads the parse around them."""

    items: dict[str, tuple[tuple[str, ...], ...]]  # first word -> the rest of each phrase
    triggers: frozenset[str]  # what can move an item (verbs, transfer nouns, "be")
    denials: frozenset[str]
    attribution: frozenset[str]  # counts only before a quotation (its speaker carries over)
    titles: frozenset[str]  # last words of personal titles
    formations: frozenset[str]  # "two battalions": after a number
    unit_heads: frozenset[str]  # "special forces": after a modifier
    unit_modifiers: frozenset[str]
    named_units: frozenset[str]  # "Pacific Fleet": case-sensitive

    @classmethod
    def from_lexicon(cls, lexicon: Mapping[str, Any]) -> Cues:
        """Read the cue words from the lexicon (``ontology.load_lexicon()``)."""
        items: dict[str, list[tuple[str, ...]]] = {}
        for phrases in lexicon["items"].values():
            for phrase in phrases:
                first, *rest = phrase.lower().split()
                items.setdefault(first, []).append(tuple(rest))
        verbs = lexicon["transfer_verbs"]
        triggers = {w for group in verbs.values() for w in group}
        triggers |= set(lexicon["transfer_nouns"]) | set(lexicon["recipient_verbs"]) | {"be"}
        return cls(
            items={k: tuple(v) for k, v in items.items()},
            triggers=frozenset(triggers),
            denials=frozenset(lexicon["status"]["denied_verbs"]),
            attribution=frozenset(lexicon["attribution_verbs"]) | {"according"},
            titles=frozenset(w for t in lexicon["person_titles"].values()
                             for w in _last_words(t)),
            formations=frozenset(w.lower() for w in lexicon["formation_heads"]),
            unit_heads=frozenset(w.lower() for w in lexicon["unit_heads"]),
            unit_modifiers=frozenset(w.lower() for w in lexicon["unit_modifiers"]),
            named_units=frozenset(lexicon["named_unit_heads"]))


def _entity_cue(ent: Any) -> bool:
    """Does resolving this entity (not a person) read the words around it?"""
    key, _, suffix = ent.ent_id_.partition("#")
    if suffix:
        return "#" + suffix == CAPITAL_SUFFIX  # a capital: the city or its government
    if key:  # a reference name: a one-word place may be an adjective, a description generic
        return ent.label_ == "LOC" and len(ent) == 1 or any(t.is_lower for t in ent)
    return ent.label_ in _PLACE_LABELS


def _plural_demonym(ent: Any) -> bool:
    """"5,000 Chadians were flown in": a plural demonym may be the troops themselves."""
    return ent.ent_id_.endswith(DEMONYM_SUFFIX) and ent[-1].lower_.endswith("s")


class CueFinder:
    """Pick the sentences of a doc that hold a cue the parse-reading rules need."""

    def __init__(self, lemmas: SurfaceLemmas, cues: Cues) -> None:
        self.lemmas = lemmas
        self.cues = cues

    def select(self, doc: Any) -> list[tuple[int, int]]:
        """Token ranges of the sentences of ``doc`` to parse, in order."""
        from spacy.attrs import ENT_TYPE, IS_TITLE, LIKE_NUM, LOWER, ORTH

        bounds = [(sent.start, sent.end) for sent in doc.sents]
        ents_in = _ents_by_sentence(doc, bounds)
        rows = doc.to_array([LOWER, ORTH, LIKE_NUM, IS_TITLE, ENT_TYPE]).tolist() \
            if len(doc) else []
        strings, lemmas = doc.vocab.strings, self.lemmas
        lowers = [strings[row[0]] for row in rows]
        forms = [lemmas(lower) for lower in lowers]
        texts = [strings[row[1]] for row in rows]
        selected = []
        names: set[str] = set()
        for n, (start, end) in enumerate(bounds):
            ents, sent_forms = ents_in[n], forms[start:end]
            keep = self._transfer(ents, sent_forms) or self._entities(ents, sent_forms) \
                or self._units(lowers[start:end], texts[start:end], rows[start:end]) \
                or _any(sent_forms, self.cues.denials) \
                or bool(names) and any(texts[i] in names and not rows[i][4]
                                       for i in range(start, end))  # "Smith said"
            if not keep and n + 1 < len(bounds) \
                    and opens_quote(doc[bounds[n + 1][0]:bounds[n + 1][1]]):
                keep = _any(sent_forms, self.cues.attribution)  # its speaker carries over
            if keep:
                selected.append((start, end))
            names.update(t.text for ent in ents if ent.label_ == "PERSON" for t in ent)
        return selected

    def _transfer(self, ents: list[Any], forms: list[frozenset[str]]) -> bool:
        """An item phrase (or a plural demonym) and a word that can move it."""
        has_item = any(_plural_demonym(e) for e in ents) or self._item(forms)
        return has_item and _any(forms, self.cues.triggers)

    def _item(self, forms: list[frozenset[str]]) -> bool:
        items = self.cues.items
        for i, candidates in enumerate(forms):
            for first in candidates:
                for rest in items.get(first, ()):
                    if i + len(rest) < len(forms) and all(
                            word in forms[i + 1 + j] for j, word in enumerate(rest)):
                        return True
        return False

    def _entities(self, ents: list[Any], forms: list[frozenset[str]]) -> bool:
        has_title: bool | None = None
        for ent in ents:
            if ent.label_ == "PERSON":
                if has_title is None:
                    has_title = _any(forms, self.cues.titles)
                if has_title or any(e.label_ in ("GPE", "NORP") and e.end <= ent.start
                                    for e in ents):
                    return True  # a title, or a state named before: the role reads the parse
            elif _entity_cue(ent):
                return True
        return False

    def _units(self, lowers: list[str], texts: list[str], rows: list[list[int]]) -> bool:
        """The necessary words of the formation patterns (units.py), in order."""
        cues = self.cues
        number = modifier = title = False
        for lower, text, row in zip(lowers, texts, rows):
            if number and lower in cues.formations or modifier and lower in cues.unit_heads \
                    or title and text in cues.named_units:
                return True
            number = number or bool(row[2])
            modifier = modifier or lower in cues.unit_modifiers
            title = bool(row[3])
        return False


def _ents_by_sentence(doc: Any, bounds: list[tuple[int, int]]) -> list[list[Any]]:
    """The entities of each sentence (an entity belongs to the sentence it starts in)."""
    out: list[list[Any]] = [[] for _ in bounds]
    n = 0
    for ent in doc.ents:
        while n + 1 < len(bounds) and ent.start >= bounds[n][1]:
            n += 1
        out[n].append(ent)
    return out


def _any(forms: list[frozenset[str]], words: frozenset[str]) -> bool:
    return any(not words.isdisjoint(f) for f in forms)
