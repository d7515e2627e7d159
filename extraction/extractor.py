"""Run the pipeline over articles and assemble ArticleExtraction records."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ontology import EntityType, Status, load_lexicon
from sources import Article

from .claims import ClaimReader
from .entities import EntityResolver, Mentions, Resolved
from .gazetteer import snake_key
from .quantities import find_quantity
from .records import ArticleExtraction, EntityRecord, Mention, TransferRecord
from .tokens import opens_quote
from .transfers import Candidate, TransferFinder
from .units import UnitFinder


_NAME = re.compile(r"[A-Z][\w'\u2019.-]+(?: [A-Z][\w'\u2019.-]+){1,3}")


@dataclass(slots=True)
class _Claim:
    candidate: Candidate
    sent: Any
    claimants: tuple[str, ...]
    status: Status


class Extractor:
    """Holds the rule tables once; turns one parsed Doc into an ArticleExtraction."""

    def __init__(self, nlp: Any) -> None:
        self.resolver = EntityResolver()
        self.finder = TransferFinder()
        self.claims = ClaimReader()
        self.units = UnitFinder(nlp.vocab)
        self.personnel_units = set(load_lexicon()["quantity_units_personnel"])

    def extract_doc(self, doc: Any, article: Article) -> ArticleExtraction:
        mentions = self.resolver.resolve(doc)
        for unit in self.units.find(doc, mentions):
            mentions.add(unit)
        mentions.items.sort(key=lambda m: m.start)
        claims = self._expand(self._claims(doc, mentions))
        self._fill_dyads(claims)
        transfers = self._transfers(claims, article)
        entities = self._entities(mentions, transfers) + self._bylines(article, mentions)
        return ArticleExtraction(
            article_id=article.id, source_file=article.source_file, title=article.title,
            published=article.published, author=article.author, url=article.url,
            entities=entities, transfers=transfers)

    def _claims(self, doc: Any, mentions: Mentions) -> list[_Claim]:
        claims = []
        previous: tuple[str, ...] = ()
        for sent in doc.sents:
            sentence_claimants: tuple[str, ...] = ()
            for candidate in self.finder.find(sent, mentions):
                claimants = self.claims.claimants(sent, candidate.verb, mentions, previous)
                claimants = tuple(dict.fromkeys((*claimants, *candidate.officials)))
                if candidate.first_person and candidate.supplier is None and claimants:
                    candidate.supplier = self._acting_state(claimants[0], mentions)
                status = self.claims.status(sent, candidate.verb, candidate.item)
                claims.append(_Claim(candidate, sent, claimants, status))
                sentence_claimants = sentence_claimants or claimants
            if not any(c.sent == sent for c in claims[-8:]):
                claims.extend(self._denials(sent, claims, mentions))
            if sentence_claimants:
                previous = sentence_claimants
            elif not opens_quote(sent):
                previous = self.claims.claimants(sent, None, mentions, ())
        return claims

    @staticmethod
    def _expand(claims: list[_Claim]) -> list[_Claim]:
        """One claim per coordinated supplier or recipient ("from China and Russia")."""
        expanded = []
        for claim in claims:
            expanded.append(claim)
            c = claim.candidate
            for supplier in c.more_suppliers:
                other = dataclasses.replace(c, supplier=supplier, more_suppliers=[])
                expanded.append(dataclasses.replace(claim, candidate=other))
            for recipient in c.more_recipients:
                other = dataclasses.replace(c, recipient=recipient, more_recipients=[])
                expanded.append(dataclasses.replace(claim, candidate=other))
        return expanded

    def _denials(self, sent: Any, claims: list[_Claim], mentions: Mentions) -> list[_Claim]:
        """"Tehran denied the allegations": a denial of the latest claim the denier is party to."""
        denied = self.claims.denied_allegation(sent)
        if denied is None or not claims:
            return []
        subject = self.claims.subject_of(denied)
        deniers = [self._acting_state(k, mentions) or k
                   for k in self.claims.speakers(subject, mentions)]
        latest = claims[-1]
        for claim in reversed(claims):
            c = claim.candidate
            if set(deniers) & {c.supplier, c.recipient}:
                latest = claim
                break
        c = latest.candidate
        if not deniers and subject is not None and subject.lemma_.lower() in ("country", "nation"):
            deniers = [k for k in (c.supplier, c.recipient) if k]  # "both countries denied"
        if not deniers:
            return []
        candidate = dataclasses.replace(c, quantity_phrases=(),
                                        destination=None, officials=[])
        return [_Claim(candidate, sent, tuple(dict.fromkeys(deniers)), Status.DENIED)]

    @staticmethod
    def _acting_state(key: str, mentions: Mentions) -> str | None:
        """"We sent tanks", said by a minister: the state the speaker acts for."""
        mention = next((m for m in mentions.items if m.key == key), None)
        if mention is None:
            return None
        if mention.type in (EntityType.OFFICIAL, EntityType.ORGANIZATION):
            return mention.affiliation
        return mention.key if mention.type is EntityType.STATE else None

    @staticmethod
    def _fill_dyads(claims: list[_Claim]) -> None:
        """Complete one-sided claims from the article's explicit dyads.

        A claim naming only one side takes the other from the explicit claims of the same
        article: the same supplier's usual recipient, or the same recipient's usual supplier,
        or, for goods flowing back ("in return"), the reverse of the main dyad.
        """
        strong = Counter((c.candidate.supplier, c.candidate.recipient) for c in claims
                         if c.candidate.supplier and c.candidate.recipient
                         and c.candidate.recipient_strength >= 2)
        if not strong:
            return
        by_supplier: dict[str, str] = {}
        by_recipient: dict[str, str] = {}
        for (supplier, recipient), _ in strong.most_common():
            by_supplier.setdefault(supplier, recipient)
            by_recipient.setdefault(recipient, supplier)
        main_supplier, main_recipient = strong.most_common(1)[0][0]
        by_category: dict = {}
        for claim in claims:
            c = claim.candidate
            if c.supplier and c.recipient and c.recipient_strength >= 2:
                by_category.setdefault(c.category, Counter())[(c.supplier, c.recipient)] += 1
        for claim in claims:
            c = claim.candidate
            if c.supplier and c.recipient is None and c.unknown_recipient:
                continue
            if c.supplier and (c.recipient is None or c.recipient_strength < 2):
                if c.supplier in by_supplier:
                    c.recipient = by_supplier[c.supplier]
                elif c.supplier == main_recipient and c.recipient is None:
                    c.recipient = main_supplier
                elif c.recipient is None:
                    c.recipient = main_recipient  # another supplier of the article's recipient
            elif c.recipient and c.supplier is None and not c.unknown_source:
                if c.recipient in by_recipient:
                    c.supplier = by_recipient[c.recipient]
                elif c.recipient == main_supplier:
                    c.supplier = main_recipient
            elif c.supplier is None and c.recipient is None and c.explicit_trigger:
                if claim.status is Status.DENIED:
                    c.supplier, c.recipient = main_supplier, main_recipient
                elif c.counted and c.category in by_category:
                    c.supplier, c.recipient = by_category[c.category].most_common(1)[0][0]

    def _transfers(self, claims: list[_Claim], article: Article) -> tuple[TransferRecord, ...]:
        from .dates import find_date_phrase, resolve_date

        grouped: dict[tuple, list[_Claim]] = {}
        for claim in claims:
            c = claim.candidate
            if not c.supplier or not c.recipient or c.supplier == c.recipient:
                continue
            grouped.setdefault((claim.sent.start, c.supplier, c.recipient, c.category), []).append(claim)
        records = []
        doc_text = article.text  # the doc's text (spaCy keeps every character)
        for (_, supplier, recipient, category), group in grouped.items():
            sent = group[0].sent
            quantity = self._best_quantity(group)
            claimants = tuple(dict.fromkeys(k for g in group for k in g.claimants))
            when = self._when(group[0].candidate, article, doc_text, find_date_phrase,
                              resolve_date)
            raw = doc_text[sent.start_char:sent.end_char]  # Span.text builds every Token
            text = raw.strip()
            start = sent.start_char + (len(raw) - len(raw.lstrip()))
            records.append(TransferRecord(
                supplier=supplier, recipient=recipient, category=category,
                status=self._status(group, quantity),
                evidence=Mention(start=start, end=start + len(text), text=text),
                quantity=quantity.value if quantity else None,
                qualifier=quantity.qualifier if quantity else None,
                unit=quantity.unit if quantity else None,
                claimants=claimants,
                destination=next((g.candidate.destination for g in group
                                  if g.candidate.destination), None),
                when=when))
        return tuple(records)

    @staticmethod
    def _when(candidate: Candidate, article: Article, doc_text: str, find: Any,
              resolve: Any) -> str | None:
        """The transfer's own date: a date phrase inside the clause of its verb.

        "On Monday, officials said the troops arrived in May": May, not Monday.
        """
        verb = candidate.verb
        if verb is None:
            return None
        tokens = list(verb.subtree)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        clause = doc_text[start:end]
        span = find(clause)
        if span is None:
            return None
        return resolve(clause[span[0]:span[1]], article.published)

    @staticmethod
    def _status(group: list[_Claim], quantity: Any) -> Status:
        """One status for the claims one sentence makes about one dyad and category."""
        statuses = [g.status for g in group]
        for status in (Status.DENIED, Status.PLANNED, Status.CONFIRMED):
            if status in statuses:
                return status
        return Status.REPORTED

    def _best_quantity(self, group: list[_Claim]) -> Any:
        """The amount the sentence gives: people over formations, totals over parts."""
        found = []
        for claim in group:
            for span in claim.candidate.quantity_phrases:
                quantity = find_quantity(span.text)
                if quantity is not None:
                    found.append(quantity)
        if not found:
            return None
        people = [q for q in found if q.unit and any(q.unit.startswith(u) for u in self.personnel_units)]
        return max(people or found, key=lambda q: q.value)

    def _bylines(self, article: Article, mentions: Mentions) -> tuple[EntityRecord, ...]:
        """The byline's author (a Person) and outlet (an Organization), when not in the text."""
        keys = {m.key for m in mentions.items}
        records = []
        if article.author and _NAME.fullmatch(article.author):
            key = snake_key(article.author)
            if key not in keys:
                records.append(EntityRecord(key=key, type=EntityType.PERSON, name=article.author))
        if article.outlet:
            outlet = re.sub(r"\s*\(.*?\)\s*", " ", article.outlet).strip()
            known = self.resolver.known(outlet)
            if known is not None and known.key not in keys \
                    and known.type is EntityType.ORGANIZATION:
                records.append(EntityRecord(key=known.key, type=known.type, name=known.name,
                                            wikidata=known.wikidata))
        return tuple(records)

    @staticmethod
    def _entities(mentions: Mentions, transfers: tuple[TransferRecord, ...]) -> tuple[EntityRecord, ...]:
        by_key: dict[str, list[Resolved]] = {}
        for mention in mentions.items:
            by_key.setdefault(mention.key, []).append(mention)
        referenced = {k for t in transfers for k in (t.supplier, t.recipient, *t.claimants,
                                                     t.destination) if k}
        # a state named only by its demonym ("American officials") is still mentioned
        kept = {key for key, group in by_key.items()
                if key in referenced or any(not m.is_demonym or m.type is EntityType.STATE
                                            for m in group)}
        records = []
        for key in sorted(kept):
            group = by_key[key]
            first = next((m for m in group if not m.is_demonym), group[0])
            aliases = tuple(sorted({m.text for m in group if not m.is_demonym} - {first.name}))
            role = next((m.role for m in group if m.role), None)
            affiliation = next((m.affiliation for m in group if m.affiliation), None)
            located_in = next((m.located_in for m in group if m.located_in), None)
            records.append(EntityRecord(
                key=key, type=first.type, name=first.name, aliases=aliases,
                wikidata=first.wikidata, role=role if first.type is not EntityType.STATE else None,
                affiliation=affiliation if affiliation in kept and affiliation != key else None,
                located_in=located_in if located_in in kept and located_in != key else None,
                coordinates=first.coordinates,
                mentions=tuple(Mention(start=m.start, end=m.end, text=m.text) for m in group)))
        return tuple(records)


def extract(articles: Iterable[Article], nlp: Any, *, batch_size: int = 32,
            n_process: int = 1) -> Iterator[ArticleExtraction]:
    """Extract every article, batching the NLP with ``nlp.pipe``."""
    extractor = Extractor(nlp)
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size,
                                 n_process=n_process):
        yield extractor.extract_doc(doc, article)
