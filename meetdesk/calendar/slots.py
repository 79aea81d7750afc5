"""Slot search: free times of a given length inside working hours (pure, no I/O).

Proposals must be times a person would offer: on the local clock's round steps, inside
the customer's working hours, never over busy time, not too soon. Candidates start on
local wall-clock multiples of ``step`` counted from local midnight, and working hours are
local wall-clock times, so daylight-saving days keep 09:00-18:00 local (local times that
do not exist on a spring-forward day are skipped). The choice is deterministic and spread
out: the earliest free days first, one slot each, alternating morning and afternoon,
then more slots from those days when there are fewer free days than slots wanted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import merge_intervals

WorkingHours = Mapping[int, tuple[time, time]]
DEFAULT_WORKING_HOURS: WorkingHours = {d: (time(9), time(18)) for d in range(5)}
NOON = time(12)


class _Busy:
    """Merged busy intervals with a fast "is this span free?" test."""

    def __init__(self, busy: Sequence[Interval]) -> None:
        self.items = merge_intervals(busy)
        self.ends = [b.end for b in self.items]

    def free(self, span: Interval) -> bool:
        # The first busy interval ending after the span starts is the only one to check,
        # since merged intervals are disjoint and sorted.
        i = bisect_right(self.ends, span.start)
        return i == len(self.items) or not self.items[i].overlaps(span)


def _local(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """``day`` at wall-clock ``at`` in ``tz`` as UTC, or None if that time does not exist."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return None  # inside a spring-forward gap
    return aware.astimezone(UTC)


def _day_candidates(
    day: date,
    hours: tuple[time, time],
    duration: timedelta,
    step: timedelta,
    tz: ZoneInfo,
    lo: datetime,
    hi: datetime,
    busy: _Busy,
) -> list[Interval]:
    open_, close = hours
    if close <= open_:
        return []
    midnight = datetime.combine(day, time(0))
    opening = datetime.combine(day, open_)
    closing = _local(day, close, tz) or _closing_in_gap(day, close, tz)
    # First wall-clock multiple of step (from local midnight) at or after opening.
    steps = -((midnight - opening) // step)
    wall = midnight + steps * step
    out: list[Interval] = []
    while wall.date() == day and wall.time() < close:
        start = _local(day, wall.time(), tz)
        if start is not None:
            span_end = start + duration
            if span_end > closing:
                break
            if start >= lo and span_end <= hi:
                candidate = Interval(start, span_end)
                if busy.free(candidate):
                    out.append(candidate)
        wall += step
    return out


def _closing_in_gap(day: date, close: time, tz: ZoneInfo) -> datetime:
    """A closing time inside a spring-forward gap, read with the offset after the gap,
    which is an instant no later than the gap: the conservative end of the day."""
    naive = datetime.combine(day, close)
    return naive.replace(tzinfo=tz, fold=1).astimezone(UTC)


def _pick_spread(
    days: list[list[Interval]], count: int, tz: ZoneInfo, earliest: bool
) -> list[Interval]:
    chosen: list[Interval] = []
    for i, found in enumerate(days[:count]):
        if earliest:  # "as soon as possible": each day's first free time
            chosen.append(found[0])
            continue
        want_afternoon = i % 2 == 1
        pick = next(
            (c for c in found if (c.start.astimezone(tz).time() >= NOON) == want_afternoon),
            found[0],
        )
        chosen.append(pick)
    for found in days:  # fewer free days than slots wanted: more from the same days
        for c in found:
            if len(chosen) == count:
                return chosen
            if all(not c.overlaps(x) for x in chosen):
                chosen.append(c)
    return chosen


def find_slots(
    busy: Sequence[Interval],
    window: Interval,
    duration: timedelta,
    tz: ZoneInfo,
    *,
    count: int = 3,
    not_before: datetime | None = None,
    working_hours: WorkingHours | None = None,
    step: timedelta = timedelta(minutes=30),
    earliest: bool = False,
) -> list[Interval]:
    """Up to ``count`` free, non-overlapping slots of ``duration`` in ``window``, sorted.

    ``working_hours`` maps weekday (0 = Monday) to local (open, close); the default is
    Monday to Friday 09:00-18:00 in ``tz``. Slots go to different days, mornings and
    afternoons alternating; ``earliest`` (an urgent request) takes each day's first free
    time instead. Same input, same output.
    """
    if duration <= timedelta(0) or step <= timedelta(0) or count < 1:
        raise ValueError("duration, step and count must be positive")
    hours = DEFAULT_WORKING_HOURS if working_hours is None else working_hours
    lo = window.start.astimezone(UTC)
    if not_before is not None:
        lo = max(lo, not_before.astimezone(UTC))
    hi = window.end.astimezone(UTC)
    if hi - lo < duration:
        return []
    free = _Busy([b for b in busy if b.end > lo and b.start < hi])
    days: list[list[Interval]] = []
    day = lo.astimezone(tz).date()
    last = hi.astimezone(tz).date()
    while day <= last:
        if day.weekday() in hours:
            found = _day_candidates(day, hours[day.weekday()], duration, step, tz, lo, hi, free)
            if found:
                days.append(found)
        day += timedelta(days=1)
    return sorted(_pick_spread(days, count, tz, earliest))
