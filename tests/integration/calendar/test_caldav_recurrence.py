"""Recurrence read through Radicale and Xandikos, beyond test_caldav_edges: RDATE,
overrides moved out of the window or cancelled, a custom VTIMEZONE, both daylight-saving
changes of Paris and New York, recurring all-day and floating events, TRANSP and STATUS
on series and on single instances. Each answer is checked by value and against the
offline rules over the same objects."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import busy_from_ics
from meetdesk.calendar.caldav_backend import CaldavCalendar
from meetdesk.testing.radicale import DavServer
from tests.unit.calendar.helpers import PARIS, paris, utc, vcalendar, vevent

NEW_YORK = ZoneInfo("America/New_York")

OFFICE_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Custom/Office
BEGIN:STANDARD
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
TZNAME:OFC
DTSTART:19700101T000000
END:STANDARD
END:VTIMEZONE
"""


def iv(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


async def read(
    dav: DavServer, url: str, tz: ZoneInfo, start: datetime, end: datetime
) -> list[Interval]:
    cal = CaldavCalendar(url, dav.username, dav.password, tz, timeout=10)
    return await cal.busy(start, end)


def weekly_0900(uid: str, zone: str, first: str) -> str:
    return vevent(
        uid,
        f"DTSTART;TZID={zone}:{first}T090000",
        f"DTEND;TZID={zone}:{first}T100000",
        "RRULE:FREQ=WEEKLY",
    )


@pytest.mark.parametrize(
    ("zone", "first", "windows"),
    [
        (
            "Europe/Paris",
            "20260302",
            [  # clocks go forward on 29 March and back on 25 October 2026
                ((utc(2026, 3, 23), utc(2026, 4, 6)), [utc(2026, 3, 23, 8), utc(2026, 3, 30, 7)]),
                (
                    (utc(2026, 10, 19), utc(2026, 11, 2)),
                    [utc(2026, 10, 19, 7), utc(2026, 10, 26, 8)],
                ),
            ],
        ),
        (
            "America/New_York",
            "20260105",
            [  # clocks go forward on 8 March and back on 1 November 2026
                ((utc(2026, 3, 2), utc(2026, 3, 16)), [utc(2026, 3, 2, 14), utc(2026, 3, 9, 13)]),
                (
                    (utc(2026, 10, 26), utc(2026, 11, 9)),
                    [utc(2026, 10, 26, 13), utc(2026, 11, 2, 14)],
                ),
            ],
        ),
    ],
    ids=["paris", "new-york"],
)
async def test_a_weekly_0900_meeting_stays_0900_local_across_both_changes(
    dav: DavServer,
    calendar_url: str,
    zone: str,
    first: str,
    windows: list[tuple[tuple[datetime, datetime], list[datetime]]],
) -> None:
    """Before and after each daylight-saving change the meeting is at 09:00 local."""
    ics = vcalendar(weekly_0900("weekly", zone, first))
    dav.seed(calendar_url, ics)
    tz = ZoneInfo(zone)
    for (start, end), expected in windows:
        busy = await read(dav, calendar_url, tz, start, end)
        assert busy == [iv(s, s.replace(hour=s.hour + 1)) for s in expected]
        assert [b.start.astimezone(tz).hour for b in busy] == [9, 9]
        assert busy == busy_from_ics([ics], start, end, tz)


SERIES = vcalendar(
    # daily 10:00 UTC from 2 March, with an extra date, an exclusion, an instance moved
    # out of the window, one moved in from before it, and one cancelled
    vevent(
        "daily",
        "DTSTART:20260302T100000Z",
        "DTEND:20260302T110000Z",
        "RRULE:FREQ=DAILY;COUNT=20",
        "RDATE:20260311T180000Z",
        "EXDATE:20260310T100000Z",
    ),
    vevent(
        "daily",
        "RECURRENCE-ID:20260312T100000Z",
        "DTSTART:20260401T100000Z",
        "DTEND:20260401T110000Z",
    ),
    vevent(
        "daily",
        "RECURRENCE-ID:20260302T100000Z",
        "DTSTART:20260313T150000Z",
        "DTEND:20260313T160000Z",
    ),
    vevent(
        "daily",
        "RECURRENCE-ID:20260311T100000Z",
        "DTSTART:20260311T100000Z",
        "DTEND:20260311T110000Z",
        "STATUS:CANCELLED",
    ),
    # a free series, a tentative one (still busy), a cancelled series
    vevent(
        "free-series",
        "DTSTART:20260302T070000Z",
        "DTEND:20260302T080000Z",
        "RRULE:FREQ=DAILY",
        "TRANSP:TRANSPARENT",
    ),
    vevent(
        "tentative",
        "DTSTART:20260309T120000Z",
        "DTEND:20260309T123000Z",
        "RRULE:FREQ=WEEKLY",
        "STATUS:TENTATIVE",
    ),
    vevent(
        "cancelled-series",
        "DTSTART:20260302T130000Z",
        "DTEND:20260302T140000Z",
        "RRULE:FREQ=DAILY",
        "STATUS:CANCELLED",
    ),
    # one instance of an opaque series made free
    vevent(
        "opaque", "DTSTART:20260309T160000Z", "DTEND:20260309T170000Z", "RRULE:FREQ=DAILY;COUNT=3"
    ),
    vevent(
        "opaque",
        "RECURRENCE-ID:20260310T160000Z",
        "DTSTART:20260310T160000Z",
        "DTEND:20260310T170000Z",
        "TRANSP:TRANSPARENT",
    ),
)


async def test_rdate_exdate_and_overrides_in_and_out_of_the_window(
    dav: DavServer, calendar_url: str
) -> None:
    """Every recurrence part and every TRANSP/STATUS rule applied as offline."""
    dav.seed(calendar_url, SERIES)
    window = (utc(2026, 3, 9), utc(2026, 3, 14))
    busy = await read(dav, calendar_url, PARIS, *window)
    assert busy == [
        iv(utc(2026, 3, 9, 10), utc(2026, 3, 9, 11)),
        iv(utc(2026, 3, 9, 12), utc(2026, 3, 9, 12, 30)),  # tentative still blocks
        iv(utc(2026, 3, 9, 16), utc(2026, 3, 9, 17)),
        # 10 March excluded, its 16:00 instance made free
        iv(utc(2026, 3, 11, 16), utc(2026, 3, 11, 17)),  # 11 March 10:00 cancelled
        iv(utc(2026, 3, 11, 18), utc(2026, 3, 11, 19)),  # RDATE
        # 12 March moved to April
        iv(utc(2026, 3, 13, 10), utc(2026, 3, 13, 11)),
        iv(utc(2026, 3, 13, 15), utc(2026, 3, 13, 16)),  # 2 March moved in
    ]
    assert busy == busy_from_ics([SERIES], *window, PARIS)
    april = await read(dav, calendar_url, PARIS, utc(2026, 4, 1), utc(2026, 4, 2))
    assert april == [iv(utc(2026, 4, 1, 10), utc(2026, 4, 1, 11))]


async def test_a_custom_vtimezone_is_read_from_the_object(
    dav: DavServer, calendar_url: str
) -> None:
    """A TZID the zone database lacks is resolved with the object's own VTIMEZONE."""
    ics = vcalendar(
        vevent(
            "office",
            "DTSTART;TZID=Custom/Office:20260302T090000",
            "DTEND;TZID=Custom/Office:20260302T100000",
            "RRULE:FREQ=DAILY;COUNT=2",
        )
    ).replace(
        b"PRODID:-//MeetDesk tests//EN\r\n",
        ("PRODID:-//MeetDesk tests//EN\r\n" + OFFICE_VTIMEZONE.replace("\n", "\r\n")).encode(),
    )
    dav.seed(calendar_url, ics)
    window = (utc(2026, 3, 2), utc(2026, 3, 4))
    busy = await read(dav, calendar_url, PARIS, *window)
    assert busy == [
        iv(utc(2026, 3, 2, 3, 30), utc(2026, 3, 2, 4, 30)),
        iv(utc(2026, 3, 3, 3, 30), utc(2026, 3, 3, 4, 30)),
    ]
    assert busy == busy_from_ics([ics], *window, PARIS)


async def test_recurring_all_day_and_floating_events_follow_the_customer_zone(
    dav: DavServer, calendar_url: str
) -> None:
    """A weekly all-day event blocks each local day; a floating daily time is local,
    including across the Paris spring change."""
    ics = vcalendar(
        vevent(
            "all-day",
            "DTSTART;VALUE=DATE:20260323",
            "DTEND;VALUE=DATE:20260324",
            "RRULE:FREQ=WEEKLY",
        ),
        vevent("floating", "DTSTART:20260328T120000", "DTEND:20260328T123000", "RRULE:FREQ=DAILY"),
    )
    dav.seed(calendar_url, ics)
    window = (paris(2026, 3, 28), paris(2026, 3, 31))
    busy = await read(dav, calendar_url, PARIS, *window)
    assert busy == [
        iv(utc(2026, 3, 28, 11), utc(2026, 3, 28, 11, 30)),  # 12:00 CET
        iv(utc(2026, 3, 29, 10), utc(2026, 3, 29, 10, 30)),  # 12:00 CEST
        iv(paris(2026, 3, 30), paris(2026, 3, 31)),  # the weekly all-day Monday
    ]
    assert busy == busy_from_ics([ics], *window, PARIS)
    new_york = await read(dav, calendar_url, NEW_YORK, *window)
    assert new_york == busy_from_ics([ics], *window, NEW_YORK)
    assert iv(utc(2026, 3, 28, 16), utc(2026, 3, 28, 16, 30)) in new_york  # 12:00 EDT
