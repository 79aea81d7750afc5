"""Effective preferences: config defaults, then the customer's own; edits by dotted key."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from meetdesk.errors import ConfigError
from meetdesk.scheduling_preferences import (
    default_preferences,
    edit_overrides,
    merge_preferences,
    own_keys,
)
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


def test_edit_the_new_keys_by_dotted_key() -> None:
    """Buffers, addresses, the default address, sharing, follow-ups and holds by CLI key."""
    defaults = default_preferences(parse_settings({}, base_dir=ROOT))
    out = edit_overrides(
        {},
        defaults,
        sets=[
            ("buffers.in_person.after", "15"),
            ("addresses.hq.street", " 10 rue de Rivoli, Paris "),
            ("addresses.hq.travel_minutes", "20"),
            ("default_address", "hq"),
            ("kinds.lunch.address", "hq"),
            ("kinds.coffee.follow_up_max", "0"),
            ("share.video_link", "https://meet.example/alice"),
            ("participant_hours", "7:30-20:00"),
            ("travel_minutes", "25"),
            ("hold_hours", "48"),
        ],
    )
    p = merge_preferences(defaults, out)
    assert p.buffers_for(True).after == 15 and p.travel_for("hq") == 20
    assert p.addresses["hq"].street == "10 rue de Rivoli, Paris"
    assert p.address_for("lunch") == "hq" and p.follow_up_for("coffee") == (2, 0)
    assert p.share.video_link == "https://meet.example/alice" and p.hold_hours == 48
    assert out["participant_hours"] == "07:30-20:00"
    assert own_keys(out, defaults) == [
        "kinds.coffee.follow_up_max",
        "kinds.lunch.address",
        "buffers.in_person.after",
        "travel_minutes",
        "addresses.hq.street",
        "addresses.hq.travel_minutes",
        "default_address",
        "share.video_link",
        "participant_hours",
        "hold_hours",
    ]
    back = edit_overrides(
        out,
        defaults,
        unsets=["kinds.lunch.address", "default_address", "addresses.hq", "share.video_link"],
    )
    assert "addresses" not in back and "share" not in back and "default_address" not in back
    assert back["kinds"] == {"coffee": {"follow_up_max": 0}}


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        ([("buffers.zoom.before", "5")], "unknown buffers entry 'zoom'"),
        ([("buffers.virtual.around", "5")], "buffers.virtual.before or"),
        ([("buffers.virtual", "5")], "set one value at a time"),
        ([("buffers.virtual.before", "five")], "buffers.virtual.before: expected a whole"),
        ([("default_address", "hq")], "default_address: no address named 'hq'"),
        ([("addresses.hq.travel_minutes", "5")], "addresses.hq.street is required"),
        ([("share.password", "x")], "share.video_link"),
        ([("kinds.lunch.table", "4")], "kinds.lunch.duration_minutes or"),
        ([("participant_hours", "late")], "participant_hours"),
    ],
)
def test_bad_edits_name_the_key(sets: list[tuple[str, str]], message: str) -> None:
    defaults = default_preferences(parse_settings({}, base_dir=ROOT))
    with pytest.raises(ValueError, match=message):
        edit_overrides({}, defaults, sets=sets)


def test_unsetting_an_address_still_in_use_is_refused() -> None:
    """Dropping the default address while it is the default names the key that needs it."""
    defaults = default_preferences(parse_settings({}, base_dir=ROOT))
    out = edit_overrides(
        {}, defaults, sets=[("addresses.hq.street", "Paris"), ("default_address", "hq")]
    )
    with pytest.raises(ValueError, match="default_address: no address named 'hq'"):
        edit_overrides(out, defaults, unsets=["addresses.hq"])
