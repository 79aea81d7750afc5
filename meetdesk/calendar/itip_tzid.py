"""Reading the times of an inbound iCalendar object in the zone its sender meant.

A TZID names a zone three ways in practice: an IANA name (Google, Apple), a Windows
zone name (Outlook and Exchange: "Romance Standard Time"), or a name that exists only
in the object's own VTIMEZONE (Outlook's "Customized Time Zone"). icalendar resolves
all three, but it caches a VTIMEZONE of an unknown name process-wide under its TZID,
so the second message using "Customized Time Zone" would be read with the first
message's rules. Times here are therefore resolved per object: the zone database for
IANA and Windows names, else this object's own VTIMEZONE, else the time is reported as
unresolvable rather than guessed.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Timezone
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON


class UnresolvedTime(ValueError):
    """A time whose TZID names no zone we know and no VTIMEZONE in its object."""


def zone_named(tzid: str, cal: Calendar) -> tzinfo | None:
    """The zone a TZID names, for times in ``cal``; None when nothing defines it."""
    name = tzid.strip().strip('"')
    for candidate in (name, WINDOWS_TO_OLSON.get(name), _after_vendor_prefix(name)):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    for vtimezone in cal.walk("VTIMEZONE"):
        if isinstance(vtimezone, Timezone) and str(vtimezone.get("TZID", "")).strip() == name:
            try:
                return vtimezone.to_tz(lookup_tzid=False)
            except Exception:  # a broken VTIMEZONE is as good as none
                return None
    return None


def _after_vendor_prefix(name: str) -> str | None:
    # "/freeassociation.sourceforge.net/Europe/Paris" (libical) -> "Europe/Paris"
    parts = name.strip("/").split("/")
    return "/".join(parts[-2:]) if name.startswith("/") and len(parts) > 2 else None


def time_of(prop: Any, cal: Calendar) -> datetime | date:
    """The value of a DTSTART-like property; a date-time is always timezone-aware.

    UTC and offset times are taken as written; a TZID is resolved by ``zone_named``;
    a floating time (no TZID, no ``Z``) cannot be placed and raises ``UnresolvedTime``.
    """
    value = prop.dt
    if not isinstance(value, datetime):
        return value
    tzid = prop.params.get("TZID")
    if tzid is None:
        if value.tzinfo is None:
            raise UnresolvedTime("a floating time, with no zone")
        return value
    zone = zone_named(str(tzid), cal)
    if zone is None:
        raise UnresolvedTime(f"TZID {tzid!r} names no known zone and has no VTIMEZONE")
    return value.replace(tzinfo=zone)
