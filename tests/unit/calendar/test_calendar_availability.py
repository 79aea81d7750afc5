"""Availability: merged busy time, one meeting per occurrence, places per local day."""

from __future__ import annotations

from datetime import date

import pytest

from meetdesk.calendar import occurrences
from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import availability_from_ics
from meetdesk.calendar.index import ObjectIndex
from tests.unit.calendar.helpers import PARIS, paris, utc, vcalendar, vevent

WEEK = (paris(2026, 3, 16), paris(2026, 3, 23))


def note(uid: str, summary: str, first: str, after: str, *extra: str) -> bytes:
    return vcalendar(
        vevent(
            uid,
            f"SUMMARY:{summary}",
            f"DTSTART;VALUE=DATE:{first}",
            f"DTEND;VALUE=DATE:{after}",
            *extra,
        )
    )


def meeting(uid: str, start: str, end: str, *extra: str) -> bytes:
    return vcalendar(vevent(uid, f"DTSTART:{start}", f"DTEND:{end}", *extra))


CALENDAR = [
    note("trip", "London", "20260317", "20260319", "TRANSP:TRANSPARENT"),
    note("day", "à Lyon", "20260320", "20260321", "TRANSP:TRANSPARENT"),
    note("holiday", "Holiday", "20260322", "20260323"),  # busy: blocks the whole day
    note("memo", "Pay rent", "20260316", "20260317", "TRANSP:TRANSPARENT"),
    note("off", "Berlin", "20260316", "20260317", "TRANSP:TRANSPARENT", "STATUS:CANCELLED"),
    meeting("a", "20260316T090000Z", "20260316T100000Z"),
    meeting("b", "20260316T093000Z", "20260316T110000Z"),
    meeting("c", "20260316T110000Z", "20260316T120000Z"),
    meeting("free", "20260316T130000Z", "20260316T140000Z", "TRANSP:TRANSPARENT"),
    meeting("edge", "20260315T220000Z", "20260315T233000Z"),  # 23:00-00:30 Paris
]


def test_meetings_are_unmerged_busy_is_merged() -> None:
    """Three touching meetings are three meetings and one busy block; clipping holds."""
    result = availability_from_ics(CALENDAR, *WEEK, PARIS)
    assert result.meetings[:4] == [
        Interval(utc(2026, 3, 15, 23), utc(2026, 3, 15, 23, 30)),
        Interval(utc(2026, 3, 16, 9), utc(2026, 3, 16, 10)),
        Interval(utc(2026, 3, 16, 9, 30), utc(2026, 3, 16, 11)),
        Interval(utc(2026, 3, 16, 11), utc(2026, 3, 16, 12)),
    ]
    assert result.busy == [
        Interval(utc(2026, 3, 15, 23), utc(2026, 3, 15, 23, 30)),
        Interval(utc(2026, 3, 16, 9), utc(2026, 3, 16, 12)),
        Interval(paris(2026, 3, 22), paris(2026, 3, 23)),
    ]
    assert len(result.meetings) == 5  # the busy all-day holiday is a meeting-sized block


def test_free_all_day_city_notes_give_places_per_local_day() -> None:
    """A two-day London trip covers both days; other notes and cancelled ones do not."""
    result = availability_from_ics(CALENDAR, *WEEK, PARIS)
    assert result.places == {
        date(2026, 3, 17): "London",
        date(2026, 3, 18): "London",
        date(2026, 3, 20): "Lyon",
    }


def test_places_are_clipped_to_the_window_and_inner_stops_win() -> None:
    """Days outside the window are left out; a day trip inside a longer trip wins."""
    objects = [
        note("long", "New York", "20260310", "20260325", "TRANSP:TRANSPARENT"),
        note("stop", "Boston", "20260318", "20260319", "TRANSP:TRANSPARENT"),
    ]
    places = availability_from_ics(
        objects, paris(2026, 3, 17, 12), paris(2026, 3, 20), PARIS
    ).places
    assert places == {
        date(2026, 3, 17): "New York",
        date(2026, 3, 18): "Boston",
        date(2026, 3, 19): "New York",
    }


def test_a_recurring_city_note_gives_each_occurrence_day() -> None:
    """A weekly "Lyon" day is a place on every occurrence in the window."""
    weekly = note("w", "Lyon", "20260302", "20260303", "TRANSP:TRANSPARENT", "RRULE:FREQ=WEEKLY")
    places = availability_from_ics([weekly], paris(2026, 3, 16), paris(2026, 3, 31), PARIS).places
    assert places == {
        date(2026, 3, 16): "Lyon",
        date(2026, 3, 23): "Lyon",
        date(2026, 3, 30): "Lyon",
    }


def test_ignored_uids_leave_meetings_busy_and_places() -> None:
    """The booking flow's own holds are out of every part of the answer."""
    result = availability_from_ics(CALENDAR, *WEEK, PARIS, ignore={"a", "b", "trip"})
    assert Interval(utc(2026, 3, 16, 9), utc(2026, 3, 16, 10)) not in result.meetings
    assert date(2026, 3, 17) not in result.places
    assert Interval(utc(2026, 3, 16, 11), utc(2026, 3, 16, 12)) in result.busy


def test_the_index_answers_like_the_one_shot_parse() -> None:
    """Objects kept parsed in an ObjectIndex give the same availability, also after edits."""
    index = ObjectIndex(PARIS)
    for i, obj in enumerate(CALENDAR):
        index.put(f"{i}.ics", i, obj)
    assert index.availability(*WEEK) == availability_from_ics(CALENDAR, *WEEK, PARIS)
    index.remove("0.ics")
    index.put("5.ics", "v2", meeting("a", "20260318T090000Z", "20260318T100000Z"))
    edited = [*CALENDAR[1:5], meeting("a", "20260318T090000Z", "20260318T100000Z"), *CALENDAR[6:]]
    assert index.availability(*WEEK) == availability_from_ics(edited, *WEEK, PARIS)


def test_a_warm_index_query_parses_and_expands_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Objects are parsed once when stored; a series is expanded once per window."""
    index = ObjectIndex(PARIS)
    series = meeting("s", "20260302T090000Z", "20260302T100000Z", "RRULE:FREQ=DAILY")
    for i, obj in enumerate([*CALENDAR, series]):
        index.put(f"{i}.ics", i, obj)
    parses, expansions = [], []
    real_parse, real_of = occurrences.Calendar.from_ical, occurrences.recurring_ical_events.of
    monkeypatch.setattr(
        occurrences.Calendar, "from_ical", lambda *a, **k: parses.append(1) or real_parse(*a, **k)
    )
    monkeypatch.setattr(
        occurrences.recurring_ical_events,
        "of",
        lambda *a, **k: expansions.append(1) or real_of(*a, **k),
    )
    first = index.availability(*WEEK)
    assert index.availability(*WEEK) == first
    assert index.availability(paris(2026, 3, 17), paris(2026, 3, 18)).meetings[0] == Interval(
        utc(2026, 3, 17, 9), utc(2026, 3, 17, 10)
    )
    assert parses == [] and len(expansions) == 1


def test_a_changed_series_is_seen_by_the_next_index_query() -> None:
    """Replacing or removing a recurring object drops its remembered occurrences."""
    index = ObjectIndex(PARIS)
    index.put("s.ics", 1, meeting("s", "20260302T090000Z", "20260302T100000Z", "RRULE:FREQ=DAILY"))
    assert len(index.availability(*WEEK).meetings) == 7
    index.put("s.ics", 2, meeting("s", "20260302T090000Z", "20260302T100000Z", "RRULE:FREQ=WEEKLY"))
    assert index.availability(*WEEK).meetings == [
        Interval(utc(2026, 3, 16, 9), utc(2026, 3, 16, 10))
    ]
    index.remove("s.ics")
    assert index.availability(*WEEK).meetings == []
