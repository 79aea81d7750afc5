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
    """The day ``wd`` named with ``mod``.

    None: the next occurrence, today excluded; "this": today or the next occurrence;
    "next": next week's; "last": last week's; "past": the latest before today;
    "coming": the next occurrence (as None); "after_next": a week after the next one;
    "in8"/"in15" (French "lundi en huit/quinze"): one or two weeks after the next
    occurrence, today included.
    """
    ahead = (wd - today.weekday()) % 7
    if mod == "next":
        return monday(today) + timedelta(days=7 + wd)
    if mod == "last":
        return monday(today) - timedelta(days=7 - wd)
    if mod == "this":
        return today + timedelta(days=ahead)
    if mod == "past":
        return today - timedelta(days=(today.weekday() - wd) % 7 or 7)
    if mod == "after_next":
        return today + timedelta(days=(ahead or 7) + 7)
    if mod in ("in8", "in15"):
        return today + timedelta(days=ahead + (7 if mod == "in8" else 14))
    return today + timedelta(days=ahead or 7)


def nth_weekday(year: int, month: int, wd: int, n: int) -> date | None:
    """The ``n``-th weekday ``wd`` of a month (``n`` = -1 for the last), or ``None``."""
    if n < 0:
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - wd) % 7)
    first = date(year, month, 1)
    d = first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    return d if d.month == month else None


def day_on_weekday(today: date, day: int, wd: int) -> date | None:
    """The next day numbered ``day`` (today included) that falls on weekday ``wd``."""
    first = today.replace(day=1)
    for k in range(0, 60):
        m = add_months(first, k)
        c = safe_date(m.year, m.month, day)
        if c is not None and c >= today and c.weekday() == wd:
            return c
    return None


def year_on_weekday(today: date, month: int, day: int, wd: int) -> date | None:
    """The day/month on weekday ``wd`` nearest today: at most a month past, two years ahead."""
    found = [
        c
        for y in (today.year - 1, today.year, today.year + 1, today.year + 2)
        if (c := safe_date(y, month, day)) is not None
        and c.weekday() == wd
        and -31 <= (c - today).days <= 731
    ]
    return min(found, key=lambda c: abs((c - today).days)) if found else None


def shift_by(base: datetime, amount: tuple[tuple[str, float], ...], sign: int) -> datetime:
    """``base`` moved by each (unit, n) of ``amount``, forward for ``sign`` 1, back for -1."""
    for unit, n in amount:
        base = shift(base, unit, sign * n)
    return base


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
