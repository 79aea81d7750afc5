"""Evenly spaced series moved forward to the window: the same occurrences, exactly."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import recurring_ical_events
from icalendar import Calendar

from meetdesk.calendar.base import Interval
from meetdesk.calendar.bounded import bounded_calendar
from meetdesk.calendar.busy import busy_from_ics
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

NEW_YORK_LINES = (
    "DTSTART;TZID=America/New_York:20000103T090000",
    "DTEND;TZID=America/New_York:20000103T091500",
)


def starts(cal: Calendar, lo: datetime, hi: datetime) -> list[datetime]:
    return sorted(e["DTSTART"].dt for e in recurring_ical_events.of(cal).between(lo, hi))


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY;INTERVAL=7;COUNT=1000000000",
        "FREQ=MINUTELY;INTERVAL=61",
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=20300101T000000Z",
        "FREQ=SECONDLY;INTERVAL=86399",
    ],
)
def test_moved_series_gives_the_original_occurrences(rule: str) -> None:
    """Over a 2026 window the moved rule yields exactly what the original rule yields."""
    original = Calendar.from_ical(
        vcalendar(
            vevent("s", "DTSTART:20000103T090000Z", "DTEND:20000103T091500Z", f"RRULE:{rule}")
        )
    )
    lo, hi = utc(2026, 3, 2), utc(2026, 3, 9)
    moved = bounded_calendar(original, lo)
    assert moved is not original
    assert moved.walk("VEVENT")[0]["DTSTART"].dt > utc(2026, 2, 20)
    assert starts(moved, lo, hi) == starts(original, lo, hi)
    assert original.walk("VEVENT")[0]["DTSTART"].dt == utc(2000, 1, 3, 9)  # not modified


def test_count_is_reduced_by_the_skipped_periods() -> None:
    """A COUNT ending inside the window still ends at the same occurrence."""
    # every 7 hours from 2000-01-03 09:00Z; occurrence n is at 09:00Z + 7n hours
    n = (utc(2026, 3, 4, 12) - utc(2000, 1, 3, 9)) // timedelta(hours=7)
    rule = f"RRULE:FREQ=HOURLY;INTERVAL=7;COUNT={n + 1}"
    cal = vcalendar(vevent("s", "DTSTART:20000103T090000Z", "DTEND:20000103T091500Z", rule))
    busy = busy_from_ics([cal], utc(2026, 3, 2), utc(2026, 3, 9), PARIS)
    last = utc(2000, 1, 3, 9) + n * timedelta(hours=7)
    assert busy[-1] == Interval(last, last + timedelta(minutes=15))
    assert len(busy) == len(starts(Calendar.from_ical(cal), utc(2026, 3, 2), utc(2026, 3, 9)))


def test_a_zoned_hourly_rule_keeps_the_library_s_wall_clock_steps() -> None:
    """In a zone with daylight saving the moved rule matches the original across a change."""
    original = Calendar.from_ical(
        vcalendar(vevent("s", *NEW_YORK_LINES, "RRULE:FREQ=HOURLY;INTERVAL=5"))
    )
    lo, hi = utc(2026, 3, 6), utc(2026, 3, 11)  # 8 March 2026: clocks go forward
    assert starts(bounded_calendar(original, lo), lo, hi) == starts(original, lo, hi)


def test_exdate_and_overrides_still_apply_to_a_moved_series() -> None:
    """EXDATE and RECURRENCE-ID refer to original instants, which the move keeps."""
    cal = vcalendar(
        vevent(
            "s",
            "DTSTART:20000103T090000Z",
            "DTEND:20000103T100000Z",
            "RRULE:FREQ=DAILY",
            "EXDATE:20260303T090000Z",
        ),
        vevent(
            "s",
            "RECURRENCE-ID:20260304T090000Z",
            "DTSTART:20260304T150000Z",
            "DTEND:20260304T160000Z",
        ),
    )
    busy = busy_from_ics([cal], utc(2026, 3, 2), utc(2026, 3, 5), PARIS)
    assert busy == [
        Interval(utc(2026, 3, 2, 9), utc(2026, 3, 2, 10)),
        Interval(utc(2026, 3, 4, 15), utc(2026, 3, 4, 16)),
    ]


def test_uneven_periods_are_left_alone() -> None:
    """Months differ in length: a monthly rule goes to the library unchanged."""
    cal = Calendar.from_ical(
        vcalendar(
            vevent("s", "DTSTART:20200106T090000Z", "DTEND:20200106T100000Z", "RRULE:FREQ=MONTHLY")
        )
    )
    assert bounded_calendar(cal, utc(2026, 3, 2)) is cal


def test_a_series_already_near_the_window_is_left_alone() -> None:
    """Nothing to skip: the calendar is handed over as it is."""
    cal = Calendar.from_ical(
        vcalendar(
            vevent("s", "DTSTART:20260301T090000Z", "DTEND:20260301T100000Z", "RRULE:FREQ=HOURLY")
        )
    )
    assert bounded_calendar(cal, utc(2026, 3, 2)) is cal


def test_minutely_rule_from_2000_gives_the_window_s_occurrences() -> None:
    """FREQ=MINUTELY since 2000 with COUNT=10^9: every 7th minute of the window, exactly."""
    cal = vcalendar(
        vevent(
            "s",
            "DTSTART:20000103T090000Z",
            "DTEND:20000103T090100Z",
            "RRULE:FREQ=MINUTELY;INTERVAL=7;COUNT=1000000000",
        )
    )
    lo, hi = utc(2026, 3, 2), utc(2026, 3, 2, 2)
    busy = busy_from_ics([cal], lo, hi, PARIS)
    step = timedelta(minutes=7)
    first = utc(2000, 1, 3, 9) + -(-(lo - utc(2000, 1, 3, 9)) // step) * step
    expected = []
    at = first
    while at < hi:
        expected.append(Interval(at, at + timedelta(minutes=1)))
        at += step
    assert busy == expected


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MINUTELY;INTERVAL=15;BYHOUR=9,14;BYDAY=MO,WE",
        "FREQ=HOURLY;INTERVAL=5;BYDAY=TU,TH;COUNT=1000000000",
        "FREQ=DAILY;INTERVAL=3;BYHOUR=8,17;BYMINUTE=0,30",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;WKST=SU",
        "FREQ=SECONDLY;INTERVAL=900;BYMINUTE=0;BYHOUR=10",
    ],
)
def test_a_weekly_pattern_is_moved_by_whole_patterns(rule: str) -> None:
    """BY* parts that pick weekdays and times of day repeat every lcm(step, one week):
    the moved rule yields exactly the original occurrences, in UTC and across a daylight
    saving change in New York."""
    for lines in (("DTSTART:20000103T090000Z", "DTEND:20000103T091000Z"), NEW_YORK_LINES):
        original = Calendar.from_ical(vcalendar(vevent("s", *lines, f"RRULE:{rule}")))
        lo, hi = utc(2026, 3, 2), utc(2026, 3, 16)  # 8 March 2026: New York changes clocks
        moved = bounded_calendar(original, lo)
        assert moved.walk("VEVENT")[0]["DTSTART"].dt.year == 2026
        assert starts(moved, lo, hi) == starts(original, lo, hi)


def test_a_pattern_s_count_ends_at_the_same_occurrence() -> None:
    """COUNT shrinks by the occurrences of the skipped patterns, so the series still
    ends where it did: here every Monday and Wednesday at 09:00, 09:30 from 2024."""
    rule = "FREQ=MINUTELY;INTERVAL=30;BYHOUR=9;BYDAY=MO,WE"
    # Two Mondays of 2024 then weekly: 4 occurrences a week from Monday 1 January 2024.
    weeks = (utc(2026, 3, 2) - utc(2024, 1, 1)) // timedelta(weeks=1)
    count = 4 * weeks + 3  # ends on Wednesday 4 March 2026 at 09:00
    cal = vcalendar(
        vevent(
            "s", "DTSTART:20240101T090000Z", "DTEND:20240101T091500Z", f"RRULE:{rule};COUNT={count}"
        )
    )
    original = Calendar.from_ical(cal)
    lo, hi = utc(2026, 3, 2), utc(2026, 3, 9)
    assert starts(bounded_calendar(original, lo), lo, hi) == starts(original, lo, hi)
    assert starts(original, lo, hi)[-1] == utc(2026, 3, 4, 9)


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;BYDAY=1MO", "FREQ=HOURLY;BYMONTH=3", "FREQ=DAILY;BYSETPOS=1;BYDAY=MO"]
)
def test_month_dependent_rules_are_left_alone(rule: str) -> None:
    """Ordinal weekdays, months and set positions do not repeat weekly."""
    original = Calendar.from_ical(
        vcalendar(
            vevent("s", "DTSTART:20000103T090000Z", "DTEND:20000103T091500Z", f"RRULE:{rule}")
        )
    )
    assert bounded_calendar(original, utc(2026, 3, 2)) is original
