"""Recurring series moved forward to the window before expansion, so cost is the window's.

``recurring_ical_events`` walks a rule from its DTSTART, so a sub-daily rule started
years ago (FREQ=MINUTELY since 2000, COUNT=1000000000) costs seconds for a four-week
window in 2026 (measured in ``bench/slots.py``). For a rule whose occurrences are evenly
spaced, i.e. FREQ from SECONDLY to WEEKLY with no BY* part, the n-th occurrence is
DTSTART + n x INTERVAL x unit (in wall-clock time, as the expander counts), so whole
periods before the window can be skipped arithmetically: DTSTART and DTEND move forward
by k periods and COUNT shrinks by k. A rule whose BY* parts only pick weekdays and times
of day (BYDAY without ordinals, BYHOUR, BYMINUTE, BYSECOND: "every minute from 9 to 10
on Mondays") repeats its pattern every lcm(INTERVAL x unit, one week), with the same
number of occurrences each time, so it is skipped the same way by whole patterns (that
number is counted once, over one pattern, for COUNT). Every occurrence still produced
is one of the original ones, at the same instant, so EXDATE, RDATE and RECURRENCE-ID
keep matching. Other rules (BYMONTH, BYSETPOS, ordinals, ...) are handed over unchanged.
"""

from __future__ import annotations

import copy
import math
from datetime import UTC, datetime, timedelta
from typing import Any

from dateutil.rrule import rrulestr
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
# BY* parts that only choose weekdays and times of day: the pattern repeats weekly.
_WEEKLY_PATTERN = frozenset({"BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND"})
_WEEK = timedelta(weeks=1)
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
    """The event's rule and the span after which its occurrences repeat, if it has one."""
    rule = event.get("RRULE")
    if not isinstance(rule, vRecur) or "RECURRENCE-ID" in event:
        return None
    freq = [str(f).upper() for f in rule.get("FREQ", [])]
    if len(freq) != 1 or freq[0] not in _UNITS:
        return None
    interval = int(rule.get("INTERVAL", [1])[0])
    if interval < 1:
        return None
    step = _UNITS[freq[0]] * interval
    parts = set(rule) - _EVEN
    if not parts:
        return rule, step
    if parts - _WEEKLY_PATTERN or any(_has_ordinal(d) for d in rule.get("BYDAY", [])):
        return None
    seconds = math.lcm(int(step.total_seconds()), int(_WEEK.total_seconds()))
    return rule, timedelta(seconds=seconds)


def _has_ordinal(day: Any) -> bool:
    """ "1MO" or "-1FR" (the first Monday, the last Friday) depend on the month."""
    return not str(day).strip().isalpha()


def _per_period(rule: vRecur, first: datetime, period: timedelta) -> int:
    """How many occurrences one period of the pattern holds (1 for an even rule)."""
    if not set(rule) - _EVEN:
        return 1
    endless = vRecur({k: v for k, v in rule.items() if k not in ("COUNT", "UNTIL")})
    naive = first.replace(tzinfo=None)
    expanded = rrulestr(endless.to_ical().decode(), dtstart=naive)
    return len(expanded.between(naive - timedelta(microseconds=1), naive + period))


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
        per = _per_period(rule, first, period)
        periods = min(periods, (int(rule["COUNT"][0]) - 1) // per) if per else 0
    return max(periods, 0)


def _advance(event: Any, periods: int) -> None:
    rule, period = _rule(event) or (None, None)
    assert rule is not None and period is not None
    skipped = periods * _per_period(rule, event["DTSTART"].dt, period) if "COUNT" in rule else 0
    shift = period * periods
    for name in ("DTSTART", "DTEND"):
        if name in event:
            old = event[name]
            new = vDDDTypes(old.dt + shift)  # wall-clock addition, as the expander counts
            new.params = old.params
            event[name] = new
    if "COUNT" in rule:
        moved = vRecur(dict(rule))
        moved["COUNT"] = [int(rule["COUNT"][0]) - skipped]
        event["RRULE"] = moved
