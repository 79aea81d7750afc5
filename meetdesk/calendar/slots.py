"""Slot search: free times of a given length inside working hours (pure, no I/O).

Proposals must be times a person would offer: on the local clock's round steps, inside
the customer's working hours (or a meeting kind's own hours), never over busy time, not
too soon, not on a day or week the customer's meetings already fill. Candidates start
on local wall-clock multiples of ``step`` counted from local midnight, and working hours
are local wall-clock times, so daylight-saving days keep 09:00-18:00 local (local times
that do not exist on a spring-forward day are skipped). The choice is deterministic and
spread out: the earliest free days first, one slot each, alternating morning and
afternoon, then more slots from those days when there are fewer free days than slots
wanted; on each day a time in the customer's preferred ranges wins. The rules that come
from ``Preferences`` live in ``slot_rules``; the others each in their own module:
``buffers`` (free time around a candidate, travel for in-person meetings),
``places_rule`` (days spent in another city), ``participant_hours`` (reasonable hours
in each participant's zone), ``shared_hours`` (colleagues' shared working hours) and
``meeting_mode`` (in person or virtual).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import Interval
from meetdesk.calendar.buffers import padding_for
from meetdesk.calendar.busy import merge_intervals
from meetdesk.calendar.meeting_mode import is_in_person
from meetdesk.calendar.participant_hours import DEFAULT_PARTICIPANT_HOURS, reasonable_for_all
from meetdesk.calendar.places_rule import day_allows
from meetdesk.calendar.preferences import Preferences, TimeRange
from meetdesk.calendar.shared_hours import Member, Within, shared_working_time
from meetdesk.calendar.slot_rules import (
    DEFAULT_WORKING_HOURS,
    Caps,
    WorkingHours,
    bound_instant,
    default_window,
    earliest_start,
    effective_hours,
    exact_instant,
    in_ranges,
    wall_end,
)

__all__ = [
    "DEFAULT_WORKING_HOURS",
    "WorkingHours",
    "default_window",
    "earliest_start",
    "find_slots",
]

NOON = time(12)


class _Busy:
    """Merged busy intervals with a fast "is this span free?" test."""

    def __init__(self, busy: Sequence[Interval]) -> None:
        self.items = merge_intervals(busy)
        self.ends = [b.end for b in self.items]

    def free(self, span: Interval) -> bool:
        # The first busy interval ending after the span starts is the only one to check,
        # since merged intervals are disjoint and sorted.
        i = bisect_right(self.ends, span.start)
        return i == len(self.items) or not self.items[i].overlaps(span)


def _day_candidates(
    day: date,
    hours: TimeRange,
    duration: timedelta,
    step: timedelta,
    tz: ZoneInfo,
    lo: datetime,
    hi: datetime,
    fits: Callable[[Interval], bool],
) -> list[Interval]:
    midnight = datetime.combine(day, time(0))
    opening = datetime.combine(day, hours[0])
    close_wall = wall_end(day, hours[1])
    if close_wall <= opening:
        return []
    closing = bound_instant(close_wall, tz)
    # First wall-clock multiple of step (from local midnight) at or after opening.
    steps = -((midnight - opening) // step)
    wall = midnight + steps * step
    out: list[Interval] = []
    while wall < close_wall:
        start = exact_instant(wall, tz)
        if start is not None:
            span_end = start + duration
            if span_end > closing:
                break
            if start >= lo and span_end <= hi:
                candidate = Interval(start, span_end)
                if fits(candidate):
                    out.append(candidate)
        wall += step
    return out


# One day's free candidates: those starting in a preferred range, then the others.
_Day = tuple[list[Interval], list[Interval]]


def _split_preferred(found: list[Interval], preferred: Sequence[TimeRange], tz: ZoneInfo) -> _Day:
    liked: list[Interval] = []
    others: list[Interval] = []
    for c in found:
        (liked if in_ranges(c.start.astimezone(tz).time(), preferred) else others).append(c)
    return liked, others


def _pick_spread(days: list[_Day], count: int, tz: ZoneInfo, earliest: bool) -> list[Interval]:
    chosen: list[Interval] = []
    for i, (liked, others) in enumerate(days[:count]):
        pool = liked or others  # a preferred time wins on its day
        if earliest:  # "as soon as possible": each day's first (preferred) free time
            chosen.append(pool[0])
            continue
        want_afternoon = i % 2 == 1
        pick = next(
            (c for c in pool if (c.start.astimezone(tz).time() >= NOON) == want_afternoon),
            pool[0],
        )
        chosen.append(pick)
    for liked, others in days:  # fewer free days than slots wanted: more from the same days
        for c in [*liked, *others]:
            if len(chosen) == count:
                return chosen
            if all(not c.overlaps(x) for x in chosen):
                chosen.append(c)
    return chosen


def find_slots(
    busy: Sequence[Interval],
    window: Interval,
    duration: timedelta,
    tz: ZoneInfo,
    *,
    count: int = 3,
    not_before: datetime | None = None,
    working_hours: WorkingHours | None = None,
    step: timedelta = timedelta(minutes=30),
    earliest: bool = False,
    preferences: Preferences | None = None,
    kind: str | None = None,
    meetings: Sequence[Interval] = (),
    location_kind: str | None = None,
    location: str | None = None,
    address: str | None = None,
    places: Mapping[date, str] | None = None,
    participant_zones: Sequence[ZoneInfo] = (),
    colleagues: Sequence[Member] = (),
) -> list[Interval]:
    """Up to ``count`` free, non-overlapping slots of ``duration`` in ``window``, sorted.

    Without ``preferences``, ``working_hours`` maps weekday (0 = Monday) to local
    (open, close); the default is Monday to Friday 09:00-18:00 in ``tz``. With
    ``preferences`` their working hours are used instead (``working_hours`` is then
    ignored), replaced on working days by the hours of meeting ``kind`` when it has its
    own; times in the preferred ranges come first on each day; a day or Monday-to-Sunday
    week whose ``meetings`` reach ``max_per_day`` or ``max_per_week`` gets no slot.
    ``meetings`` (the customer's existing meetings, one interval each) are also busy.
    Slots go to different days, mornings and afternoons alternating; ``earliest`` (an
    urgent request) takes each day's first free time instead. Pass
    ``earliest_start(...)`` as ``not_before`` for the minimum notice.

    The meeting is in person or virtual by ``is_in_person(kind, location_kind)``. The
    preferences' buffers of that mode, and in person the travel time to ``address`` (a
    business address name; else the kind's, else the default address; its own travel
    minutes, else the default), must be free before and after each slot. On a day
    ``places`` maps to a city (local date -> city), in-person slots need ``location``
    (else the address's street) to name that city. Each slot lies within the
    participants' reasonable hours in every zone of ``participant_zones``, and, with
    ``colleagues`` (each one's working hours and zone), within all their working hours;
    pass the colleagues' busy time in ``busy``. Same input, same output.
    """
    if duration <= timedelta(0) or step <= timedelta(0) or count < 1:
        raise ValueError("duration, step and count must be positive")
    hours = effective_hours(working_hours, preferences, kind)
    preferred = preferences.preferred if preferences is not None else ()
    caps = Caps(meetings, tz, preferences)
    lo = window.start.astimezone(UTC)
    if not_before is not None:
        lo = max(lo, not_before.astimezone(UTC))
    hi = window.end.astimezone(UTC)
    if hi - lo < duration:
        return []
    fits, in_person, where = _rules(
        busy,
        meetings,
        Interval(lo, hi),
        preferences,
        kind,
        location_kind,
        location,
        address,
        participant_zones,
        colleagues,
    )
    days: list[_Day] = []
    day = lo.astimezone(tz).date()
    last = hi.astimezone(tz).date()
    while day <= last:
        if (
            day.weekday() in hours
            and caps.allows(day)
            and day_allows(day, places, in_person, where)
        ):
            found = _day_candidates(day, hours[day.weekday()], duration, step, tz, lo, hi, fits)
            if found:
                days.append(_split_preferred(found, preferred, tz))
        day += timedelta(days=1)
    return sorted(_pick_spread(days, count, tz, earliest))


def _rules(
    busy: Sequence[Interval],
    meetings: Sequence[Interval],
    span: Interval,
    preferences: Preferences | None,
    kind: str | None,
    location_kind: str | None,
    location: str | None,
    address: str | None,
    participant_zones: Sequence[ZoneInfo],
    colleagues: Sequence[Member],
) -> tuple[Callable[[Interval], bool], bool, str | None]:
    """The test each candidate must pass, whether the meeting is in person, and the
    location text the places rule reads."""
    in_person = is_in_person(kind, location_kind)
    name = preferences.address_for(kind, address) if preferences is not None else address
    if preferences is not None and address is not None and address not in preferences.addresses:
        raise ValueError(f"address: no business address named {address!r}")
    padding = padding_for(preferences, in_person, name)
    where = location
    if where is None and in_person and preferences is not None and name is not None:
        where = preferences.addresses[name].street
    reach_lo, reach_hi = span.start - padding.before, span.end + padding.after
    free = _Busy([b for b in [*busy, *meetings] if b.end > reach_lo and b.start < reach_hi])
    hours = preferences.participant_hours if preferences is not None else DEFAULT_PARTICIPANT_HOURS
    zones = tuple(participant_zones)
    within = Within(shared_working_time(colleagues, span)) if colleagues else None

    def fits(candidate: Interval) -> bool:
        return (
            free.free(padding.around(candidate))
            and (within is None or within.fits(candidate))
            and reasonable_for_all(candidate, zones, hours)
        )

    return fits, in_person, where
