"""Which city an all-day calendar note names: the "where am I that day" convention.

Human assistants mark a customer's travel with a free (transparent) all-day event whose
title is just the city: "London", "In Berlin", "à Londres", "NYC". The slot search uses
it to propose times in the right place, so recognition is deliberately conservative: a
title of at most three words, no digits, optionally one leading preposition, the rest
exactly a known city. Known cities are the city names of the time zone database (two-part
names such as ``Europe/London``, minus names that are also common words, e.g. Christmas)
plus a small English/French table of aliases and large cities the database lacks (Lyon,
Londres, NYC). Case, accents, hyphens and surrounding punctuation are ignored; the
answer is the city's display name.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from functools import cache

_REGIONS = frozenset(
    {"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
)
# Zone city names that are far more often something else in a calendar title.
_NOT_PLACES = frozenset(
    {
        "act", "christmas", "creston", "currie", "dawson", "east", "easter", "johnston",
        "knox in", "lhi", "lindeman", "midway", "north", "nsw", "queensland", "regina",
        "reunion", "south", "stanley", "tasmania", "victoria", "virgin", "wake", "west",
        "yancowinna", "truk", "yap", "chuuk", "kanton", "enderbury", "norfolk", "cocos",
        "chatham", "mahe",
    }
)  # fmt: skip
# Alias (English or French) -> display name, and large cities the zone database lacks.
_ALIASES = {
    "nyc": "New York",
    "new york city": "New York",
    "sf": "San Francisco",
    "san francisco": "San Francisco",
    "washington": "Washington",
    "boston": "Boston",
    "seattle": "Seattle",
    "londres": "London",
    "bruxelles": "Brussels",
    "geneve": "Geneva",
    "geneva": "Geneva",
    "lyon": "Lyon",
    "marseille": "Marseille",
    "toulouse": "Toulouse",
    "bordeaux": "Bordeaux",
    "lille": "Lille",
    "nantes": "Nantes",
    "nice": "Nice",
    "strasbourg": "Strasbourg",
    "munich": "Munich",
    "munchen": "Munich",
    "frankfurt": "Frankfurt",
    "francfort": "Frankfurt",
    "hamburg": "Hamburg",
    "hambourg": "Hamburg",
    "milan": "Milan",
    "barcelona": "Barcelona",
    "barcelone": "Barcelona",
    "manchester": "Manchester",
    "edinburgh": "Edinburgh",
    "edimbourg": "Edinburgh",
    "lisbonne": "Lisbon",
    "varsovie": "Warsaw",
    "vienne": "Vienna",
    "moscou": "Moscow",
    "athenes": "Athens",
    "copenhague": "Copenhagen",
    "singapour": "Singapore",
    "pekin": "Beijing",
    "beijing": "Beijing",
    "le caire": "Cairo",
    "montreal": "Montreal",
}
_PREPOSITIONS = frozenset({"in", "at", "a", "en", "au"})
_MAX_WORDS = 3


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces, no edge punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"[-_/]", " ", plain)
    plain = re.sub(r"[^\w\s']", " ", plain)
    return " ".join(plain.split())


@cache
def known_cities() -> dict[str, str]:
    """Folded name -> display name of every city recognised."""
    cities: dict[str, str] = {}
    for name in zoneinfo.available_timezones():
        parts = name.split("/")
        if len(parts) != 2 or parts[0] not in _REGIONS:
            continue
        display = parts[1].replace("_", " ")
        key = fold(display)
        if key and key not in _NOT_PLACES:
            cities[key] = display
    cities.update(_ALIASES)
    return cities


def place_of(summary: str) -> str | None:
    """The city a calendar title names on its own, or None when it is anything else."""
    if any(ch.isdigit() for ch in summary):
        return None
    words = fold(summary).split()
    if not 1 <= len(words) <= _MAX_WORDS:
        return None
    if len(words) > 1 and words[0] in _PREPOSITIONS:
        words = words[1:]
    return known_cities().get(" ".join(words))
