"""Transfer rules on hand-written sentences: voice, nominal forms, coordination, quantities, direction."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _rows(extraction):
    return {(t.supplier, t.recipient, t.category.value, t.quantity) for t in extraction.transfers}


CASES = [
    pytest.param(
        "Iran shipped 300 attack drones to Russia in the spring.",
        {("iran", "russia", "Drones", 300)}, id="active-voice"),
    pytest.param(
        "About 2,000 Belarusian soldiers were sent to Serbia last week.",
        {("belarus", "serbia", "Troops", 2000)}, id="passive-demonym-supplier"),
    pytest.param(
        "Hundreds of rockets were delivered to Armenia by Iran.",
        {("iran", "armenia", "Rockets", None)}, id="passive-agent"),
    pytest.param(
        "Officials described the deployment of 3,500 Turkish troops to Libya.",
        {("turkey", "libya", "Troops", 3500)}, id="nominal-deployment"),
    pytest.param(
        "Egypt has been supplying Sudan with drones and artillery shells.",
        {("egypt", "sudan", "Drones", None), ("egypt", "sudan", "ArtilleryShells", None)},
        id="supply-x-with-y-coordinated"),
    pytest.param(
        "Pakistan sent missiles, anti-tank rockets and artillery rounds to Saudi Arabia.",
        {("pakistan", "saudi_arabia", "Missiles", None),
         ("pakistan", "saudi_arabia", "Rockets", None),
         ("pakistan", "saudi_arabia", "ArtilleryShells", None)}, id="three-categories"),
    pytest.param(
        "Japan announced a $1.5 billion military aid package for the Philippines.",
        {("japan", "philippines", "MilitaryAid", 1500000000)}, id="money-scale"),
    pytest.param(
        "Chad deployed two battalions of 800 soldiers each to help Niger.",
        {("chad", "niger", "Troops", 1600)}, id="product-each"),
    pytest.param(
        "Syria received 40 howitzers from Russia in March.",
        {("russia", "syria", "Weapons", 40)}, id="receive-from"),
    pytest.param(
        "Cuban fighters have arrived in Venezuela to reinforce the Venezuelan army.",
        {("cuba", "venezuela", "Troops", None)}, id="arrive-and-reinforce"),
    pytest.param(
        "Kenya will send 1,000 police officers to Haiti, in exchange for training equipment from Canada.",
        {("kenya", "haiti", "Troops", 1000)}, id="planned-deployment"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_transfer_rows(extract_text, text, expected):
    assert expected <= _rows(extract_text(text))


@pytest.mark.parametrize("text", [
    pytest.param("The new 152mm howitzers fired at targets near the border, Russia said.", id="calibre"),
    pytest.param("Indonesia has an army of 400,000 soldiers.", id="army-size"),
    pytest.param("Nigeria celebrated the anniversary of its independence on October 1.", id="no-item"),
])
def test_numbers_that_are_not_transfers(extract_text, text):
    extraction = extract_text(text)
    assert all(t.quantity not in (152, 400000, 1) for t in extraction.transfers)


def test_evidence_is_the_verbatim_sentence(extract_text):
    text = "Markets were calm.\n\nGreece sent 20 tanks to Cyprus. Talks continue."
    extraction = extract_text(text)
    (transfer,) = extraction.transfers
    assert text[transfer.evidence.start:transfer.evidence.end] == transfer.evidence.text
    assert transfer.evidence.text == "Greece sent 20 tanks to Cyprus."


def test_bound_is_kept_as_qualifier(extract_text):
    extraction = extract_text("Up to 5,000 Chadian soldiers are now in Niger, officials say.")
    (transfer,) = extraction.transfers
    assert (transfer.quantity, transfer.qualifier, transfer.unit) == (5000, "up to", "soldiers")


def test_one_sided_claim_takes_the_articles_dyad(extract_text):
    text = ("Iran sent 200 drones to Russia in May, Ukrainian officials said.\n\n"
            "Ukrainian officials said 50 missiles from Iran had also reached the front.")
    rows = _rows(extract_text(text))
    assert ("iran", "russia", "Missiles", 50) in rows


def test_coordinated_suppliers_each_get_a_claim(extract_text):
    rows = _rows(extract_text("Laos bought attack helicopters from China and Russia in 2023."))
    assert {("china", "laos", "Weapons", None), ("russia", "laos", "Weapons", None)} <= rows


def test_model_number_is_not_a_count(extract_text):
    extraction = extract_text("Turkey delivered several Kirpi 200 armoured vehicles to Kenya.")
    assert [t.quantity for t in extraction.transfers] == [None]


def test_goods_in_exchange_flow_the_other_way(extract_text):
    text = "Belarus is sending fuel to Russia in exchange for fighter jets."
    rows = _rows(extract_text(text))
    assert ("belarus", "russia", "Supplies", None) in rows
    assert ("russia", "belarus", "Weapons", None) in rows


def test_second_supplier_of_the_same_recipient(extract_text):
    text = ("Mali imported 20 drones from Turkey last year, officials said.\n\n"
            "Chinese firms also supplied armoured vehicles, the report added.")
    assert ("china", "mali", "Weapons", None) in _rows(extract_text(text))


def test_an_ally_is_not_the_state_it_is_allied_with(extract_text):
    text = "The French ally has sent 30 tanks to Ukraine."
    assert not any(t.supplier == "france" for t in extract_text(text).transfers)


def test_transfer_date_comes_from_its_own_clause(extract_text):
    from datetime import date

    text = "On Thursday, Kenyan officials said Uganda had sent 300 soldiers to Somalia in May."
    (transfer,) = extract_text(text, published=date(2025, 7, 10)).transfers
    assert transfer.when == "2025-05"


def test_coordinated_items_share_their_recipient(extract_text):
    text = "Turkey's defence firm has flown 60 technicians and radar equipment into Somalia."
    rows = _rows(extract_text(text))
    assert {("turkey", "somalia", "Troops", 60), ("turkey", "somalia", "Weapons", None)} <= rows


def test_unnamed_recipient_is_not_guessed(extract_text):
    text = ("Qatar sent 40 armoured vehicles to Somalia in June, officials said.\n\n"
            "Oman denied sending weapons to the region.")
    rows = _rows(extract_text(text))
    assert not any(r[0] == "oman" for r in rows)
