"""The VCALENDAR envelope every object MeetDesk writes shares: PRODID, VERSION, METHOD.

Kept apart so the meeting objects and the tentative holds, built in different modules,
cannot drift in how they identify themselves to clients.
"""

from __future__ import annotations

from icalendar import Calendar

PRODID = "-//MeetDesk//MeetDesk//EN"


def new_calendar(method: str | None) -> Calendar:
    """An empty VCALENDAR; ``method`` is None for a stored object (RFC 4791 forbids it)."""
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if method:
        cal.add("METHOD", method)
    return cal
