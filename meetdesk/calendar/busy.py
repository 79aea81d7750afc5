"""Busy time from raw iCalendar objects, computed the same way for every backend.

Servers disagree on recurrence expansion and free-busy reports (and over-return at the
window's end), so every backend hands raw VCALENDAR objects to ``busy_from_ics`` and the
rules live here once: recurrences are expanded client-side over the window only, events
that do not block time (transparent, cancelled) are ignored, all-day events block their
whole local day(s), floating times are read in the customer's zone. Pure: no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from meetdesk.calendar.base import Interval

log = logging.getLogger(__name__)

# Occurrences are asked for a little beyond the window so that all-day and floating
# events (whose instant depends on the zone) are never missed, then clipped exactly.
_PAD = timedelta(days=2)
_TIME_PROPS = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
)


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted intervals with overlapping or touching ones joined."""
    merged: list[Interval] = []
    for item in sorted(intervals):
        if merged and item.start <= merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, item.end)
        else:
            merged.append(item)
    return merged


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
    skip = frozenset(ignore)
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("busy window must be timezone-aware")
    lo, hi = start.astimezone(UTC), end.astimezone(UTC)
    if hi <= lo:
        return [], 0
    found: list[Interval] = []
    bad = 0
    for obj in objects:
        try:
            intervals, broken = _object_busy(obj, lo, hi, tz, skip)
        except Exception:  # malformed data from a calendar must never stop a search
            bad += 1
            continue
        found.extend(intervals)
        bad += broken
    return merge_intervals(found), bad


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
    intervals, bad = parse_busy(objects, start, end, tz, ignore=ignore)
    if bad:
        log.warning("skipped %d unreadable calendar object(s)", bad)
    return intervals


def _object_busy(
    obj: bytes | str, lo: datetime, hi: datetime, tz: ZoneInfo, ignore: frozenset[str]
) -> tuple[list[Interval], bool]:
    """The object's busy intervals, and whether a series in it was skipped as unreadable."""
    cal = Calendar.from_ical(obj)
    # icalendar keeps unparsable values as errors and skip_bad_series drops such series
    # silently; they must still be counted (and logged) as skipped.
    broken = any(name in _TIME_PROPS for ev in cal.walk("VEVENT") for name, _ in ev.errors)
    query = recurring_ical_events.of(cal, skip_bad_series=True)
    result: list[Interval] = []
    for occurrence in query.between(lo - _PAD, hi + _PAD):
        if not _blocks_time(occurrence) or str(occurrence.get("UID", "")) in ignore:
            continue
        span = _span(occurrence, tz)
        if span is None:
            continue
        s, e = max(span[0], lo), min(span[1], hi)
        if s < e:
            result.append(Interval(s, e))
    return result, broken


def _blocks_time(event: Any) -> bool:
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    return str(event.get("STATUS", "")).upper() != "CANCELLED"


def _span(event: Any, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    start = _instant(event["DTSTART"].dt, tz)
    end_prop = event.get("DTEND")
    if end_prop is not None:
        end = _instant(end_prop.dt, tz)
    elif event.get("DURATION") is not None:
        end = start + event["DURATION"].dt
    elif not isinstance(event["DTSTART"].dt, datetime):
        end = _instant(event["DTSTART"].dt + timedelta(days=1), tz)
    else:
        return None  # RFC 5545: a DATE-TIME start alone takes no time
    return (start, end) if end > start else None


def _instant(value: date | datetime, tz: ZoneInfo) -> datetime:
    """An aware UTC instant: dates are local midnight in ``tz``, floating times local."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0), tzinfo=tz)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)
