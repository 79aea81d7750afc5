"""Calendar arithmetic in the reading zone: local midnights, weeks, months.

A local day is [00:00, next day 00:00) on the reading zone's wall clock, so a day is 23 or
25 hours long across a DST change; weeks run Monday to Sunday, and the working week of
the window table ends on Saturday 00:00.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

WORKING_DAYS = 5
MINUTES_PER_DAY = 24 * 60


def midnight(d: date, tz: tzinfo) -> datetime:
    return datetime.combine(d, time(0), tzinfo=tz)


def at_minutes(d: date, minutes: int, tz: tzinfo) -> datetime:
    """``minutes`` after local midnight of ``d`` on the wall clock (1440 is next midnight)."""
    days, rest = divmod(minutes, MINUTES_PER_DAY)
    return datetime.combine(d + timedelta(days=days), time(rest // 60, rest % 60), tzinfo=tz)


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def add_months(d: date, months: int) -> date:
    """The first day of the month ``months`` after ``d``'s month."""
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def days_between(first: date, last: date) -> list[date]:
    """Each date from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def working_days_span(start: date, count: int) -> int:
    """Calendar days from ``start`` that hold ``count`` working days (Monday-Friday)."""
    days = seen = 0
    while seen < count:
        if (start + timedelta(days=days)).weekday() < WORKING_DAYS:
            seen += 1
        days += 1
    return days
