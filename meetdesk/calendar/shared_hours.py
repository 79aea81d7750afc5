"""Several customers in one meeting (colleagues): the time all of them can meet.

Colleagues' calendars combine in two ways. Their busy time is a *union*: a slot must be
free for everyone, so callers pass every colleague's busy intervals together as
``find_slots``'s ``busy`` (``union_busy`` merges them). Their working hours are an
*intersection* of local hours, each in the colleague's own zone: a Paris colleague's
09:00-18:00 and a New York colleague's 09:00-18:00 share only 15:00-18:00 Paris time,
and by a different hour on the weeks the two zones change clocks on different dates.
That cannot be a single weekday table, so ``shared_working_time`` gives the exact
instants over a window; ``find_slots(..., colleagues=...)`` keeps candidates inside them.
Pure functions.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import merge_intervals
from meetdesk.calendar.slot_rules import WorkingHours, bound_instant, wall_end

Member = tuple[WorkingHours, ZoneInfo]


def union_busy(*busy: Iterable[Interval]) -> list[Interval]:
    """Everyone's busy time as one merged, sorted list."""
    return merge_intervals(b for each in busy for b in each)


def working_time(hours: WorkingHours, zone: ZoneInfo, window: Interval) -> list[Interval]:
    """One person's working hours in ``window`` as UTC instants (wall-clock in ``zone``)."""
    lo, hi = window.start.astimezone(UTC), window.end.astimezone(UTC)
    out: list[Interval] = []
    day = lo.astimezone(zone).date() - timedelta(days=1)
    last = hi.astimezone(zone).date()
    while day <= last:
        if day.weekday() in hours:
            opening, closing = hours[day.weekday()]
            start = max(lo, bound_instant(datetime.combine(day, opening), zone))
            end = min(hi, bound_instant(wall_end(day, closing), zone))
            if start < end:
                out.append(Interval(start, end))
        day += timedelta(days=1)
    return merge_intervals(out)


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """The spans two sorted, disjoint interval lists have in common."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i].start, b[j].start), min(a[i].end, b[j].end)
        if start < end:
            out.append(Interval(start, end))
        if a[i].end <= b[j].end:
            i += 1
        else:
            j += 1
    return out


def shared_working_time(members: Sequence[Member], window: Interval) -> list[Interval]:
    """The instants in ``window`` inside every member's local working hours.

    Raises ``ValueError`` for no members: "nobody's hours" has no meaning here.
    """
    if not members:
        raise ValueError("shared_working_time needs at least one member")
    shared = working_time(*members[0], window)
    for hours, zone in members[1:]:
        shared = intersect(shared, working_time(hours, zone, window))
    return shared


class Within:
    """A fast "does this span fit inside one of these intervals?" test."""

    def __init__(self, allowed: Sequence[Interval]) -> None:
        self.items = merge_intervals(allowed)
        self.starts = [a.start for a in self.items]

    def fits(self, span: Interval) -> bool:
        i = bisect_right(self.starts, span.start) - 1
        return i >= 0 and self.items[i].end >= span.end
