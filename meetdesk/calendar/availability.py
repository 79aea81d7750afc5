"""What a calendar says about a window: busy time, the meetings in it, where the customer is.

``Availability`` is the one answer every backend gives; ``summarise`` builds it from
event occurrences so the rules live once. Busy time is merged (what slot search avoids);
meetings stay one interval per occurrence because daily and weekly caps count meetings,
not hours; places come from free all-day notes naming a city (see ``places``), one
entry per local day of the customer's zone. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import Interval


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of an event, in UTC, before clipping to any window.

    ``blocks`` says whether it takes time (opaque and not cancelled); ``place`` is the
    city named by a free all-day note, else None. Occurrences neither blocking nor
    naming a place are never built.
    """

    start: datetime
    end: datetime
    uid: str
    blocks: bool
    place: str | None = None


@dataclass(frozen=True)
class Availability:
    """Busy intervals (merged, sorted), meetings (one per occurrence, sorted, clipped),
    and the city the customer is in on given local days."""

    busy: list[Interval] = field(default_factory=list)
    meetings: list[Interval] = field(default_factory=list)
    places: dict[date, str] = field(default_factory=dict)


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


def utc_window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The window in UTC; naive ends are refused (their instant would be a guess)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("busy window must be timezone-aware")
    return start.astimezone(UTC), end.astimezone(UTC)


def summarise(
    occurrences: Iterable[Occurrence],
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    *,
    ignore: Collection[str] = (),
) -> Availability:
    """The availability over [start, end) of these occurrences, leaving out ``ignore``d UIDs."""
    lo, hi = utc_window(start, end)
    if hi <= lo:
        return Availability()
    skip = ignore if isinstance(ignore, set | frozenset) else frozenset(ignore)
    meetings: list[Interval] = []
    notes: list[Occurrence] = []
    for occ in occurrences:
        if occ.uid in skip or occ.end <= lo or occ.start >= hi:
            continue
        if occ.blocks:
            meetings.append(Interval(max(occ.start, lo), min(occ.end, hi)))
        if occ.place is not None:
            notes.append(occ)
    meetings.sort()
    return Availability(merge_intervals(meetings), meetings, _places(notes, lo, hi, tz))


def _places(notes: list[Occurrence], lo: datetime, hi: datetime, tz: ZoneInfo) -> dict[date, str]:
    """Each local day a note covers within the window; on a day two notes cover, the one
    starting later (then the shorter) wins: a stop inside a longer trip."""
    found: dict[date, str] = {}
    for note in sorted(notes, key=lambda o: (o.start, -o.end.timestamp())):
        assert note.place is not None
        day, last = note.start.astimezone(tz).date(), note.end.astimezone(tz).date()
        while day < last:
            midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
            following = midnight + timedelta(days=1)
            if midnight.astimezone(UTC) < hi and following.astimezone(UTC) > lo:
                found[day] = note.place
            day += timedelta(days=1)
    return dict(sorted(found.items()))
