"""Claimants and statuses on hand-written sentences."""

from __future__ import annotations

import pytest

from ontology import Status

pytestmark = pytest.mark.model


def _only(extraction):
    assert len(extraction.transfers) == 1, extraction.transfers
    return extraction.transfers[0]


@pytest.mark.parametrize(("text", "claimants"), [
    pytest.param("Israel sent 30 tanks to Cyprus, Prime Minister Benjamin Netanyahu said.",
                 {"benjamin_netanyahu"}, id="said-after"),
    pytest.param("According to NATO, Hungary sent 400 soldiers to Kosovo.",
                 {"nato"}, id="according-to"),
    pytest.param("French officials said Italy had shipped 5,000 shells to Ukraine.",
                 {"france"}, id="demonym-officials"),
    pytest.param("Poland delivered 40 tanks to Ukraine, Reuters reported.",
                 {"reuters"}, id="outlet-reported"),
])
def test_claimants(extract_text, text, claimants):
    assert set(_only(extract_text(text)).claimants) == claimants


def test_pronoun_speaker_resolves_to_last_official(extract_text):
    text = ("German Chancellor Olaf Scholz spoke in Berlin on Monday.\n\n"
            "He said Germany had delivered 12 howitzers to Lithuania.")
    assert _only(extract_text(text)).claimants == ("olaf_scholz",)


def test_quote_continues_the_speaker(extract_text):
    text = ("Defence Minister Boris Pistorius said the army was stretched.\n\n"
            "\u201cWe sent 14 tanks to Ukraine and that was all we could spare.\u201d")
    assert "boris_pistorius" in _only(extract_text(text)).claimants


@pytest.mark.parametrize(("text", "status"), [
    pytest.param("Spain will send 300 troops to Latvia next year.", Status.PLANNED, id="will"),
    pytest.param("Romania is preparing to deploy 500 soldiers to Moldova.", Status.PLANNED,
                 id="preparing"),
    pytest.param("Canada confirmed that it had sent 200 drones to Ukraine.", Status.CONFIRMED,
                 id="confirmed"),
    pytest.param("Belarus denied sending troops to Russia.", Status.DENIED, id="denied"),
    pytest.param("Iran has never supplied missiles to Venezuela, its foreign ministry said.",
                 Status.DENIED, id="never"),
    pytest.param("Sweden sent 10 tanks to Ukraine in January.", Status.REPORTED, id="plain"),
])
def test_status(extract_text, text, status):
    assert _only(extract_text(text)).status is status


def test_hedged_claim_is_never_confirmed(extract_text):
    text = "Norway reportedly sent 20 missiles to Ukraine, but officials could not confirm it."
    assert _only(extract_text(text)).status is not Status.CONFIRMED


def test_denial_of_earlier_allegations_is_a_denied_claim(extract_text):
    text = ("Iran sent 40 drones to Venezuela, Colombian officials said.\n\n"
            "Tehran has denied the allegations, calling them baseless.")
    extraction = extract_text(text)
    denied = [t for t in extraction.transfers if t.status is Status.DENIED]
    assert [(t.supplier, t.recipient, t.category.value) for t in denied] == [
        ("iran", "venezuela", "Drones")]
    assert denied[0].claimants == ("iran",)
    assert denied[0].quantity is None


def test_trailing_speaker_the_parser_left_without_a_subject(extract_text):
    text = "Norway approved the export of 400 rifles to Latvia, a spokesperson for Prime Minister Jonas Gahr Store said."
    assert "jonas_gahr_store" in _only(extract_text(text)).claimants


def test_accused_state_is_not_its_own_claimant(extract_text):
    text = "Belarus has been accused of supplying Russia with artillery shells."
    assert _only(extract_text(text)).claimants == ()


def test_refusal_is_a_denied_claim(extract_text):
    assert _only(extract_text("Austria has refused to send weapons to Ukraine.")).status is Status.DENIED
