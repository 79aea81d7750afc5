"""CaldavCalendar.delete_event and busy(ignore=...) on Radicale and Xandikos."""

from __future__ import annotations

from meetdesk.calendar.base import Interval
from meetdesk.calendar.caldav_backend import CaldavCalendar
from meetdesk.testing.radicale import DavServer
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

DAY = (utc(2026, 4, 1), utc(2026, 4, 2))


def meeting(uid: str, hour: int) -> bytes:
    return vcalendar(
        vevent(uid, f"DTSTART:20260401T{hour:02d}0000Z", f"DTEND:20260401T{hour + 1:02d}0000Z")
    )


def backend(dav: DavServer, url: str) -> CaldavCalendar:
    return CaldavCalendar(url, dav.username, dav.password, PARIS, timeout=10)


def uids(dav: DavServer, url: str) -> list[str]:
    return sorted(str(e["UID"]) for e in dav.events(url))


async def test_put_delete_and_delete_again(dav: DavServer, calendar_url: str) -> None:
    """A deleted event is gone from the server and from busy time; a second delete is fine."""
    cal = backend(dav, calendar_url)
    await cal.put_event("m@x", meeting("m@x", 9))
    await cal.put_event("k@x", meeting("k@x", 14))
    await cal.delete_event("m@x")
    assert uids(dav, calendar_url) == ["k@x"]
    assert await cal.get_event("m@x") is None
    assert await cal.busy(*DAY) == [Interval(utc(2026, 4, 1, 14), utc(2026, 4, 1, 15))]
    await cal.delete_event("m@x")
    await cal.delete_event("never@x")
    assert uids(dav, calendar_url) == ["k@x"]


async def test_delete_finds_an_event_another_client_stored(
    dav: DavServer, calendar_url: str
) -> None:
    """An event stored under another client's href is deleted there."""
    dav.put(f"{calendar_url}their-name.ics", meeting("theirs@x", 9))
    cal = backend(dav, calendar_url)
    await cal.delete_event("theirs@x")
    assert uids(dav, calendar_url) == []
    await cal.delete_event("theirs@x")


async def test_busy_ignores_the_given_uids(dav: DavServer, calendar_url: str) -> None:
    """The booking flow's own holds are left out of busy time when asked."""
    cal = backend(dav, calendar_url)
    await cal.put_event("hold@x", meeting("hold@x", 9))
    await cal.put_event("other@x", meeting("other@x", 10))
    assert await cal.busy(*DAY) == [Interval(utc(2026, 4, 1, 9), utc(2026, 4, 1, 11))]
    assert await cal.busy(*DAY, ignore={"hold@x"}) == [
        Interval(utc(2026, 4, 1, 10), utc(2026, 4, 1, 11))
    ]
