"""CaldavCalendar busy time at the edges: old series, floating and all-day times, two zones.

The server's time-range filter decides which objects reach ``busy_from_ics``; these tests
check that on both servers it lets through everything the offline rules would count.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from meetdesk.calendar.busy import busy_from_ics
from meetdesk.calendar.caldav_backend import CaldavCalendar
from meetdesk.testing.radicale import DavServer

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def ics(*events: str) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\nDTSTAMP:20250101T000000Z\n{e.strip()}\nEND:VEVENT\n" for e in events
    )
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//MeetDesk tests//EN\n{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


EDGES = ics(
    # twice weekly since 2020 (the server must expand it), Monday 10 March excluded
    "UID:old-weekly\nDTSTART;TZID=Europe/Paris:20200106T090000\n"
    "DTEND;TZID=Europe/Paris:20200106T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\n"
    "EXDATE;TZID=Europe/Paris:20250310T090000",
    # floating times: their instant depends on the customer's zone
    "UID:floating\nDTSTART:20250311T090000\nDTEND:20250311T100000",
    "UID:floating-edge\nDTSTART:20250309T230000\nDTEND:20250310T003000",
    # all-day on the window's last local day
    "UID:all-day-edge\nDTSTART;VALUE=DATE:20250316\nDTEND;VALUE=DATE:20250317",
    # a rule that ended years ago, and a long-running daily one with a large COUNT
    "UID:ended\nDTSTART:20200101T090000Z\nDTEND:20200101T100000Z\n"
    "RRULE:FREQ=DAILY;UNTIL=20200201T000000Z",
    "UID:daily\nDTSTART:20250101T150000Z\nDTEND:20250101T153000Z\nRRULE:FREQ=DAILY;COUNT=5000",
    # an occurrence from before the window moved into it
    "UID:moved\nDTSTART:20250303T120000Z\nDTEND:20250303T130000Z\nRRULE:FREQ=WEEKLY;COUNT=2",
    "UID:moved\nRECURRENCE-ID:20250303T120000Z\nDTSTART:20250312T120000Z\nDTEND:20250312T130000Z",
)


@pytest.mark.parametrize("tz", [PARIS, NEW_YORK], ids=["paris", "new-york"])
async def test_server_busy_matches_the_offline_rules(
    dav: DavServer, calendar_url: str, tz: ZoneInfo
) -> None:
    """Busy time read through the server equals busy_from_ics over the same objects."""
    dav.seed(calendar_url, EDGES)
    start, end = datetime(2025, 3, 10, tzinfo=tz), datetime(2025, 3, 17, tzinfo=tz)
    cal = CaldavCalendar(calendar_url, dav.username, dav.password, tz, timeout=10)
    expected = busy_from_ics([EDGES], start, end, tz)
    assert len(expected) == 12  # 1 weekly, 2 floating, 1 all-day, 7 daily, 1 moved
    assert await cal.busy(start, end) == expected


async def test_get_event_finds_an_event_another_client_stored(
    dav: DavServer, calendar_url: str
) -> None:
    """get_event finds a UID stored under an href MeetDesk did not choose."""
    dav.put(f"{calendar_url}their-name.ics", ics("UID:theirs@x\nDTSTART:20250310T090000Z"))
    cal = CaldavCalendar(calendar_url, dav.username, dav.password, PARIS, timeout=10)
    stored = await cal.get_event("theirs@x")
    assert stored is not None
    assert [str(e["UID"]) for e in Calendar.from_ical(stored).walk("VEVENT")] == ["theirs@x"]
