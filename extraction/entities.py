"""Doc → resolved entity mentions: one key per real-world thing, whatever the text calls it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ontology import EntityType, ReferenceEntity, load_lexicon, load_reference

from .gazetteer import (
    CAPITAL_SUFFIX,
    DEMONYM_LABEL,
    DEMONYM_SUFFIX,
    RULER_LABELS,
    find_city,
    snake_key,
)
from .tokens import token_table

_LOCATIVE = {"in", "at", "near", "outside", "around", "from", "into", "to", "toward", "towards"}
# "officials in Kiev", "ambassador to Seoul": a capital after these nouns means the government
@cache
def _PLACE_VERBS() -> frozenset[str]:  # noqa: N802 (a constant read once from the lexicon)
    return frozenset(load_lexicon()["place_verbs"])


_REGION_WORDS = {"region", "oblast", "province", "krai", "republic", "district", "area", "state",
                 "governorate", "territory", "county", "prefecture", "border"}
_TRAVEL = {"visit", "trip", "travel", "fly", "return", "arrive", "journey", "go", "come", "move",
           "relocate", "flight", "drive", "tour"}
_GOVERNMENT_HOLDERS = {"official", "leader", "government", "diplomat", "ambassador", "authority",
                       "regime", "embassy", "envoy", "counterpart", "administration", "ally",
                       "partner", "ruler", "policymaker", "lawmaker", "decision", "relation"}
_QUOTES = "\"'\u2018\u2019\u201c\u201d"
_GOVERNMENT_SEATS = {"kremlin", "white house", "pentagon", "downing street", "whitehall"}


@dataclass(slots=True)
class Resolved:
    """One entity mention in a doc, resolved to a key (internal to extraction)."""

    key: str
    type: EntityType
    name: str
    start: int  # character offsets
    end: int
    text: str
    token_start: int
    token_end: int
    is_demonym: bool = False
    generic: bool = False  # a description standing for a state ("Russian forces")
    implied: Resolved | None = None  # "Ukraine's spy agency" also mentions Ukraine
    role: str | None = None
    affiliation: str | None = None
    located_in: str | None = None
    coordinates: tuple[float, float] | None = None
    wikidata: str | None = None


@dataclass(slots=True)
class Mentions:
    """Every resolved mention of one doc, with look-ups by token."""

    items: list[Resolved] = field(default_factory=list)
    by_token: dict[int, Resolved] = field(default_factory=dict)

    def add(self, mention: Resolved) -> None:
        self.items.append(mention)
        for i in range(mention.token_start, mention.token_end):
            self.by_token[i] = mention

    def add_implied(self, mention: Resolved) -> None:
        """A mention that no token stands for alone (the state inside a description)."""
        self.items.append(mention)

    def at(self, token_index: int) -> Resolved | None:
        """The mention covering this token, if any."""
        return self.by_token.get(token_index)

    def last_before(self, char: int, types: set[EntityType],
                    named_only: bool = True) -> Resolved | None:
        """The closest mention of one of ``types`` ending before ``char``."""
        best = None
        for mention in self.items:
            if mention.end <= char and mention.type in types \
                    and not (named_only and mention.is_demonym):
                if best is None or mention.end > best.end:
                    best = mention
        return best


def _clean(text: str) -> str:
    text = text.strip().strip(_QUOTES).strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    return re.sub(r"(['\u2019]s|['\u2019])$", "", text).strip()


def _reference_record(mention_text: str, ref: ReferenceEntity, ent: Any) -> Resolved:
    return Resolved(key=ref.key, type=ref.type, name=ref.name, start=ent.start_char,
                    end=ent.end_char, text=mention_text, token_start=ent.start,
                    token_end=ent.end, role=ref.role, affiliation=ref.affiliation,
                    located_in=ref.located_in, coordinates=ref.coordinates,
                    wikidata=ref.wikidata)


def _role_tokens(ent: Any) -> list[Any]:
    """Title words before a name ("Defence Minister Boris Pistorius") and its appositive."""
    doc = ent.doc
    inside = {t.i for t in ent.root.subtree}
    left = []
    i = ent.start - 1
    while i >= ent.sent.start and i >= ent.start - 8 and i in inside:
        left.insert(0, doc[i])
        i -= 1
    if ent.root.dep_ == "attr" and ent.root.head.lemma_ == "be":
        subject = next((c for c in ent.root.head.children if c.dep_ == "nsubj"), None)
        if subject is not None:  # "the soldier in the photo is Ri Song Jin"
            return [t for t in subject.subtree if t.i <= subject.i]
    if ent.root.dep_ == "appos" and ent.root.head.i < ent.start \
            and ent.root.head.pos_ == "NOUN":  # "Niger's prime minister, Ali Lamine Zeine"
        return [t for t in ent.root.head.subtree if t.i < ent.start and not t.is_punct]
    appositive = [t for t in ent.root.children if t.dep_ == "appos" and t.i >= ent.end]
    right: list[Any] = []
    if appositive:
        right = [t for t in appositive[0].subtree if t.i >= ent.end]
    return left + right


def _role_text(tokens: list[Any]) -> str | None:
    words = [t for t in tokens if t.dep_ not in ("det", "punct") and t.text not in ",()"]
    while words and words[0].pos_ in ("DET", "ADP", "PUNCT"):
        words.pop(0)
    if not words:
        return None
    text = " ".join(t.text for t in words).replace(" 's", "'s").replace(" \u2019s", "\u2019s")
    return text[:120] or None


class EntityResolver:
    """Resolve a doc's entity spans to keys; keeps per-article memory of names seen."""

    def __init__(self) -> None:
        self.reference = load_reference()
        lexicon = load_lexicon()
        titles = lexicon["person_titles"]
        self.official_titles = set(titles["official"])
        self.person_titles = set(titles["person"])
        self.honorifics = set(lexicon["honorifics"])
        self.org_heads = set(lexicon["org_head_words"])
        self.named_unit_heads = set(lexicon["named_unit_heads"])
        self.item_words = {w for words in lexicon["items"].values() for w in words}
        self.people: dict[str, Resolved] = {}  # surface token → person mention, this article
        self._surnames = self._reference_surnames()
        self._names = self._reference_names()

    def _reference_names(self) -> dict[str, ReferenceEntity]:
        index = {}
        for entity in self.reference.entities:
            for name in (entity.name, *entity.aliases):
                index.setdefault(name.casefold().replace("\u2019", "'"), entity)
        return index

    def _reference_surnames(self) -> dict[str, list[ReferenceEntity]]:
        index: dict[str, list[ReferenceEntity]] = {}
        for entity in self.reference.of_type(EntityType.OFFICIAL):
            for name in {entity.name, *entity.aliases}:
                parts = name.split()
                if len(parts) > 1:
                    bucket = index.setdefault(parts[-1], [])
                    if entity not in bucket:
                        bucket.append(entity)
        return index

    def known(self, name: str) -> ReferenceEntity | None:
        """The reference entity with this name or alias, if any."""
        return self._names.get(name.casefold().replace("\u2019", "'"))

    def resolve(self, doc: Any) -> Mentions:
        """Resolve every entity span of ``doc``."""
        mentions = Mentions()
        self.people = {}
        for ent in doc.ents:
            resolved = self._resolve_ent(ent)
            if resolved is not None:
                mentions.add(resolved)
                if resolved.implied is not None:
                    mentions.add_implied(resolved.implied)
        self._add_bare_surnames(doc, mentions)
        return mentions

    def _add_bare_surnames(self, doc: Any, mentions: Mentions) -> None:
        """"Pistorius said": a surname the tagger missed, after the full name was seen."""
        table = token_table(doc)
        pos, ent_types = table.pos, table.ent_types
        for i in range(len(pos)):
            if pos[i] != "PROPN" or i in mentions.by_token or ent_types[i]:
                continue
            token = doc[i]
            earlier = self.people.get(token.text)
            if earlier is None or earlier.start >= token.idx:
                continue
            mentions.add(Resolved(key=earlier.key, type=earlier.type, name=earlier.name,
                                  start=token.idx, end=token.idx + len(token), text=token.text,
                                  token_start=token.i, token_end=token.i + 1,
                                  role=earlier.role, affiliation=earlier.affiliation))
        mentions.items.sort(key=lambda m: m.start)

    def _resolve_ent(self, ent: Any) -> Resolved | None:
        text = _clean(ent.text)
        if not text or not any(c.isalpha() for c in text):
            return None
        if ent.ent_id_ and self._ruler_made(ent):
            return self._resolve_known(ent, text)
        label = ent.label_
        if label == "PERSON":
            return self._resolve_person(ent, text)
        if label == "ORG":
            return self._resolve_org(ent, text)
        if label in ("GPE", "LOC", "FAC"):
            return self._resolve_place(ent, text)
        return None

    def _ruler_made(self, ent: Any) -> bool:
        """Is this span the ruler's, not a longer name the NER built around it?"""
        key, _, suffix = ent.ent_id_.partition("#")
        ref = self.reference.get(key)
        if ref is None:
            return False
        if "#" + suffix == DEMONYM_SUFFIX:
            return ent.label_ == DEMONYM_LABEL
        if "#" + suffix == CAPITAL_SUFFIX:
            return ent.label_ == "GPE"
        return ent.label_ == RULER_LABELS[ref.type]

    def _resolve_known(self, ent: Any, text: str) -> Resolved | None:
        key, _, suffix = ent.ent_id_.partition("#")
        ref = self.reference.get(key)
        if ref is None:
            return None
        resolved = _reference_record(text, ref, ent)
        if "#" + suffix == DEMONYM_SUFFIX:
            resolved.is_demonym = True
        elif not suffix and (text.casefold() not in self._own_names(ref) or (
                ref.type in (EntityType.ORGANIZATION, EntityType.MILITARY_UNIT)
                and not text.split()[-1][:1].isupper())):
            # a lower-case alias is a description ("British military intelligence")
            return self._described(ent, text, ref, resolved)
        elif ref.type is EntityType.LOCATION and len(ent) == 1 and ent.root.dep_ in (
                "amod", "compound") and ent.root.head.lemma_.lower() not in _REGION_WORDS:
            return None  # "a Pacific port": an adjective, not a mention of the ocean
        elif "#" + suffix == CAPITAL_SUFFIX and text.casefold() not in _GOVERNMENT_SEATS \
                and self._is_place(ent):
            city = find_city(text)
            return Resolved(key=snake_key(text), type=EntityType.LOCATION, name=text,
                            start=ent.start_char, end=ent.end_char, text=text,
                            token_start=ent.start, token_end=ent.end, located_in=ref.key,
                            coordinates=(city.latitude, city.longitude) if city else None)
        elif "#" + suffix == CAPITAL_SUFFIX and text.casefold() in _GOVERNMENT_SEATS:
            # "the Kremlin", "the White House": the office, which belongs to its state
            office = self._names.get(text.casefold())
            if office is not None and office.type is EntityType.ORGANIZATION:
                return _reference_record(text, office, ent)
            return Resolved(key=snake_key(text), type=EntityType.ORGANIZATION, name=text,
                            start=ent.start_char, end=ent.end_char, text=text,
                            token_start=ent.start, token_end=ent.end, affiliation=ref.key)
        if ref.type in (EntityType.OFFICIAL, EntityType.PERSON):
            self._remember_person(resolved)
            return self._with_role(resolved, ent)
        return resolved

    @staticmethod
    def _own_names(ref: ReferenceEntity) -> set[str]:
        return {n.casefold().replace("\u2019", "'") for n in (ref.name, *ref.aliases)} | {
            n.casefold() for n in (ref.name, *ref.aliases)}

    def _described(self, ent: Any, text: str, ref: ReferenceEntity,
                   resolved: Resolved) -> Resolved | None:
        """A body named by description ("South Korea's spy agency", "Russian forces").

        Generic descriptions of armed forces, and descriptions that only modify another
        noun ("American intelligence officials", "a military intelligence officer"), stand
        for the state; the rest name the agency itself.
        """
        last = ent.doc[ent.end - 1]
        following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        modifies = following is not None and following.pos_ in ("NOUN", "PROPN") \
            and last.head.i == following.i and following.lower_ not in self.org_heads
        generic = ref.type is EntityType.MILITARY_UNIT or last.tag_ == "NNS" or modifies
        if not generic and ref.type is EntityType.ORGANIZATION and not last.text[:1].isupper():
            generic = modifies
        state = self.reference.get(ref.affiliation or "")
        if not generic:
            if state is not None and state.type is EntityType.STATE:
                resolved.implied = _reference_record(text, state, ent)
                resolved.implied.is_demonym = True
            return resolved
        if state is None:
            return None
        described = _reference_record(text, state, ent)
        described.is_demonym = True
        described.generic = True
        return described

    @staticmethod
    def _is_place(ent: Any) -> bool:
        """"a visit to Kyiv", "told reporters in Rome": a capital as a place, not a government."""
        token = ent.root
        while token.dep_ == "conj" and token.head != token:
            token = token.head
        if token.dep_ in ("dobj", "obj") and token.head.lemma_.lower() in _PLACE_VERBS():
            return True  # "to retake Khartoum": the city
        if token.dep_ != "pobj" or token.head.lower_ not in _LOCATIVE:
            return False
        holder = token.head.head
        if token.head.lower_ in ("to", "into", "toward", "towards"):
            return holder.lemma_.lower() in _TRAVEL
        return not (holder.pos_ in ("NOUN", "PROPN") and holder.lemma_.lower() in _GOVERNMENT_HOLDERS)

    def _remember_person(self, person: Resolved) -> None:
        for part in person.name.split() + person.text.split():
            self.people.setdefault(part, person)

    def _strip_honorifics(self, ent: Any) -> tuple[str, int]:
        tokens = list(ent)
        skipped = 0
        while len(tokens) > 1 and tokens[0].lower_ in self.honorifics:
            tokens.pop(0)
            skipped += 1
        text = _clean("".join(t.text_with_ws for t in tokens))
        return text, skipped

    def _resolve_person(self, ent: Any, raw: str) -> Resolved | None:
        text, skipped = self._strip_honorifics(ent)
        text = re.sub(r"\s+(Jr\.?|Sr\.?|II|III|IV)$", "", text)
        if not text or not text[0].isupper():
            return None
        parts = text.split()
        ref = self._names.get(text.casefold())
        if ref is None and len(parts) > 2:  # "Mark A. Milley": drop middle initials
            ref = self._names.get(f"{parts[0]} {parts[-1]}".casefold())
        if ref is not None and ref.type in (EntityType.OFFICIAL, EntityType.PERSON):
            resolved = _reference_record(text, ref, ent)
            self._remember_person(resolved)
            return self._with_role(resolved, ent)
        if len(parts) == 1:
            earlier = self.people.get(parts[0])
            if earlier is not None:
                return Resolved(key=earlier.key, type=earlier.type, name=earlier.name,
                                start=ent.start_char, end=ent.end_char, text=text,
                                token_start=ent.start, token_end=ent.end,
                                role=earlier.role, affiliation=earlier.affiliation)
            candidates = self._surnames.get(parts[0], [])
            if len(candidates) == 1:
                resolved = _reference_record(text, candidates[0], ent)
                self._remember_person(resolved)
                return resolved
            return None  # a lone unknown word is too often not a person
        resolved = Resolved(key=snake_key(text), type=EntityType.PERSON, name=text,
                            start=ent.start_char, end=ent.end_char, text=text,
                            token_start=ent.start, token_end=ent.end)
        resolved = self._with_role(resolved, ent)
        self._remember_person(resolved)
        return resolved

    def _with_role(self, resolved: Resolved, ent: Any) -> Resolved:
        tokens = _role_tokens(ent)
        words = {t.lower_ for t in tokens}
        pairs = {f"{a.lower_} {b.lower_}" for a, b in zip(tokens, tokens[1:], strict=False)}
        is_official = bool((words | pairs) & self.official_titles)
        is_person = bool((words | pairs) & self.person_titles)
        owner = next((t for t in tokens if t.i < ent.start and t.ent_type_ in ("GPE", "NORP")
                      and t.ent_id_), None)
        if owner is not None and resolved.affiliation is None:
            resolved.affiliation = owner.ent_id_.partition("#")[0]
            is_official = is_official or not is_person
        if is_official and resolved.type is EntityType.PERSON:
            resolved.type = EntityType.OFFICIAL
        if (is_official or is_person) and resolved.role is None:
            resolved.role = _role_text(tokens)
        return resolved

    def _resolve_org(self, ent: Any, text: str) -> Resolved | None:
        ref = self._names.get(text.casefold().replace("\u2019", "'"))
        if ref is not None:
            return _reference_record(text, ref, ent)
        if text.split()[-1] in self.named_unit_heads and len(text.split()) > 1:
            owner = next((t for t in ent.doc[max(ent.start - 2, 0):ent.start]
                          if t.ent_type_ == "GPE" and t.ent_id_), None)
            return Resolved(key=snake_key(text), type=EntityType.MILITARY_UNIT, name=text,
                            start=ent.start_char, end=ent.end_char, text=text,
                            token_start=ent.start, token_end=ent.end,
                            affiliation=owner.ent_id_.partition("#")[0] if owner else None)
        words = {w.casefold().strip(".,") for w in text.split()}
        is_acronym = bool(re.fullmatch(r"[A-Z][A-Z0-9&]{1,6}", text)) \
            and text.casefold() not in self.item_words \
            and find_city(text.title()) is None  # "HIMARS" is a weapon, "WARSAW" a dateline
        if not (words & self.org_heads or is_acronym):
            return None
        if not text[0].isupper():
            return None
        return Resolved(key=snake_key(text), type=EntityType.ORGANIZATION, name=text,
                        start=ent.start_char, end=ent.end_char, text=text,
                        token_start=ent.start, token_end=ent.end)

    def _resolve_place(self, ent: Any, text: str) -> Resolved | None:
        ref = self._names.get(text.casefold().replace("\u2019", "'"))
        if ref is not None:
            return _reference_record(text, ref, ent)
        if not text[0].isupper() or text in self.people:
            return None
        city = find_city(text) if ent.label_ == "GPE" or len(text.split()) > 1 else None
        if ent.root.dep_ in ("amod", "compound") and ent.root.head.lemma_.lower() not in _REGION_WORDS \
                and city is None:
            return None
        if city is None:
            # an unknown one-word "place" is more often a tagging error than a place
            if ent.label_ == "GPE" or len(text.split()) < 2:
                return None
            if ent.label_ == "FAC" and not re.search(
                    r"\b(base|airbase|air base|airfield|port|headquarters|airport)\b", text, re.I):
                return None
        return Resolved(key=snake_key(text), type=EntityType.LOCATION, name=text,
                        start=ent.start_char, end=ent.end_char, text=text,
                        token_start=ent.start, token_end=ent.end,
                        located_in=city.state_key if city else None,
                        coordinates=(city.latitude, city.longitude) if city else None)
