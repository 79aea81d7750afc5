"""Recurring series moved forward to the window before expansion, so cost is the window's.

``recurring_ical_events`` walks a rule from its DTSTART, so a sub-daily rule started
years ago (FREQ=MINUTELY since 2000, COUNT=1000000000) costs seconds for a four-week
window in 2026 (measured in ``bench/slots.py``). For a rule whose occurrences are evenly
spaced, i.e. FREQ from SECONDLY to WEEKLY with no BY* part, the n-th occurrence is
DTSTART + n x INTERVAL x unit (in wall-clock time, as the expander counts), so whole
periods before the window can be skipped arithmetically: DTSTART and DTEND move forward
by k periods and COUNT shrinks by k. Every occurrence still produced is one of the
original ones, at the same instant, so EXDATE, RDATE and RECURRENCE-ID keep matching.
Other rules (BYDAY, BYMONTH, ...) are handed over unchanged.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar
from icalendar.prop import vDDDTypes, vRecur

_UNITS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}
_EVEN = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"})
# Kept before the window's start: the expansion pad, a floating time's zone offset.
_MARGIN = timedelta(days=3)


def bounded_calendar(cal: Calendar, lo: datetime) -> Calendar:
    """``cal`` with every evenly spaced series started at its last period before ``lo``
    (UTC); the original is never modified (a copy is returned when anything moves)."""
    moves = [(i, k) for i, ev in enumerate(cal.walk("VEVENT")) if (k := _skippable(ev, lo))]
    if not moves:
        return cal
    moved = copy.deepcopy(cal)
    events = moved.walk("VEVENT")
    for index, periods in moves:
        _advance(events[index], periods)
    return moved


def _rule(event: Any) -> tuple[vRecur, timedelta] | None:
    rule = event.get("RRULE")
    if not isinstance(rule, vRecur) or "RECURRENCE-ID" in event:
        return None
    freq = [str(f).upper() for f in rule.get("FREQ", [])]
    if len(freq) != 1 or freq[0] not in _UNITS or set(rule) - _EVEN:
        return None
    interval = int(rule.get("INTERVAL", [1])[0])
    return (rule, _UNITS[freq[0]] * interval) if interval >= 1 else None


def _skippable(event: Any, lo: datetime) -> int:
    """Whole periods of the event's rule that end before the window, or 0."""
    found = _rule(event)
    start = event.get("DTSTART")
    if found is None or start is None or not isinstance(start.dt, datetime):
        return 0
    rule, period = found
    first = start.dt
    wall_lo = lo.astimezone(first.tzinfo or UTC).replace(tzinfo=None)
    end = event.get("DTEND")
    length = end.dt - first if end is not None and isinstance(end.dt, datetime) else timedelta()
    if "DURATION" in event:
        length = event["DURATION"].dt
    target = wall_lo - _MARGIN - max(length, timedelta())
    periods = (target - first.replace(tzinfo=None)) // period
    if periods <= 0:
        return 0
    if "COUNT" in rule:
        periods = min(periods, int(rule["COUNT"][0]) - 1)
    return max(periods, 0)


def _advance(event: Any, periods: int) -> None:
    rule, period = _rule(event) or (None, None)
    assert rule is not None and period is not None
    shift = period * periods
    for name in ("DTSTART", "DTEND"):
        if name in event:
            old = event[name]
            new = vDDDTypes(old.dt + shift)  # wall-clock addition, as the expander counts
            new.params = old.params
            event[name] = new
    if "COUNT" in rule:
        moved = vRecur(dict(rule))
        moved["COUNT"] = [int(rule["COUNT"][0]) - periods]
        event["RRULE"] = moved
