"""Phone numbers found by Google's libphonenumber (the `phonenumbers` package), not by a US regex.

The patterns in `rules` know US shapes and labelled numbers; a UK, Australian, Irish or Spanish
number written the national way (`020 7946 0958`, `(02) 9876 5432`, `612 345 678`) has none of
them. libphonenumber knows every country's numbering plan, and its matcher already refuses dates,
times and page ranges. It is slow next to a regex, so a line reaches it only when it holds seven
digits in a row (allowing a few separators), and the other countries' plans only when a run looks
like their national form (a leading trunk 0, or nine digits for Spain).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import phonenumbers

DEFAULT_REGION = "US"  # the department's own country: its numbers are written without +CC
# National formats checked besides the configured region: the countries whose case reports and
# referrals reach an English- or Spanish-language department most (Canada shares +1 with the US);
# Spain and India are checked for their own shapes of number (nine, or ten digits from 6 to 9). South Africa,
# Nigeria, the Philippines and Malaysia write English with a trunk 0 too; Germany, Italy and France are left out:
# their plans take almost any run after a 0 (a record number's, a code's).
TRUNK_ZERO_REGIONS = ("GB", "AU", "IE", "NZ", "KR", "JP", "ZA", "NG", "PH", "MY")
# A place named on the line says whose numbering plan its numbers follow: "9123 4567 (Singapore)" is a
# Singapore mobile, no number of the configured region's. Countries and their main cities, lower-cased.
_PLACES = {
    "singapore": "SG",
    "hong kong": "HK",
    "kowloon": "HK",
    "kenya": "KE",
    "nairobi": "KE",
    "mombasa": "KE",
    "nigeria": "NG",
    "lagos": "NG",
    "abuja": "NG",
    "south africa": "ZA",
    "johannesburg": "ZA",
    "joburg": "ZA",
    "cape town": "ZA",
    "durban": "ZA",
    "philippines": "PH",
    "manila": "PH",
    "cebu": "PH",
    "jamaica": "JM",
    "kingston": "JM",
    "trinidad": "TT",
    "barbados": "BB",
    "bahamas": "BS",
    "ghana": "GH",
    "accra": "GH",
    "uganda": "UG",
    "kampala": "UG",
    "tanzania": "TZ",
    "malaysia": "MY",
    "kuala lumpur": "MY",
    "new zealand": "NZ",
    "auckland": "NZ",
    "australia": "AU",
    "sydney": "AU",
    "melbourne": "AU",
    "ireland": "IE",
    "dublin": "IE",
    "scotland": "GB",
    "wales": "GB",
    "belfast": "GB",
    "london": "GB",
    "india": "IN",
    "mumbai": "IN",
    "delhi": "IN",
    "pakistan": "PK",
    "karachi": "PK",
    "méxico": "MX",
    "mexico": "MX",
    "colombia": "CO",
    "bogotá": "CO",
    "chile": "CL",
    "santiago": "CL",
    "perú": "PE",
    "peru": "PE",
    "lima": "PE",
    "argentina": "AR",
    "buenos aires": "AR",
    "españa": "ES",
    "spain": "ES",
    "madrid": "ES",
    "lahore": "PK",
    "islamabad": "PK",
    "colombo": "LK",
    "dhaka": "BD",
    "kathmandu": "NP",
    "dubai": "AE",
    "abu dhabi": "AE",
    "riyadh": "SA",
    "jeddah": "SA",
    "cairo": "EG",
    "lusaka": "ZM",
    "lilongwe": "MW",
    "blantyre": "MW",
    "suva": "FJ",
    "valletta": "MT",
    "nicosia": "CY",
    "limassol": "CY",
    "port of spain": "TT",
    "san josé": "CR",
    "caracas": "VE",
    "maracaibo": "VE",
    "montevideo": "UY",
    "santo domingo": "DO",
    "quito": "EC",
    "guayaquil": "EC",
    "tegucigalpa": "HN",
    "la habana": "CU",
    "havana": "CU",
    "asunción": "PY",
    "managua": "NI",
    "san salvador": "SV",
    "medellín": "CO",
    "cali": "CO",
    "guadalajara": "MX",
    "monterrey": "MX",
    "rosario": "AR",
    "córdoba": "AR",
    "barcelona": "ES",
    "sevilla": "ES",
    "toronto": "CA",
    "vancouver": "CA",
    "montréal": "CA",
    "montreal": "CA",
}
# Country names that are also a given name or a US state's: their plan would be tried for a person's or a state's line
_AMBIGUOUS_COUNTRIES = frozenset({"jordan", "chad", "israel", "georgia", "jersey", "india", "kenya", "chile"})


@functools.cache
def _place_names() -> tuple[dict[str, str], re.Pattern[str]]:
    """Every country's English and Spanish name (libphonenumber's own locale data) besides the main cities above,
    and one pattern for them all: built once, when a line first has a run of digits."""
    from phonenumbers import geocoder

    places = dict(_PLACES)
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        example = phonenumbers.example_number(region)
        if example is None:
            continue
        for lang in ("en", "es"):
            name = geocoder.country_name_for_number(example, lang).lower()
            if name and name not in _AMBIGUOUS_COUNTRIES and "(" not in name:
                places.setdefault(name, region)
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, places), key=len, reverse=True)) + r")\b")
    return places, pattern
_RUN = re.compile(r"\+?\(?\d(?:[ \t().\-/]{0,3}\d){6,}")  # seven digits or more, a few separators between
_SEPARATORS = re.compile(r"[^\d+]")
_INTERNATIONAL_00 = re.compile(r"(?<![\w.+/-])00(?=[ \t]?[1-9]\d)")
_GROUPS = re.compile(r"\d[ \t.-]+\d")  # a number written in groups, not a code's run of digits
_DOI = re.compile(r"(?:doi:[ \t]*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/", re.IGNORECASE)  # a DOI's digits are no number
# Runs that are plainly not phone numbers, so the matcher is not called for them: dates, UIDs.
_REFERENCE = re.compile(
    r"(?:ISBN(?:-1[03])?|ISSN|PMID|PMCID|doi|NCT|ISRCTN|ORCID|EudraCT|"
    # a product's or a substance's code: NDC 0407-1413-51, CAS 66108-95-0, GTIN, UPC
    r"NDC|CAS(?:[ \t]*(?:RN|number|no\.?))?(?:[ \t]+is)?|GTIN|UPC|EAN|UNII|CPT|HCPCS|LOINC|SNOMED(?:[ \t]+CT)?|"
    r"(?:product|catalog(?:ue)?|item|part|order)[ \t]+(?:code|no\.?|number|#))[\s:#]*$",
    re.IGNORECASE,
)
_CAS = re.compile(r"\d{2,7}-\d{2}-\d")  # a CAS registry number's shape; its check digit is asked of stdnum
_DOI = re.compile(r"\b10\.\d{4,9}/\S*$")  # a run inside a DOI's suffix (10.1148/radiol.2017161659)
_NOT_A_NUMBER = re.compile(r"\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2\d{2,4}|\d+(?:\.\d+){3,}")


def _cas(number: str) -> bool:
    """A CAS registry number by its check digit (216974-75-3): a substance, not a phone."""
    from stdnum import casrn

    return bool(casrn.is_valid(number))


def phone_spans(line: str, region: str = DEFAULT_REGION, known: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each phone number on the line: `region`'s national form, or any +CC form.

    `known` are spans other rules already reported: a run of digits inside one of them is reported
    already, and a line with no other run is not given to the matcher at all (most labelled numbers).
    """
    known = list(known)
    runs = []
    places: list[tuple[int, int]] = []
    for m in _RUN.finditer(line):
        if (_NOT_A_NUMBER.fullmatch(m.group(0)) or _REFERENCE.search(line, max(0, m.start() - 16), m.start())
                or _DOI.search(line, max(0, m.start() - 60), m.start())):  # fmt: skip
            continue
        if _CAS.fullmatch(m.group(0)) and _cas(m.group(0)):
            continue
        token = line.rfind(" ", 0, m.start()) + 1
        if "10." in line[token : m.start() + 3] and _DOI.match(line, token):
            continue
        if not any(s <= m.start() and m.end() <= e for s, e in known):
            runs.append(_SEPARATORS.sub("", m.group(0)))
            places.append((m.start(), m.end()))
    if not runs:
        return []
    regions = [region]
    if any(run.startswith("0") for run in runs):
        regions += [r for r in TRUNK_ZERO_REGIONS if r != region]
    if region != "ES" and any(len(run) == 9 and run[0] in "6789" for run in runs):
        regions.append("ES")
    if region != "IN" and any(len(run) == 10 and run[0] in "6789" for run in runs):
        regions.append("IN")  # an Indian mobile number, 98765 43210
    lower = line.lower()
    places_of, place = _place_names()
    regions += [places_of[m.group(0)] for m in place.finditer(lower) if places_of[m.group(0)] not in regions]
    spans: set[tuple[int, int]] = set()
    for one in regions:
        for match in phonenumbers.PhoneNumberMatcher(line, one, leniency=phonenumbers.Leniency.VALID):
            spans.add((match.start, match.end))
        if len(spans) >= len(places) and all(any(s < e2 and s2 < e for s2, e2 in spans) for s, e in places):
            break  # every run is a number already: the other countries' plans would find no more
    # 00 is the international prefix outside North America: "0044 7700 900 212" is +44 7700 900 212
    if any(run.startswith("00") for run in runs):
        plus = _INTERNATIONAL_00.sub(" +", line)  # the same length, so the spans are the line's
        if plus != line:
            # the prefix says what the digits are: a possible number's length is enough (fictional ranges too)
            for match in phonenumbers.PhoneNumberMatcher(plus, region, leniency=phonenumbers.Leniency.POSSIBLE):
                start = match.start - 1 if plus[match.start - 1 : match.start + 1] == " +" else match.start
                if line[start : start + 2] == "00" and _GROUPS.search(line, start + 2, match.end):
                    spans = {(s, e) for s, e in spans if not (start <= s < match.end)}
                    spans.add((start, match.end))
    return sorted(spans)
