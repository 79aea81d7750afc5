"""One calendar object parsed once, answering "your occurrences in this window" cheaply.

A calendar is read far more often than it changes, so each object is parsed once (per
version) and kept in the form a query needs: an object without recurrence (no RRULE,
RDATE or RECURRENCE-ID) becomes its occurrences right away, with their UTC instants
computed in the customer's zone; a recurring object keeps its parsed iCalendar and is
expanded by ``recurring_ical_events`` per window, the result memoised per week-aligned
window so the queries of one conversation (and of one week) expand each series once.
The rules of what takes time live here: transparent and cancelled events do not block,
all-day events block their whole local day(s), floating times are local, a DATE-TIME
start with neither end nor duration takes no time.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from meetdesk.calendar.availability import Occurrence
from meetdesk.calendar.bounded import bounded_calendar
from meetdesk.calendar.places import place_of

# Occurrences are asked for a little beyond the window so that all-day and floating
# events (whose instant depends on the zone) are never missed; callers clip exactly.
_PAD = timedelta(days=2)
_WEEK = timedelta(days=7)
_EPOCH_MONDAY = datetime(1970, 1, 5, tzinfo=UTC)
_MEMO = 8  # windows remembered per series: a few weeks of queries
_TIME_PROPS = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
)
_RECURRENCE = ("RRULE", "RDATE", "RECURRENCE-ID")


class ParsedObject:
    """One VCALENDAR object in query-ready form; see the module docstring.

    ``unreadable`` is 1 when the object could not be parsed at all or a series in it
    was skipped for unparsable time properties (counted, never fatal), else 0.
    """

    __slots__ = ("uids", "singles", "unreadable", "_calendar", "_memo")

    def __init__(self, data: bytes | str, tz: ZoneInfo) -> None:
        self.uids: frozenset[str] = frozenset()
        self.singles: list[Occurrence] = []
        self.unreadable = 0
        self._calendar: Calendar | None = None
        self._memo: OrderedDict[tuple[datetime, datetime], list[Occurrence]] = OrderedDict()
        try:
            cal = Calendar.from_ical(data)
            events = cal.walk("VEVENT")
            self.uids = frozenset(str(e["UID"]) for e in events if e.get("UID") is not None)
            # icalendar keeps unparsable values as errors and skip_bad_series drops such
            # series silently; they must still be counted (and logged) as skipped.
            if any(name in _TIME_PROPS for ev in events for name, _ in ev.errors):
                self.unreadable = 1
            if any(p in ev for ev in events for p in _RECURRENCE):
                self._calendar = cal
            else:
                self.singles = [
                    occ
                    for ev in events
                    if not any(name in _TIME_PROPS for name, _ in ev.errors)
                    for occ in [occurrence_of(ev, tz)]
                    if occ is not None
                ]
        except Exception:  # malformed data from a calendar must never stop a search
            self.uids, self.singles, self._calendar, self.unreadable = frozenset(), [], None, 1

    @property
    def recurring(self) -> bool:
        return self._calendar is not None

    def occurrences(self, lo: datetime, hi: datetime, tz: ZoneInfo) -> list[Occurrence]:
        """Occurrences that may overlap [lo, hi) (UTC), unclipped; a superset is fine."""
        if self._calendar is None:
            return self.singles
        for key, found in self._memo.items():  # any remembered window holding this one
            if key[0] <= lo and hi <= key[1]:
                self._memo.move_to_end(key)
                return found
        key = week_window(lo, hi)
        found = self._expand(*key, tz)
        self._memo[key] = found
        if len(self._memo) > _MEMO:
            self._memo.popitem(last=False)
        return found

    def _expand(self, lo: datetime, hi: datetime, tz: ZoneInfo) -> list[Occurrence]:
        assert self._calendar is not None
        found: list[Occurrence] = []
        try:
            calendar = bounded_calendar(self._calendar, lo - _PAD)
            query = recurring_ical_events.of(calendar, skip_bad_series=True)
            for event in query.between(lo - _PAD, hi + _PAD):
                occ = occurrence_of(event, tz)
                if occ is not None:
                    found.append(occ)
        except Exception:  # a series the library cannot expand is skipped, not fatal
            self.unreadable = 1
            return []
        return found


def occurrence_of(event: Any, tz: ZoneInfo) -> Occurrence | None:
    """The occurrence an expanded (or single) VEVENT stands for, if it matters at all."""
    transparent = str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT"
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    all_day = not isinstance(event["DTSTART"].dt, datetime)
    place = place_of(str(event.get("SUMMARY", ""))) if transparent and all_day else None
    if transparent and place is None:
        return None
    span = _span(event, tz)
    if span is None:
        return None
    return Occurrence(span[0], span[1], str(event.get("UID", "")), not transparent, place)


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


def week_window(lo: datetime, hi: datetime) -> tuple[datetime, datetime]:
    """[lo, hi) widened to whole UTC weeks from Monday: the unit series are expanded in,
    so that nearby queries (the same week, a sliding window) share one expansion."""
    start = lo - (lo - _EPOCH_MONDAY) % _WEEK
    end = hi - (hi - _EPOCH_MONDAY) % _WEEK
    return start, end if end == hi else end + _WEEK
