"""busy_from_ics: recurrences, all-day, transparency, cancellation, zones, bad data."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import busy_from_ics, merge_intervals, parse_busy
from tests.unit.calendar.helpers import PARIS, WEEKLY_SERIES, paris, utc, vcalendar, vevent

WEEKLY = vcalendar(
    *WEEKLY_SERIES,
    timezone=True,
)


def iv(start: object, end: object) -> Interval:
    return Interval(start, end)  # type: ignore[arg-type]


def test_single_event_is_returned_in_utc() -> None:
    """A plain event comes back as one UTC interval."""
    cal = vcalendar(vevent("a", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z"))
    busy = busy_from_ics([cal], utc(2026, 3, 2), utc(2026, 3, 3), PARIS)
    assert busy == [iv(utc(2026, 3, 2, 9), utc(2026, 3, 2, 10))]
    assert busy[0].start.utcoffset() == timedelta(0)


def test_weekly_rule_with_exdate_and_override_across_dst() -> None:
    """RRULE keeps 09:00 Paris across DST, EXDATE removes one, RECURRENCE-ID moves one."""
    busy = busy_from_ics([WEEKLY], utc(2026, 3, 16), utc(2026, 4, 7), PARIS)
    assert busy == [
        iv(utc(2026, 3, 16, 8), utc(2026, 3, 16, 9)),  # CET: 09:00 = 08:00Z
        iv(utc(2026, 3, 30, 12), utc(2026, 3, 30, 13)),  # moved to 14:00 CEST
        iv(utc(2026, 4, 6, 7), utc(2026, 4, 6, 8)),  # CEST: 09:00 = 07:00Z
    ]


def test_unbounded_rule_and_huge_count_cost_only_the_window() -> None:
    """An endless daily rule and COUNT=10^6 are cheap for a window years later."""
    cal = vcalendar(
        vevent("daily", "DTSTART:20200101T090000Z", "DTEND:20200101T093000Z", "RRULE:FREQ=DAILY"),
        vevent(
            "count",
            "DTSTART:20200101T100000Z",
            "DTEND:20200101T103000Z",
            "RRULE:FREQ=DAILY;COUNT=1000000",
        ),
    )
    began = time.monotonic()
    busy = busy_from_ics([cal], utc(2031, 6, 2), utc(2031, 6, 3), PARIS)
    assert time.monotonic() - began < 2
    assert busy == [
        iv(utc(2031, 6, 2, 9), utc(2031, 6, 2, 9, 30)),
        iv(utc(2031, 6, 2, 10), utc(2031, 6, 2, 10, 30)),
    ]


def test_rdate_adds_an_occurrence() -> None:
    """RDATE adds an occurrence outside the rule."""
    cal = vcalendar(
        vevent("r", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", "RDATE:20260304T150000Z")
    )
    busy = busy_from_ics([cal], utc(2026, 3, 1), utc(2026, 3, 8), PARIS)
    assert busy[1] == iv(utc(2026, 3, 4, 15), utc(2026, 3, 4, 16))


def test_all_day_event_blocks_its_local_days() -> None:
    """A two-day DATE event blocks Paris midnight to midnight, not UTC days."""
    cal = vcalendar(vevent("d", "DTSTART;VALUE=DATE:20260304", "DTEND;VALUE=DATE:20260306"))
    busy = busy_from_ics([cal], utc(2026, 3, 1), utc(2026, 3, 8), PARIS)
    assert busy == [iv(paris(2026, 3, 4), paris(2026, 3, 6))]
    assert busy[0].start == utc(2026, 3, 3, 23)


def test_all_day_event_on_dst_day_is_23_hours() -> None:
    """The spring-forward day is 23 hours long in Paris."""
    cal = vcalendar(vevent("d", "DTSTART;VALUE=DATE:20260329"))
    [day] = busy_from_ics([cal], utc(2026, 3, 27), utc(2026, 3, 31), PARIS)
    assert day.end - day.start == timedelta(hours=23)


def test_floating_time_is_read_in_the_customer_zone() -> None:
    """A floating 09:00 means 09:00 in the calendar's zone."""
    cal = vcalendar(vevent("f", "DTSTART:20260701T090000", "DTEND:20260701T100000"))
    busy = busy_from_ics([cal], utc(2026, 7, 1), utc(2026, 7, 2), PARIS)
    assert busy == [iv(paris(2026, 7, 1, 9), paris(2026, 7, 1, 10))]
    tokyo = busy_from_ics([cal], utc(2026, 6, 30), utc(2026, 7, 2), ZoneInfo("Asia/Tokyo"))
    assert tokyo == [iv(utc(2026, 7, 1, 0), utc(2026, 7, 1, 1))]


def test_transparent_and_cancelled_events_do_not_block() -> None:
    """TRANSP:TRANSPARENT and STATUS:CANCELLED events, or occurrences, are free time."""
    cal = vcalendar(
        vevent("t", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", "TRANSP:TRANSPARENT"),
        vevent("c", "DTSTART:20260302T110000Z", "DTEND:20260302T120000Z", "STATUS:CANCELLED"),
        vevent(
            "w", "DTSTART:20260302T140000Z", "DTEND:20260302T150000Z", "RRULE:FREQ=DAILY;COUNT=3"
        ),
        vevent(
            "w",
            "RECURRENCE-ID:20260303T140000Z",
            "DTSTART:20260303T140000Z",
            "DTEND:20260303T150000Z",
            "STATUS:CANCELLED",
        ),
    )
    busy = busy_from_ics([cal], utc(2026, 3, 2), utc(2026, 3, 5), PARIS)
    assert busy == [
        iv(utc(2026, 3, 2, 14), utc(2026, 3, 2, 15)),
        iv(utc(2026, 3, 4, 14), utc(2026, 3, 4, 15)),
    ]


def test_duration_and_missing_end() -> None:
    """DURATION sets the end; a DATE-TIME start with no end takes no time."""
    cal = vcalendar(
        vevent("dur", "DTSTART:20260302T090000Z", "DURATION:PT90M"),
        vevent("point", "DTSTART:20260302T120000Z"),
    )
    busy = busy_from_ics([cal], utc(2026, 3, 2), utc(2026, 3, 3), PARIS)
    assert busy == [iv(utc(2026, 3, 2, 9), utc(2026, 3, 2, 10, 30))]


def test_results_are_clipped_merged_and_sorted() -> None:
    """Overlapping events merge; events crossing the window's ends are clipped."""
    cal = vcalendar(
        vevent("late", "DTSTART:20260302T170000Z", "DTEND:20260303T020000Z"),
        vevent("b", "DTSTART:20260302T100000Z", "DTEND:20260302T120000Z"),
        vevent("a", "DTSTART:20260302T090000Z", "DTEND:20260302T110000Z"),
        vevent("early", "DTSTART:20260301T220000Z", "DTEND:20260302T010000Z"),
    )
    busy = busy_from_ics([cal], utc(2026, 3, 2), utc(2026, 3, 2, 18), PARIS)
    assert busy == [
        iv(utc(2026, 3, 2), utc(2026, 3, 2, 1)),
        iv(utc(2026, 3, 2, 9), utc(2026, 3, 2, 12)),
        iv(utc(2026, 3, 2, 17), utc(2026, 3, 2, 18)),
    ]


def test_malformed_objects_are_skipped_counted_and_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Garbage is skipped, counted, and the log names no event content."""
    good = vcalendar(vevent("g", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z"))
    bad_date = vcalendar(
        vevent("x", "SUMMARY:Secret title", "DTSTART:2026-99-99", "DTEND:20260302T100000Z")
    )
    garbage = b"Secret title is not iCalendar"
    busy, skipped = parse_busy(
        [garbage, good, bad_date, ""], utc(2026, 3, 2), utc(2026, 3, 3), PARIS
    )
    assert len(busy) == 1 and skipped >= 2
    with caplog.at_level(logging.WARNING):
        assert busy_from_ics([garbage, good], utc(2026, 3, 2), utc(2026, 3, 3), PARIS) == busy
    assert "skipped 1" in caplog.text and "Secret" not in caplog.text


def test_naive_window_is_refused() -> None:
    """The window must be timezone-aware."""
    with pytest.raises(ValueError):
        busy_from_ics([], utc(2026, 3, 2).replace(tzinfo=None), utc(2026, 3, 3), PARIS)


def test_merge_joins_touching_intervals() -> None:
    """Intervals that touch or overlap become one; order does not matter."""
    a = iv(utc(2026, 1, 1, 9), utc(2026, 1, 1, 10))
    b = iv(utc(2026, 1, 1, 10), utc(2026, 1, 1, 11))
    c = iv(utc(2026, 1, 1, 12), utc(2026, 1, 1, 13))
    d = iv(utc(2026, 1, 1, 9, 30), utc(2026, 1, 1, 9, 45))
    assert merge_intervals([c, b, d, a]) == [iv(utc(2026, 1, 1, 9), utc(2026, 1, 1, 11)), c]
    assert merge_intervals([]) == []


spans = st.lists(st.tuples(st.integers(0, 500), st.integers(1, 120)), max_size=30)


@given(spans)
def test_merge_properties(raw: list[tuple[int, int]]) -> None:
    """Merged output is sorted, disjoint, non-touching and covers exactly the same minutes."""
    base = utc(2026, 1, 1)
    items = [iv(base + timedelta(minutes=s), base + timedelta(minutes=s + n)) for s, n in raw]
    merged = merge_intervals(items)
    assert all(x.end < y.start for x, y in zip(merged, merged[1:], strict=False))
    covered = {m for s, n in raw for m in range(s, s + n)}
    got = {
        m
        for x in merged
        for m in range(
            int((x.start - base).total_seconds() // 60), int((x.end - base).total_seconds() // 60)
        )
    }
    assert got == covered
