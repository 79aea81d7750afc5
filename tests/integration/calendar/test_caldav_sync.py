"""The CalDAV cache on Radicale and Xandikos: warm queries download nothing, other
clients' changes are seen next time, through sync-collection and through the
ctag/ETag fallback, and a refused sync token means a full reload."""

from __future__ import annotations

import pytest

from meetdesk.calendar.base import Interval
from meetdesk.calendar.caldav_backend import CaldavCalendar
from meetdesk.testing.radicale import DavServer
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

DAY = (utc(2026, 4, 1), utc(2026, 4, 2))
MODES = pytest.mark.parametrize("sync", [True, False], ids=["sync-collection", "etag-listing"])


def meeting(uid: str, hour: int) -> bytes:
    return vcalendar(
        vevent(uid, f"DTSTART:20260401T{hour:02d}0000Z", f"DTEND:20260401T{hour:02d}3000Z")
    )


def at(hour: int) -> Interval:
    return Interval(utc(2026, 4, 1, hour), utc(2026, 4, 1, hour, 30))


def backend(dav: DavServer, url: str, sync: bool) -> CaldavCalendar:
    return CaldavCalendar(
        url, dav.username, dav.password, PARIS, timeout=10, use_sync_collection=sync
    )


@MODES
async def test_a_warm_query_downloads_no_object(
    dav: DavServer, calendar_url: str, sync: bool
) -> None:
    """The second query over an unchanged calendar fetches nothing."""
    for i, hour in enumerate((8, 10, 12)):
        dav.put(f"{calendar_url}m{i}.ics", meeting(f"m{i}@x", hour))
    cal = backend(dav, calendar_url, sync)
    assert await cal.busy(*DAY) == [at(8), at(10), at(12)]
    assert cal.sync.fetched == 3
    assert await cal.busy(*DAY) == [at(8), at(10), at(12)]
    assert (await cal.availability(*DAY)).meetings == [at(8), at(10), at(12)]
    assert cal.sync.fetched == 3
    assert cal.sync.use_sync_collection is sync


@MODES
async def test_changes_by_another_client_are_seen_next_time(
    dav: DavServer, calendar_url: str, sync: bool
) -> None:
    """An added, a changed and a deleted event: only the two new versions are fetched."""
    dav.put(f"{calendar_url}keep.ics", meeting("keep@x", 8))
    dav.put(f"{calendar_url}move.ics", meeting("move@x", 10))
    dav.put(f"{calendar_url}gone.ics", meeting("gone@x", 12))
    cal = backend(dav, calendar_url, sync)
    assert await cal.busy(*DAY) == [at(8), at(10), at(12)]
    dav.put(f"{calendar_url}new.ics", meeting("new@x", 15))
    dav.put(f"{calendar_url}move.ics", meeting("move@x", 11))
    status, _ = dav.request("DELETE", f"{calendar_url}gone.ics")
    assert status in (200, 204)
    assert await cal.busy(*DAY) == [at(8), at(11), at(15)]
    assert cal.sync.fetched == 5
    assert len(cal.sync.index) == 3


@MODES
async def test_our_own_writes_and_deletes_are_seen(
    dav: DavServer, calendar_url: str, sync: bool
) -> None:
    """put_event and delete_event through the backend show in the next answer."""
    cal = backend(dav, calendar_url, sync)
    assert await cal.busy(*DAY) == []
    await cal.put_event("ours@x", meeting("ours@x", 9))
    assert await cal.busy(*DAY) == [at(9)]
    await cal.delete_event("ours@x")
    assert await cal.busy(*DAY) == []


async def test_a_refused_sync_token_reloads_the_calendar(dav: DavServer, calendar_url: str) -> None:
    """A token the server does not know (expired) falls back to a full, correct reload
    that still fetches only objects whose ETag changed."""
    dav.put(f"{calendar_url}a.ics", meeting("a@x", 8))
    dav.put(f"{calendar_url}keep.ics", meeting("keep@x", 12))
    cal = backend(dav, calendar_url, True)
    assert await cal.busy(*DAY) == [at(8), at(12)]
    assert (cal.sync.full_loads, cal.sync.fetched) == (1, 2)
    dav.put(f"{calendar_url}b.ics", meeting("b@x", 9))
    status, _ = dav.request("DELETE", f"{calendar_url}a.ics")
    assert status in (200, 204)
    cal.sync.token = f"{cal.sync.token}-expired"
    assert await cal.busy(*DAY) == [at(9), at(12)]
    assert cal.sync.full_loads == 2
    assert cal.sync.use_sync_collection
    assert cal.sync.fetched == 3  # only b@x: keep@x's ETag had not changed
