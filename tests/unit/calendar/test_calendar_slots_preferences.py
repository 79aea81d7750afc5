"""find_slots with Preferences: hours per weekday and kind, preferred ranges, caps,
minimum notice, the next working day, daylight-saving days, and the invariants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meetdesk.calendar.base import Interval
from meetdesk.calendar.preferences import Preferences
from meetdesk.calendar.slots import default_window, earliest_start, find_slots
from tests.unit.calendar.helpers import PARIS, paris

NEW_YORK = ZoneInfo("America/New_York")
HOUR = timedelta(hours=1)
HALF = timedelta(minutes=30)
OFFICE = {d: (time(9), time(18)) for d in range(5)}


def local(slot: Interval, tz: ZoneInfo = PARIS) -> tuple[int, int, int]:
    at = slot.start.astimezone(tz)
    return at.day, at.hour, at.minute


def prefs(**changes: object) -> Preferences:
    return Preferences(**changes)  # type: ignore[arg-type]


def every(window: Interval, duration: timedelta, p: Preferences, **kw: object) -> list[Interval]:
    return find_slots([], window, duration, PARIS, count=1000, preferences=p, **kw)  # type: ignore[arg-type]


def test_short_friday_and_worked_saturday() -> None:
    """Friday closes at 13:00 and Saturday 10:00-12:00 is worked: slots follow each day."""
    hours = {**OFFICE, 4: (time(9), time(13)), 5: (time(10), time(12))}
    window = Interval(paris(2026, 3, 27), paris(2026, 3, 30))  # Friday to Sunday
    slots = every(window, HOUR, prefs(working_hours=hours))
    friday = [local(s)[1:] for s in slots if local(s)[0] == 27]
    saturday = [local(s)[1:] for s in slots if local(s)[0] == 28]
    assert friday[0] == (9, 0) and friday[-1] == (12, 0)
    assert saturday == [(10, 0), (11, 0)]
    assert all(local(s)[0] != 29 for s in slots)


def test_preferences_replace_the_working_hours_argument() -> None:
    """With preferences given, their working hours win over working_hours=."""
    saturday = Interval(paris(2026, 3, 28), paris(2026, 3, 29))
    p = prefs(working_hours={5: (time(14), time(16))})
    slots = every(saturday, HOUR, p, working_hours={5: (time(9), time(10))})
    assert [local(s)[1:] for s in slots] == [(14, 0), (15, 0)]


def test_dinner_takes_its_own_hours_after_the_office_closes() -> None:
    """Dinner is 19:00-22:30 on working days only, although the office closes at 18:00."""
    window = Interval(paris(2026, 3, 27), paris(2026, 3, 30))  # Friday to Sunday
    p = prefs(working_hours=OFFICE)
    slots = every(window, HALF, p, kind="dinner")
    assert {local(s)[0] for s in slots} == {27}
    assert local(slots[0]) == (27, 19, 0) and len(slots) == 7
    assert slots[-1].end.astimezone(PARIS).time() == time(22, 30)
    [long] = every(window, 2 * HOUR, p, kind="dinner")  # 21:00-23:00 would end too late
    assert local(long) == (27, 19, 0)


def test_lunch_only_at_lunchtime_and_coffee_in_working_hours() -> None:
    """Lunch keeps 12:00-14:30; a kind without hours (coffee) uses the working hours."""
    monday = Interval(paris(2026, 3, 23), paris(2026, 3, 24))
    lunch = every(monday, HALF, prefs(), kind="lunch")
    assert [local(s)[1:] for s in lunch] == [(12, 0), (12, 30), (13, 0), (13, 30), (14, 0)]
    coffee = every(monday, HALF, prefs(), kind="coffee")
    assert local(coffee[0])[1:] == (9, 0) and coffee[-1].end.astimezone(PARIS).hour == 18


def test_a_range_ending_at_midnight_runs_to_the_end_of_the_day() -> None:
    """Hours ending at 24:00 (stored as 00:00) allow a slot ending at midnight."""
    saturday = Interval(paris(2026, 3, 28), paris(2026, 3, 29))
    p = prefs(working_hours={5: (time(22), time(0))})
    assert [local(s)[1:] for s in every(saturday, HOUR, p)] == [(22, 0), (23, 0)]


def test_preferred_ranges_win_on_each_day() -> None:
    """A preferred 15:00-16:00 beats the morning/afternoon alternation on every day."""
    week = Interval(paris(2026, 3, 23), paris(2026, 3, 28))
    p = prefs(preferred=((time(15), time(16)),))
    slots = find_slots([], week, HOUR, PARIS, preferences=p)
    assert [local(s) for s in slots] == [(23, 15, 0), (24, 15, 0), (25, 15, 0)]


def test_a_day_without_a_free_preferred_time_keeps_the_alternation() -> None:
    """When the preferred time is busy, that day falls back to its usual pick."""
    week = Interval(paris(2026, 3, 23), paris(2026, 3, 28))
    busy = [Interval(paris(2026, 3, 24, 10), paris(2026, 3, 24, 12))]
    p = prefs(preferred=((time(10), time(11)),))
    slots = find_slots(busy, week, HOUR, PARIS, preferences=p)
    assert [local(s) for s in slots] == [(23, 10, 0), (24, 12, 0), (25, 10, 0)]


def test_preferred_ranges_first_when_urgent_and_when_filling_one_day() -> None:
    """An urgent request takes the day's first preferred time; a single day fills preferred
    times first."""
    monday = Interval(paris(2026, 3, 23), paris(2026, 3, 24))
    p = prefs(preferred=((time(16), time(18)),))
    urgent = find_slots([], monday, HOUR, PARIS, count=1, preferences=p, earliest=True)
    assert [local(s)[1:] for s in urgent] == [(16, 0)]
    filled = find_slots([], monday, HOUR, PARIS, count=3, preferences=p)
    assert [local(s)[1:] for s in filled] == [(9, 0), (16, 0), (17, 0)]


def test_max_per_day_skips_full_days() -> None:
    """A day already holding max_per_day meetings gets no proposal; meetings are busy too."""
    week = Interval(paris(2026, 3, 23), paris(2026, 3, 28))
    meetings = [
        Interval(paris(2026, 3, 23, 9), paris(2026, 3, 23, 10)),
        Interval(paris(2026, 3, 23, 11), paris(2026, 3, 23, 12)),
        Interval(paris(2026, 3, 24, 9), paris(2026, 3, 24, 10)),
    ]
    p = prefs(max_per_day=2)
    slots = find_slots([], week, HOUR, PARIS, preferences=p, meetings=meetings)
    assert [local(s) for s in slots] == [(24, 10, 0), (25, 12, 0), (26, 9, 0)]


def test_max_per_week_skips_full_weeks() -> None:
    """A Monday-to-Sunday week holding max_per_week meetings gets none; the next week does."""
    window = Interval(paris(2026, 3, 25), paris(2026, 4, 4))
    meetings = [  # Sunday 29 March belongs to the week of Monday 23 March
        Interval(paris(2026, 3, 23, 9), paris(2026, 3, 23, 10)),
        Interval(paris(2026, 3, 29, 9), paris(2026, 3, 29, 10)),
    ]
    p = prefs(max_per_week=2)
    slots = find_slots([], window, HOUR, PARIS, preferences=p, meetings=meetings)
    assert [local(s)[0] for s in slots] == [30, 31, 1]
    assert find_slots([], window, HOUR, PARIS, preferences=prefs(), meetings=meetings)[0] == (
        Interval(paris(2026, 3, 25, 9), paris(2026, 3, 25, 10))
    )


def test_proposals_do_not_count_against_the_caps() -> None:
    """With max_per_day 1 and one free day, all three proposals still come from it."""
    monday = Interval(paris(2026, 3, 23), paris(2026, 3, 24))
    slots = find_slots([], monday, HOUR, PARIS, preferences=prefs(max_per_day=1, max_per_week=1))
    assert len(slots) == 3


def test_minimum_notice() -> None:
    """The first proposal is never sooner than now plus the minimum notice."""
    p = prefs(min_notice_minutes=3 * 24 * 60)
    assert earliest_start(paris(2026, 3, 23, 10, 15), PARIS, p) == paris(2026, 3, 26, 10, 15)
    window = default_window(paris(2026, 3, 23, 10, 15), PARIS, p)
    slots = find_slots([], window, HOUR, PARIS, not_before=window.start, preferences=p)
    assert local(slots[0]) == (26, 10, 30)


def test_next_working_day_and_never_the_same_day() -> None:
    """A Tuesday request starts Wednesday at opening; before opening it is still tomorrow."""
    p = prefs()
    assert earliest_start(paris(2026, 3, 24, 10), PARIS, p) == paris(2026, 3, 25, 9)
    assert earliest_start(paris(2026, 3, 24, 6), PARIS, p) == paris(2026, 3, 25, 9)


def test_friday_evening_and_weekend_requests_propose_from_monday() -> None:
    """Friday evening, Saturday and Sunday requests all start on Monday's opening."""
    p = prefs(working_hours={**OFFICE, 0: (time(10), time(18))})
    for now in (paris(2026, 3, 20, 19), paris(2026, 3, 21, 12), paris(2026, 3, 22, 23)):
        assert earliest_start(now, PARIS, p) == paris(2026, 3, 23, 10)
    saturday_worked = prefs(working_hours={**OFFICE, 5: (time(10), time(12))})
    assert earliest_start(paris(2026, 3, 20, 19), PARIS, saturday_worked) == paris(2026, 3, 21, 10)


def test_notice_across_a_weekend() -> None:
    """Notice that runs past Monday's opening moves the start later than it."""
    p = prefs(min_notice_minutes=66 * 60)
    assert earliest_start(paris(2026, 3, 20, 18), PARIS, p) == paris(2026, 3, 23, 12)
    short = prefs(min_notice_minutes=60)
    assert earliest_start(paris(2026, 3, 20, 18), PARIS, short) == paris(2026, 3, 23, 9)


def test_default_window_spans_the_horizon() -> None:
    """The default window runs horizon_days local days from the earliest start."""
    p = prefs(horizon_days=10)
    window = default_window(paris(2026, 3, 20, 18), PARIS, p)
    assert window == Interval(paris(2026, 3, 23, 9), paris(2026, 4, 2, 9))
    assert window.end - window.start == timedelta(days=10) - HOUR  # the spring change


def test_no_working_day_at_all_starts_tomorrow() -> None:
    """Without working hours the earliest start is the next local midnight."""
    p = prefs(working_hours={})
    assert earliest_start(paris(2026, 3, 24, 10), PARIS, p) == paris(2026, 3, 25)


def _starts(tz: ZoneInfo, now: datetime, p: Preferences, kind: str | None = None) -> list[datetime]:
    window = default_window(now, tz, p)
    slots = find_slots(
        [],
        window,
        HOUR,
        tz,
        count=2,
        not_before=window.start,
        preferences=p,
        earliest=True,
        kind=kind,
    )
    return [s.start for s in slots]


def test_daylight_saving_keeps_wall_clock_hours_in_paris() -> None:
    """Both Paris changes of 2026: 09:00 local is 08:00Z in winter and 07:00Z in summer."""
    p = prefs(working_hours=OFFICE, horizon_days=4)
    spring = _starts(PARIS, paris(2026, 3, 26, 19), p)  # Friday 27 March, then Monday 30
    assert spring == [datetime(2026, 3, 27, 8, tzinfo=UTC), datetime(2026, 3, 30, 7, tzinfo=UTC)]
    fall = _starts(PARIS, paris(2026, 10, 22, 19), p)  # Friday 23 October, then Monday 26
    assert fall == [datetime(2026, 10, 23, 7, tzinfo=UTC), datetime(2026, 10, 26, 8, tzinfo=UTC)]
    dinner = _starts(PARIS, paris(2026, 3, 26, 19), p, kind="dinner")
    assert dinner == [datetime(2026, 3, 27, 18, tzinfo=UTC), datetime(2026, 3, 30, 17, tzinfo=UTC)]


def test_daylight_saving_keeps_wall_clock_hours_in_new_york() -> None:
    """Both New York changes of 2026 (8 March, 1 November) keep 09:00 local."""
    p = prefs(working_hours=OFFICE, horizon_days=4)
    ny = datetime(2026, 3, 5, 19, tzinfo=NEW_YORK)
    assert _starts(NEW_YORK, ny, p) == [
        datetime(2026, 3, 6, 14, tzinfo=UTC),
        datetime(2026, 3, 9, 13, tzinfo=UTC),
    ]
    assert earliest_start(datetime(2026, 3, 6, 19, tzinfo=NEW_YORK), NEW_YORK, p) == datetime(
        2026, 3, 9, 13, tzinfo=UTC
    )
    fall = datetime(2026, 10, 29, 19, tzinfo=NEW_YORK)
    assert _starts(NEW_YORK, fall, p) == [
        datetime(2026, 10, 30, 13, tzinfo=UTC),
        datetime(2026, 11, 2, 14, tzinfo=UTC),
    ]


BASE = paris(2026, 3, 20)  # a Friday: generated windows cross the spring change
Q = timedelta(minutes=15)
spans = st.lists(st.tuples(st.integers(0, 24 * 96), st.integers(1, 16)), max_size=30)
clock = st.integers(0, 47).map(lambda h: time(h // 2, 30 * (h % 2)))


@st.composite
def day_ranges(draw: st.DrawFn) -> tuple[time, time]:
    """An 'HH:MM-HH:MM' range on half hours; 00:00 as the end means 24:00."""
    start = draw(clock)
    later = [t for t in (time(h // 2, 30 * (h % 2)) for h in range(48)) if t > start]
    end = draw(st.sampled_from([*later, time(0)]))
    return start, end


@st.composite
def preferences(draw: st.DrawFn) -> Preferences:
    """Random working days and hours, preferred ranges, notice, horizon and caps."""
    days = draw(st.sets(st.integers(0, 6), max_size=7))
    return prefs(
        working_hours={d: draw(day_ranges()) for d in sorted(days)},
        preferred=tuple(draw(st.lists(day_ranges(), max_size=2))),
        min_notice_minutes=draw(st.integers(0, 4 * 24 * 60)),
        horizon_days=draw(st.integers(1, 21)),
        max_per_day=draw(st.none() | st.integers(1, 3)),
        max_per_week=draw(st.none() | st.integers(1, 8)),
    )


def _intervals(raw: list[tuple[int, int]]) -> list[Interval]:
    return [Interval(BASE + s * Q, BASE + (s + n) * Q) for s, n in raw]


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


@settings(max_examples=80, deadline=None)
@given(
    busy_raw=spans,
    meetings_raw=spans,
    p=preferences(),
    kind=st.sampled_from([None, "dinner", "lunch", "breakfast", "coffee"]),
    minutes=st.sampled_from([30, 60, 90]),
    count=st.integers(1, 5),
    now_q=st.integers(0, 7 * 96),
    earliest=st.booleans(),
    tz=st.sampled_from([PARIS, NEW_YORK]),
)
def test_preference_invariants(
    busy_raw: list[tuple[int, int]],
    meetings_raw: list[tuple[int, int]],
    p: Preferences,
    kind: str | None,
    minutes: int,
    count: int,
    now_q: int,
    earliest: bool,
    tz: ZoneInfo,
) -> None:
    """No proposal is over busy time or a meeting, outside its day's allowed hours, before
    earliest_start, on a capped day or week; proposals are disjoint, sorted, deterministic."""
    busy, meetings = _intervals(busy_raw), _intervals(meetings_raw)
    now = BASE + now_q * Q
    window = default_window(now, tz, p)
    start_at = earliest_start(now, tz, p)
    duration = timedelta(minutes=minutes)

    def search() -> list[Interval]:
        return find_slots(
            busy,
            window,
            duration,
            tz,
            count=count,
            not_before=start_at,
            earliest=earliest,
            preferences=p,
            kind=kind,
            meetings=meetings,
        )

    slots = search()
    assert slots == search() and slots == sorted(slots) and len(slots) <= count
    per_day = {
        d: sum(1 for m in meetings if m.start.astimezone(tz).date() == d)
        for d in {m.start.astimezone(tz).date() for m in meetings}
    }
    per_week: dict[date, int] = {}
    for d, n in per_day.items():
        per_week[_week(d)] = per_week.get(_week(d), 0) + n
    own = p.hours_for(kind)
    for i, slot in enumerate(slots):
        assert slot.end - slot.start == duration
        assert slot.start >= start_at >= now and slot.end <= window.end
        assert not any(slot.overlaps(b) for b in [*busy, *meetings])
        assert not any(slot.overlaps(o) for o in slots[i + 1 :])
        at = slot.start.astimezone(tz)
        assert at.weekday() in p.working_hours
        open_, close = own or p.working_hours[at.weekday()]
        day_end = datetime.combine(at.date() + timedelta(days=1), time(0), tzinfo=tz)
        closing = day_end if close == time(0) else datetime.combine(at.date(), close, tzinfo=tz)
        assert open_ <= at.time() and slot.end <= closing
        if p.max_per_day is not None:
            assert per_day.get(at.date(), 0) < p.max_per_day
        if p.max_per_week is not None:
            assert per_week.get(_week(at.date()), 0) < p.max_per_week
