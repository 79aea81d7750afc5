"""Preferences: defaults, the stored form round-trips, overrides merge, bad values are named."""

from __future__ import annotations

from datetime import time

import pytest

from meetdesk.calendar.preferences import KindPreference, Preferences


def test_defaults_round_trip_through_the_stored_form() -> None:
    """to_json then from_json gives the same preferences."""
    prefs = Preferences()
    assert Preferences.from_json(prefs.to_json()) == prefs


def test_overrides_replace_only_what_they_name() -> None:
    """A kind's hours change, its default duration stays; other keys keep their values."""
    prefs = Preferences.from_json({"kinds": {"lunch": {"hours": "12:30-14:00"}}, "max_per_day": 4})
    assert prefs.kinds["lunch"] == KindPreference(90, (time(12, 30), time(14, 0)))
    assert prefs.max_per_day == 4 and prefs.horizon_days == 14
    assert prefs.duration_for("lunch") == 90 and prefs.duration_for("call") == 30
    assert prefs.hours_for("dinner") == (time(19), time(22, 30)) and prefs.hours_for(None) is None


def test_working_hours_and_end_of_day() -> None:
    """Weekdays by name; 'off' drops a day; 24:00 is the end of the day."""
    prefs = Preferences.from_json({"working_hours": {"mon": "09:30-24:00", "tue": "off"}})
    assert prefs.working_hours == {0: (time(9, 30), time(0))}
    assert prefs.to_json()["working_hours"] == {"mon": "09:30-24:00"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colour": "blue"}, "unknown preference 'colour'"),
        ({"working_hours": {"moon": "09:00-18:00"}}, "unknown weekday 'moon'"),
        ({"working_hours": {"mon": "9-18"}}, "working_hours.mon"),
        ({"kinds": {"picnic": {}}}, "unknown meeting kind 'picnic'"),
        ({"kinds": {"lunch": {"hours": "14:00-12:00"}}}, "ends before it starts"),
        ({"max_per_day": 0}, "max_per_day must be a whole number of at least 1"),
        ({"preferred": "09:00-11:00"}, "preferred must be a list"),
    ],
)
def test_bad_values_name_the_key(data: dict[str, object], message: str) -> None:
    """Each invalid preference is refused with a message naming it."""
    with pytest.raises(ValueError, match=message):
        Preferences.from_json(data)
