"""Several customers in one meeting: busy time is a union, working hours an
intersection of each one's local hours in their own zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetdesk.calendar.base import Interval
from meetdesk.calendar.preferences import Preferences
from meetdesk.calendar.shared_hours import (
    Within,
    intersect,
    shared_working_time,
    union_busy,
    working_time,
)
from meetdesk.calendar.slots import find_slots
from tests.unit.calendar.helpers import PARIS, paris, utc

NEW_YORK = ZoneInfo("America/New_York")
OFFICE = {d: (time(9), time(18)) for d in range(5)}


def day(y: int, m: int, d: int) -> Interval:
    return Interval(utc(y, m, d), utc(y, m, d) + timedelta(days=1))


def hours_utc(spans: list[Interval]) -> list[tuple[int, int]]:
    return [(s.start.astimezone(UTC).hour, s.end.astimezone(UTC).hour) for s in spans]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ((2026, 3, 2), (14, 17)),  # both in winter time
        ((2026, 3, 16), (13, 17)),  # New York has sprung forward, Paris not yet
        ((2026, 3, 30), (13, 16)),  # both in summer time
        ((2026, 10, 26), (13, 17)),  # Paris has fallen back, New York not yet
        ((2026, 11, 2), (14, 17)),  # both in winter time again
    ],
)
def test_paris_and_new_york_share_a_different_hour_by_week(
    when: tuple[int, int, int], expected: tuple[int, int]
) -> None:
    shared = shared_working_time([(OFFICE, PARIS), (OFFICE, NEW_YORK)], day(*when))
    assert hours_utc(shared) == [expected]


def test_one_member_is_their_own_hours_and_none_is_an_error() -> None:
    assert hours_utc(shared_working_time([(OFFICE, PARIS)], day(2026, 3, 30))) == [(7, 16)]
    with pytest.raises(ValueError, match="at least one member"):
        shared_working_time([], day(2026, 3, 30))


def test_working_time_on_the_spring_forward_sunday() -> None:
    """A Sunday 01:00-04:00 on the Paris change: 02:00-03:00 does not exist, 2 hours."""
    sunday = {6: (time(1), time(4))}
    [span] = working_time(sunday, PARIS, day(2026, 3, 29))
    assert span.end - span.start == timedelta(hours=2)


def test_find_slots_keeps_inside_the_colleagues_hours() -> None:
    """A Paris customer and a New York colleague: 15:00-18:00 Paris on 30 March."""
    window = Interval(paris(2026, 3, 30), paris(2026, 3, 31))
    slots = find_slots(
        [],
        window,
        timedelta(hours=1),
        PARIS,
        count=1000,
        preferences=Preferences(),
        colleagues=[(OFFICE, NEW_YORK)],
    )
    assert [s.start.astimezone(PARIS).hour for s in slots] == [15, 16, 17]


def test_busy_time_of_everyone_is_a_union() -> None:
    mine = [Interval(utc(2026, 3, 30, 9), utc(2026, 3, 30, 10))]
    theirs = [Interval(utc(2026, 3, 30, 9, 30), utc(2026, 3, 30, 11)), *mine]
    assert union_busy(mine, theirs) == [Interval(utc(2026, 3, 30, 9), utc(2026, 3, 30, 11))]
    assert union_busy() == []


def test_intersect_and_within() -> None:
    a = [
        Interval(utc(2026, 1, 1, 8), utc(2026, 1, 1, 12)),
        Interval(utc(2026, 1, 1, 13), utc(2026, 1, 1, 18)),
    ]
    b = [Interval(utc(2026, 1, 1, 10), utc(2026, 1, 1, 14))]
    assert hours_utc(intersect(a, b)) == [(10, 12), (13, 14)]
    within = Within(a)
    assert within.fits(Interval(utc(2026, 1, 1, 9), utc(2026, 1, 1, 12)))
    assert not within.fits(Interval(utc(2026, 1, 1, 11), utc(2026, 1, 1, 14)))
    assert not within.fits(Interval(utc(2026, 1, 1, 7), utc(2026, 1, 1, 9)))
    assert not Within([]).fits(Interval(utc(2026, 1, 1, 7), utc(2026, 1, 1, 9)))
    assert datetime(2026, 1, 1, tzinfo=UTC).weekday() == 3


zones = st.sampled_from([PARIS, NEW_YORK, ZoneInfo("Asia/Tokyo"), ZoneInfo("UTC")])


@settings(max_examples=40, deadline=None)
@given(a=zones, b=zones, offset=st.integers(0, 365 * 24))
def test_shared_time_is_inside_each_members_hours_in_any_order(
    a: ZoneInfo, b: ZoneInfo, offset: int
) -> None:
    """The shared time lies inside each member's own working time, whatever the order."""
    start = utc(2026, 1, 1) + timedelta(hours=offset)
    window = Interval(start, start + timedelta(days=4))
    shared = shared_working_time([(OFFICE, a), (OFFICE, b)], window)
    assert shared == shared_working_time([(OFFICE, b), (OFFICE, a)], window)
    for zone in (a, b):
        own = Within(working_time(OFFICE, zone, window))
        assert all(own.fits(span) for span in shared)
