"""A stored customer's second, non-primary calendar blocks proposals (Radicale, Xandikos).

The customer is stored encrypted with two CalDAV collections, read back, and opened
through ``CalendarCache`` exactly as the daemon does; the slot search then sees the
busy time of both, while a hold or booking is written to the primary only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from meetdesk.calendar.base import Interval
from meetdesk.calendar.factory import CalendarCache
from meetdesk.calendar.slots import find_slots
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.customers import CustomerRecord, add_customer, get_customer, set_calendars
from meetdesk.store.engine import make_engine, transaction
from meetdesk.store.migrate import upgrade
from meetdesk.testing.radicale import DavServer
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

CIPHER = Cipher(b"c" * 32)
WEDNESDAY = Interval(utc(2026, 4, 1, 6), utc(2026, 4, 1, 18))  # 08:00-20:00 in Paris


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _store(engine: Engine, calendars: list[dict[str, str]]) -> CustomerRecord:
    with transaction(engine) as session:
        added = add_customer(
            session,
            CIPHER,
            email="alice@example.com",
            name="Alice",
            timezone="Europe/Paris",
            calendars=calendars,
            now=utc(2026, 3, 1),
        )
    with transaction(engine) as session:
        return get_customer(session, CIPHER, added.id)


async def _first_slot(cache: CalendarCache, customer: CustomerRecord) -> Interval:
    found = await cache(customer).availability(WEDNESDAY.start, WEDNESDAY.end)
    slots = find_slots(found.busy, WEDNESDAY, timedelta(hours=1), PARIS, count=1, earliest=True)
    return slots[0]


async def test_busy_time_of_a_second_calendar_blocks_proposals(
    dav: DavServer, calendar_url: str, engine: Engine
) -> None:
    """A morning taken in the second calendar pushes the first proposal to the afternoon;
    the hold is written to the primary calendar only."""
    other_url = dav.make_calendar()
    # 09:00-12:00 in Paris, in the calendar the bookings do not go to
    dav.seed(
        other_url,
        vcalendar(vevent("offsite@x", "DTSTART:20260401T070000Z", "DTEND:20260401T100000Z")),
    )
    login = {"kind": "caldav", "username": dav.username, "password": dav.password}
    customer = _store(engine, [{**login, "url": calendar_url}, {**login, "url": other_url}])
    assert [c["url"] for c in customer.calendars] == [calendar_url, other_url]

    cache = CalendarCache(timeout=10)
    slot = await _first_slot(cache, customer)
    assert slot.start == utc(2026, 4, 1, 10)  # 12:00 in Paris, right after the offsite

    await cache(customer).put_event(
        "hold@x", vcalendar(vevent("hold@x", "DTSTART:20260401T100000Z", "DTEND:20260401T110000Z"))
    )
    assert [str(e["UID"]) for e in dav.events(calendar_url)] == ["hold@x"]
    assert [str(e["UID"]) for e in dav.events(other_url)] == ["offsite@x"]


async def test_changing_the_selection_reaches_a_running_cache(
    dav: DavServer, calendar_url: str, engine: Engine
) -> None:
    """The cache reopens a customer whose calendars changed: dropping the second calendar
    frees its morning, without restarting the daemon."""
    other_url = dav.make_calendar()
    dav.seed(
        other_url,
        vcalendar(vevent("offsite@x", "DTSTART:20260401T070000Z", "DTEND:20260401T100000Z")),
    )
    login = {"kind": "caldav", "username": dav.username, "password": dav.password}
    customer = _store(engine, [{**login, "url": calendar_url}, {**login, "url": other_url}])
    cache = CalendarCache(timeout=10)
    assert (await _first_slot(cache, customer)).start == utc(2026, 4, 1, 10)
    with transaction(engine) as session:
        set_calendars(session, CIPHER, customer.id, customer.calendars[:1])
    with transaction(engine) as session:
        customer = get_customer(session, CIPHER, customer.id)
    assert (await _first_slot(cache, customer)).start == utc(2026, 4, 1, 7)  # 09:00 Paris
