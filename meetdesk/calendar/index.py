"""A calendar's objects kept parsed between queries, found by window in a sorted index.

Backends that sync (``caldav_sync``, ``local``) keep one ``ObjectIndex``: each object is
stored under its href (or file name) with the version it was read at (an ETag, or
mtime and size), parsed once into a ``ParsedObject``. A query then does no parsing:
occurrences of non-recurring objects sit in one list sorted by start, searched with
``bisect`` (long ones, rare, are scanned apart so the search bound stays short), and
recurring objects answer from a memo per week-aligned window (the index's, over all
series, then each object's own). So a warm four-week query over 10,000 events costs
the events in the window and a look-up.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Collection, Hashable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from meetdesk.calendar.availability import Availability, Occurrence, summarise, utc_window
from meetdesk.calendar.occurrences import ParsedObject, week_window

log = logging.getLogger(__name__)

_SHORT = timedelta(days=7)  # occurrences at most this long go to the bisect index
_WINDOWS = 16  # week-aligned windows whose series occurrences are kept


class ObjectIndex:
    """Parsed objects by href with their versions, and a window search over them."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._objects: dict[str, tuple[Hashable, ParsedObject]] = {}
        self._stale = True
        self._starts: list[datetime] = []
        self._short: list[Occurrence] = []
        self._long: list[Occurrence] = []
        self._series: list[ParsedObject] = []
        # All series' occurrences per week-aligned window, dropped on any change (each
        # object's own memo survives it), so a warm query is one look-up, not one a series.
        self._series_memo: dict[tuple[datetime, datetime], list[Occurrence]] = {}

    def __len__(self) -> int:
        return len(self._objects)

    def __contains__(self, href: object) -> bool:
        return href in self._objects

    def hrefs(self) -> Iterator[str]:
        return iter(list(self._objects))

    def version(self, href: str) -> Hashable | None:
        entry = self._objects.get(href)
        return None if entry is None else entry[0]

    def put(self, href: str, version: Hashable, data: bytes | str) -> ParsedObject:
        """Store (or replace) one object, parsing it now; queries never parse."""
        parsed = ParsedObject(data, self.tz)
        self._objects[href] = (version, parsed)
        self._stale = True
        return parsed

    def remove(self, href: str) -> None:
        if self._objects.pop(href, None) is not None:
            self._stale = True

    def clear(self) -> None:
        self._objects.clear()
        self._stale = True

    def href_of(self, uid: str) -> str | None:
        """The href of the object holding this UID, if the index has one."""
        for href, (_, parsed) in self._objects.items():
            if uid in parsed.uids:
                return href
        return None

    def unreadable(self) -> int:
        return sum(parsed.unreadable for _, parsed in self._objects.values())

    def _rebuild(self) -> None:
        short: list[Occurrence] = []
        self._long, self._series = [], []
        for _, parsed in self._objects.values():
            if parsed.recurring:
                self._series.append(parsed)
                continue
            for occ in parsed.singles:
                (short if occ.end - occ.start <= _SHORT else self._long).append(occ)
        short.sort(key=lambda o: o.start)
        self._short, self._starts = short, [o.start for o in short]
        self._series_memo.clear()
        self._stale = False

    def occurrences(self, lo: datetime, hi: datetime) -> list[Occurrence]:
        """Occurrences that may overlap [lo, hi) (UTC); a superset, unclipped."""
        if self._stale:
            self._rebuild()
        first = bisect.bisect_left(self._starts, lo - _SHORT)
        last = bisect.bisect_left(self._starts, hi)
        found = self._short[first:last]
        found.extend(o for o in self._long if o.start < hi and o.end > lo)
        key = week_window(lo, hi)
        series = self._series_memo.get(key)
        if series is None:
            series = [o for p in self._series for o in p.occurrences(*key, self.tz)]
            if len(self._series_memo) >= _WINDOWS:
                self._series_memo.clear()
            self._series_memo[key] = series
        found.extend(series)
        return found

    def availability(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> Availability:
        """The window's availability from the stored objects, without parsing any."""
        lo, hi = utc_window(start, end)
        if hi <= lo:
            return Availability()
        return summarise(self.occurrences(lo, hi), lo, hi, self.tz, ignore=ignore)
