"""Read amounts ("up to 12,000 soldiers", "$400 million") out of news phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["QUALIFIERS", "Quantity", "find_quantity", "parse_number"]

# Hedges in front of a number, by the normalised qualifier they stand for.
_HEDGES: dict[str, tuple[str, ...]] = {
    "up to": ("up to", "as many as", "at most", "no more than", "not more than",
              "a maximum of"),
    "at least": ("at least", "no fewer than", "no less than", "not less than",
                 "a minimum of"),
    "about": ("about", "around", "approximately", "roughly", "some", "an estimated",
              "estimated", "circa"),
    "almost": ("nearly", "almost", "just under", "close to", "just shy of"),
    "more than": ("more than", "over", "just over", "well over", "upwards of",
                  "in excess of", "above"),
    "fewer than": ("fewer than", "less than", "under", "below"),
}
QUALIFIERS: dict[str, str] = {p: norm for norm, ps in _HEDGES.items() for p in ps}
# Words that announce a grand total, which beats a count of formations.
TOTAL_CUES: frozenset[str] = frozenset(
    {"totaling", "totalling", "totaled", "totalled", "total of", "numbering",
     "amounting to", "adding up to", "altogether", "in all"}
)
CURRENCY_SYMBOLS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW",
                                    "₴": "UAH", "₽": "RUB"}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR",
    "eur": "EUR", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "won": "KRW",
    "krw": "KRW", "hryvnia": "UAH", "hryvnias": "UAH", "hryvnas": "UAH", "uah": "UAH",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rub": "RUB",
}
_ISO_CODES = frozenset({"USD", "EUR", "GBP", "KRW", "UAH", "RUB"})
_SMALL: dict[str, int] = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS: dict[str, int] = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9,
                           "trillion": 10**12, "mn": 10**6, "mln": 10**6, "bn": 10**9,
                           "bln": 10**9, "tn": 10**12}
# Glued abbreviations: "1.5bn" is always money-sized, "400m" may be metres.
_MONEY_ONLY_SUFFIXES: dict[str, int] = {"m": 10**6, "k": 10**3, "b": 10**9}
# Words after a number that make it a size, distance, time, rate or age, not a count.
NOT_COUNTS: frozenset[str] = frozenset(
    "mm millimetre millimetres millimeter millimeters cm centimetre centimetres "
    "centimeter centimeters inch inches calibre caliber km kilometre kilometres "
    "kilometer kilometers m metre metres meter meters mile miles mi ft foot feet "
    "yards nautical square acres hectares mph kph knots degrees percent pct "
    "percentage second seconds minute minutes hour hours day days week weeks month "
    "months year years decade decades am pm gmt utc hrs times fold kg lb lbs".split()
)
# Glued or hyphenated words that make the number count people: "a 3,000-strong force".
_COUNT_HYPHENS = frozenset({"strong", "man", "member", "person", "troop", "soldier"})
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# Nouns that are formations or batches: their count loses to the count of what they hold.
FORMATIONS: frozenset[str] = frozenset(
    "brigade brigades battalion battalions division divisions regiment regiments "
    "company companies platoon platoons squad squads unit units contingent contingents "
    "corps batch batches group groups wave waves shipment shipments convoy convoys "
    "tranche tranches consignment consignments delivery deliveries detachment "
    "detachments formation formations team teams package packages ship ships train "
    "trains flight flights rotation rotations".split()
)
# "an army of 1.3 million": the size of a force, not something moved.
SIZE_NOUNS = frozenset({"army", "armies", "military", "population", "workforce",
                        "reserves", "manpower", "strength", "size"})
KNOWN_UNITS: frozenset[str] = frozenset(
    "soldier soldiers troops personnel servicemen marines commandos fighters "
    "officers advisers advisors specialists technicians engineers workers "
    "mercenaries conscripts recruits men volunteers sailors pilots instructors "
    "shells rounds projectiles munitions ammunition artillery mortars rockets "
    "missiles drones uavs tanks vehicles howitzers guns launchers systems jets "
    "aircraft planes helicopters warships vessels containers crates tons tonnes "
    "boxes trucks wagons railcars pallets rifles weapons grenades mines bombs "
    "warheads interceptors barrels litres liters".split()
)
_MONTHS = frozenset(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_AGE_WORDS = frozenset({"aged", "age", "ages"})
_YEAR_WORDS = frozenset(
    "in since until till from during before after early late mid "
    "summer spring autumn fall winter year end start beginning".split()
)
_DESIGNATORS = frozenset(
    "resolution flight route article section chapter no number type block mark mk "
    "model version phase page paragraph line highway building gate platform".split()
)
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this",
                          "these", "those"})
_STOP_WORDS = _DETERMINERS | frozenset(
    "of in to from for with without by on at into onto toward towards across through "
    "via near inside and or but nor that which who whom whose where when while as "
    "than each apiece per is are was were be been being have has had do does did "
    "will would shall should can could may might must not already also now "
    "reportedly allegedly still just since after before during until over under more "
    "less so if because including plus there worth".split()
) | TOTAL_CUES
_TOKEN_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)*|\S"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """An amount read from a phrase; ``start``/``end`` cover qualifier and amount."""

    value: int | Decimal
    qualifier: str | None
    unit: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    glued: bool  # no white space before it

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_num(self) -> bool:
        return self.text[0].isdecimal()  # not "²": isdigit() but no number

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


@dataclass(frozen=True, slots=True)
class _Amount:
    value: Decimal
    first: int  # token index where the amount starts (currency included)
    last: int  # token index just after it
    currency: str | None
    plain: bool  # bare digits: no separator, decimal point, scale or currency


@dataclass(frozen=True, slots=True)
class _Candidate:
    value: Decimal
    qualifier: str | None
    unit: str | None
    rank: int  # 0 known unit or money, 1 other noun, 2 formation, 3 none
    first: int  # token index of qualifier or amount
    after: int  # token index after the counted noun
    total: bool
    each_after: bool


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for m in _TOKEN_RE.finditer(text):
        glued = bool(tokens) and tokens[-1].end == m.start()
        tokens.append(_Token(m.group(), m.start(), m.end(), glued))
    return tokens


def _currency_at(toks: list[_Token], j: int) -> tuple[str, int] | None:
    """Read a currency word after an amount ("euros", "US dollars", "USD")."""
    if j < len(toks) and toks[j].low == "us" and j + 1 < len(toks):
        if toks[j + 1].low in ("dollar", "dollars"):
            return "USD", j + 2
    if j < len(toks) and toks[j].low in CURRENCY_WORDS and not toks[j].glued:
        if toks[j].low == "pounds" and j + 1 < len(toks) and toks[j + 1].low == "of":
            return None  # "500 pounds of explosives" is a weight
        return CURRENCY_WORDS[toks[j].low], j + 1
    return None


def _read_words(toks: list[_Token], j: int) -> tuple[Decimal, int] | None:
    """Read spelled-out numbers: "twenty-five", "a hundred", "half a million"."""
    n = len(toks)
    low = [t.low for t in toks]
    if low[j] == "half" and j + 2 < n and low[j + 1] in ("a", "an"):
        scale = 12 if low[j + 2] == "dozen" else _SCALES.get(low[j + 2])
        return (Decimal(scale) / 2, j + 3) if scale else None
    total, current, last, k = 0, 0, "", j
    if low[j] in ("a", "an") and j + 1 < n and (
        low[j + 1] in ("hundred", "dozen") or low[j + 1] in _SCALES
    ):
        current, last, k = 1, "a", j + 1
    while k < n:
        w = low[k]
        if w in _SMALL and last not in ("small", "teen") and not (
            last == "tens" and not 0 < _SMALL[w] < 10
        ):
            current += _SMALL[w]
            last = "teen" if _SMALL[w] >= 10 else "small"
        elif w in _TENS and last not in ("small", "teen", "tens") and current % 100 == 0:
            current += _TENS[w]
            last = "tens"
        elif w == "hundred" and 0 < current < 100:
            current *= 100
            last = "hundred"
        elif w == "dozen" and current:
            current *= 12
            last = "dozen"
        elif w in _SCALES and current and w.isalpha() and len(w) > 3:
            total += current * _SCALES[w]
            current, last = 0, "scale"
        elif w == "-" and last == "tens" and toks[k].glued and k + 1 < n and (
            toks[k + 1].glued and low[k + 1] in _SMALL
        ):
            k += 1
            continue
        elif w == "and" and last in ("hundred", "scale") and k + 1 < n and (
            low[k + 1] in _SMALL or low[k + 1] in _TENS
        ):
            last = "and"
        else:
            break
        k += 1
    if last in ("", "a", "and"):
        return None
    return Decimal(total + current), k


def _read_amount(toks: list[_Token], i: int, money: bool = False) -> _Amount | None:
    """Read one amount starting at token ``i``: "$1.5bn", "12,000", "ten thousand"."""
    n, j, currency = len(toks), i, None
    if toks[j].low == "us" and j + 1 < n and toks[j + 1].text == "$" and toks[j + 1].glued:
        currency, j = "USD", j + 2
    elif toks[j].text in CURRENCY_SYMBOLS:
        currency, j = CURRENCY_SYMBOLS[toks[j].text], j + 1
    elif toks[j].text in _ISO_CODES and j + 1 < n and toks[j + 1].is_num:
        currency, j = toks[j].text, j + 1
    if j >= n:
        return None
    plain = False
    if toks[j].is_num:
        value = Decimal(toks[j].text.replace(",", ""))
        plain = currency is None and toks[j].text.isdecimal()
        j += 1
        if j < n and toks[j].glued and toks[j].low in _MONEY_ONLY_SUFFIXES:
            if not (currency or money or _currency_at(toks, j + 1)):
                return None  # "400m" outside money is a distance
            value, j, plain = value * _MONEY_ONLY_SUFFIXES[toks[j].low], j + 1, False
        elif j < n and toks[j].glued and toks[j].low in _SCALES:
            value, j, plain = value * _SCALES[toks[j].low], j + 1, False
        else:
            while j < n and not toks[j].glued and (
                toks[j].low in _SCALES or toks[j].low in ("hundred", "dozen")
            ):
                value *= {"hundred": 100, "dozen": 12}.get(toks[j].low) or _SCALES[toks[j].low]
                j, plain = j + 1, False
    else:
        words = _read_words(toks, j)
        if words is None:
            return None
        value, j = words
    low = [t.low for t in toks[j : j + 4]]
    if low[:3] == ["and", "a", "half"] and len(low) == 4 and low[3] in _SCALES:
        value = (value + Decimal("0.5")) * _SCALES[low[3]]
        j, plain = j + 4, False
    if currency is None and (found := _currency_at(toks, j)):
        currency, j = found
        plain = False
    return _Amount(value, i, j, currency, plain)


def _as_number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def parse_number(text: str, *, money: bool = False) -> int | Decimal | None:
    """Read a whole string as one number, as printed in news copy.

    Args:
        text: A numeral ("1,500", "1.2 million", "€1.5bn") or number words.
        money: Treat a glued "m", "k" or "b" as million, thousand or billion even
            without a currency sign ("400m" in a sentence about aid).

    Returns:
        An ``int`` for whole values, a ``Decimal`` otherwise, or None when ``text``
        is not a definite quantity (vague plurals, calibres, percentages, ordinals).

    Example:
        >>> parse_number("1,500")
        1500
        >>> parse_number("$400 million")
        400000000
        >>> parse_number("twenty-five"), parse_number("half a million")
        (25, 500000)
        >>> parse_number("6433.10")
        Decimal('6433.10')
        >>> parse_number("400m", money=True)
        400000000
        >>> [parse_number(t) for t in ("thousands", "152mm", "78%", "first", "400m")]
        [None, None, None, None, None]
    """
    toks = _tokenize(text.strip())
    if not toks:
        return None
    amount = _read_amount(toks, 0, money=money)
    if amount is None:
        return None
    rest = [t.low for t in toks[amount.last :]]
    if rest not in ([], ["-", "strong"]) or (rest and not toks[amount.last].glued):
        return None
    return _as_number(amount.value)


def _is_headlike(word: str) -> bool:
    """Whether ``word`` can end a noun phrase: a known unit or a plural noun."""
    w = word.lower()
    if w in KNOWN_UNITS or w in FORMATIONS:
        return True
    if w.endswith(("'s", "’s")):
        return False  # a possessive modifies the head: "People's Army soldiers"
    plural = w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3
    return plural and not word.isupper()


def _is_known(word: str) -> bool:
    w = word.lower()
    return w in KNOWN_UNITS or f"{w}s" in KNOWN_UNITS


def _read_noun(toks: list[_Token], j: int) -> tuple[str | None, int]:
    """Read the counted noun after an amount; returns it and the index after it."""
    n = len(toks)
    if j + 1 < n and toks[j].low == "of" and toks[j + 1].low in _DETERMINERS:
        j += 2  # "3,000 of its soldiers"
    words: list[str] = []
    k = j
    while k < n and len(words) < 6:
        t = toks[k]
        if t.is_num and words and words[-1][0].isupper() and t.text.isdecimal():
            k += 1  # a model number inside the phrase: "50 Leopard 2 tanks"
            continue
        if words and t.glued and (t.text[0].isalnum() or (
            t.text == "-" and k + 1 < n and toks[k + 1].glued and toks[k + 1].text[0].isalnum()
        )):
            words[-1] += t.text  # "Iranian-made", "T-72s", "KN-23"
            k += 1
            continue
        if not t.is_word or t.low in _STOP_WORDS or t.low in _MONTHS:
            break
        if words and (_is_headlike(words[-1]) or t.low.endswith(("ed", "ing"))):
            if not _is_known(t.text):
                break
        words.append(t.text)
        k += 1
    return (words[-1].lower() if words else None), k


def _phrase_before(toks: list[_Token], end: int, phrases: dict[str, str] | frozenset[str]
                   ) -> tuple[str, int] | None:
    """Find the longest phrase from ``phrases`` that ends just before token ``end``."""
    for size in (4, 3, 2, 1):
        if end - size < 0:
            continue
        words = " ".join(t.low for t in toks[end - size : end])
        if words in phrases:
            return words, end - size
    return None


_QUALIFIER_WORDS = frozenset({"about", "around", "some", "nearly", "almost", "up", "over",
                              "more", "at", "least", "roughly", "approximately", "another",
                              "a", "an", "the", "some", "only", "just", "all", "those",
                              "these", "total", "totaling", "totalling", "numbering", "with"})


def _is_not_a_count(toks: list[_Token], amount: _Amount) -> bool:
    """Whether context makes the amount a date, time, size, model number or ID."""
    n, first, last = len(toks), amount.first, amount.last
    prev = toks[first - 1] if first else None
    nxt = toks[last] if last < n else None
    after = toks[last + 1] if last + 1 < n else None
    if prev and toks[first].glued and (prev.is_word or prev.text in "-#+/:.№"):
        return True  # "KN-23", "M142", "#12", "10:30"
    if nxt and nxt.glued:
        if nxt.is_word or nxt.text == "%":
            return True  # "152mm", "1st", "78%"
        if nxt.text in ":/." and after and after.glued and after.is_num:
            return True  # "10:30", "10/23", "3.5.1"
    if prev and prev.low in _AGE_WORDS:
        return True
    if prev and (prev.low in _MONTHS or (
        prev.text == "." and first >= 2 and toks[first - 2].low in _MONTHS
    )):
        return True  # "October 23", "Oct. 23"
    if nxt and (nxt.low in _MONTHS or nxt.low in NOT_COUNTS):
        return True  # "23 October", "300 km", "48 hours"
    if nxt and nxt.low == "per" and after and after.low == "cent":
        return True
    if nxt and nxt.low in ("a", "p") and after and after.text == "." and after.glued:
        return True  # "10 a.m."
    if nxt and nxt.low == "o'clock":
        return True
    if prev and prev.low in _DESIGNATORS:
        return True
    if first >= 2 and prev and prev.text[0].isupper() and amount.plain and (
        toks[first - 2].low in _DETERMINERS
    ):
        return True  # "the Leopard 2"
    if first >= 1 and prev and prev.is_word and prev.text[0].isupper() and amount.plain \
            and prev.low not in _QUALIFIER_WORDS and (first == 1 or toks[first - 2].is_word):
        return True  # "several Hermes 900 drones": a model name, not a count
    if amount.plain:
        digits = toks[first].text
        if len(digits) > 1 and digits.startswith("0"):
            return True  # "0900", "007"
        if (nxt and nxt.is_num and not nxt.glued) or (prev and prev.text.isdecimal()):
            return True  # "495 123 4567"
        if len(digits) == 4 and 1800 <= int(digits) <= 2100:
            noun, _ = _read_noun(toks, last)
            if (prev and prev.low in _YEAR_WORDS) or noun is None or not _is_headlike(noun):
                return True  # "in 2024", "the 2022 invasion"
    return False


def _read_range_end(toks: list[_Token], amount: _Amount) -> _Amount | None:
    """Read the upper end of "3,000-5,000", "3,000 to 5,000" or "between 3 and 5"."""
    n, last = len(toks), amount.last
    if last + 1 >= n:
        return None
    sep = toks[last]
    between = amount.first > 0 and toks[amount.first - 1].low == "between"
    glued_dash = sep.text in "-–" and sep.glued and toks[last + 1].glued
    if not (glued_dash or sep.low in ("to", "or") or (between and sep.low == "and")):
        return None
    upper = _read_amount(toks, last + 1)
    if upper is None or upper.value < amount.value:
        return None
    if glued_dash and upper.last + 1 < n and toks[upper.last].text == "-":
        return None  # "2024-10-23", "123-456-7890"
    return upper


def _candidates(toks: list[_Token]) -> list[tuple[_Candidate, int, int]]:
    """Every amount in the phrase that counts something, with its char span."""
    found: list[tuple[_Candidate, int, int]] = []
    n, i = len(toks), 0
    while i < n:
        amount = _read_amount(toks, i)
        if amount is None:
            i += 1
            continue
        if _is_not_a_count(toks, amount) or (
            toks[i].low == "one" and amount.last < n and toks[amount.last].low == "of"
        ):
            i = amount.last
            continue
        qualifier = None
        upper = _read_range_end(toks, amount)
        if upper is not None:
            if amount.plain and len(toks[i].text) == 4 and upper.plain:
                i = upper.last  # "2022-23"
                continue
            qualifier = "up to"
            amount = _Amount(upper.value, amount.first, upper.last,
                             amount.currency or upper.currency, False)
            if _is_not_a_count(toks, amount):
                i = amount.last  # "300-400 km"
                continue
        end_char = toks[amount.last - 1].end
        j = amount.last
        if j + 1 < n and toks[j].text == "-" and toks[j].glued and toks[j + 1].glued:
            if toks[j + 1].low not in _COUNT_HYPHENS:
                i = j + 2  # "155-millimetre", "25-year-old", "one-third"
                continue
            j += 2
        noun, after = _read_noun(toks, j)
        if noun in SIZE_NOUNS:
            i = after  # "a 1.2 million-strong army"
            continue
        found_q = _phrase_before(toks, amount.first, QUALIFIERS)
        q_first = found_q[1] if found_q else amount.first
        if found_q and qualifier is None:
            qualifier = QUALIFIERS[found_q[0]]
        elif q_first and qualifier and toks[q_first - 1].low == "between":
            q_first -= 1
        cue = _phrase_before(toks, q_first, TOTAL_CUES)
        if q_first >= 2 and toks[q_first - 1].low in ("of", "numbering", "with") and (
            toks[q_first - 2].low in SIZE_NOUNS
            or (toks[q_first - 2].low == "forces" and toks[q_first - 3 : q_first - 2]
                and toks[q_first - 3].low == "armed")
        ):
            i = after  # "an army of 1.3 million"
            continue
        if amount.currency:
            unit, rank = amount.currency, 0
        elif noun is None:
            unit, rank = None, 3
            if cue and cue[1] >= 1:  # "soldiers, numbering 2,600"
                k = cue[1] - 1 - (toks[cue[1] - 1].text == ",")
                if k >= 0 and toks[k].is_word and _is_headlike(toks[k].text) and (
                    toks[k].low not in FORMATIONS
                ):
                    unit, rank = toks[k].low, 1
        else:
            unit = noun
            rank = 2 if noun in FORMATIONS else 0 if _is_known(noun) else 1
        each = after < n and toks[after].low in ("each", "apiece")
        candidate = _Candidate(amount.value, qualifier, unit, rank, q_first, after,
                               cue is not None, each)
        found.append((candidate, toks[q_first].start, end_char))
        i = max(after, amount.last)
    return found


def find_quantity(phrase: str) -> Quantity | None:
    """Read the amount a transfer phrase states.

    A grand total ("totaling 12,000") beats a count of formations, "N units of M
    each" multiplies, and a count of soldiers or shells beats a count of brigades.
    Dates, calibres, ranges in km, percentages, ages, model numbers and vague
    plurals ("thousands") are never quantities.

    Args:
        phrase: A noun phrase or clause fragment around a transfer noun.

    Returns:
        The quantity, with ``start``/``end`` spanning qualifier and amount in
        ``phrase`` (for "N units of M each", from N through M), or None when the
        phrase states no definite amount. A range ("3,000-5,000") gives its upper
        end, qualified "up to".

    Example:
        >>> find_quantity("up to 12,000 soldiers")
        Quantity(value=12000, qualifier='up to', unit='soldiers', start=0, end=12)
        >>> q = find_quantity("two brigades of 6,000 soldiers each")
        >>> q.value, q.unit
        (12000, 'soldiers')
        >>> find_quantity("a new $400 million military aid package").unit
        'USD'
        >>> find_quantity("152mm shells") is None
        True
    """
    toks = _tokenize(phrase)
    found = _candidates(toks)
    if not found:
        return None
    chosen: tuple[_Candidate, int, int] | None = None
    for (prev, p_start, _), (cand, _, c_end) in zip(found, found[1:], strict=False):
        between = toks[prev.after : cand.first]
        each_between = len(between) <= 4 and any(t.low == "each" for t in between)
        if (cand.each_after or each_between) and prev.rank < 3 and prev.unit not in (
            _ISO_CODES
        ):
            product = _Candidate(prev.value * cand.value, cand.qualifier or prev.qualifier,
                                 cand.unit, cand.rank, prev.first, cand.after, True, False)
            chosen = (product, p_start, c_end)
            break
    if chosen is None:
        totals = [f for f in found if f[0].total]
        chosen = totals[0] if totals else min(found, key=lambda f: f[0].rank)
    cand, start, end = chosen
    return Quantity(value=_as_number(cand.value), qualifier=cand.qualifier,
                    unit=cand.unit, start=start, end=end)
