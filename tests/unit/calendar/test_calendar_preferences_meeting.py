"""Preferences about how to meet: buffers, travel, addresses, sharing, participants'
hours, follow-ups, holds, and whether a meeting is in person."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from meetdesk.calendar.meeting_mode import is_in_person
from meetdesk.calendar.preferences import Address, Buffers, Preferences, Share

HQ = {"hq": {"street": "10 rue de Rivoli, 75001 Paris", "travel_minutes": 20}}


def test_defaults() -> None:
    """No buffers, no travel, no address, nothing shared, 08:00-19:00, 2 days x 2, 72 h."""
    p = Preferences()
    assert p.buffers_for(True) == Buffers() and p.buffers_for(False) == Buffers()
    assert p.travel_minutes == 0 and p.addresses == {} and p.default_address is None
    assert p.share == Share() and p.participant_hours == (time(8), time(19))
    assert p.follow_up_for("lunch") == (2, 2) and p.hold_hours == 72


def test_everything_round_trips_through_the_stored_form() -> None:
    """A preference using every new key survives to_json then from_json."""
    p = Preferences.from_json(
        {
            "buffers": {"virtual": {"before": 5, "after": 10}, "in_person": {"after": 15}},
            "travel_minutes": 30,
            "addresses": {**HQ, "lab": {"street": "Quai 3, Lyon"}},
            "default_address": "hq",
            "kinds": {"lunch": {"address": "lab", "follow_up_days": 1, "follow_up_max": 0}},
            "share": {"dial_in": "+33 1 23 45 67 89", "dial_in_code": "4321"},
            "participant_hours": "07:30-20:00",
            "follow_up_days": 3,
            "follow_up_max": 4,
            "hold_hours": 48,
        }
    )
    assert Preferences.from_json(p.to_json()) == p
    assert p.buffers_for(False) == Buffers(5, 10) and p.buffers_for(True) == Buffers(0, 15)
    assert p.addresses["lab"] == Address("Quai 3, Lyon", None)
    assert p.share.video_link is None and p.share.dial_in_code == "4321"
    assert p.kinds["lunch"].duration_minutes == 90  # untouched fields keep their values


def test_addresses_and_travel() -> None:
    """The meeting's address, else the kind's, else the default; its travel, else the default."""
    p = Preferences.from_json(
        {
            "addresses": {**HQ, "lab": {"street": "Quai 3, Lyon"}},
            "default_address": "hq",
            "travel_minutes": 30,
            "kinds": {"dinner": {"address": "lab"}},
        }
    )
    assert p.address_for("lunch") == "hq" and p.address_for("dinner") == "lab"
    assert p.address_for("dinner", "hq") == "hq"
    assert p.travel_for("hq") == 20 and p.travel_for("lab") == 30 and p.travel_for(None) == 30


def test_follow_ups_per_kind() -> None:
    """A kind's own follow-up rule wins field by field over the customer's."""
    p = Preferences.from_json(
        {"follow_up_days": 3, "follow_up_max": 1, "kinds": {"coffee": {"follow_up_max": 0}}}
    )
    assert p.follow_up_for("coffee") == (3, 0)
    assert p.follow_up_for("call") == (3, 1) and p.follow_up_for(None) == (3, 1)


def test_a_customer_drops_an_address_by_mapping_it_to_none() -> None:
    base = Preferences.from_json({"addresses": HQ})
    assert Preferences.from_json({"addresses": {"hq": None}}, base=base).addresses == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"buffers": {"virtual": {"before": -5}}}, "buffers.virtual.before must be a whole"),
        ({"buffers": {"zoom": {}}}, "buffers: unknown mode 'zoom'"),
        ({"buffers": {"in_person": {"around": 5}}}, "buffers.in_person: expected before"),
        ({"buffers": 10}, "buffers must map"),
        ({"travel_minutes": "30"}, "travel_minutes must be a whole number"),
        ({"addresses": {"HQ!": {"street": "x"}}}, "addresses: bad name 'HQ!'"),
        ({"addresses": {"hq": {"travel_minutes": 5}}}, "addresses.hq.street is required"),
        ({"addresses": {"hq": {"street": "x", "floor": 2}}}, "addresses.hq: expected street"),
        ({"addresses": {"hq": {"street": 12}}}, "addresses.hq.street must be text"),
        ({"addresses": {"hq": {"street": "x", "travel_minutes": -1}}}, "travel_minutes"),
        ({"default_address": "hq"}, "default_address: no address named 'hq'"),
        ({"kinds": {"lunch": {"address": "hq"}}}, "kinds.lunch.address: no address named"),
        ({"kinds": {"lunch": {"follow_up_days": 0}}}, "kinds.lunch.follow_up_days"),
        ({"kinds": {"lunch": {"table": 4}}}, "kinds.lunch: expected only"),
        ({"share": {"password": "x"}}, "share: unknown field 'password'"),
        ({"share": {"video_link": "a\x00b"}}, "share.video_link contains control"),
        ({"share": {"instructions": "x" * 2001}}, "share.instructions is longer"),
        ({"participant_hours": "19:00-08:00"}, "participant_hours: .* ends before it starts"),
        ({"follow_up_days": 0}, "follow_up_days must be a whole number of at least 1"),
        ({"follow_up_max": -1}, "follow_up_max must be a whole number of at least 0"),
        ({"hold_hours": 0}, "hold_hours must be a whole number of at least 1"),
        ({"hold": 72}, "unknown preference 'hold'"),
    ],
)
def test_bad_values_name_the_key(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Preferences.from_json(data)


@pytest.mark.parametrize(
    ("kind", "location_kind", "expected"),
    [
        *((k, None, True) for k in ("breakfast", "lunch", "dinner", "drinks", "coffee")),
        ("in_person", None, True),
        ("lunch", "video_link", True),  # the meal decides
        ("call", "address", False),
        ("video", None, False),
        ("meeting", "address", True),
        ("meeting", "place", True),
        ("meeting", "video_link", False),
        ("meeting", "dial_in", False),
        ("meeting", None, False),
        (None, "address", True),
        (None, None, False),
    ],
)
def test_in_person_or_virtual(kind: str | None, location_kind: str | None, expected: bool) -> None:
    assert is_in_person(kind, location_kind) is expected


def test_unknown_location_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown location kind 'moon'"):
        is_in_person("meeting", "moon")
