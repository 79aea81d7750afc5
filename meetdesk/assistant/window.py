"""Turn the time mentions of a request into one search window.

Relative phrases resolve against the moment the customer *sent* the message, in the
customer's time zone, never against the processing time: a request sent Sunday 23:30 in
Paris (22:30 UTC) means the Paris week. Anything that admits two readings ("next Friday"
said on a Thursday) is resolved to the later reading *and* recorded as a doubt, so the
request goes to a human instead of the assistant guessing silently.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetdesk.assistant.lexicon import WEEKDAYS_EN
from meetdesk.assistant.reading import Evidence
from meetdesk.assistant.when import NEXT_DAYS, NEXT_WEEK, THIS_WEEK, WEEK_AFTER_NEXT, Day, Span
from meetdesk.calendar.base import Interval

WORKING_DAYS = 5
# A "tomorrow" written this soon after midnight may well mean the day that has just begun.
LATE_NIGHT_END = time(4, 0)


def _midnight(d: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(d, time(0), tzinfo=tz)


def _days(first: date, last: date, tz: ZoneInfo) -> Interval:
    """Whole local days from ``first`` to ``last`` inclusive."""
    return Interval(_midnight(first, tz), _midnight(last + timedelta(days=1), tz))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _week(span: Span, sent: datetime, tz: ZoneInfo, ev: Evidence) -> tuple[date, date] | None:
    """The working days of a week-level span, or None for "next N days"."""
    today = sent.date()
    if span.kind == NEXT_WEEK:
        monday = _monday(today) + timedelta(days=7)
    elif span.kind == WEEK_AFTER_NEXT:
        monday = _monday(today) + timedelta(days=14)
        if span.fuzzy:
            ev.doubt("'in two weeks' is vague; read as the week after next")
    elif span.kind == THIS_WEEK:
        if today.weekday() >= WORKING_DAYS:
            ev.doubt("'this week' was written at the weekend; read as the coming week")
            monday = _monday(today) + timedelta(days=7)
        else:
            return today, _monday(today) + timedelta(days=WORKING_DAYS - 1)
    else:
        return None
    return monday, monday + timedelta(days=WORKING_DAYS - 1)


def _span_interval(span: Span, sent: datetime, tz: ZoneInfo, ev: Evidence) -> Interval:
    if span.kind == NEXT_DAYS:
        if span.fuzzy:
            ev.note(f"'{span.rule}' is vague; read as the next {span.days} days")
        start = _midnight(sent.date() + timedelta(days=1), tz)
        return Interval(start, start + timedelta(days=span.days))
    week = _week(span, sent, tz, ev)
    assert week is not None
    if span.kind == THIS_WEEK and week[0] == sent.date():
        return Interval(sent, _midnight(week[1] + timedelta(days=1), tz))
    return _days(week[0], week[1], tz)


def _weekday_date(day: Day, today: date, ev: Evidence) -> date:
    assert day.weekday is not None
    name = WEEKDAYS_EN[day.weekday]
    ahead = (day.weekday - today.weekday()) % 7
    if ahead == 0:
        if day.modifier != "next":
            ev.doubt(f"'{name}' was written on a {name}: today or next week?")
        return today + timedelta(days=7)
    if day.modifier == "next" and day.weekday > today.weekday():
        ev.doubt(
            f"'next {name}' written on a {WEEKDAYS_EN[today.weekday()]}: this week's "
            f"or next week's {name}? Read as next week's"
        )
        return today + timedelta(days=ahead + 7)
    return today + timedelta(days=ahead)


def _calendar_date(day: Day, today: date, ev: Evidence) -> date | None:
    if day.on is not None:
        return day.on
    if len(day.day_months) > 1:
        ev.doubt("a numeric date reads both day/month and month/day")
    d, month = day.day_months[0]
    for years_ahead in range(2):
        for months_ahead in range(13 if month is None else 1):
            m = (month or today.month) + months_ahead
            year = today.year + years_ahead + (m - 1) // 12
            try:
                candidate = date(year, (m - 1) % 12 + 1, d)
            except ValueError:
                continue
            if candidate >= today:
                if day.weekday is not None and candidate.weekday() != day.weekday:
                    ev.doubt(f"the weekday does not match {candidate.isoformat()}")
                return candidate
    return None


def resolve_window(
    spans: list[Span], days: list[Day], sent_at: datetime, tz: ZoneInfo, ev: Evidence
) -> Interval | None:
    """The window a request asks for, or None when it names no time (default horizon)."""
    sent = sent_at.astimezone(tz)
    today = sent.date()
    kinds = list(dict.fromkeys(s.kind for s in spans))
    if len(kinds) > 1:
        ev.doubt("several periods are mentioned", rule="window.conflict")
    for found in spans:
        ev.fired(found.rule)
    span: Span | None = spans[0] if spans else None

    if not days:
        return _span_interval(span, sent, tz, ev) if span is not None else None

    week = _week(span, sent, tz, ev) if span is not None else None
    dates: list[date] = []
    for day in days:
        ev.fired(f"window.{day.rule}")
        if week is not None and day.weekday is not None and not day.day_months and day.on is None:
            ev.fired("window.weekday_in_week")
            dates.append(week[0] + timedelta(days=day.weekday))
            continue
        if day.weekday is not None and not day.day_months and day.on is None:
            resolved: date | None = _weekday_date(day, today, ev)
        else:
            resolved = _calendar_date(day, today, ev)
        if resolved is None:
            ev.doubt("a date could not be resolved")
            continue
        if day.rule == "date.tomorrow" and sent.time() < LATE_NIGHT_END:
            ev.doubt("'tomorrow' written just after midnight may mean today")
        dates.append(resolved)
    if span is not None and week is None:
        ev.doubt("both a period and a day are mentioned; using the day", rule="window.conflict")
    elif week is not None and any(not week[0] <= d <= week[1] for d in dates):
        ev.doubt("a day falls outside the period mentioned", rule="window.conflict")
    if not dates:
        return _span_interval(span, sent, tz, ev) if span is not None else None
    dates = sorted(set(dates))
    if len(dates) > 1:
        ev.doubt(
            "several days are mentioned; searching from the first to the last",
            rule="window.several_days",
        )
    if any(d.weekday() >= WORKING_DAYS for d in dates):
        ev.note("the requested day falls on a weekend")
    if dates[0] < today:
        ev.doubt("the requested day is in the past")
    if dates[0] == today:
        return Interval(sent, _midnight(today + timedelta(days=1), tz))
    return _days(dates[0], dates[-1], tz)
