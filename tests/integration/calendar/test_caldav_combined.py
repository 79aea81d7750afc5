"""Two CalDAV collections read as one calendar on Radicale and Xandikos."""

from __future__ import annotations

from meetdesk.calendar.base import Interval
from meetdesk.calendar.combined import CombinedCalendar
from meetdesk.calendar.factory import open_calendar
from meetdesk.testing.radicale import DavServer
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

DAY = (utc(2026, 4, 1), utc(2026, 4, 2))


def meeting(uid: str, hour: int) -> bytes:
    return vcalendar(
        vevent(uid, f"DTSTART:20260401T{hour:02d}0000Z", f"DTEND:20260401T{hour + 1:02d}0000Z")
    )


async def test_two_collections_are_read_as_one_and_booked_in_the_first(
    dav: DavServer, calendar_url: str
) -> None:
    """Busy time is the union; the booking lands in the primary collection only."""
    other_url = dav.make_calendar()
    dav.seed(other_url, meeting("theirs@x", 14))
    config = {"username": dav.username, "password": dav.password}
    cal = open_calendar(
        "caldav", [{**config, "url": calendar_url}, {**config, "url": other_url}], PARIS, timeout=10
    )
    assert isinstance(cal, CombinedCalendar)
    await cal.check()
    await cal.put_event("ours@x", meeting("ours@x", 9))
    assert await cal.busy(*DAY) == [
        Interval(utc(2026, 4, 1, 9), utc(2026, 4, 1, 10)),
        Interval(utc(2026, 4, 1, 14), utc(2026, 4, 1, 15)),
    ]
    assert [str(e["UID"]) for e in dav.events(calendar_url)] == ["ours@x"]
    assert [str(e["UID"]) for e in dav.events(other_url)] == ["theirs@x"]
    await cal.delete_event("ours@x")
    assert dav.events(calendar_url) == []
