"""find_slots: working hours, busy time, spread over days, DST, and its invariants."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetdesk.calendar.base import Interval
from meetdesk.calendar.slots import DEFAULT_WORKING_HOURS, find_slots
from tests.unit.calendar.helpers import PARIS, paris

HOUR = timedelta(hours=1)
HALF = timedelta(minutes=30)
WEEK = Interval(paris(2026, 3, 23), paris(2026, 3, 28))  # Monday to Saturday, CET


def local(slot: Interval) -> tuple[int, int, int]:
    at = slot.start.astimezone(PARIS)
    return at.day, at.hour, at.minute


def test_three_slots_on_three_days_alternating_morning_and_afternoon() -> None:
    """An empty week gives Mon morning, Tue afternoon, Wed morning."""
    slots = find_slots([], WEEK, HOUR, PARIS)
    assert [local(s) for s in slots] == [(23, 9, 0), (24, 12, 0), (25, 9, 0)]
    assert all(s.end - s.start == HOUR for s in slots)


def test_earliest_takes_each_days_first_free_time() -> None:
    """An urgent request: the first free time of each of the first free days."""
    busy = [Interval(paris(2026, 3, 23, 9), paris(2026, 3, 23, 10))]
    slots = find_slots(busy, WEEK, HOUR, PARIS, earliest=True)
    assert [local(s) for s in slots] == [(23, 10, 0), (24, 9, 0), (25, 9, 0)]


def test_busy_time_is_avoided() -> None:
    """Busy mornings push the slot to the first free step after them."""
    busy = [
        Interval(paris(2026, 3, 23, 8), paris(2026, 3, 23, 12, 15)),
        Interval(paris(2026, 3, 24), paris(2026, 3, 25)),
    ]
    slots = find_slots(busy, WEEK, HOUR, PARIS)
    assert [local(s) for s in slots] == [(23, 12, 30), (25, 12, 0), (26, 9, 0)]


def test_fills_from_the_same_day_when_few_days_are_free() -> None:
    """With only one free day, all slots come from it without overlapping."""
    window = Interval(paris(2026, 3, 23), paris(2026, 3, 24))
    slots = find_slots([], window, HOUR, PARIS, count=3)
    assert [local(s) for s in slots] == [(23, 9, 0), (23, 10, 0), (23, 11, 0)]


def test_not_before_and_window_bounds() -> None:
    """No slot starts before not_before or ends after the window."""
    window = Interval(paris(2026, 3, 23, 10, 10), paris(2026, 3, 24, 10))
    slots = find_slots([], window, HOUR, PARIS, count=5, not_before=paris(2026, 3, 23, 16, 45))
    assert [local(s) for s in slots] == [(23, 17, 0), (24, 9, 0)]
    assert find_slots([], window, HOUR, PARIS, count=1) == [
        Interval(paris(2026, 3, 23, 10, 30), paris(2026, 3, 23, 11, 30))
    ]


def test_weekends_are_closed_by_default_but_configurable() -> None:
    """Saturday has no slot by default; custom hours open it."""
    saturday = Interval(paris(2026, 3, 28), paris(2026, 3, 29))
    assert find_slots([], saturday, HOUR, PARIS) == []
    hours = {5: (time(10), time(12))}
    slots = find_slots([], saturday, HOUR, PARIS, working_hours=hours)
    assert [local(s) for s in slots] == [(28, 10, 0), (28, 11, 0)]


def test_steps_are_aligned_to_the_local_clock() -> None:
    """With a 15-minute step and 09:10 opening, starts fall on :15 multiples."""
    hours = {0: (time(9, 10), time(10, 0))}
    window = Interval(paris(2026, 3, 23), paris(2026, 3, 24))
    quarter = timedelta(minutes=15)
    slots = find_slots([], window, quarter, PARIS, count=5, working_hours=hours, step=quarter)
    assert [local(s)[1:] for s in slots] == [(9, 15), (9, 30), (9, 45)]


def test_working_hours_keep_local_time_across_dst() -> None:
    """09:00 Paris is 08:00Z before the spring change and 07:00Z after it."""
    window = Interval(paris(2026, 3, 27), paris(2026, 4, 1))
    slots = find_slots(
        [], window, HOUR, PARIS, count=2, working_hours={d: (time(9), time(10)) for d in range(5)}
    )
    assert [s.start for s in slots] == [
        datetime(2026, 3, 27, 8, tzinfo=UTC),
        datetime(2026, 3, 30, 7, tzinfo=UTC),
    ]


def test_nonexistent_local_times_are_skipped_on_spring_forward() -> None:
    """On 29 March 2026, 02:00-03:00 does not exist in Paris: no slot starts there."""
    sunday = Interval(paris(2026, 3, 29), paris(2026, 3, 30))
    slots = find_slots([], sunday, HALF, PARIS, count=10, working_hours={6: (time(1), time(4))})
    assert [local(s)[1:] for s in slots] == [(1, 0), (1, 30), (3, 0), (3, 30)]


def test_fall_back_day_uses_wall_clock_hours() -> None:
    """On 25 October 2026 the 09:00-18:00 day still starts at 09:00 local (08:00Z)."""
    sunday = Interval(paris(2026, 10, 25), paris(2026, 10, 26))
    [slot] = find_slots([], sunday, HOUR, PARIS, count=1, working_hours={6: (time(9), time(18))})
    assert slot.start == datetime(2026, 10, 25, 8, tzinfo=UTC)


def test_invalid_arguments_are_refused() -> None:
    """Zero duration, step or count is a programming error."""
    with pytest.raises(ValueError):
        find_slots([], WEEK, timedelta(0), PARIS)
    with pytest.raises(ValueError):
        find_slots([], WEEK, HOUR, PARIS, step=timedelta(0))


BASE = paris(2026, 3, 23)  # a Monday: the property window spans the DST change
busy_lists = st.lists(st.tuples(st.integers(0, 14 * 96), st.integers(1, 40)), max_size=25)


@settings(max_examples=60, deadline=None)
@given(
    busy_raw=busy_lists,
    days=st.integers(1, 14),
    minutes=st.sampled_from([15, 30, 45, 60, 90, 240]),
    count=st.integers(1, 6),
    step=st.sampled_from([15, 30, 60]),
    delay=st.integers(0, 3 * 96),
)
def test_slot_invariants(
    busy_raw: list[tuple[int, int]], days: int, minutes: int, count: int, step: int, delay: int
) -> None:
    """Slots never overlap busy time or each other, sit in working hours and the window,
    start on local steps, last exactly the duration, and are deterministic."""
    q = timedelta(minutes=15)
    busy = [Interval(BASE + s * q, BASE + (s + n) * q) for s, n in busy_raw]
    window = Interval(BASE, BASE + timedelta(days=days))
    not_before = (BASE + delay * q).astimezone(UTC)
    duration = timedelta(minutes=minutes)
    args = (busy, window, duration, PARIS)
    kwargs = {"count": count, "not_before": not_before, "step": timedelta(minutes=step)}
    slots = find_slots(*args, **kwargs)  # type: ignore[arg-type]
    assert slots == find_slots(*args, **kwargs)  # type: ignore[arg-type]
    assert len(slots) <= count and slots == sorted(slots)
    for i, slot in enumerate(slots):
        assert slot.end - slot.start == duration
        assert window.start <= slot.start and slot.end <= window.end
        assert slot.start >= not_before
        assert not any(slot.overlaps(b) for b in busy)
        assert not any(slot.overlaps(o) for o in slots[i + 1 :])
        start, end = slot.start.astimezone(PARIS), slot.end.astimezone(PARIS)
        open_, close = DEFAULT_WORKING_HOURS[start.weekday()]
        assert start.date() == end.date() and open_ <= start.time() and end.time() <= close
        assert (start.hour * 60 + start.minute) % step == 0
    # Spread: as many distinct days as possible before two slots share a day.
    every = find_slots(
        busy,
        window,
        duration,
        PARIS,
        count=10_000,
        not_before=not_before,
        step=timedelta(minutes=step),
    )
    free_days = {s.start.astimezone(PARIS).date() for s in every}
    used_days = {s.start.astimezone(PARIS).date() for s in slots}
    assert len(used_days) == min(count, len(free_days))
