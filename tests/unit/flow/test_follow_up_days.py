"""Working-day arithmetic of follow-ups: the customer's working weekdays, same local time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetdesk.calendar.preferences import Preferences
from meetdesk.flow.follow_up import working_days_after

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = Preferences()  # Monday to Friday
SIX_DAYS = Preferences(working_hours={d: (time(9), time(18)) for d in range(6)})
NEVER = Preferences(working_hours={})


def _at(day: int, hour: int, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=PARIS)


def test_friday_plus_two_working_days_is_tuesday() -> None:
    """The weekend does not count: Friday 10:00 + 2 is Tuesday 10:00."""
    assert working_days_after(_at(27, 10), 2, PARIS, WEEKDAYS) == _at(1, 10, month=12)


def test_midweek_days_follow_each_other() -> None:
    """Tuesday + 2 is Thursday, at the same local time."""
    assert working_days_after(_at(24, 15), 2, PARIS, WEEKDAYS) == _at(26, 15)


def test_a_start_on_the_weekend_counts_from_monday() -> None:
    """Saturday + 1 is Monday: the day of the start itself never counts."""
    assert working_days_after(_at(28, 11), 1, PARIS, WEEKDAYS) == _at(30, 11)


def test_a_saturday_working_customer_is_followed_up_on_saturday() -> None:
    """Friday + 1 is Saturday for a customer who works on Saturdays; + 2 is Monday."""
    assert working_days_after(_at(27, 10), 1, PARIS, SIX_DAYS) == _at(28, 10)
    assert working_days_after(_at(27, 10), 2, PARIS, SIX_DAYS) == _at(30, 10)


def test_no_working_day_at_all_falls_back_to_calendar_days() -> None:
    """Without any working weekday, two days are two calendar days."""
    assert working_days_after(_at(27, 10), 2, PARIS, NEVER) == _at(29, 10)


def test_the_local_time_is_kept_across_the_autumn_change() -> None:
    """Friday 23 October 2026 10:00 CEST + 2 is Tuesday 27 October 10:00 CET: 97 hours."""
    start = _at(23, 10, month=10)
    after = working_days_after(start, 2, PARIS, WEEKDAYS)
    assert after == _at(27, 10, month=10)
    assert after.utcoffset() == timedelta(hours=1)
    assert after.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=4, hours=1)


def test_the_local_time_is_kept_across_the_spring_change() -> None:
    """Friday 27 March 2026 10:00 CET + 2 is Tuesday 31 March 10:00 CEST: 95 hours."""
    start = _at(27, 10, month=3)
    after = working_days_after(start, 2, PARIS, WEEKDAYS)
    assert after == _at(31, 10, month=3)
    assert after.utcoffset() == timedelta(hours=2)
    assert after.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=3, hours=23)


def test_a_wall_time_skipped_by_the_change_becomes_a_real_moment() -> None:
    """02:30 on the spring-forward Sunday does not exist: the result is a real instant
    an hour later on the wall clock, not a time that converts back differently."""
    start = datetime(2026, 3, 28, 2, 30, tzinfo=PARIS)
    after = working_days_after(start, 1, PARIS, NEVER)
    assert after.astimezone(UTC).astimezone(PARIS) == after
    assert after.date().day == 29 and after.hour == 3


def test_a_utc_start_is_counted_in_the_customer_zone() -> None:
    """23:30 UTC on a Friday is Saturday in Paris: + 1 working day is Monday 00:30."""
    start = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    after = working_days_after(start, 1, PARIS, WEEKDAYS)
    assert after == datetime(2026, 11, 30, 0, 30, tzinfo=PARIS)
