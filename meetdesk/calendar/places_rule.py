"""Days the customer spends in another city take only in-person meetings held there.

An all-day free event named after a city ("Lyon") says where the customer is that day;
the calendar side turns those into ``places`` (local date -> city). A lunch in Paris
cannot be proposed on a Lyon day, but a call can, and so can a lunch whose location
names Lyon. The match is a case- and accent-insensitive containment of the city name
in the location text ("Saint-Étienne" matches "12 rue X, 42000 saint-etienne").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date


def fold(text: str) -> str:
    """Lowercase without accents, runs of spaces collapsed: the form names compare in."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def in_city(location: str | None, city: str) -> bool:
    """Whether the location text names ``city`` (an empty city matches nothing)."""
    wanted = fold(city)
    return bool(wanted) and location is not None and wanted in fold(location)


def day_allows(
    day: date, places: Mapping[date, str] | None, in_person: bool, location: str | None
) -> bool:
    """Whether ``day`` may take the meeting: always for virtual meetings and days with no
    city; in person on a city day only when the location is in that city."""
    if not in_person or not places:
        return True
    city = places.get(day)
    return city is None or in_city(location, city)
