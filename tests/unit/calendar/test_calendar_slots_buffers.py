"""find_slots keeps buffers (per mode) and travel time (in person) free around each slot,
without padding busy time itself; proposals stay spread and deterministic."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetdesk.calendar.base import Interval
from meetdesk.calendar.buffers import Padding, padding_for
from meetdesk.calendar.preferences import Preferences
from meetdesk.calendar.slots import find_slots
from tests.unit.calendar.helpers import PARIS, paris

MIN = timedelta(minutes=1)
HALF = timedelta(minutes=30)
LUNCH = timedelta(minutes=90)
MONDAY = Interval(paris(2026, 3, 23), paris(2026, 3, 24))


def starts(slots: list[Interval]) -> list[tuple[int, int, int]]:
    return [(s.start.astimezone(PARIS).day, s.start.hour, s.start.minute) for s in local(slots)]


def local(slots: list[Interval]) -> list[Interval]:
    return [Interval(s.start.astimezone(PARIS), s.end.astimezone(PARIS)) for s in slots]


def hm(slots: list[Interval]) -> list[tuple[int, int]]:
    return [(d[1], d[2]) for d in starts(slots)]


def prefs(data: dict[str, Any]) -> Preferences:
    return Preferences.from_json(data)


def every(busy: list[Interval], p: Preferences, duration: timedelta = HALF, **kw: Any) -> Any:
    return find_slots(busy, MONDAY, duration, PARIS, count=1000, preferences=p, **kw)


def test_virtual_buffers_keep_time_free_around_a_call() -> None:
    """15 minutes before and after: nothing at 09:30 or 11:00 around a 10:00-11:00 meeting."""
    p = prefs({"buffers": {"virtual": {"before": 15, "after": 15}}})
    busy = [Interval(paris(2026, 3, 23, 10), paris(2026, 3, 23, 11))]
    slots = hm(every(busy, p, kind="call"))
    assert (9, 0) in slots and (9, 30) not in slots
    assert (11, 0) not in slots and (11, 30) in slots


def test_only_the_meetings_own_mode_counts() -> None:
    """In-person buffers do not slow down a call; virtual ones do not slow down a lunch."""
    p = prefs({"buffers": {"in_person": {"before": 60, "after": 60}}})
    busy = [Interval(paris(2026, 3, 23, 10), paris(2026, 3, 23, 11))]
    assert (11, 0) in hm(every(busy, p, kind="call"))
    assert (11, 0) not in hm(every(busy, p, kind="meeting", location_kind="address"))
    assert (11, 0) in hm(every(busy, p, kind="meeting", location_kind="video_link"))


def test_busy_time_is_not_padded_twice() -> None:
    """Two 15-minute buffers fit a 30-minute meeting exactly into a one-hour gap."""
    p = prefs({"buffers": {"virtual": {"before": 15, "after": 15}}})
    busy = [
        Interval(paris(2026, 3, 23, 9), paris(2026, 3, 23, 10)),
        Interval(paris(2026, 3, 23, 11), paris(2026, 3, 23, 18)),
    ]
    assert hm(every(busy, p, step=15 * MIN)) == [(10, 15)]


def test_travel_time_for_in_person_meetings_by_address() -> None:
    """Lunch keeps 30 minutes' travel each way by default, an address's own 15 at that
    one (overlapping slots are never both proposed: 12:30 wins over 13:00)."""
    base = {
        "travel_minutes": 30,
        "addresses": {"hq": {"street": "Paris", "travel_minutes": 15}, "far": {"street": "Lyon"}},
    }
    busy = [Interval(paris(2026, 3, 23, 11), paris(2026, 3, 23, 12, 15))]
    assert hm(every(busy, prefs(base), kind="lunch", duration=LUNCH)) == [(13, 0)]
    assert hm(every(busy, prefs(base), kind="lunch", duration=LUNCH, address="far")) == [(13, 0)]
    assert hm(every(busy, prefs(base), kind="lunch", duration=LUNCH, address="hq")) == [(12, 30)]
    as_default = prefs({**base, "default_address": "hq"})
    assert hm(every(busy, as_default, kind="lunch", duration=LUNCH)) == [(12, 30)]
    by_kind = prefs({**base, "kinds": {"lunch": {"address": "hq"}}})
    assert hm(every(busy, by_kind, kind="lunch", duration=LUNCH)) == [(12, 30)]
    assert hm(every(busy, prefs(base), kind="call"))[:5] == [(9, 0), (9, 30), (10, 0), (10, 30)] + [
        (12, 30)
    ]


def test_an_unknown_address_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="no business address named 'moon'"):
        every([], prefs({}), kind="lunch", address="moon")


def test_padding_for_combines_buffers_and_travel() -> None:
    p = prefs({"buffers": {"in_person": {"before": 5, "after": 10}}, "travel_minutes": 20})
    assert padding_for(p, True, None) == Padding(25 * MIN, 30 * MIN)
    assert padding_for(p, False, None) == Padding()
    assert padding_for(None, True, None) == Padding()
    with pytest.raises(ValueError, match="negative"):
        Padding(-MIN)


def test_proposals_stay_spread_with_buffers_and_travel() -> None:
    """Each morning is busy 10:00-10:30: three lunches on three days, three calls on
    three days alternating morning and afternoon, as without buffers."""
    week = Interval(paris(2026, 3, 23), paris(2026, 3, 28))
    busy = [Interval(paris(2026, 3, d, 10), paris(2026, 3, d, 10, 30)) for d in range(23, 28)]
    p = prefs({"buffers": {"virtual": {"before": 10, "after": 10}}, "travel_minutes": 45})
    calls = find_slots(busy, week, HALF, PARIS, preferences=p, kind="call")
    assert starts(calls) == [(23, 9, 0), (24, 12, 0), (25, 9, 0)]
    lunches = find_slots(busy, week, 90 * MIN, PARIS, preferences=p, kind="lunch")
    assert [d for d, _, _ in starts(lunches)] == [23, 24, 25]
    assert all(s.start.astimezone(PARIS).hour >= 12 for s in lunches)


busy_strategy = st.lists(
    st.tuples(st.integers(0, 5 * 24 * 4), st.integers(1, 16)).map(
        lambda t: Interval(
            paris(2026, 3, 23) + t[0] * 15 * MIN, paris(2026, 3, 23) + (t[0] + t[1]) * 15 * MIN
        )
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(
    busy=busy_strategy,
    before=st.integers(0, 90),
    after=st.integers(0, 90),
    travel=st.integers(0, 60),
    kind=st.sampled_from(["call", "lunch", "coffee", "meeting"]),
)
def test_slots_never_overlap_busy_time_with_its_padding(
    busy: list[Interval], before: int, after: int, travel: int, kind: str
) -> None:
    """Whatever the busy time, buffers and travel: the padded slot touches no busy time,
    and the same input (in any order) gives the same output."""
    mode = "in_person" if kind in ("lunch", "coffee") else "virtual"
    p = prefs({"buffers": {mode: {"before": before, "after": after}}, "travel_minutes": travel})
    week = Interval(paris(2026, 3, 23), paris(2026, 3, 28))
    slots = find_slots(busy, week, HALF, PARIS, count=5, preferences=p, kind=kind)
    pad = padding_for(p, mode == "in_person", None)
    assert all(not pad.around(s).overlaps(b) for s in slots for b in busy)
    assert (
        find_slots(list(reversed(busy)), week, HALF, PARIS, count=5, preferences=p, kind=kind)
        == slots
    )


def test_existing_calls_are_unchanged_without_the_new_keywords() -> None:
    """Default preferences add no buffer and no travel: a slot right after busy time."""
    busy = [Interval(paris(2026, 3, 23, 9), paris(2026, 3, 23, 12))]
    assert hm(every(busy, Preferences(), kind="coffee"))[0] == (12, 0)
    assert date(2026, 3, 23).weekday() == 0
