"""Identity rules: one key per real thing, types, roles, affiliations, places."""

from __future__ import annotations

import pytest

from extraction import unify
from ontology import EntityType

pytestmark = pytest.mark.model


def _by_key(extraction):
    return {e.key: e for e in extraction.entities}


def test_surname_after_full_name_is_the_same_person(extract_text):
    text = ("Defense Secretary Lloyd Austin visited Warsaw on Tuesday.\n\n"
            "Austin later met Polish officials. Mr. Austin left on Wednesday.")
    entities = _by_key(extract_text(text))
    people = [e for e in entities.values() if e.type in (EntityType.OFFICIAL, EntityType.PERSON)]
    assert [p.key for p in people] == ["lloyd_austin"]
    assert people[0].type is EntityType.OFFICIAL


def test_title_gives_role_and_state_gives_affiliation(extract_text):
    text = "Kenyan Foreign Minister Amara Odhiambo told reporters that talks would resume."
    person = _by_key(extract_text(text))["amara_odhiambo"]
    assert person.type is EntityType.OFFICIAL
    assert person.role and "Foreign Minister" in person.role
    assert person.affiliation == "kenya"


def test_analyst_is_a_person_not_an_official(extract_text):
    text = "\u201cThe supply lines are thin,\u201d said Ingrid Falk, an analyst at a Stockholm think tank."
    person = _by_key(extract_text(text))["ingrid_falk"]
    assert person.type is EntityType.PERSON


@pytest.mark.parametrize(("text", "key"), [
    pytest.param("Officials in Pyongyang said nothing.", "north_korea", id="capital-as-government"),
    pytest.param("The DPRK said nothing.", "north_korea", id="acronym"),
    pytest.param("The Kremlin said nothing.", "kremlin", id="seat-of-government"),
])
def test_names_of_states_and_offices(extract_text, text, key):
    assert key in _by_key(extract_text(text))


def test_capital_as_place_is_a_location_in_its_state(extract_text):
    text = "The minister told reporters in Rome that Italy would send aid."
    rome = _by_key(extract_text(text))["rome"]
    assert rome.type is EntityType.LOCATION and rome.located_in == "italy"
    assert rome.coordinates is not None


def test_agency_by_acronym_full_name_and_description(extract_text):
    text = ("South Korea's spy agency said on Monday that it had new evidence. "
            "The National Intelligence Service (NIS) briefed lawmakers.")
    entities = _by_key(extract_text(text))
    agency = entities["national_intelligence_service"]
    assert {"NIS", "South Korea's spy agency"} <= set(agency.aliases) | {agency.name}
    assert sum(1 for e in entities.values() if e.type is EntityType.ORGANIZATION) == 1


def test_city_from_gazetteer_is_located_in_its_state(extract_text):
    text = "Fresh troops from Belarus arrived in Gomel, Belarus, on Friday."
    gomel = _by_key(extract_text(text)).get("gomel")
    assert gomel is not None and gomel.located_in == "belarus"


def test_counted_formation_is_a_military_unit(extract_text):
    text = "Belarus sent three battalions to the border with Poland."
    units = [e for e in extract_text(text).entities if e.type is EntityType.MILITARY_UNIT]
    assert [u.name for u in units] == ["three battalions"]


def test_spelling_variants_across_articles_share_one_key(extract_text):
    first = extract_text("Ukrainian President Volodymyr Zelenskyy spoke in Kyiv.", name="a.txt")
    second = extract_text("President Volodymyr Zelenskiy of Ukraine spoke again.", name="b.txt")
    unified = unify([first, second])
    keys = {e.key for x in unified for e in x.entities if e.type is EntityType.OFFICIAL}
    assert len(keys) == 1


def test_no_junk_entities_from_a_plain_sentence(extract_text):
    extraction = extract_text("Rain fell all day and the markets were quiet.")
    assert extraction.entities == ()


def test_organisation_named_after_a_state_is_one_organisation(extract_text):
    text = "Researchers at the Nigeria Security Observatory published the figures."
    entities = _by_key(extract_text(text))
    assert "nigeria_security_observatory" in entities
    assert entities["nigeria_security_observatory"].type is EntityType.ORGANIZATION
    assert "nigeria" not in entities


def test_capital_taken_in_battle_is_a_place(extract_text):
    text = "Rebels in Sudan vowed to retake Khartoum before the rainy season."
    khartoum = _by_key(extract_text(text))["khartoum"]
    assert khartoum.type is EntityType.LOCATION and khartoum.located_in == "sudan"


def test_weapon_acronym_is_not_an_organisation(extract_text):
    extraction = extract_text("The United States delivered HIMARS launchers to Estonia.")
    assert not [e for e in extraction.entities if e.type is EntityType.ORGANIZATION]


def test_title_before_the_name_in_apposition(extract_text):
    text = "Ghana's defence minister, Kofi Mensah-Boateng, said the border was calm."
    person = _by_key(extract_text(text))["kofi_mensah_boateng"]
    assert person.type is EntityType.OFFICIAL and person.affiliation == "ghana"


def test_description_of_an_agency_also_mentions_its_state(extract_text):
    entities = _by_key(extract_text("South Korea's spy agency briefed lawmakers."))
    assert "south_korea" in entities
    assert entities["national_intelligence_service"].affiliation == "south_korea"


def test_dateline_city_in_capitals_is_not_an_organisation(extract_text):
    text = "OSLO, May 2 - Norway sent 20 trucks to Latvia."
    assert not [e for e in extract_text(text).entities if e.type is EntityType.ORGANIZATION]
