"""Participants' reasonable hours in their own zones, across both transitions of
Europe/Paris and America/New_York (the weeks the offset between them changes)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meetdesk.calendar.base import Interval
from meetdesk.calendar.participant_hours import reasonable_for, reasonable_for_all
from meetdesk.calendar.preferences import Preferences
from meetdesk.calendar.slots import find_slots
from tests.unit.calendar.helpers import PARIS, paris

NEW_YORK = ZoneInfo("America/New_York")
HOUR = timedelta(hours=1)
EVERY_DAY = {d: (time(9), time(18)) for d in range(7)}


def day_starts(
    day: datetime, tz: ZoneInfo, zones: list[ZoneInfo], **prefs: Any
) -> list[tuple[int, int]]:
    p = Preferences.from_json(prefs) if prefs else Preferences(working_hours=EVERY_DAY)
    window = Interval(day, day + timedelta(days=1))
    slots = find_slots([], window, HOUR, tz, count=1000, preferences=p, participant_zones=zones)
    return [(s.start.astimezone(tz).hour, s.start.astimezone(tz).minute) for s in slots]


def test_a_new_york_participant_moves_the_first_paris_slot_with_the_clocks() -> None:
    """NY 08:00 is Paris 14:00, but 13:00 in the weeks between the two spring changes
    (8 and 29 March 2026) and the two autumn ones (25 October and 1 November)."""
    for (month, dom), first in {
        (3, 2): 14,
        (3, 9): 13,  # New York has sprung forward, Paris not yet
        (3, 30): 14,
        (10, 19): 14,
        (10, 26): 13,  # Paris has fallen back, New York not yet
        (11, 2): 14,
    }.items():
        found = day_starts(paris(2026, month, dom), PARIS, [NEW_YORK])
        assert found[0] == (first, 0), (month, dom)
        assert found[-1] == (17, 0)


def test_on_the_transition_sundays_themselves() -> None:
    """A New York customer working Sundays, a Paris participant until 19:00 Paris: on
    29 March (Paris springs forward) 19:00 Paris is 13:00 New York, the day before 14:00;
    on 25 October (Paris falls back) it is 14:00 again, on 1 November (New York falls
    back) 13:00, and on 8 March (New York springs forward) 14:00 instead of 13:00."""
    ny = {"working_hours": {d: "09:00-18:00" for d in ("sat", "sun")}}

    def last(y: int, m: int, d: int) -> tuple[int, int]:
        return day_starts(datetime(y, m, d, tzinfo=NEW_YORK), NEW_YORK, [PARIS], **ny)[-1]

    assert last(2026, 3, 28) == (13, 0)  # ends 14:00 NY
    assert last(2026, 3, 29) == (12, 0)  # ends 13:00 NY
    assert last(2026, 10, 24) == (12, 0)
    assert last(2026, 10, 25) == (13, 0)
    assert last(2026, 10, 31) == (13, 0)
    assert last(2026, 11, 1) == (12, 0)
    assert last(2026, 3, 7) == (12, 0)  # New York still on winter time
    assert last(2026, 3, 8) == (13, 0)  # New York springs forward: 19:00 Paris is 14:00 NY


def test_the_customer_sets_the_participants_hours() -> None:
    found = day_starts(
        paris(2026, 3, 30),
        PARIS,
        [NEW_YORK],
        participant_hours="07:00-19:00",
        working_hours={"mon": "09:00-18:00"},
    )
    assert found[0] == (13, 0)


def test_several_participants_all_count_and_none_is_no_limit() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    assert day_starts(paris(2026, 3, 30), PARIS, [NEW_YORK, tokyo]) == []
    assert day_starts(paris(2026, 3, 30), PARIS, [])[0] == (9, 0)


def test_the_rule_is_wall_clock_in_the_participants_zone() -> None:
    hours = (time(8), time(19))
    at = Interval(
        datetime(2026, 3, 30, 8, tzinfo=NEW_YORK), datetime(2026, 3, 30, 9, tzinfo=NEW_YORK)
    )
    assert reasonable_for(at, NEW_YORK, hours)
    early = Interval(at.start - HOUR, at.end - HOUR)
    assert not reasonable_for(early, NEW_YORK, hours)
    assert reasonable_for_all(early, [])


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 365 * 24 * 4))
def test_every_slot_is_within_the_participants_hours(quarter: int) -> None:
    """Wherever the window falls in the year, each slot is 08:00-19:00 in New York."""
    start = paris(2026, 1, 1) + quarter * timedelta(minutes=15)
    window = Interval(start, start + timedelta(days=3))
    p = Preferences(working_hours=EVERY_DAY)
    slots = find_slots(
        [], window, HOUR, PARIS, count=20, preferences=p, participant_zones=[NEW_YORK]
    )
    for s in slots:
        a, b = s.start.astimezone(NEW_YORK), s.end.astimezone(NEW_YORK)
        assert time(8) <= a.time() and b.time() <= time(19) and a.date() == b.date()
