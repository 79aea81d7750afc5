"""Busy time and availability from raw iCalendar objects, the same way for every backend.

Servers disagree on recurrence expansion and free-busy reports (and over-return at the
window's end), so backends work from raw VCALENDAR objects and the rules live in one
place (``occurrences`` for what an event means, ``availability`` for the window). These
one-shot functions parse every object on each call; backends that answer repeatedly
keep the parsed form in an ``ObjectIndex`` instead. Pure: no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.calendar.availability import (
    Availability,
    merge_intervals,
    summarise,
    utc_window,
)
from meetdesk.calendar.base import Interval
from meetdesk.calendar.occurrences import ParsedObject

__all__ = [
    "availability_from_ics",
    "busy_from_ics",
    "merge_intervals",
    "parse_availability",
    "parse_busy",
]

log = logging.getLogger(__name__)


def parse_availability(
    objects: Iterable[bytes | str],
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    *,
    ignore: Collection[str] = (),
) -> tuple[Availability, int]:
    """The availability over [start, end), and the count of objects that could not be
    read (skipped, never fatal). UIDs in ``ignore`` do not count."""
    lo, hi = utc_window(start, end)
    if hi <= lo:
        return Availability(), 0
    parsed = [ParsedObject(obj, tz) for obj in objects]
    found = [occ for p in parsed for occ in p.occurrences(lo, hi, tz)]
    result = summarise(found, lo, hi, tz, ignore=ignore)
    return result, sum(p.unreadable for p in parsed)


def parse_busy(
    objects: Iterable[bytes | str],
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    *,
    ignore: Collection[str] = (),
) -> tuple[list[Interval], int]:
    """Busy intervals in UTC, merged and clipped to [start, end), and the count of
    objects that could not be read (skipped, never fatal).

    Occurrences of events whose UID is in ``ignore`` are not counted: the booking flow
    re-checks a slot while ignoring its own tentative holds and its own event."""
    result, bad = parse_availability(objects, start, end, tz, ignore=ignore)
    return result.busy, bad


def availability_from_ics(
    objects: Iterable[bytes | str],
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    *,
    ignore: Collection[str] = (),
) -> Availability:
    """``parse_availability`` with unreadable objects logged by number, never content."""
    result, bad = parse_availability(objects, start, end, tz, ignore=ignore)
    if bad:
        log.warning("skipped %d unreadable calendar object(s)", bad)
    return result


def busy_from_ics(
    objects: Iterable[bytes | str],
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    *,
    ignore: Collection[str] = (),
) -> list[Interval]:
    """Busy intervals in UTC, merged, sorted and clipped to [start, end).

    Malformed objects are skipped; their number (never their content) is logged.
    """
    return availability_from_ics(objects, start, end, tz, ignore=ignore).busy
