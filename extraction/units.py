"""Military formations and contingents: "three battalions", "special forces", "the Black Sea Fleet"."""

from __future__ import annotations

from typing import Any

from ontology import EntityType, load_lexicon

from .entities import Mentions, Resolved
from .gazetteer import snake_key

_NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "several", "dozens", "hundreds"}


def _unit_matcher(vocab: Any) -> Any:
    from spacy.matcher import Matcher

    lexicon = load_lexicon()
    heads = lexicon["unit_heads"]
    modifiers = lexicon["unit_modifiers"]
    matcher = Matcher(vocab)
    count = {"LIKE_NUM": True}
    ent_norp = {"ENT_TYPE": "NORP", "OP": "*"}
    modifier = {"LOWER": {"IN": modifiers}}
    head = {"LOWER": {"IN": heads}, "POS": "NOUN"}
    formations = {"LOWER": {"IN": lexicon["formation_heads"]}, "POS": "NOUN"}
    matcher.add("COUNTED", [[count, ent_norp, {"LOWER": {"IN": modifiers}, "OP": "*"},
                             formations]])
    matcher.add("SPECIALIST", [[ent_norp, modifier, {"LOWER": {"IN": modifiers}, "OP": "*"},
                                head]])
    named = lexicon["named_unit_heads"]
    matcher.add("NAMED", [[{"IS_TITLE": True, "POS": "PROPN", "ENT_TYPE": {"NOT_IN": ["GPE", "PERSON"]}},
                           {"ORTH": {"IN": named}}]])
    return matcher


class UnitFinder:
    """Find formation mentions in a doc and give each an affiliation."""

    def __init__(self, vocab: Any) -> None:
        self.matcher = _unit_matcher(vocab)

    def find(self, doc: Any, mentions: Mentions) -> list[Resolved]:
        if not doc.has_annotation("TAG") and not doc.has_annotation("POS"):
            return []  # a rules-only pipeline (blank:en) has no parts of speech to match
        spans = [doc[s:e] for _, s, e in self.matcher(doc)]
        units = []
        taken: set[int] = set()
        for span in sorted(spans, key=lambda s: (s.start, -len(s))):
            if taken & set(range(span.start, span.end)):
                continue
            if span.root.lower_ in ("forces", "unit", "units") \
                    and not self._specialised(span, counted=False):
                continue  # "two units" is too vague to be a formation
            if any(mentions.at(i) and not mentions.at(i).is_demonym
                   for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            affiliation = self._affiliation(span, mentions)
            if span[0].like_num and self._specialised(span, counted=False):
                span = span[1:]  # "1,500 special forces": the formation, not the count
            text = span.text
            key = "unit_" + snake_key(text)
            units.append(Resolved(key=key, type=EntityType.MILITARY_UNIT, name=text,
                                  start=span.start_char, end=span.end_char, text=text,
                                  token_start=span.start, token_end=span.end,
                                  affiliation=affiliation))
        return units

    @staticmethod
    def _specialised(span: Any, counted: bool = True) -> bool:
        words = [t.lower_ for t in span]
        return any(w in ("special", "engineering", "tactical", "technical", "missile", "elite")
                   for w in words) or (counted and span[0].like_num)

    @staticmethod
    def _affiliation(span: Any, mentions: Mentions) -> str | None:
        for i in range(span.start, span.end):
            mention = mentions.at(i)
            if mention is not None and mention.type is EntityType.STATE:
                return mention.key
        # "Chadian troops ... two battalions": the nearest state named before, same sentence
        sent = span.sent
        for i in range(span.start - 1, sent.start - 1, -1):
            mention = mentions.at(i)
            if mention is not None and mention.type is EntityType.STATE:
                return mention.key
        return None
