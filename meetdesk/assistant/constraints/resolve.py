"""Which date a day reference means: the next occurrence, the year, the convention.

A day of the month alone is its next occurrence; a written date without a year is the
next such date unless it is less than two months past (then it is a doubt: a mistake, or
the past, not next year); a date more than a year ahead is a doubt. A weekday alone is
its next occurrence, "this Friday" this week's, "next Friday" next week's (a doubt when
written earlier the same week); their doubts wait until we know no week places them.
Numeric dates follow the reading zone's convention and are a doubt when it is unknown.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from meetdesk.assistant.constraints.dates import add_months, safe_date
from meetdesk.assistant.constraints.model import Anchor, Context
from meetdesk.assistant.constraints.vocab import ORDINALS
from meetdesk.assistant.lexicon import MONTHS_EN, WEEKDAYS_EN

# A written date this recently past is a mistake or a reference to the past, not next year.
PAST_GRACE_DAYS = 62
MAX_AHEAD_DAYS = 366
# "tomorrow" written before this hour may mean the day that has just begun.
LATE_NIGHT_HOUR = 4


def day_number(token: str) -> int | None:
    digits = re.match(r"\d+", token)
    if digits:
        return int(digits[0])
    return ORDINALS.get(token)


def resolve_date(
    ctx: Context, day: int, month: int | None, year: int | None, weekday: int | None, label: str
) -> date | None:
    """The date meant by a day (and month, year, weekday), or None with a doubt."""
    today = ctx.today
    notes = ctx.notes
    if not 1 <= day <= 31:
        return None
    if month is None:
        found: list[date] = []
        for k in range(13):
            first = add_months(today.replace(day=1), k)
            c = safe_date(first.year, first.month, day)
            if c is not None and c >= today:
                found.append(c)
                if len(found) == 2:
                    break
        if not found:
            return None
        chosen = found[0]
        if weekday is not None and chosen.weekday() != weekday:
            if len(found) > 1 and found[1].weekday() == weekday:
                notes.note(f"'{label}' read as {found[1].isoformat()}, the next that matches")
                return found[1]
            notes.ambiguity(
                f"'{label}': {chosen.isoformat()} is a {WEEKDAYS_EN[chosen.weekday()]}, not a "
                f"{WEEKDAYS_EN[weekday]}",
                rule="window.weekday_mismatch",
            )
        return chosen
    c = safe_date(year or today.year, month, day)
    if c is None:
        notes.doubt(f"'{label}' is not a valid date", rule="window.invalid_date")
        return None
    if c < today:
        if year is None and (today - c).days > PAST_GRACE_DAYS:
            c = safe_date(today.year + 1, month, day)
            if c is None:
                return None
        else:
            notes.doubt(f"'{label}' is in the past", rule="window.past")
            return None
    if (c - today).days > MAX_AHEAD_DAYS:
        notes.doubt(f"'{label}' is more than a year ahead", rule="window.too_far")
        return None
    if weekday is not None and c.weekday() != weekday:
        notes.ambiguity(
            f"'{label}': {c.isoformat()} is a {WEEKDAYS_EN[c.weekday()]}, not a "
            f"{WEEKDAYS_EN[weekday]}",
            rule="window.weekday_mismatch",
        )
    return c


def numeric(
    ctx: Context, a: int, b: int, year: int | None, weekday: int | None, label: str
) -> tuple[date | None, str] | None:
    """A numeric date "a/b": None when it is no date at all."""
    readings = []
    for day, month in ((a, b), (b, a)):
        if 1 <= month <= 12 and 1 <= day <= 31 and safe_date(2000, month, day) is not None:
            readings.append((day, month))
    if not readings:
        return None
    readings = list(dict.fromkeys(readings))
    if len(readings) == 1:
        (day, month), rule = readings[0], "date.numeric"
    elif ctx.day_first is None:
        day, month = readings[0] if ctx.tie_day_first else readings[1]
        other = readings[1] if ctx.tie_day_first else readings[0]
        ctx.notes.ambiguity(
            f"'{label}' may be {day} {MONTHS_EN[month - 1]} or {other[0]} "
            f"{MONTHS_EN[other[1] - 1]}: the sender's date convention is unknown; read as "
            f"{day} {MONTHS_EN[month - 1]}",
            rule="date.numeric_ambiguous",
        )
        rule = "date.numeric_ambiguous"
    elif ctx.day_first:
        (day, month), rule = readings[0], "date.numeric_day_first"
    else:
        (day, month), rule = readings[1], "date.numeric_month_first"
    if year is not None and year < 100:
        year += 2000
    return resolve_date(ctx, day, month, year, weekday, label), rule


def weekday_date(ctx: Context, wd: int, mod: str | None, anchor: Anchor) -> date | None:
    """The date of a weekday; doubts are deferred until we know no week places it."""
    today = ctx.today
    tw = today.weekday()
    ahead = (wd - tw) % 7
    name = WEEKDAYS_EN[wd]
    if mod == "last":
        ctx.notes.fired("ignored.past_reference")  # "last Monday": narrative, not a constraint
        return None
    if mod == "this":
        return today + timedelta(days=ahead)
    if mod == "next":
        if wd > tw:
            anchor.deferred.append(
                (
                    f"'{anchor.label}' written on a {WEEKDAYS_EN[tw]}: this week's or next week's "
                    f"{name}? Read as next week's",
                    "window.next_weekday_ambiguous",
                    True,
                )
            )
            return today + timedelta(days=ahead + 7)
        return today + timedelta(days=ahead or 7)
    if ahead == 0:
        anchor.deferred.append(
            (
                f"'{anchor.label}' was written on a {name}: today or next week? Read as next week",
                "window.same_weekday",
                True,
            )
        )
        return today + timedelta(days=7)
    return today + timedelta(days=ahead)
