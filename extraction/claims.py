"""Who asserts a transfer (claimants) and how the text presents it (status)."""

from __future__ import annotations

from typing import Any

from ontology import EntityType, Status, load_lexicon

from .entities import Mentions, Resolved

_CLAIMANT_TYPES = {EntityType.STATE, EntityType.ORGANIZATION, EntityType.OFFICIAL,
                   EntityType.PERSON}
_PRONOUNS_PERSON = {"he", "she", "his", "her"}
_PRONOUNS_BODY = {"it", "they", "its"}
_OPEN_QUOTES = "\"\u201c"


def _lemma(token: Any) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


class ClaimReader:
    """Attribution and status rules over one sentence."""

    def __init__(self) -> None:
        lexicon = load_lexicon()
        self.attribution = set(lexicon["attribution_verbs"])
        status = lexicon["status"]
        self.planned = set(status["planned_words"])
        self.modals = set(status["planned_modals"])
        self.confirmed = set(status["confirmed_words"])
        self.denied = set(status["denied_words"])
        self.denied_verbs = set(status["denied_verbs"])
        self.hedges = set(status["hedge_words"])

    # -- claimants --------------------------------------------------------------------

    def claimants(self, sent: Any, verb: Any | None, mentions: Mentions,
                  previous: tuple[str, ...]) -> tuple[str, ...]:
        """Keys of who the sentence says asserts its claim."""
        found: list[str] = []
        for token in sent:
            # "according to X"
            if token.lower_ == "according" and token.i + 1 < len(token.doc) \
                    and token.doc[token.i + 1].lower_ == "to":
                obj = next((c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"), None)
                found.extend(self._speakers(obj, mentions, token.doc[token.i + 1]))
        for token in sent:
            if token.pos_ == "VERB" and _lemma(token) in self.attribution and self._governs(token, verb):
                subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None and subject.dep_ == "nsubjpass":
                    agent = next((c for c in token.children if c.dep_ == "agent"), None)
                    subject = next(iter(agent.children), None) if agent is not None else None
                found.extend(self._speakers(subject, mentions, token))
        if not found and sent.text.lstrip()[:1] in _OPEN_QUOTES:
            found.extend(previous)  # a quote continuing a speaker's report
        return tuple(dict.fromkeys(found))

    def _governs(self, attribution: Any, verb: Any | None) -> bool:
        """Does the attribution verb report the transfer's clause (or the whole sentence)?"""
        if verb is None or attribution == verb:
            return True
        if attribution.dep_ == "ROOT" or attribution.head == verb:
            return True
        return any(t == attribution for t in verb.ancestors)

    def _speakers(self, subject: Any | None, mentions: Mentions, anchor: Any) -> list[str]:
        if subject is None:
            return []
        if subject.lower_ in _PRONOUNS_PERSON:
            earlier = mentions.last_before(subject.idx, {EntityType.OFFICIAL, EntityType.PERSON})
            return [earlier.key] if earlier else []
        if subject.lower_ in _PRONOUNS_BODY:
            return []
        named: list[Resolved] = []
        demonyms: list[Resolved] = []
        for t in subject.subtree:
            mention = mentions.at(t.i)
            if mention is None or mention.type not in _CLAIMANT_TYPES:
                continue
            if t.dep_ == "poss" and subject.lower_ in ("office", "government"):
                pass
            (demonyms if mention.is_demonym else named).append(mention)
        people = [m for m in named if m.type in (EntityType.OFFICIAL, EntityType.PERSON)]
        if people:
            return list(dict.fromkeys(m.key for m in people))
        if named:
            # "South Korea's spy agency, the NIS" → the agency; "the Pentagon" → itself
            orgs = [m for m in named if m.type is EntityType.ORGANIZATION]
            return list(dict.fromkeys(m.key for m in (orgs or named)))
        if demonyms:
            return list(dict.fromkeys(m.key for m in demonyms))
        if _lemma(subject) in ("agency", "ministry", "service", "office", "department"):
            earlier = mentions.last_before(subject.idx, {EntityType.ORGANIZATION})
            return [earlier.key] if earlier else []
        return []

    # -- status -----------------------------------------------------------------------

    def status(self, sent: Any, verb: Any | None, item: Any) -> Status:
        """Denied, planned, confirmed or reported, from the words around the claim."""
        words = {_lemma(t) for t in sent} | {t.lower_ for t in sent}
        chain = self._chain(verb) if verb is not None else []
        chain_words = {_lemma(t) for t in chain}
        negated = any(c.dep_ == "neg" for v in chain for c in v.children)
        determiners = {c.lower_ for c in item.children if c.dep_ == "det"}
        denial_verb = any(t.pos_ == "VERB" and _lemma(t) in self.denied_verbs for t in sent)
        if denial_verb or words & self.denied or "no" in determiners:
            return Status.DENIED
        if negated and not chain_words & {"confirm"}:
            return Status.REPORTED
        aux = {c.lower_ for v in chain for c in v.children if c.dep_ in ("aux", "auxpass")}
        aux |= {_lemma(c) for v in chain for c in v.children if c.dep_ in ("aux", "auxpass")}
        if aux & self.modals or chain_words & self.planned or self._to_be_done(chain):
            return Status.PLANNED
        if words & self.confirmed and not self._hedged(sent):
            return Status.CONFIRMED
        return Status.REPORTED

    def _chain(self, verb: Any) -> list[Any]:
        chain = [verb]
        token = verb
        for _ in range(4):
            if token.head is token or token.dep_ in ("ccomp",) and _lemma(token.head) in self.attribution:
                break
            if token.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "acl", "ccomp"):
                token = token.head
                chain.append(token)
            else:
                break
        return chain

    @staticmethod
    def _to_be_done(chain: list[Any]) -> bool:
        """"10,000 to be deployed": an infinitive passive is a plan."""
        for verb in chain:
            children = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
            if "to" in children and ("be" in children or verb.tag_ == "VB"):
                return verb.dep_ not in ("advcl",)
        return False

    def _hedged(self, sent: Any) -> bool:
        lemmas = {_lemma(t) for t in sent} | {t.lower_ for t in sent}
        hedges = self.hedges - {"say", "claim"}
        if lemmas & {"not", "n't", "cannot", "unable", "could", "may", "might"}:
            confirm = [t for t in sent if _lemma(t) in self.confirmed]
            return any(any(c.dep_ in ("neg", "aux") and c.lower_ in
                           ("not", "n't", "could", "can", "ca", "may", "might", "cannot")
                           for c in t.children) for t in confirm)
        return bool(lemmas & (hedges - {"could", "may", "might", "not", "n't", "no"}))
