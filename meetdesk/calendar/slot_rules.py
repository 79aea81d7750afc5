"""A customer's scheduling preferences turned into the rules the slot search applies.

Kept apart from the search itself (``slots.py``) so each rule reads on its own: which
local hours a day offers for a meeting kind, which days and weeks are already full,
which candidate times are preferred, and when the first proposal may start. All local
times are wall-clock times in the customer's zone, so they survive daylight-saving
changes. Pure functions, no I/O: same input, same output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import Interval
from meetdesk.calendar.preferences import Preferences, TimeRange

WorkingHours = Mapping[int, TimeRange]
DEFAULT_WORKING_HOURS: WorkingHours = {d: (time(9), time(18)) for d in range(5)}


def wall_end(day: date, close: time) -> datetime:
    """The naive local end of a range closing at ``close``; 00:00 is the end of the day
    (how ``Preferences`` stores 24:00)."""
    if close == time(0):
        return datetime.combine(day + timedelta(days=1), time(0))
    return datetime.combine(day, close)


def exact_instant(naive: datetime, tz: ZoneInfo) -> datetime | None:
    """A local wall-clock time as UTC, or None if it does not exist (spring-forward gap).

    An ambiguous time (fall-back) is its first occurrence.
    """
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return aware.astimezone(UTC)


def bound_instant(naive: datetime, tz: ZoneInfo) -> datetime:
    """A local time as UTC even inside a spring-forward gap, where it is read with the
    offset after the gap: an instant no later than the gap, the conservative bound."""
    found = exact_instant(naive, tz)
    return found if found is not None else naive.replace(tzinfo=tz, fold=1).astimezone(UTC)


def effective_hours(
    working_hours: WorkingHours | None, preferences: Preferences | None, kind: str | None
) -> WorkingHours:
    """The local hours each weekday offers: the preferences' working hours, replaced on
    working days by the kind's own hours when it has them (dinner after the office
    closes); without preferences, ``working_hours`` or Monday to Friday 09:00-18:00."""
    if preferences is None:
        return DEFAULT_WORKING_HOURS if working_hours is None else working_hours
    own = preferences.hours_for(kind)
    if own is None:
        return preferences.working_hours
    return {d: own for d in preferences.working_hours}


def in_ranges(at: time, ranges: Sequence[TimeRange]) -> bool:
    """Whether a local time of day lies in one of the half-open ranges (00:00 end = 24:00)."""
    return any(lo <= at and (hi == time(0) or at < hi) for lo, hi in ranges)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class Caps:
    """Which local days the customer's existing meetings leave room on.

    A meeting counts on the local day (and the Monday-to-Sunday week) it starts in.
    Proposals are not counted: only one of them will be booked.
    """

    def __init__(self, meetings: Sequence[Interval], tz: ZoneInfo, prefs: Preferences | None):
        self.per_day = prefs.max_per_day if prefs is not None else None
        self.per_week = prefs.max_per_week if prefs is not None else None
        starts = [m.start.astimezone(tz).date() for m in meetings]
        self.days = Counter(starts)
        self.weeks = Counter(_monday(d) for d in starts)

    def allows(self, day: date) -> bool:
        if self.per_day is not None and self.days[day] >= self.per_day:
            return False
        return self.per_week is None or self.weeks[_monday(day)] < self.per_week


def earliest_start(now: datetime, tz: ZoneInfo, preferences: Preferences) -> datetime:
    """The first moment (UTC) a proposal may start.

    Not before the next working day begins, its opening time by the working hours (a
    request on Friday evening proposes from Monday, or from Saturday if Saturday is
    worked; as before, never the same day), and not before ``now`` plus the minimum
    notice. With no working day at all, the next day's local midnight.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(tz).date()
    hours = preferences.working_hours
    begins = bound_instant(datetime.combine(today + timedelta(days=1), time(0)), tz)
    for ahead in range(1, 8):
        day = today + timedelta(days=ahead)
        if day.weekday() in hours:
            begins = bound_instant(datetime.combine(day, hours[day.weekday()][0]), tz)
            break
    notice = now.astimezone(UTC) + timedelta(minutes=preferences.min_notice_minutes)
    return max(begins, notice)


def default_window(now: datetime, tz: ZoneInfo, preferences: Preferences) -> Interval:
    """The span searched when the request names none: ``horizon_days`` local days from
    ``earliest_start`` (wall-clock days, so a daylight-saving change keeps the hour)."""
    start = earliest_start(now, tz, preferences)
    local_end = start.astimezone(tz).replace(tzinfo=None) + timedelta(days=preferences.horizon_days)
    return Interval(start, bound_instant(local_end, tz))
