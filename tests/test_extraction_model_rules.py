"""The model's attribute ruler and lemmatizer, run as lookups, annotate as spaCy's do."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources import load

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

# Hand-written: contractions, possessives, abbreviations, odd spacing, numbers, quotes.
_TEXTS = [
    "She didn't say whether the ships'll dock; they're 'gonna' wait, he'd said.",
    "Ammunition ( 155mm ) was loaded at 6 a.m. -- officials said -- onto   two trucks.",
    "The U.S. and the U.K. sent I.T. staff; Mr. Lee & Co. won't comment.\n\nNew line.",
    "Finland's border guards were being sent north, where better roads had been built.",
    "Ya gotta see it: the ministers' cars, the bigger guns, the best-trained crews.",
    "",
]
_ANNOTATIONS = ("POS", "TAG", "MORPH", "LEMMA", "DEP", "HEAD")


@pytest.fixture(scope="module")
def parsed(stock_parse):
    """The stock model, and docs it tagged and parsed (no attribute ruler nor lemmas yet)."""
    return stock_parse(_TEXTS + [a.text for p in sorted(EXAMPLES.glob("*.txt")) for a in load(p)])


def _fast_ruler(stock):
    from spacy.pipeline import AttributeRuler

    from extraction.matching import index_attribute_ruler
    from extraction.model_rules import speed_up_attribute_ruler

    ruler = AttributeRuler(stock.vocab)
    ruler.add_patterns(stock.get_pipe("attribute_ruler").patterns)
    index_attribute_ruler(ruler)
    assert speed_up_attribute_ruler(ruler)
    return ruler


def _values(doc):
    return doc.to_array(list(_ANNOTATIONS)).tolist(), [str(t.morph) for t in doc]


def test_same_annotations_as_spacy(parsed):
    from extraction.model_rules import LookupLemmatizer

    stock, docs = parsed
    ruler, lemmatizer = _fast_ruler(stock), LookupLemmatizer(stock.get_pipe("lemmatizer"))
    assert sum(len(doc) for doc in docs) > 500
    for _ in range(2):  # the second time from the lemmatizer's memory
        for doc in docs:
            theirs = stock.get_pipe("lemmatizer")(stock.get_pipe("attribute_ruler")(doc.copy()))
            mine = lemmatizer(ruler(doc.copy()))
            assert _values(mine) == _values(theirs), doc.text[:60]


def test_the_ruler_sets_lemmas_the_lemmatizer_keeps(parsed):
    """Some patterns set a lemma ("n't" -> "not"); the lemmatizer must not replace it."""
    from spacy.attrs import LEMMA

    from extraction.model_rules import LookupLemmatizer

    stock, docs = parsed
    ruler = _fast_ruler(stock)
    doc = ruler(docs[0].copy())
    by_ruler = {t.i: t.lemma_ for t in doc if t.lemma}
    assert by_ruler.get(next(t.i for t in doc if t.text == "n't")) == "not"
    LookupLemmatizer(stock.get_pipe("lemmatizer"))(doc)
    assert all(doc[i].lemma_ == lemma for i, lemma in by_ruler.items())
    assert all(value for value in doc.to_array([LEMMA]).tolist())


def test_lemmatizer_memory_starts_again_when_full(parsed, monkeypatch):
    import extraction.model_rules as model_rules

    stock, docs = parsed
    monkeypatch.setattr(model_rules, "_MEMO_LIMIT", 5)
    lemmatizer = model_rules.LookupLemmatizer(stock.get_pipe("lemmatizer"))
    ruler = _fast_ruler(stock)
    for doc in docs[:4]:
        theirs = stock.get_pipe("lemmatizer")(stock.get_pipe("attribute_ruler")(doc.copy()))
        assert _values(lemmatizer(ruler(doc.copy()))) == _values(theirs)
        assert len(lemmatizer._lemmas) <= 5


def test_rulers_and_lemmatizers_it_cannot_reproduce_stay_as_they_are(parsed):
    from spacy.pipeline import AttributeRuler, Lemmatizer

    from extraction.model_rules import LookupLemmatizer, speed_up_attribute_ruler

    stock, _ = parsed
    ruler = AttributeRuler(stock.vocab)
    ruler.add_patterns([{"patterns": [[{"LOWER": "gonna"}]], "attrs": {"NORM": "going to"}}])
    assert not speed_up_attribute_ruler(ruler)
    assert "match" not in vars(ruler) and "set_annotations" not in vars(ruler)
    lookup = Lemmatizer(stock.vocab, model=None, mode="lookup")
    assert not LookupLemmatizer.fits(lookup)
    assert LookupLemmatizer.fits(stock.get_pipe("lemmatizer"))


def test_the_pipeline_runs_the_lookups(nlp):
    from extraction.model_rules import LookupLemmatizer

    steps = nlp.get_pipe("ckg_cued_parse").pipes
    assert any(isinstance(step, LookupLemmatizer) for step in steps)
    assert "set_annotations" in vars(nlp.get_pipe("attribute_ruler"))
