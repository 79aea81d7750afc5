"""The propose stage's search plan: the hull of the windows, with gaps and exclusions blocked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import Interval
from meetdesk.calendar.preferences import Preferences
from meetdesk.flow.search import search_window

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 19, 10, 0, tzinfo=PARIS)  # a Thursday
PREFS = Preferences()  # Monday to Friday 09:00-18:00, two weeks ahead


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=PARIS)


def _pair(a: datetime, b: datetime) -> list[str]:
    return [a.isoformat(), b.isoformat()]


def test_no_window_searches_the_default_horizon_from_the_next_working_day() -> None:
    """Without a requested window: the horizon, from the next working day's opening."""
    hull, not_before, blocked = search_window(NOW, PARIS, PREFS, [])
    assert hull == Interval(_at(20, 9), datetime(2026, 12, 4, 9, 0, tzinfo=PARIS))
    assert not_before == _at(20, 9) and blocked == []


def test_minimum_notice_moves_the_earliest_start() -> None:
    """Two days' notice on a Thursday morning: nothing before Saturday 10:00's moment."""
    prefs = Preferences.from_json({"min_notice_minutes": 48 * 60})
    _, not_before, _ = search_window(NOW, PARIS, prefs, [])
    assert not_before == datetime(2026, 11, 21, 10, 0, tzinfo=PARIS)


def test_time_between_windows_is_blocked() -> None:
    """'Tuesday or Thursday afternoon': one hull, the time in between blocked."""
    windows = [_pair(_at(24, 14), _at(24, 18)), _pair(_at(26, 14), _at(26, 18))]
    hull, _, blocked = search_window(NOW, PARIS, PREFS, windows)
    assert hull == Interval(_at(24, 14), _at(26, 18))
    assert blocked == [Interval(_at(24, 18), _at(26, 14))]


def test_exclusions_are_blocked() -> None:
    """'next week except mornings': each excluded morning is blocked time."""
    windows = [_pair(_at(23, 0), _at(28, 0))]
    exclusions = [_pair(_at(23, 8), _at(23, 12)), _pair(_at(24, 8), _at(24, 12))]
    _, _, blocked = search_window(NOW, PARIS, PREFS, windows, exclusions)
    assert blocked == [Interval(_at(23, 8), _at(23, 12)), Interval(_at(24, 8), _at(24, 12))]
