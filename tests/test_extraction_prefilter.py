"""The cue prefilter: only sentences the parse-reading rules need are tagged and parsed."""

from __future__ import annotations

import pytest

from extraction.prefilter import Cues, SurfaceLemmas
from ontology import load_lexicon

_QUIET = [
    "The harbour festival drew large crowds on Saturday.",
    "Fishing boats returned early because of the wind.",
    "A local bakery sold out of bread before noon.",
    "Schools reopened after the long holiday.",
    "The river was higher than usual for the season.",
    "Tourists queued outside the old cathedral.",
]


def _parsed(sent) -> bool:
    return any(t.pos_ for t in sent)


@pytest.mark.model
@pytest.mark.parametrize(("form", "lemma"), [("shipped", "ship"), ("sent", "send"),
                                             ("drones", "drone"), ("supplies", "supply"),
                                             ("flown", "fly")])
def test_prefilter_surface_forms_reach_their_lemma(nlp, form, lemma):
    lookups = nlp.get_pipe("lemmatizer").lookups
    lemmas = SurfaceLemmas(lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc"))
    assert lemma in lemmas(form)


def test_prefilter_surface_forms_without_tables_are_themselves():
    assert SurfaceLemmas({}, {})("troops") == frozenset({"troops"})


def test_prefilter_cues_come_from_the_lexicon():
    cues = Cues.from_lexicon(load_lexicon())
    assert ("forces",) in cues.items["special"]  # multi-word items keep their rest
    assert {"send", "deliver", "be"} <= cues.triggers
    assert "deny" in cues.denials and "according" in cues.attribution


@pytest.mark.model
def test_prefilter_sentence_without_cue_is_not_parsed(nlp):
    doc = nlp(" ".join(_QUIET))
    sents = list(doc.sents)
    assert len(sents) == len(_QUIET)
    assert not any(_parsed(s) for s in sents)
    assert all(t.dep_ in ("", "ROOT") and t.head == t for t in doc)


@pytest.mark.model
def test_prefilter_transfer_sentence_is_parsed(nlp):
    doc = nlp("The harbour festival drew large crowds on Saturday. "
              "Kenya sent 400 police officers to Haiti in June.")
    quiet, transfer = list(doc.sents)
    assert not _parsed(quiet)
    assert _parsed(transfer)
    sent = next(t for t in transfer if t.lower_ == "sent")
    assert sent.lemma_ == "send" and sent.pos_ == "VERB"
    assert {c.lower_ for c in sent.children if c.dep_ == "nsubj"} == {"kenya"}


@pytest.mark.model
def test_prefilter_transfer_after_many_quiet_sentences(extract_text):
    text = " ".join(_QUIET * 5) + "\n\nEthiopia delivered 12 armoured vehicles to Somalia."
    rows = {(t.supplier, t.recipient, t.quantity) for t in extract_text(text).transfers}
    assert rows == {("ethiopia", "somalia", 12)}


@pytest.mark.model
def test_prefilter_ner_sees_unparsed_sentences(nlp):
    doc = nlp("Fishing boats returned early because of the wind. "
              "The Northern Rowing Association held its regatta on 14 August.")
    assert not any(_parsed(s) for s in doc.sents)
    labels = {e.label_ for e in doc.ents}
    assert "DATE" in labels and "ORG" in labels


@pytest.mark.model
def test_prefilter_parse_matches_the_full_parse_when_all_is_cued():
    from extraction.pipeline import make_nlp

    text = ("Chad deployed 900 soldiers to Niger in March, officials said.\n"
            "Algeria denied supplying rifles to the rebels.")
    cued, full = make_nlp()(text), make_nlp(parse_all=True)(text)
    assert all(_parsed(s) for s in cued.sents)
    assert [(t.dep_, t.head.i, t.tag_, t.pos_, t.lemma_) for t in cued] \
        == [(t.dep_, t.head.i, t.tag_, t.pos_, t.lemma_) for t in full]
    assert [s.start for s in cued.sents] == [s.start for s in full.sents]


def test_prefilter_blank_pipeline_has_no_parser():
    from extraction import make_nlp

    nlp = make_nlp("blank:en")
    assert "ckg_cued_parse" not in nlp.pipe_names
    doc = nlp("Chad deployed 900 soldiers to Niger. Officials confirmed it.")
    assert len(list(doc.sents)) == 2


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ('Peru sent two frigates to Chile, officials said. "More will follow," the admiral said.',
     ["Peru sent two frigates to Chile, officials said.", '"More will follow," the admiral said.']),
    ('Lt. Col. Ana Ruiz commanded the convoy to Bogota. It arrived at dawn.',
     ["Lt. Col. Ana Ruiz commanded the convoy to Bogota.", "It arrived at dawn."]),
], ids=["opening-quote", "abbreviation"])
def test_prefilter_rule_sentences(nlp, text, expected):
    with nlp.select_pipes(enable=["ckg_sentences"]):
        assert [s.text for s in nlp(text).sents] == expected
