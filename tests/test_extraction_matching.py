"""The indexed matchers (gazetteer and attribute rulers) find what spaCy's Matcher finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.matching import IndexedMatcher, same_matches
from sources import load

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

SENTENCES = [
    "The Russian Federation's general staff said Iraqi Kurdish forces had moved.",
    "United Kingdom’s defence ministry and the United States of America's treasury "
    "department confirmed it. R.O.K.'s joint chiefs said nothing.",
    "russian federation's GENERAL staff, Iraqi kurdish Forces, UNITED Kingdom's defence",
    "Iraqi",  # a first token at the very end of the text
    "",
]


@pytest.fixture(scope="module")
def ruler(nlp):
    return nlp.get_pipe("ckg_gazetteer")


def test_the_ruler_uses_the_index(ruler):
    assert isinstance(ruler.matcher, IndexedMatcher)
    assert len(ruler.matcher) > 100


def test_same_matches_as_spacy_on_hand_written_text(nlp, ruler):
    docs = [nlp.make_doc(text) for text in SENTENCES]
    assert same_matches(ruler, docs)
    found = {nlp.vocab.strings[key] for doc in docs for key, _, _ in ruler.matcher(doc)}
    assert len(found) >= 4, found  # the test text really exercises the patterns


def test_same_matches_as_spacy_on_the_example_articles(nlp, ruler):
    articles = list(load([EXAMPLES], on_error=lambda error: None))
    assert articles
    assert same_matches(ruler, [nlp.make_doc(a.text) for a in articles])


def test_unindexable_patterns_fall_back_to_spacy(nlp):
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    patterns = {"QTY": [[{"LIKE_NUM": True}, {"LOWER": "drones"}]],
                "ORG": [[{"ORTH": "Iraqi"}, {"LOWER": "kurdish"}]]}
    for label, pats in patterns.items():
        matcher.add(label, pats)
    indexed = IndexedMatcher(matcher, patterns)
    doc = nlp.make_doc("Iraqi Kurdish units got 12 drones.")
    assert set(indexed(doc)) == set(matcher(doc))
    assert len(indexed(doc)) == 2


def test_patterns_sharing_a_start_and_nested_in_each_other(nlp):
    """The trie follows every pattern that can still match: shared first words, a pattern
    that is the start of a longer one, IN sets at several positions, ORTH beside LOWER."""
    from spacy.matcher import Matcher

    patterns = {
        "A": [[{"ORTH": "Norwegian"}, {"LOWER": "coast"}]],
        "B": [[{"ORTH": "Norwegian"}, {"LOWER": "coast"}, {"LOWER": "guard"}]],
        "C": [[{"ORTH": "Norwegian"}, {"LOWER": {"IN": ["navy", "coast"]}},
               {"LOWER": {"IN": ["guard", "staff"]}}]],
        "D": [[{"LOWER": "norwegian"}, {"ORTH": "Coast"}], [{"ORTH": "Guard"}]],
        "E": [[{"ORTH": {"IN": ["Norwegian", "Danish"]}}]],
    }
    matcher = Matcher(nlp.vocab)
    for label, pats in patterns.items():
        matcher.add(label, pats)
    indexed = IndexedMatcher(matcher, patterns)
    doc = nlp.make_doc("The Norwegian Coast Guard and the Danish navy staff met the "
                       "NORWEGIAN Coast Guard near a Norwegian coast")
    found = set(indexed(doc))
    assert found == set(matcher(doc))
    labels = sorted(nlp.vocab.strings[key] for key, _, _ in found)
    assert labels == ["A", "A", "B", "C", "D", "D", "D", "D", "E", "E", "E"]


def test_phrase_patterns_are_tokenized_like_the_text(nlp, ruler):
    """add_patterns runs with only the tokenizer: the patterns must still match as ORTH."""
    assert ruler.phrase_matcher_attr is None  # ORTH: the tagger and parser cannot matter
    doc = nlp.make_doc("Lloyd Austin and the Kremlin met in Pyongyang.")
    found = {nlp.vocab.strings[key] for key, _, _ in ruler.phrase_matcher(doc)}
    assert len(found) >= 3, found


# -- the attribute ruler's index ----------------------------------------------------------

_TAGGED_TEXTS = SENTENCES + [
    "She didn't say whether the ships'll dock; they're 'gonna' wait, he'd said.",
    "Ammunition ( 155mm ) was loaded at 6 a.m. -- officials said -- onto   two trucks.",
    "The U.S. and the U.K. sent I.T. staff; Mr. Lee & Co. won't comment.\n\nNew line.",
]


@pytest.fixture(scope="module")
def tagged(stock_parse):
    """The stock model (its attribute ruler unindexed) and docs tagged and parsed by it."""
    return stock_parse(_TAGGED_TEXTS + [a.text for p in sorted(EXAMPLES.glob("*.txt"))
                                        for a in load(p)])


def _indexed(ruler):
    from extraction.matching import IndexedAttributeMatcher

    patterns = [(str(number), pattern) for number, entry in enumerate(ruler.patterns)
                for pattern in entry["patterns"]]
    return IndexedAttributeMatcher(ruler.matcher, patterns)


def test_attribute_index_finds_what_spacy_finds(tagged):
    stock, docs = tagged
    spacy_matcher = stock.get_pipe("attribute_ruler").matcher
    indexed = _indexed(stock.get_pipe("attribute_ruler"))
    assert sum(len(doc) for doc in docs) > 500
    for doc in docs:
        theirs = set(spacy_matcher(doc, allow_missing=True))
        assert set(indexed(doc, allow_missing=True)) == theirs
        assert set(indexed(doc, allow_missing=True)) == theirs  # from the memo, the same


def test_attribute_index_memo_starts_again_when_full(tagged, monkeypatch):
    import extraction.matching as matching

    stock, docs = tagged
    monkeypatch.setattr(matching, "_MEMO_LIMIT", 3)
    indexed = _indexed(stock.get_pipe("attribute_ruler"))
    spacy_matcher = stock.get_pipe("attribute_ruler").matcher
    for doc in docs:
        assert set(indexed(doc, allow_missing=True)) == set(spacy_matcher(doc, allow_missing=True))
        assert len(indexed._memo) <= 3
