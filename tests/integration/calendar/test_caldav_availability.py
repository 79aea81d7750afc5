"""Availability read through Radicale and Xandikos: meetings, busy all-day days, places."""

from __future__ import annotations

from datetime import date

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import availability_from_ics
from meetdesk.calendar.caldav_backend import CaldavCalendar
from meetdesk.testing.radicale import DavServer
from tests.unit.calendar.helpers import PARIS, paris, utc, vcalendar, vevent

WEEK = (paris(2026, 3, 16), paris(2026, 3, 23))
SEED = vcalendar(
    vevent(
        "trip",
        "SUMMARY:In London",
        "DTSTART;VALUE=DATE:20260317",
        "DTEND;VALUE=DATE:20260319",
        "TRANSP:TRANSPARENT",
    ),
    vevent(
        "lyon",
        "SUMMARY:Lyon",
        "DTSTART;VALUE=DATE:20260320",
        "DTEND;VALUE=DATE:20260321",
        "TRANSP:TRANSPARENT",
    ),
    vevent("holiday", "SUMMARY:Holiday", "DTSTART;VALUE=DATE:20260322"),
    vevent("a", "DTSTART:20260316T090000Z", "DTEND:20260316T100000Z"),
    vevent("b", "DTSTART:20260316T100000Z", "DTEND:20260316T110000Z"),
)


async def test_availability_over_a_seeded_calendar(dav: DavServer, calendar_url: str) -> None:
    """Places, unmerged meetings and a busy all-day day, as the offline rules give them."""
    assert dav.seed(calendar_url, SEED) == 5
    cal = CaldavCalendar(calendar_url, dav.username, dav.password, PARIS, timeout=10)
    result = await cal.availability(*WEEK)
    assert result.places == {
        date(2026, 3, 17): "London",
        date(2026, 3, 18): "London",
        date(2026, 3, 20): "Lyon",
    }
    assert result.meetings == [
        Interval(utc(2026, 3, 16, 9), utc(2026, 3, 16, 10)),
        Interval(utc(2026, 3, 16, 10), utc(2026, 3, 16, 11)),
        Interval(paris(2026, 3, 22), paris(2026, 3, 23)),
    ]
    assert result.busy == [
        Interval(utc(2026, 3, 16, 9), utc(2026, 3, 16, 11)),
        Interval(paris(2026, 3, 22), paris(2026, 3, 23)),
    ]
    assert result == availability_from_ics([SEED], *WEEK, PARIS)
    assert await cal.busy(*WEEK) == result.busy
