"""Who asserts a transfer (claimants) and how the text presents it (status)."""

from __future__ import annotations

from typing import Any

from ontology import EntityType, Status, load_lexicon

from .entities import Mentions, Resolved
from .tokens import opens_quote, token_table
from .tokens import lemma as _lemma

_CLAIMANT_TYPES = {EntityType.STATE, EntityType.ORGANIZATION, EntityType.OFFICIAL,
                   EntityType.PERSON}
_PRONOUNS_PERSON = {"he", "she", "his", "her"}
_PRONOUNS_BODY = {"it", "they", "its"}


def _same_clause(attribution: Any, verb: Any) -> bool:
    """"Britain announced a deal to supply missiles": the announcing is the giving itself.

    True when the claim's verb hangs from the attribution verb only through an
    infinitive ("a deal to supply", "decided to send"), so both share one actor.
    """
    token = verb
    infinitive = False
    for _ in range(5):
        if token == attribution:
            return infinitive
        is_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if token.dep_ in ("xcomp", "acl", "relcl") and is_infinitive:
            infinitive = True
        elif token.dep_ not in ("dobj", "conj"):
            return False
        if token.head == token:
            return False
        token = token.head
    return False


class _Sentence:
    """What the claim rules read from one sentence, found once however many claims it holds."""

    __slots__ = ("according", "attributions", "denials", "sources", "words", "hedged")

    def __init__(self, sent: Any, reader: ClaimReader) -> None:
        doc = sent.doc
        table = token_table(doc)
        lemmas, lowers, pos = table.lemmas, table.lowers, table.pos
        span = range(sent.start, sent.end)
        #: indices of "according" (followed by "to" or not)
        self.according = [i for i in span if lowers[i] == "according"]
        verbs = [i for i in span if pos[i] == "VERB"]
        self.attributions = [doc[i] for i in verbs if lemmas[i] in reader.attribution]
        self.denials = [doc[i] for i in verbs if lemmas[i] in reader.denied_verbs]
        self.sources = [doc[i] for i in span
                        if pos[i] == "NOUN" and lemmas[i] in reader.source_nouns]
        self.words = {lemmas[i] for i in span} | {lowers[i] for i in span}
        self.hedged: bool | None = None


class ClaimReader:
    """Attribution and status rules over one sentence."""

    def __init__(self) -> None:
        lexicon = load_lexicon()
        self.attribution = set(lexicon["attribution_verbs"])
        self.source_nouns = set(lexicon["source_nouns"])
        status = lexicon["status"]
        self.planned = set(status["planned_words"])
        self.modals = set(status["planned_modals"])
        self.confirmed = set(status["confirmed_words"])
        self.denied = set(status["denied_words"])
        self.denied_verbs = set(status["denied_verbs"])
        self.allegations = set(lexicon["allegation_nouns"])
        self.hedges = set(status["hedge_words"])
        self._facts_doc: Any = None
        self._facts: dict[int, _Sentence] = {}

    def _sentence(self, sent: Any) -> _Sentence:
        """The sentence's facts (kept for the doc read last)."""
        if self._facts_doc is not sent.doc:
            self._facts_doc, self._facts = sent.doc, {}
        facts = self._facts.get(sent.start)
        if facts is None:
            facts = self._facts[sent.start] = _Sentence(sent, self)
        return facts

    # -- claimants --------------------------------------------------------------------

    def claimants(self, sent: Any, verb: Any | None, mentions: Mentions,
                  previous: tuple[str, ...]) -> tuple[str, ...]:
        """Keys of who the sentence says asserts its claim.

        The closest source wins: a "statement from X" holding the claim, then "according
        to X", then the attribution verbs that govern the claim, then any other attribution
        verb of the sentence; a quotation continuing a speaker's words keeps its speaker.
        """
        if verb is not None:
            source = self._source_noun(verb, mentions) or self._nearest_source(sent, verb, mentions)
            if source:
                return tuple(source)
        facts = self._sentence(sent)
        doc = sent.doc
        found: list[str] = []
        for i in facts.according:
            if i + 1 < len(doc) and doc[i + 1].lower_ == "to":
                obj = next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)
                found.extend(self._speakers(obj, mentions))
        attributions = [t for t in facts.attributions
                        if not (verb is not None and _same_clause(t, verb))]
        governing = [t for t in attributions if self._governs(t, verb)]
        for token in governing or attributions:
            subject = self._subject_of(token)
            if subject is None and not any(c.dep_ in ("nsubj", "nsubjpass", "expl")
                                           for c in token.children):
                subject = self._phrase_before(token)  # a speaker the parser left bare
            found.extend(self._speakers(subject, mentions))
            if found and not governing:
                break
        if not found and opens_quote(sent):
            found.extend(previous)  # a quote continuing a speaker's report
        return tuple(dict.fromkeys(found))

    def _source_noun(self, verb: Any, mentions: Mentions) -> list[str]:
        """"a statement from South Korea's spy agency that troops were sent": the agency."""
        for ancestor in [verb, *verb.ancestors][:4]:
            if ancestor.pos_ == "NOUN" and _lemma(ancestor) in self.source_nouns:
                for child in ancestor.children:
                    if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                        obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        speakers = self._speakers(obj, mentions)
                        if speakers:
                            return speakers
                    if child.dep_ == "poss":
                        speakers = self._speakers(child, mentions)
                        if speakers:
                            return speakers
                return []
        return []

    def _nearest_source(self, sent: Any, verb: Any, mentions: Mentions) -> list[str]:
        """A "statement from X" standing between an outer attribution and the claim."""
        facts = self._sentence(sent)
        sources = []
        for token in facts.sources:
            if token.i >= verb.i:
                continue
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    speakers = self._speakers(obj, mentions)
                    if speakers:
                        sources.append((token.i, speakers))
        if not sources:
            return []
        position, speakers = max(sources, key=lambda s: s[0])
        outer = any(i < position for i in facts.according) \
            or any(t.i < position for t in facts.attributions)
        return speakers if outer or position > sent.start else []

    @staticmethod
    def _subject_of(verb: Any) -> Any | None:
        """The verb's subject, or the subject of the clause it hangs from ("..., noting that")."""
        token = verb
        for _ in range(3):
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
            passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                agent = next((c for c in token.children if c.dep_ == "agent"), None)
                return next(iter(agent.children), None) if agent is not None else None
            if token.dep_ in ("advcl", "conj", "xcomp") and token.head != token:
                token = token.head
            else:
                return None
        return None

    @staticmethod
    def _phrase_before(verb: Any) -> Any | None:
        """", a spokesperson for the chancellor said": the phrase right before a bare verb.

        The parser sometimes hangs a trailing speaker on the previous clause; the noun
        phrase between the last comma and the verb is then its subject.
        """
        i = verb.i - 1
        while i >= verb.sent.start and verb.doc[i].pos_ in ("ADV", "AUX", "PART"):
            i -= 1
        if i < verb.sent.start or verb.doc[i].pos_ not in ("NOUN", "PROPN"):
            return None
        token = verb.doc[i]
        while token.head != token and token.head.i < verb.i and token.dep_ in (
                "pobj", "prep", "compound", "appos") and token.head.pos_ in ("NOUN", "PROPN", "ADP"):
            token = token.head
        return token

    def denied_allegation(self, sent: Any) -> Any | None:
        """The denial verb of "X denied the allegations / dismissed the reports", if any."""
        for token in self._sentence(sent).denials:
            objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
            if not objects or any(_lemma(o) in self.allegations for o in objects):
                return token
        return None

    def subject_of(self, verb: Any) -> Any | None:
        """Public form of the subject finder (for denials)."""
        return self._subject_of(verb)

    def speakers(self, subject: Any | None, mentions: Mentions) -> list[str]:
        """Keys of the entities a subject phrase names (pronouns resolved)."""
        return self._speakers(subject, mentions)

    def _governs(self, attribution: Any, verb: Any | None) -> bool:
        """Does the attribution verb report the transfer's clause (or the whole sentence)?"""
        if verb is None or attribution == verb:
            return True
        if attribution.dep_ == "ROOT" or attribution.head == verb:
            return True
        return any(t == attribution for t in verb.ancestors)

    def _speakers(self, subject: Any | None, mentions: Mentions) -> list[str]:
        if subject is None:
            return []
        owner = next((c for c in subject.children if c.dep_ == "poss"
                      and c.lower_ in _PRONOUNS_PERSON), None)
        if owner is not None:  # "his office said": the office of the last person named
            subject = owner
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
        facts = self._sentence(sent)
        words = facts.words
        chain = self._chain(verb) if verb is not None else []
        chain_words = {_lemma(t) for t in chain}
        negated = any(c.dep_ == "neg" for v in chain for c in v.children)
        determiners = {c.lower_ for c in item.children if c.dep_ == "det"}
        denial_verb = any(verb is None or verb in t.subtree for t in facts.denials)
        if denial_verb or words & self.denied or "no" in determiners:
            return Status.DENIED
        if negated and not chain_words & self.confirmed:
            return Status.DENIED  # "has never provided weapons", "did not send troops"
        aux = {c.lower_ for v in chain for c in v.children if c.dep_ in ("aux", "auxpass")}
        aux |= {_lemma(c) for v in chain for c in v.children if c.dep_ in ("aux", "auxpass")}
        if aux & self.modals or chain_words & self.planned or self._to_be_done(chain):
            return Status.PLANNED
        if words & self.confirmed and not self._hedged_once(sent, facts):
            return Status.CONFIRMED
        return Status.REPORTED

    def _chain(self, verb: Any) -> list[Any]:
        chain = [verb]
        token = verb
        for _ in range(4):
            if token.head == token or token.dep_ in ("ccomp",) and _lemma(token.head) in self.attribution:
                break
            if token.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "acl", "ccomp"):
                token = token.head
                if _lemma(token) in self.attribution or token.pos_ in ("NOUN", "PROPN"):
                    break
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

    def _hedged_once(self, sent: Any, facts: _Sentence) -> bool:
        if facts.hedged is None:
            facts.hedged = self._hedged(sent, facts.words)
        return facts.hedged

    def _hedged(self, sent: Any, lemmas: set[str]) -> bool:
        hedges = self.hedges - {"say", "claim"}
        if lemmas & {"not", "n't", "cannot", "unable", "could", "may", "might"}:
            confirm = [t for t in sent if _lemma(t) in self.confirmed]
            return any(any(c.dep_ in ("neg", "aux") and c.lower_ in
                           ("not", "n't", "could", "can", "ca", "may", "might", "cannot")
                           for c in t.children) for t in confirm)
        return bool(lemmas & (hedges - {"could", "may", "might", "not", "n't", "no"}))
