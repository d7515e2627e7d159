"""Reference data (ontology/data/*.json): well-formed, consistent, and covering what news names."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from ontology import EntityType, Reference, ReferenceEntity, load_reference

DATA = Path(__file__).resolve().parent.parent / "ontology" / "data"
KEY = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")

#: Names that two different entities may both carry. Empty today: add a name here only
#: with the reason, because the extractor cannot tell such entities apart by name alone.
SHARED_NAMES_ALLOWED: dict[str, str] = {}

#: States without a capital in the data, and why.
NO_CAPITAL = {
    "israel": "Jerusalem's status is contested",
    "palestine": "East Jerusalem and Ramallah are both claimed",
    "singapore": "the capital has the state's own name",
    "seychelles": "Victoria is far more often the Australian state or a person",
}

#: States without a demonym in the data, and why.
NO_DEMONYM = {
    "holy_see": "no demonym names its people or forces",
    "republic_of_the_congo": "\"Congolese\" is kept for the far more reported DR Congo",
    "dominica": "\"Dominican\" is kept for the Dominican Republic",
}


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference()


def _raw(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _names(entity: ReferenceEntity) -> set[str]:
    return {entity.name, *entity.aliases, *entity.demonyms, *entity.capitals}


# ---------------------------------------------------------------- shape of the files


@pytest.mark.parametrize(
    "name", ["states.json", "organizations.json", "officials.json", "locations.json"]
)
def test_records_use_only_known_fields(name):
    allowed = {
        "key", "name", "aliases", "demonyms", "capitals", "wikidata", "role",
        "affiliation", "located_in", "coordinates", "type", "descriptors",
    }
    for record in _raw(name):
        assert set(record) <= allowed, record["key"]
        assert record["name"].strip() == record["name"] and record["name"]
        for field in ("aliases", "demonyms", "capitals", "descriptors"):
            values = record.get(field, [])
            assert isinstance(values, list), (record["key"], field)
            assert all(isinstance(v, str) and v.strip() == v and v for v in values)
            assert len(values) == len(set(values)), (record["key"], field)


def test_keys_are_unique_snake_case(reference):
    keys = [e.key for e in reference.entities]
    assert len(keys) == len(set(keys))
    bad = [k for k in keys if not KEY.match(k)]
    assert bad == []


def test_counts(reference):
    counts = defaultdict(int)
    for entity in reference.entities:
        counts[entity.type] += 1
    assert counts[EntityType.STATE] == 197
    assert counts[EntityType.ORGANIZATION] + counts[EntityType.MILITARY_UNIT] >= 250
    assert counts[EntityType.OFFICIAL] >= 250
    assert counts[EntityType.LOCATION] >= 120


def test_wikidata_ids_are_well_formed_and_unique(reference):
    ids = [e.wikidata for e in reference.entities if e.wikidata]
    assert all(QID.match(q) for q in ids)
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------- references resolve


def test_affiliations_resolve_to_states_or_organizations(reference):
    # the SHACL shapes require ckg:affiliation to point at a State or Organization
    for entity in reference.entities:
        if entity.affiliation is None:
            continue
        target = reference.get(entity.affiliation)
        assert target is not None, f"{entity.key} -> unknown {entity.affiliation}"
        assert target.type in (EntityType.STATE, EntityType.ORGANIZATION), entity.key
        assert target.key != entity.key


def test_located_in_resolves_to_locations_or_states(reference):
    for entity in reference.entities:
        if entity.located_in is None:
            continue
        target = reference.get(entity.located_in)
        assert target is not None, f"{entity.key} -> unknown {entity.located_in}"
        assert target.type in (EntityType.STATE, EntityType.LOCATION), entity.key


def test_only_locations_have_a_container(reference):
    assert all(
        e.located_in is None for e in reference.entities if e.type is not EntityType.LOCATION
    )


# ---------------------------------------------------------------- states


@pytest.mark.parametrize(
    "key",
    ["united_states", "russia", "ukraine", "north_korea", "south_korea", "china", "iran",
     "israel", "palestine", "taiwan", "kosovo", "holy_see", "united_kingdom", "turkey",
     "czech_republic", "ivory_coast", "myanmar", "democratic_republic_of_the_congo",
     "south_sudan", "east_timor", "eswatini", "north_macedonia"],
)
def test_state_is_present(reference, key):
    entity = reference.get(key)
    assert entity is not None and entity.type is EntityType.STATE


def test_every_state_has_a_demonym_and_a_capital(reference):
    for state in reference.of_type(EntityType.STATE):
        assert bool(state.capitals) != (state.key in NO_CAPITAL), state.key
        assert bool(state.demonyms) != (state.key in NO_DEMONYM), state.key


def test_every_state_has_a_wikidata_id(reference):
    assert [s.key for s in reference.of_type(EntityType.STATE) if not s.wikidata] == []


def test_no_office_name_stands_for_a_state(reference):
    # "the White House" and "the Pentagon" are organizations, not the United States
    for state in reference.of_type(EntityType.STATE):
        assert not {"White House", "Pentagon", "the Pentagon"} & _names(state), state.key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("US", "united_states"), ("U.S.", "united_states"), ("America", "united_states"),
        ("Americans", "united_states"), ("Washington", "united_states"),
        ("UK", "united_kingdom"), ("Britain", "united_kingdom"), ("British", "united_kingdom"),
        ("Downing Street", "united_kingdom"),
        ("DPRK", "north_korea"), ("North Korean", "north_korea"),
        ("North Koreans", "north_korea"), ("Pyongyang", "north_korea"),
        ("Democratic People's Republic of Korea", "north_korea"),
        ("ROK", "south_korea"), ("Republic of Korea", "south_korea"), ("Seoul", "south_korea"),
        ("Russian Federation", "russia"), ("Kremlin", "russia"), ("Russians", "russia"),
        ("Moscow", "russia"),
        ("Kyiv", "ukraine"), ("Kiev", "ukraine"), ("Ukrainians", "ukraine"),
        ("PRC", "china"), ("People's Republic of China", "china"), ("Beijing", "china"),
        ("Islamic Republic of Iran", "iran"), ("Tehran", "iran"), ("Iranian", "iran"),
        ("Israelis", "israel"), ("Belarussian", "belarus"), ("Belarusian", "belarus"),
        ("Emirati", "united_arab_emirates"), ("UAE", "united_arab_emirates"),
        ("DRC", "democratic_republic_of_the_congo"), ("ROC", "taiwan"),
        ("Czechia", "czech_republic"), ("Côte d'Ivoire", "ivory_coast"), ("Burma", "myanmar"),
        ("Türkiye", "turkey"), ("Turkish", "turkey"),
    ],
)
def test_state_names_resolve(reference, name, key):
    owners = [e.key for e in reference.entities if name in _names(e)]
    assert owners == [key]


def test_turkey_is_named_turkey(reference):
    assert reference.get("turkey").name == "Turkey"


def test_states_json_is_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location(
        "make_states", DATA.parent.parent / "tools" / "make_states.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.records() == _raw("states.json")


# ---------------------------------------------------------------- names are unambiguous


def test_no_name_is_shared_by_two_entities(reference):
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in reference.entities:
        for name in _names(entity):
            owners[name.casefold()].add(entity.key)
    shared = {name: sorted(keys) for name, keys in owners.items() if len(keys) > 1}
    assert {n: k for n, k in shared.items() if n not in SHARED_NAMES_ALLOWED} == {}


@pytest.mark.parametrize(
    "phrase",
    ["Security Council", "Joint Chiefs of Staff", "Defence Intelligence", "Foreign Ministry",
     "Defense Ministry", "Ministry of Defence", "Foreign Intelligence Service",
     "Security Service", "Ministry of State Security", "Central Military Commission",
     "General Staff", "Military Intelligence Directorate", "Ministry of the Armed Forces",
     "Supreme National Security Council", "National Guard", "Armed Forces"],
)
def test_generic_office_names_belong_to_no_one(reference, phrase):
    # "Ukraine's Security Service" must not resolve to MI5: bodies several states have
    # are found by (state, descriptor), never by the bare phrase
    assert [e.key for e in reference.entities if phrase in _names(e)] == []


def test_aliases_do_not_repeat_the_name(reference):
    for entity in reference.entities:
        assert entity.name not in entity.aliases, entity.key


# ---------------------------------------------------------------- organizations


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("NIS", "national_intelligence_service"),
        ("HUR", "main_directorate_of_intelligence"),
        ("GUR", "main_directorate_of_intelligence"),
        ("Defence Intelligence of Ukraine", "main_directorate_of_intelligence"),
        ("SBU", "security_service_of_ukraine"),
        ("Pentagon", "united_states_department_of_defense"),
        ("Defense Department", "united_states_department_of_defense"),
        ("State Department", "united_states_department_of_state"),
        ("White House", "white_house"),
        ("CIA", "central_intelligence_agency"), ("FSB", "federal_security_service"),
        ("MI6", "secret_intelligence_service"), ("Mossad", "mossad"),
        ("KCNA", "korean_central_news_agency"), ("Yonhap", "yonhap"),
        ("NATO", "nato"), ("EU", "european_union"), ("UN", "united_nations"),
        ("IAEA", "international_atomic_energy_agency"),
        ("Ansar Allah", "houthis"), ("ISIS", "islamic_state"), ("RSF", "rapid_support_forces"),
        ("Wagner", "wagner_group"), ("ISW", "institute_for_the_study_of_war"),
        ("Associated Press", "associated_press"), ("AFP", "afp"),
        ("KPA", "korean_peoples_army"), ("IRGC", "islamic_revolutionary_guard_corps"),
    ],
)
def test_organization_names_resolve(reference, name, key):
    owners = [e.key for e in reference.entities if name in _names(e)]
    assert owners == [key]


def test_descriptors_are_lower_case(reference):
    for entity in reference.entities:
        assert all(d == d.lower() for d in entity.descriptors), entity.key


def test_descriptors_are_unambiguous_per_state(reference):
    # the extractor resolves "South Korea's spy agency" by (state, descriptor)
    owners: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for entity in reference.entities:
        for descriptor in entity.descriptors:
            owners[(entity.affiliation, descriptor)].append(entity.key)
    assert {pair: keys for pair, keys in owners.items() if len(keys) > 1} == {}


@pytest.mark.parametrize(
    ("state", "descriptor", "key"),
    [
        ("south_korea", "spy agency", "national_intelligence_service"),
        ("south_korea", "intelligence", "national_intelligence_service"),
        ("ukraine", "military intelligence", "main_directorate_of_intelligence"),
        ("united_states", "defense department", "united_states_department_of_defense"),
        ("russia", "defence ministry", "russian_defense_ministry"),
        ("russia", "foreign ministry", "russian_foreign_ministry"),
        ("south_korea", "foreign ministry", "south_korean_foreign_ministry"),
        ("north_korea", "state media", "korean_central_news_agency"),
    ],
)
def test_descriptor_finds_the_body(reference, state, descriptor, key):
    found = [
        e.key for e in reference.entities
        if e.affiliation == state and descriptor in e.descriptors
    ]
    assert found == [key]


def test_descriptors_are_read_into_the_record(reference):
    assert "spy agency" in reference.get("national_intelligence_service").descriptors


# ---------------------------------------------------------------- officials


def test_officials_have_role_and_affiliation(reference):
    for official in reference.of_type(EntityType.OFFICIAL):
        assert official.role and official.affiliation, official.key


def test_only_officials_have_a_role(reference):
    # ckg:role has the domain ckg:Official in kg.ttl
    assert all(e.role is None for e in reference.entities if e.type is not EntityType.OFFICIAL)


def test_official_aliases_are_not_bare_surnames(reference):
    # surnames are the extractor's job; a bare "Austin" here would collide with places
    for person in (*reference.of_type(EntityType.OFFICIAL), *reference.of_type(EntityType.PERSON)):
        surname = person.name.split()[-1]
        assert surname not in person.aliases, person.key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Zelenskyy", None), ("Volodymyr Zelenskyy", "volodymyr_zelensky"),
        ("Lloyd J. Austin III", "lloyd_austin"), ("Kim Jong-un", "kim_jong_un"),
        ("Hemedti", "mohamed_hamdan_dagalo"), ("Kyrylo Budanov", "kyrylo_budanov"),
    ],
)
def test_official_names_resolve(reference, name, key):
    owners = [e.key for e in reference.entities if name in _names(e)]
    assert owners == ([key] if key else [])


# ---------------------------------------------------------------- locations


def test_locations_have_plausible_coordinates(reference):
    for location in reference.of_type(EntityType.LOCATION):
        assert location.coordinates is not None, location.key
        lat, lon = location.coordinates
        assert -90 <= lat <= 90 and -180 <= lon <= 180, location.key


@pytest.mark.parametrize(
    ("name", "key", "container"),
    [
        ("Kursk region", "kursk_oblast", "russia"),
        ("Russia's Far East", "russian_far_east", "russia"),
        ("Far East", "russian_far_east", "russia"),
        ("Gaza", "gaza_strip", "palestine"),
        ("Donbass", "donbas", "ukraine"),
        ("DMZ", "korean_demilitarized_zone", None),
        ("Strait of Hormuz", "strait_of_hormuz", None),
        ("Ramstein Air Base", "ramstein_air_base", "germany"),
    ],
)
def test_location_names_resolve(reference, name, key, container):
    owners = [e for e in reference.entities if name in _names(e)]
    assert [e.key for e in owners] == [key]
    assert owners[0].located_in == container
