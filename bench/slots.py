"""How long the slot search takes on a large calendar, cold and cached.

Builds, in memory, a calendar of N events (one VCALENDAR per event, as a vdir folder or
a CalDAV collection hands them over) of which 3 % are weekly recurring series, at a
constant density of about 20 events a week so the four-week window holds a realistic
week whatever N is. Then it times, in milliseconds:

* cold: the one-shot path (``availability_from_ics``: parse every object, expand
  recurrences, merge) over the four-week window, then ``find_slots`` with preferences;
* cached: the warm path of the real calendar cache: availability from an ``ObjectIndex``
  holding the objects parsed (as a synced CalDAV or local-folder backend keeps them,
  no I/O, series memoised per window), then ``find_slots``.

Then it times the expansion of sub-daily rules started in 2000 with COUNT=1000000000
(no UNTIL) over a four-week window in 2026: ``recurring_ical_events`` alone (the cost
grows with the distance from DTSTART) and through ``ParsedObject`` (periods before the
window skipped by ``bounded``).

It prints figures only (nothing is asserted: the machine is shared). The 100k case
runs once to stay near a minute on two cores.

    .venv/bin/python bench/slots.py [--sizes 1000 10000 100000] [--no-bounded]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import availability_from_ics
from meetdesk.calendar.index import ObjectIndex
from meetdesk.calendar.occurrences import ParsedObject
from meetdesk.calendar.preferences import Preferences
from meetdesk.calendar.slots import default_window, find_slots

TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 20, 18, tzinfo=TZ)  # Friday evening: the window starts Monday
PREFS = Preferences(horizon_days=28, max_per_day=6)
PER_WEEK = 20  # events a week, so N sets how many years the calendar spans
SERIES_SHARE = 0.03  # 300 series in 10,000 events


def build(n: int, seed: int = 7) -> list[bytes]:
    """``n`` serialised VCALENDARs around NOW, ``SERIES_SHARE`` of them weekly series."""
    rnd = random.Random(seed)
    weeks = max(4, round(n / PER_WEEK))
    first = NOW - timedelta(weeks=weeks // 2)
    out: list[bytes] = []
    for i in range(n):
        day = first + timedelta(days=rnd.randrange(weeks * 7))
        start = day.replace(hour=rnd.randrange(8, 19), minute=rnd.choice((0, 30)))
        ev = Event()
        ev.add("uid", f"bench-{i}@meetdesk.invalid")
        ev.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
        ev.add("summary", "Busy")
        ev.add("dtstart", start)
        ev.add("dtend", start + timedelta(minutes=rnd.choice((30, 45, 60, 90))))
        if rnd.random() < SERIES_SHARE:
            # A series of a few weeks to a year, started a little before its first week.
            ev.add("rrule", {"freq": "weekly", "count": rnd.randrange(4, 53)})
        cal = Calendar()
        cal.add("prodid", "-//MeetDesk bench//EN")
        cal.add("version", "2.0")
        cal.add_component(ev)
        out.append(cal.to_ical())
    return out


def _ms(fn: Callable[[], list[Interval]], runs: int) -> tuple[float, list[Interval]]:
    """The median milliseconds of ``runs`` calls, and the last call's result."""
    samples: list[float] = []
    result: list[Interval] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), result


def measure(n: int) -> tuple[float, float, int, int]:
    """Cold and cached medians (ms), busy intervals in the window, slots found."""
    objects = build(n)
    window = default_window(NOW, TZ, PREFS)

    def search(busy: list[Interval], meetings: list[Interval]) -> list[Interval]:
        return find_slots(
            busy,
            window,
            timedelta(minutes=30),
            TZ,
            count=3,
            not_before=window.start,
            preferences=PREFS,
            meetings=meetings,
        )

    built: list[list[Interval]] = []

    def cold() -> list[Interval]:
        found = availability_from_ics(objects, window.start, window.end, TZ)
        built.append(found.busy)
        return search(found.busy, found.meetings)

    cold_ms, _ = _ms(cold, 1 if n >= 50_000 else 3)  # the 100k case runs once
    index = ObjectIndex(TZ)  # what a synced backend holds: every object parsed once
    for i, obj in enumerate(objects):
        index.put(f"{i}.ics", i, obj)
    index.availability(window.start, window.end)  # the first query of the window

    def cached() -> list[Interval]:
        found = index.availability(window.start, window.end)
        return search(found.busy, found.meetings)

    cached_ms, slots = _ms(cached, 50)
    assert index.availability(window.start, window.end).busy == built[-1]
    return cold_ms, cached_ms, len(built[-1]), len(slots)


def sub_daily(rule: str) -> bytes:
    """A sub-daily rule since 2000, COUNT=10^9, no UNTIL."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//MeetDesk bench//EN\r\n"
        "BEGIN:VEVENT\r\nUID:sub-daily\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20000103T090000Z\r\nDTEND:20000103T090100Z\r\n"
        f"RRULE:{rule};COUNT=1000000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def bounded_figures() -> None:
    """Milliseconds to expand sub-daily rules from 2000 over four weeks of 2026."""
    lo = datetime(2026, 3, 2, tzinfo=UTC)
    hi = lo + timedelta(weeks=4)
    print("\nsub-daily rule since 2000, COUNT=1000000000, four weeks of 2026:")
    for label, rule, raw_runs in (
        ("HOURLY", "FREQ=HOURLY;INTERVAL=7", 3),
        ("MINUTELY", "FREQ=MINUTELY;INTERVAL=7", 1),
        ("MINUTELY, 9-11h Mon/Wed/Fri", "FREQ=MINUTELY;INTERVAL=7;BYHOUR=9,10;BYDAY=MO,WE,FR", 1),
    ):
        data = sub_daily(rule)
        cal = Calendar.from_ical(data)

        def raw(cal: Calendar = cal) -> list[Interval]:
            recurring_ical_events.of(cal).between(lo, hi)
            return []

        def bounded(data: bytes = data) -> list[Interval]:
            ParsedObject(data, TZ).occurrences(lo, hi, TZ)  # fresh: no memo
            return []

        raw_ms, _ = _ms(raw, raw_runs)
        bounded_ms, _ = _ms(bounded, 5)
        count = len(ParsedObject(data, TZ).occurrences(lo, hi, TZ))
        print(
            f"  {label:<28} library alone {raw_ms:>9.1f} ms   bounded {bounded_ms:>7.1f} ms"
            f"   ({count} occurrences, padded week-aligned window)",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-bounded", action="store_true", help="skip the sub-daily figures")
    args = parser.parse_args()
    print(f"{'events':>8} {'series':>7} {'busy':>5} {'slots':>5} {'cold ms':>10} {'cached ms':>10}")
    previous: tuple[int, float, float] | None = None
    for n in args.sizes:
        cold, cached, busy, slots = measure(n)
        series = round(n * SERIES_SHARE)
        line = f"{n:>8} {series:>7} {busy:>5} {slots:>5} {cold:>10.1f} {cached:>10.3f}"
        if previous is not None:
            pn, pc, pk = previous
            line += f"   x{n / pn:g} events: cold x{cold / pc:.1f}, cached x{cached / pk:.1f}"
        print(line, flush=True)
        previous = (n, cold, cached)
    if not args.no_bounded:
        bounded_figures()


if __name__ == "__main__":
    main()
