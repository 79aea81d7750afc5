"""Effective preferences: config defaults, then the customer's own; edits by dotted key."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from meetdesk.errors import ConfigError
from meetdesk.scheduling_preferences import default_preferences, edit_overrides, merge_preferences
from meetdesk.settings import parse_settings

ROOT = Path(__file__).resolve().parents[2]


def test_config_defaults_then_customer_overrides() -> None:
    """[scheduling] and [scheduling.preferences] set everyone's defaults; a customer's win."""
    settings = parse_settings(
        {
            "scheduling": {
                "default_duration_minutes": 45,
                "preferences": {"working_hours": {"mon": "10:00-16:00"}, "max_per_day": 5},
            }
        },
        base_dir=ROOT,
    )
    defaults = default_preferences(settings)
    assert defaults.default_duration_minutes == 45 and defaults.max_per_day == 5
    assert defaults.working_hours == {0: (time(10), time(16))}
    mine = merge_preferences(defaults, {"max_per_day": 3})
    assert mine.max_per_day == 3 and mine.default_duration_minutes == 45


def test_bad_config_preference_names_the_key() -> None:
    """A bad [scheduling.preferences] value is a ConfigError naming it."""
    with pytest.raises(ConfigError, match="working_hours"):
        parse_settings(
            {"scheduling": {"preferences": {"working_hours": {"mon": "late"}}}}, base_dir=ROOT
        )


def test_edit_one_day_keeps_the_others() -> None:
    """working_hours.mon=... changes Monday only; a bad value changes nothing."""
    defaults = default_preferences(parse_settings({}, base_dir=ROOT))
    out = edit_overrides({}, defaults, sets=[("working_hours.mon", "09:30-17:00")])
    week = merge_preferences(defaults, out).working_hours
    assert week[0] == (time(9, 30), time(17)) and week[4] == (time(9), time(18))
    with pytest.raises(ValueError, match="max_per_day"):
        edit_overrides(out, defaults, sets=[("max_per_day", "0")])
