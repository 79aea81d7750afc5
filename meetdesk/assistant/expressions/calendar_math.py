"""Date and clock arithmetic behind the conventions of the reading.

Kept apart from the rules so the conventions live in one place: a weekday alone is its
next occurrence, a day and month without a year is the next such day, months are added
by clamping to the month's last day, and an hour 1-7 without am/pm is read as afternoon.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from meetdesk.assistant.expressions.words import unit_seconds


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y = d.year + m // 12
    m = m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise ValueError(d)


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def next_day_month(today: date, day: int, month: int | None) -> date | None:
    """The next (or current) date with that day and month."""
    if month is None:
        for k in range(0, 13):
            m = add_months(today.replace(day=1), k)
            c = safe_date(m.year, m.month, day)
            if c is not None and c >= today:
                return c
        return None
    for y in (today.year, today.year + 1):
        c = safe_date(y, month, day)
        if c is not None and c >= today:
            return c
    return safe_date(today.year, month, day)


def weekday_date(today: date, wd: int, mod: str | None) -> date:
    if mod == "next":
        return monday(today) + timedelta(days=7 + wd)
    if mod == "last":
        return monday(today) - timedelta(days=7 - wd)
    if mod == "this":
        return monday(today) + timedelta(days=wd)
    ahead = (wd - today.weekday()) % 7
    return today + timedelta(days=ahead or 7)


def shift(ref: datetime, unit: str, n: float) -> datetime:
    """``ref`` moved by ``n`` units; whole months and years move on the calendar."""
    secs = unit_seconds(unit)
    if secs >= 2592000 and n == int(n):
        months = int(n) * (12 if secs == 31536000 else 1)
        return datetime.combine(add_months(ref.date(), months), ref.time())
    return ref + timedelta(seconds=secs * n)


def clock(h: int, m: int, meridiem: str | None, *, guess_pm: bool = True) -> time | None:
    if meridiem:
        if not 1 <= h <= 12 or not 0 <= m <= 59:
            return None
        return time(h % 12 + (12 if meridiem.startswith("p") else 0), m)
    if not (0 <= h <= 24 and 0 <= m <= 59):
        return None
    if h == 24:
        h = 0
    if guess_pm and 1 <= h <= 7:
        h += 12
    return time(h, m)


def apply_part(c: time, part: tuple[int, int]) -> time:
    """A clock moved into a part of day: "3" with "afternoon" is 15:00."""
    if part[0] >= 12 and c.hour < 12:
        return time(c.hour + 12, c.minute)
    if part[0] < 12 and c.hour >= 12 and c.hour - 12 < part[1]:
        return time(c.hour - 12, c.minute)
    return c
