"""Sentence → transfer candidates: what moves, from whom, to whom, how many (dependency rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from functools import cache

from ontology import EntityType, TransferCategory, load_lexicon, load_reference

from .entities import Mentions, Resolved
from .tokens import lemma as _lemma
from .tokens import token_table

_ACTORS = {EntityType.STATE, EntityType.ORGANIZATION, EntityType.OFFICIAL}
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_OBJECTS = ("dobj", "obj", "nsubjpass", "attr", "oprd")
_PERSON_PRONOUNS = {"he", "she"}
_BODIES = {"agency", "ministry", "service", "office", "department", "directorate", "bureau",
           "government", "administration", "company", "firm", "group", "organization",
           "organisation", "alliance", "institute", "council", "committee", "command"}
_RELATIONAL = {"ally", "partner", "neighbor", "neighbour", "rival", "enemy", "adversary", "foe",
               "client", "proxy", "satellite", "opponent", "critic", "friend"}
_SPEECH = {"tell", "say", "brief", "inform", "notify", "write", "explain"}
_CLAUSE_LINKS = ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj")


@dataclass(slots=True)
class Candidate:
    """One transfer found in a sentence, before claims and statuses are attached."""

    item: Any  # the item's head token
    category: TransferCategory
    verb: Any | None  # the clause's verb (or nominal trigger)
    supplier: str | None = None
    recipient: str | None = None
    recipient_strength: int = 0  # 2 explicit ("to X", "aid X"), 1 presence ("in X")
    destination: str | None = None
    officials: list[str] = field(default_factory=list)  # an official acting as supplier
    explicit_trigger: bool = False  # a giving verb or a transfer noun, not mere presence
    unknown_source: bool = False  # "troops from former Soviet republics": not to be guessed
    unknown_recipient: bool = False  # "arms to either side": not to be guessed
    counted: bool = False  # the phrase states a number
    first_person: bool = False  # "we sent": the speaker's own state gives
    quantity_phrases: tuple = ()  # the item's own phrase, then its container's
    more_suppliers: list[str] = field(default_factory=list)  # "from China and Russia"
    more_recipients: list[str] = field(default_factory=list)


@cache
def _STATE_KEYS() -> frozenset[str]:  # noqa: N802 (a constant, loaded once)
    return frozenset(e.key for e in load_reference().of_type(EntityType.STATE))


class Lexicon:
    """The transfer lexicon, indexed for matching lemmas."""

    def __init__(self) -> None:
        raw = load_lexicon()
        self.items: dict[tuple[str, ...], TransferCategory] = {}
        for category, phrases in raw["items"].items():
            for phrase in phrases:
                self.items.setdefault(tuple(phrase.split()), TransferCategory(category))
        self.longest = max(len(k) for k in self.items)
        self.first_words = {k[0] for k in self.items}
        self.weak_items = set(raw["weak_items"])
        verbs = raw["transfer_verbs"]
        self.give = set(verbs["give"])
        self.receive = set(verbs["receive"])
        self.move = set(verbs["move"])
        self.use = set(verbs["use"])
        self.nouns = set(raw["transfer_nouns"])
        self.recipient_verbs = set(raw["recipient_verbs"])
        self.recipient_with_verbs = set(raw["recipient_with_verbs"])
        self.excluding_preps = set(raw["excluding_preps"])
        self.place_nouns = set(raw["place_nouns"])
        self.item_heads = {w.split()[-1] for words in raw["items"].values() for w in words}
        self.exchange_nouns = set(raw["exchange_nouns"])
        self.anaphoric = set(raw["anaphoric_determiners"])


def find_items(sent: Any, lexicon: Lexicon, mentions: Mentions) -> list[tuple[Any, TransferCategory]]:
    """Item head tokens and categories in a sentence, longest phrase first."""
    doc = sent.doc
    table = token_table(doc)
    lemmas, lowers, pos = table.lemmas, table.lowers, table.pos
    items, firsts, by_token = lexicon.items, lexicon.first_words, mentions.by_token
    found = []
    i, end = sent.start, sent.end
    while i < end:
        matched = False
        if lemmas[i] in firsts or lowers[i] in firsts:  # else no phrase starts here
            for size in range(min(lexicon.longest, end - i), 0, -1):
                category = items.get(tuple(lemmas[i:i + size])) \
                    or items.get(tuple(lowers[i:i + size]))
                head = i + size - 1
                if category is None or pos[head] not in ("NOUN", "PROPN"):
                    continue
                mention = by_token.get(head)
                if mention is not None and not mention.is_demonym \
                    and mention.type is not EntityType.MILITARY_UNIT:
                    continue
                found.append((doc[head], category))
                i += size
                matched = True
                break
        if not matched:
            i += 1
    # "5,000 Chadians were flown in": a plural demonym used as a noun is troops
    tags, deps = table.tags, table.deps
    for i in range(sent.start, end):
        mention = by_token.get(i)
        if mention is not None and mention.is_demonym and not mention.generic \
                and tags[i] in ("NNPS", "NNS") \
                and i == mention.token_end - 1 and deps[i] not in ("amod", "compound"):
            found.append((doc[i], TransferCategory.TROOPS))
    return found


def _first_conjunct(token: Any) -> Any:
    while token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN", "NUM") \
            and token.head.i != token.i:
        token = token.head
    return token


def _noun_phrase_head(item: Any, lexicon: Lexicon) -> Any:
    """Climb from an item to the noun phrase that holds it: conjuncts, "containers of", compounds."""
    token = _first_conjunct(item)
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.head.pos_ == "NUM":
            token = token.head.head
        elif token.dep_ == "pobj" and token.head.lower_ in ("of",) \
                and token.head.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            token = _first_conjunct(token.head.head)
        elif token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
            token = _first_conjunct(token.head)
        elif token.dep_ == "appos" and token.head.pos_ in ("NOUN", "PROPN"):
            token = token.head
        else:
            break
    return token


def _phrase_without_conjuncts(head: Any) -> Any:
    """The span of a noun phrase with its coordinated siblings cut off."""
    doc = head.doc
    skip = {t.i for u in head.subtree for c in u.children if c.dep_ in ("conj", "cc")
            for t in c.subtree}
    skip |= {t.i for c in head.children if c.dep_ in ("relcl", "acl") and c.i > head.i
             and c.lemma_ not in ("number", "total", "include") for t in c.subtree}
    indices = [t.i for t in head.subtree if t.i not in skip]
    start, end = min(indices), max(indices)
    while end > head.i and doc[end].is_punct:
        end -= 1
    return doc[start:end + 1]


def _clause_verb(np_head: Any) -> Any | None:
    token = np_head
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent"):
        token = token.head
    head = token.head
    if head == token:
        return None
    if head.pos_ in ("VERB", "AUX"):
        return head
    if head.pos_ in ("NOUN",) and token.dep_ == "prep":
        return head  # nominal trigger: "the deployment of troops to X"
    return None


def _verb_chain(verb: Any, depth: int = 3) -> list[Any]:
    """The verb and the verbs that govern it through clause links (for triggers and modals)."""
    chain = [verb]
    token = verb
    for _ in range(depth):
        if token.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acl", "relcl", "pcomp", "prep", "pobj") \
                and token.head != token:
            token = token.head
            if token.pos_ in ("VERB", "AUX", "NOUN", "ADP"):
                chain.append(token)
        else:
            break
    return chain


def _actor(token: Any, mentions: Mentions) -> Resolved | None:
    """The entity a noun phrase names: itself, its possessor or its demonym modifier."""
    if _lemma(token) in _RELATIONAL:
        return None  # "the U.S. treaty ally" is another state than the U.S.
    best = None
    near = [token, *(c for c in token.children if c.dep_ in (
        "poss", "amod", "compound", "nmod", "appos", "conj", "npadvmod"))]
    for t in near:
        for u in ([t] if t == token else t.subtree):
            mention = mentions.at(u.i)
            if mention is None or mention.type not in (*_ACTORS, EntityType.LOCATION,
                                                        EntityType.MILITARY_UNIT):
                continue
            if best is None or (best.is_demonym and not mention.is_demonym):
                best = mention
    if best is None and token.lower_ in _PERSON_PRONOUNS:
        best = mentions.last_before(token.idx, {EntityType.OFFICIAL})
    if best is None and token.lower_ in ("it", "its"):
        best = _antecedent(token, mentions)
    return best


def _antecedent(pronoun: Any, mentions: Mentions) -> Resolved | None:
    """"The agency said it had ...": the reporting subject; else the body last named."""
    for ancestor in pronoun.ancestors:
        subject = next((c for c in ancestor.children if c.dep_ == "nsubj" and c != pronoun
                        and c.i < pronoun.i), None)
        if subject is not None and subject.lower_ not in ("it", "its"):
            named = _actor(subject, mentions)
            if named is not None:
                return named
            if _lemma(subject) in _BODIES:  # "the agency": the body last named before it
                return mentions.last_before(subject.idx, {EntityType.ORGANIZATION})
            return None
    best = mentions.last_before(pronoun.idx, {EntityType.STATE, EntityType.ORGANIZATION})
    return best if best is not None and best.start >= pronoun.sent.start_char else None


def _coordinated(token: Any, mentions: Mentions) -> list[str]:
    """Acting keys of the phrases coordinated with ``token`` ("China and Russia")."""
    keys = []
    for conj in token.children:
        if conj.dep_ == "conj":
            key, _ = _state_of(_actor(conj, mentions))
            if key is not None:
                keys.append(key)
            keys.extend(_coordinated(conj, mentions))
    return keys


def _state_of(mention: Resolved | None) -> tuple[str | None, str | None]:
    """(state-or-org key acting, destination location key) for an actor mention."""
    if mention is None:
        return None, None
    if mention.type is EntityType.LOCATION:
        return mention.located_in, mention.key
    if mention.type in (EntityType.OFFICIAL, EntityType.MILITARY_UNIT):
        return mention.affiliation, None
    if mention.type is EntityType.ORGANIZATION and mention.affiliation in _STATE_KEYS():
        return mention.affiliation, None  # "the State Department approved the sale"
    return mention.key, None


def _modifier_states(token: Any, mentions: Mentions) -> list[Resolved]:
    """States named inside a noun phrase before its head ("Chadian soldiers", "ROK marines")."""
    out = []
    for t in token.subtree:
        if t.i >= token.i:
            break
        mention = mentions.at(t.i)
        if mention is not None and mention.type is EntityType.STATE:
            out.append(mention)
    return out


def _subject(verb: Any) -> Any | None:
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and token != verb):
                return child
        if token.dep_ == "xcomp":
            controller = next((c for c in token.head.children if c.dep_ in ("dobj", "obj")), None)
            if controller is not None:
                return controller
        if token.dep_ == "pcomp" and token.head.dep_ == "prep" \
                and token.head.head.pos_ in ("VERB", "AUX"):
            token = token.head.head  # "X has been accused of supplying": X supplies
            continue
        if token.dep_ in ("relcl", "acl") and token.head.pos_ == "NOUN" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            # "announced a deal to supply missiles": whoever made the deal supplies
            token = token.head.head
            if token.pos_ not in ("VERB", "AUX"):
                return None
            continue
        if token.dep_ in ("xcomp", "conj", "advcl", "relcl") and token.head != token:
            token = token.head
            if token.dep_ == "relcl" or token.pos_ == "NOUN":
                return token
        else:
            return None
    return None


def _share_between_conjuncts(candidates: list[Candidate]) -> None:
    """"80 instructors and an air-defence system into Niger": coordinated items go together.

    The parser often hangs a shared "to X" or subject on one conjunct only; items of one
    coordination take the sides their siblings found.
    """
    groups: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(_first_conjunct(candidate.item).i, []).append(candidate)
    for group in groups.values():
        if len(group) < 2:
            continue
        supplier = next((c.supplier for c in group if c.supplier), None)
        best = max(group, key=lambda c: c.recipient_strength)
        for candidate in group:
            candidate.supplier = candidate.supplier or supplier
            if candidate.recipient_strength < best.recipient_strength:
                candidate.recipient = best.recipient
                candidate.recipient_strength = best.recipient_strength
                candidate.destination = candidate.destination or best.destination


class TransferFinder:
    """Find transfer candidates in a sentence."""

    def __init__(self) -> None:
        self.lexicon = Lexicon()
        self._cues_key: tuple[Any, int] | None = None
        self._cues: list[Any] = []

    def _recipient_cues(self, sent: Any) -> list[Any]:
        """The sentence's tokens that can name a recipient wherever the item stands (once per sentence)."""
        key = (sent.doc, sent.start)
        if self._cues_key is None or self._cues_key[0] is not key[0] \
                or self._cues_key[1] != key[1]:
            table = token_table(sent.doc)
            lemmas, lowers, pos, deps = table.lemmas, table.lowers, table.pos, table.deps
            verbs = self.lexicon.recipient_verbs
            self._cues = [sent.doc[i] for i in range(sent.start, sent.end)
                          if pos[i] == "VERB" and lemmas[i] in verbs
                          or deps[i] == "prep" and lowers[i] in ("alongside", "behalf")]
            self._cues_key = key
        return self._cues

    def find(self, sent: Any, mentions: Mentions) -> list[Candidate]:
        candidates = []
        for item, category in find_items(sent, self.lexicon, mentions):
            candidate = self._candidate(item, category, mentions)
            if candidate is not None:
                candidates.append(candidate)
        _share_between_conjuncts(candidates)
        return candidates

    def _triggered(self, item: Any, np_head: Any, verb: Any | None, weak: bool,
                   mentions: Mentions) -> bool:
        """Does the sentence move the item (a giving, receiving or moving verb, a transfer noun)?"""
        lex = self.lexicon
        if np_head != item and _lemma(np_head) in lex.nouns:
            return True
        if verb is None:
            return False
        for v in _verb_chain(verb):
            lemma = _lemma(v)
            if lemma in lex.use and _modifier_states(item, mentions):
                return True  # "the army used Iranian drones": the maker supplied them
            if lemma in lex.give or lemma in lex.receive or lemma in lex.nouns:
                return True
            if not weak and (lemma in lex.move or lemma in lex.recipient_verbs):
                return True
            if not weak and lemma == "be" and any(
                    c.dep_ == "prep" and c.lower_ in ("in", "on", "at") or c.dep_ == "expl"
                    for c in v.children):
                return True
            if any(c.dep_ == "prep" and any(_lemma(o) in lex.nouns for o in c.children
                                            if o.dep_ == "pobj") for c in v.children):
                return True
        return False

    def _candidate(self, item: Any, category: TransferCategory,
                   mentions: Mentions) -> Candidate | None:
        lex = self.lexicon
        np_head = _noun_phrase_head(item, lex)
        verb = _clause_verb(np_head)
        weak = _lemma(item) in lex.weak_items and not (
            _modifier_states(item, mentions) or any(t.like_num for t in item.lefts))
        if np_head.dep_ == "pobj" and np_head.head.lower_ in lex.excluding_preps:
            return None  # "gear from Russian soldiers", "without outside assistance"
        if not self._triggered(item, np_head, verb, weak, mentions):
            return None
        candidate = Candidate(item=item, category=category, verb=verb,
                              quantity_phrases=self._quantity_spans(item, np_head))
        self._find_supplier(candidate, np_head, mentions)
        self._find_recipient(candidate, np_head, mentions)
        if self._in_exchange(np_head):  # "missiles in exchange for technology"
            candidate.supplier, candidate.recipient = candidate.recipient, candidate.supplier
            candidate.recipient_strength = 2 if candidate.recipient else 0
        candidate.unknown_source = any(c.dep_ == "prep" and c.lower_ == "from"
                                       for c in (*item.children, *np_head.children))
        if self._anaphoric(item, np_head, candidate, mentions):
            return None
        candidate.counted = any(t.like_num for span in candidate.quantity_phrases for t in span)
        if candidate.supplier is None and candidate.recipient is None:
            candidate.explicit_trigger = self._explicit(np_head, verb)
            if not candidate.explicit_trigger:
                return None
        return candidate

    def _in_exchange(self, np_head: Any) -> bool:
        prep = np_head.head if np_head.dep_ == "pobj" else None
        return prep is not None and prep.lower_ == "for" \
            and _lemma(prep.head) in self.lexicon.exchange_nouns

    def _anaphoric(self, item: Any, np_head: Any, candidate: Candidate, mentions: Mentions) -> bool:
        """"These soldiers", "the troops": a reference back to a claim already made."""
        determiners = {c.lower_ for c in np_head.children if c.dep_ in ("det", "poss")}
        if not determiners & self.lexicon.anaphoric:
            return False
        has_number = any(t.like_num for span in candidate.quantity_phrases for t in span)
        named = _modifier_states(item, mentions) or _modifier_states(np_head, mentions)
        return not has_number and not named

    def _explicit(self, np_head: Any, verb: Any | None) -> bool:
        """A transfer named outright ("any transfer of arms"), or a counted movement."""
        if _lemma(np_head) in self.lexicon.nouns and np_head.pos_ == "NOUN":
            return True
        if verb is not None and _lemma(verb) in self.lexicon.give:
            return True
        return any(t.like_num for t in np_head.subtree)

    def _quantity_spans(self, item: Any, np_head: Any) -> tuple:
        """Every phrase that may state the amount: the item's own and its container's."""
        own = _phrase_without_conjuncts(item)
        if np_head == _first_conjunct(item):
            return (own,)  # a sibling's number is not this item's
        container = _phrase_without_conjuncts(np_head)
        return (own,) if container == own else (own, container)

    def _find_supplier(self, candidate: Candidate, np_head: Any, mentions: Mentions) -> None:
        lex = self.lexicon
        verb = candidate.verb
        item = candidate.item
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            chain = _verb_chain(verb)
            giver = None
            for v in chain:
                if _lemma(v) in lex.receive:
                    break  # "allowing them to gain money": the item's own verb receives
                if _lemma(v) in lex.give and not any(
                        c.dep_ == "prt" and c.lower_ == "in" for c in v.children):
                    giver = v
                    break
            if giver is not None and np_head.dep_ != "nsubj":
                agent = next((c for c in giver.children if c.dep_ == "agent"), None)
                subject = next(iter(agent.children), None) if agent is not None else None
                if subject is None:
                    subject = _subject(giver)
                if subject is None and giver.dep_ == "pcomp":
                    noun = giver.head.head
                    subject = next((c for c in noun.children if c.dep_ == "poss"), None)
                if subject is not None and subject.lower_ in ("we", "us"):
                    candidate.first_person = True
                if subject is not None and subject.dep_ == "nsubj" and _actor(subject, mentions) is None:
                    # "NIAMEY (Dispatch) — Russia's Africa Corps has flown": two subjects
                    subject = next((c for c in subject.head.children if c.dep_ == "nsubj"
                                    and _actor(c, mentions) is not None), subject)
                if subject is not None and not (subject.dep_ == "nsubjpass" and subject.head == giver):
                    actor = _actor(subject, mentions)
                    if actor is not None and actor.type is EntityType.OFFICIAL:
                        candidate.officials.append(actor.key)
                    key, _ = _state_of(actor)
                    if key is not None:
                        candidate.supplier = key
                        candidate.more_suppliers = _coordinated(subject, mentions)
        if candidate.supplier is None:
            for token in (item, np_head, *( [verb] if verb is not None else [])):
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ == "from":
                        obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if obj is not None:
                            key, _ = _state_of(_actor(obj, mentions))
                            if key is not None:
                                candidate.supplier = key
                                candidate.more_suppliers = _coordinated(obj, mentions)
                                break
        if candidate.supplier is None:
            for head in (item, np_head):
                states = _modifier_states(head, mentions)
                if states:
                    candidate.supplier = states[0].key
                    break

    def _find_recipient(self, candidate: Candidate, np_head: Any, mentions: Mentions) -> None:
        lex = self.lexicon
        verb = candidate.verb
        item = candidate.item
        supplier = candidate.supplier
        sent = item.sent

        def accept(key: str | None, strength: int, destination: str | None = None) -> bool:
            if key is None or key == supplier or strength <= candidate.recipient_strength:
                if destination and candidate.destination is None and key != supplier:
                    candidate.destination = destination
                return False
            candidate.recipient = key
            candidate.recipient_strength = strength
            if destination:
                candidate.destination = destination
            return True

        anchors = [item, np_head]
        anchors += [c for c in np_head.children if c.dep_ == "acl" and c.pos_ == "VERB"]
        if verb is not None:
            # "told Reuters that ...": whom a speaker tells is no recipient
            anchors.extend(v for v in _verb_chain(verb) if _lemma(v) not in _SPEECH)
        for anchor in anchors:
            for child in anchor.children:
                if child.dep_ == "dative" and child.pos_ != "ADP":
                    accept(_state_of(_actor(child, mentions))[0], 3)
                if child.dep_ not in ("prep", "dative") or child.pos_ != "ADP":
                    continue
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                key, destination = _state_of(_actor(obj, mentions))
                word = child.lower_
                if key is None:
                    inner = next((g for c in obj.children if c.dep_ == "prep"
                                  for g in c.children if g.dep_ == "pobj"), None)
                    if inner is not None and inner.head.lower_ in ("in", "to", "into"):
                        key, destination = _state_of(_actor(inner, mentions))
                if word in ("to", "into", "for", "toward", "towards"):
                    if accept(key, 3, destination):
                        candidate.more_recipients = _coordinated(obj, mentions)
                    elif key is None and word in ("to", "into") and destination is None:
                        candidate.unknown_recipient = True  # "to the region": not to be guessed
                elif word in ("in", "on", "at", "inside", "within", "near"):
                    mention = _actor(obj, mentions)
                    if mention is not None and (not mention.is_demonym
                                                or _lemma(obj) in lex.place_nouns):
                        accept(key, 1, destination)
                elif word == "with" and _lemma(anchor) in lex.recipient_with_verbs:
                    dobj = next((c for c in anchor.children if c.dep_ in ("dobj", "dative")), None)
                    if dobj is not None:
                        accept(_state_of(_actor(dobj, mentions))[0], 3)
            imports = any(c.dep_ == "prt" and c.lower_ == "in" for c in anchor.children)
            if (_lemma(anchor) in lex.receive or imports) and anchor.pos_ == "VERB":
                subject = _subject(anchor)
                if subject is not None:
                    accept(_state_of(_actor(subject, mentions))[0], 2)
        # "to aid Russia", "join Russia's efforts", "fight alongside Russian forces"
        for token in self._recipient_cues(sent):
            if token.pos_ == "VERB" and _lemma(token) in lex.recipient_verbs:
                objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
                objects += [g for c in token.children if c.dep_ in ("ccomp", "xcomp")
                            for g in c.children if g.dep_ == "nsubj"]  # "help the army retake"
                for child in objects:
                    key = _state_of(_actor(child, mentions))[0]
                    accept(key, 2)
                    if key is None and _lemma(child) not in lex.item_heads:
                        candidate.unknown_recipient = True  # "to help the armed forces"
            if token.dep_ == "prep" and token.lower_ in ("alongside", "behalf"):
                for obj in token.children:
                    if obj.dep_ == "pobj":
                        accept(_state_of(_actor(obj, mentions))[0], 2)
