"""Tests for extraction.quantities: number grammar, qualifiers, units and non-counts."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from extraction import quantities
from extraction.quantities import QUALIFIERS
from extraction.quantities import Quantity
from extraction.quantities import find_quantity
from extraction.quantities import parse_number

NUMBERS = [
    ("1,500", 1500),
    ("12000", 12000),
    ("0", 0),
    ("1,000,000", 1000000),
    ("1.2 million", 1200000),
    ("2.5 billion", 2500000000),
    ("$400 million", 400000000),
    ("US$2 billion", 2000000000),
    ("€1.5bn", 1500000000),
    ("1.5 billion", 1500000000),
    ("£2.5bn", 2500000000),
    ("3.2 mln", 3200000),
    ("$400m", 400000000),
    ("€750k", 750000),
    ("two", 2),
    ("eleven", 11),
    ("twenty-five", 25),
    ("ninety nine", 99),
    ("a hundred", 100),
    ("one hundred and twenty", 120),
    ("fifteen hundred", 1500),
    ("ten thousand", 10000),
    ("two hundred thousand", 200000),
    ("a thousand", 1000),
    ("a million", 1000000),
    ("a dozen", 12),
    ("two dozen", 24),
    ("half a dozen", 6),
    ("half a million", 500000),
    ("one and a half million", 1500000),
    ("10,000-strong", 10000),
    ("6433.10", Decimal("6433.10")),
    ("0.5", Decimal("0.5")),
    ("  7  ", 7),
]

NOT_NUMBERS = [
    "hundreds",
    "thousands",
    "dozens",
    "tens of thousands",
    "a few thousand",
    "several thousand",
    "many thousands",
    "152mm",
    "155-millimetre",
    "78%",
    "first",
    "fourth-largest",
    "1st",
    "400m",  # metres unless the context is money
    "October 23",
    "KN-23",
    "",
    "soldiers",
    "a",
    "twenty-first",
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS, ids=[t for t, _ in NUMBERS])
def test_parse_number_reads_news_numerals(text, expected):
    value = parse_number(text)
    assert value == expected
    assert type(value) is type(expected)  # whole values are int, fractions Decimal


@pytest.mark.parametrize("text", NOT_NUMBERS, ids=[t or "empty" for t in NOT_NUMBERS])
def test_parse_number_rejects_non_quantities(text):
    assert parse_number(text) is None


def test_parse_number_money_flag_reads_glued_m():
    assert parse_number("400m", money=True) == 400000000


# (phrase, value, qualifier, unit)
FOUND = [
    ("up to 12,000 soldiers", 12000, "up to", "soldiers"),
    ("as many as 1,500 troops", 1500, "up to", "troops"),
    ("at least 3,000 Korean People's Army soldiers", 3000, "at least", "soldiers"),
    ("no fewer than 40 launchers", 40, "at least", "launchers"),
    ("around 12,000 troops", 12000, "about", "troops"),
    ("approximately 250 tanks", 250, "about", "tanks"),
    ("roughly 70 howitzers", 70, "about", "howitzers"),
    ("some 2,000 troops", 2000, "about", "troops"),
    ("an estimated 4,500 conscripts", 4500, "about", "conscripts"),
    ("nearly 500 drones", 500, "almost", "drones"),
    ("almost 90 helicopters", 90, "almost", "helicopters"),
    ("just under 1,000 rockets", 1000, "almost", "rockets"),
    ("more than 10,000 artillery shells", 10000, "more than", "shells"),
    ("over 600 missiles", 600, "more than", "missiles"),
    ("upwards of 8,000 rounds", 8000, "more than", "rounds"),
    ("in excess of 20,000 mortar rounds", 20000, "more than", "rounds"),
    ("fewer than 100 advisers", 100, "fewer than", "advisers"),
    ("less than 50 jets", 50, "fewer than", "jets"),
    ("under 300 engineers", 300, "fewer than", "engineers"),
    ("a new $400 million military aid package", 400000000, None, "USD"),
    ("£2.5bn in aid", 2500000000, None, "GBP"),
    ("€1.5bn for air defence", 1500000000, None, "EUR"),
    ("a further 400m euros in support", 400000000, None, "EUR"),
    ("1.2 trillion won in loans", 1200000000000, None, "KRW"),
    ("5 billion hryvnias of equipment", 5000000000, None, "UAH"),
    ("30 billion roubles", 30000000000, None, "RUB"),
    ("250 million US dollars", 250000000, None, "USD"),
    ("two brigades of 6,000 soldiers each", 12000, None, "soldiers"),
    ("two brigades of 6,000 each", 12000, None, None),
    ("three trains carrying 40 containers each", 120, None, "containers"),
    ("four battalions, each with 500 marines", 2000, None, "marines"),
    ("three tranches of $100 million each", 300000000, None, "USD"),
    ("four brigades totaling around 12,000 troops", 12000, "about", "troops"),
    ("five battalions numbering 3,500 in all", 3500, None, None),
    ("13,000 containers of artillery shells", 13000, None, "containers"),
    ("a battalion of 800 marines", 800, None, "marines"),
    ("one regiment of 2,400 paratroopers", 2400, None, "paratroopers"),
    ("ten thousand soldiers", 10000, None, "soldiers"),
    ("a dozen generals", 12, None, "generals"),
    ("the second group of conscripts, numbering 1,100", 1100, None, "conscripts"),
    ("a 10,000-strong contingent", 10000, None, "contingent"),
    ("nearly 500 Iranian-made attack drones were delivered", 500, "almost", "drones"),
    ("2,000 troops arrived at the port", 2000, None, "troops"),
    ("60 Leopard 2 tanks", 60, None, "tanks"),
    ("18 HIMARS launchers", 18, None, "launchers"),
    ("sent 50 T-72 tanks", 50, None, "tanks"),
    ("at least 200 KN-23 missiles", 200, "at least", "missiles"),
    ("a 3,000-man contingent", 3000, None, "contingent"),
    ("One North Korean soldier", 1, None, "soldier"),
    ("3,000-5,000 troops", 5000, "up to", "troops"),
    ("between 10,000 and 12,000 fighters", 12000, "up to", "fighters"),
    ("the two governments agreed to ship 900 drones", 900, None, "drones"),
    ("a force of 2000 sailors", 2000, None, "sailors"),
    ("1,000 tonnes of ammunition", 1000, None, "tonnes"),
    ("three battalions", 3, None, "battalions"),
    ("7 soldiers", 7, None, "soldiers"),
]

NOT_FOUND = [
    "152mm shells",
    "155-millimetre rounds",
    "122 mm rockets",
    "a 7.62 mm rifle",
    "missiles with a range of 300 km",
    "with a range of 2,000 kilometres",
    "flew 500 miles",
    "in 2024",
    "the 2022 invasion",
    "October 23",
    "by November 1",
    "on 4 October",
    "at 10:30",
    "at 9 a.m.",
    "0900 GMT",
    "for 48 hours",
    "aged 25",
    "a 19-year-old conscript",
    "78% of the shells",
    "78 percent of the shells",
    "one-third of the stockpile",
    "the fourth-largest army",
    "the 3rd Brigade",
    "an army of 1.3 million",
    "an army of some 1.2 million soldiers",
    "a 1.2 million-strong army",
    "a population of 25 million",
    "an army with 1.2 million troops",
    "a 2,000-pound bomb",
    "500-kilogram bombs",
    "the 11th Corps",
    "troops from the 92nd brigade",
    "hundreds of thousands of rounds",
    "KN-23 missiles",
    "S-300 systems",
    "Su-27 jets",
    "M142 launchers",
    "Shahed-136 drones",
    "F-16 fighters",
    "Resolution 2231",
    "call +7 495 123 4567",
    "case 2024-10-23-17",
    "hundreds of troops",
    "thousands of North Korean troops",
    "tens of thousands of shells",
    "dozens of drones",
    "a few thousand soldiers",
    "several thousand soldiers",
    "one of the soldiers",
    "the troops arrived",
    "",
]


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier", "unit"), FOUND, ids=[f[0] for f in FOUND]
)
def test_find_quantity_reads_amount(phrase, value, qualifier, unit):
    quantity = find_quantity(phrase)
    assert quantity is not None, phrase
    assert (quantity.value, quantity.qualifier, quantity.unit) == (value, qualifier, unit)


@pytest.mark.parametrize("phrase", NOT_FOUND, ids=[p or "empty" for p in NOT_FOUND])
def test_find_quantity_ignores_non_counts(phrase):
    assert find_quantity(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "span"),
    [
        ("sent up to 12,000 soldiers", "up to 12,000"),
        ("a new $400 million package", "$400 million"),
        ("between 10,000 and 12,000 fighters", "between 10,000 and 12,000"),
        ("brigades totaling around 12,000 troops", "around 12,000"),
    ],
    ids=["qualifier", "money", "range", "total"],
)
def test_find_quantity_span_covers_qualifier_and_amount(phrase, span):
    quantity = find_quantity(phrase)
    assert quantity is not None
    assert phrase[quantity.start : quantity.end] == span


def test_quantity_is_frozen():
    quantity = Quantity(value=1, qualifier=None, unit=None, start=0, end=1)
    with pytest.raises(AttributeError):
        quantity.value = 2  # type: ignore[misc]


def test_qualifier_vocabulary_is_small():
    assert set(QUALIFIERS.values()) == {
        "up to", "at least", "about", "almost", "more than", "fewer than"
    }


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_parse_number_reads_thousands_separators(n):
    assert parse_number(f"{n:,}") == n


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_find_quantity_counts_soldiers(n):
    quantity = find_quantity(f"{n:,} soldiers")
    assert quantity is not None
    assert (quantity.value, quantity.unit) == (n, "soldiers")


@settings(deadline=None)
@given(st.integers(), st.sampled_from(["{}mm", "{} mm", "{}-mm", "a {}mm shell",
                                      "{:,}mm rounds", "{}-millimetre guns"]))
def test_calibres_are_never_quantities(n, template):
    text = template.format(n)
    assert find_quantity(text) is None
    assert parse_number(text) is None


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_percentages_are_never_quantities(n):
    assert find_quantity(f"{n}% of the shells") is None


def test_doctests_pass():
    result = doctest.testmod(quantities)
    assert result.attempted > 0 and result.failed == 0
