"""Whether a meeting is in person or virtual, from its kind and its location.

The mode decides which buffers apply, whether travel time is kept free, and whether a
day the customer spends in another city can take the meeting. Meals and "in person"
need a table or a room; calls and video calls do not; a plain "meeting" is in person
only when the request gives a physical place (an address or a named place), since
"let's meet on Teams" is a meeting too.
"""

from __future__ import annotations

from meetdesk.assistant.kinds import BREAKFAST, CALL, COFFEE, DINNER, DRINKS, IN_PERSON, LUNCH
from meetdesk.assistant.kinds import VIDEO as VIDEO_KIND
from meetdesk.assistant.location import ADDRESS, DIAL_IN, PHONE, PLACE, VIDEO_LINK

IN_PERSON_KINDS = frozenset({BREAKFAST, LUNCH, DINNER, DRINKS, COFFEE, IN_PERSON})
VIRTUAL_KINDS = frozenset({CALL, VIDEO_KIND})
PHYSICAL_LOCATIONS = frozenset({ADDRESS, PLACE})
VIRTUAL_LOCATIONS = frozenset({VIDEO_LINK, DIAL_IN, PHONE})


def is_in_person(kind: str | None, location_kind: str | None) -> bool:
    """True for kinds that need a place; for "meeting" (or no kind), only with a
    physical location (``location_kind`` "address" or "place")."""
    if kind in IN_PERSON_KINDS:
        return True
    if kind in VIRTUAL_KINDS:
        return False
    known = PHYSICAL_LOCATIONS | VIRTUAL_LOCATIONS
    if location_kind is not None and location_kind not in known:
        raise ValueError(
            f"unknown location kind {location_kind!r} (use {', '.join(sorted(known))})"
        )
    return location_kind in PHYSICAL_LOCATIONS
