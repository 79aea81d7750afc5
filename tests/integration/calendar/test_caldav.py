"""CaldavCalendar against real servers: the same contract on Radicale and Xandikos."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from icalendar import Calendar

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import busy_from_ics
from meetdesk.calendar.caldav_backend import CaldavCalendar
from meetdesk.errors import CalendarRejected, CalendarUnavailable
from meetdesk.testing import free_port
from meetdesk.testing.radicale import DavServer
from tests.unit.calendar.helpers import PARIS, WEEKLY_SERIES, paris, utc, vcalendar, vevent

WINDOW = (utc(2026, 3, 16), utc(2026, 4, 7))
SEED = vcalendar(
    *WEEKLY_SERIES,
    vevent("holiday", "DTSTART;VALUE=DATE:20260325", "DTEND;VALUE=DATE:20260326"),
    vevent("free", "DTSTART:20260317T090000Z", "DTEND:20260317T100000Z", "TRANSP:TRANSPARENT"),
    vevent("off", "DTSTART:20260318T090000Z", "DTEND:20260318T100000Z", "STATUS:CANCELLED"),
    vevent("crossing", "DTSTART:20260406T230000Z", "DTEND:20260407T010000Z"),
    vevent("after", "DTSTART:20260407T000000Z", "DTEND:20260407T010000Z"),
    vevent("before", "DTSTART:20260301T090000Z", "DTEND:20260301T100000Z"),
    timezone=True,
)
EXPECTED = [
    Interval(utc(2026, 3, 16, 8), utc(2026, 3, 16, 9)),
    Interval(paris(2026, 3, 25), paris(2026, 3, 26)),
    Interval(utc(2026, 3, 30, 12), utc(2026, 3, 30, 13)),
    Interval(utc(2026, 4, 6, 7), utc(2026, 4, 6, 8)),
    Interval(utc(2026, 4, 6, 23), utc(2026, 4, 7)),
]


def backend(
    dav: DavServer, url: str, password: str | None = None, timeout: float = 10
) -> CaldavCalendar:
    return CaldavCalendar(url, dav.username, password or dav.password, PARIS, timeout=timeout)


def meeting(uid: str, summary: str) -> bytes:
    return vcalendar(
        vevent(uid, f"SUMMARY:{summary}", "DTSTART:20260401T090000Z", "DTEND:20260401T100000Z")
    )


def uids(dav: DavServer, url: str) -> list[str]:
    return sorted(str(e["UID"]) for e in dav.events(url) if "RECURRENCE-ID" not in e)


async def test_busy_over_a_seeded_calendar(dav: DavServer, calendar_url: str) -> None:
    """Recurrence, override, EXDATE, all-day, transparent, cancelled, clipping: as offline."""
    assert dav.seed(calendar_url, SEED) == 7
    busy = await backend(dav, calendar_url).busy(*WINDOW)
    assert busy == EXPECTED
    assert busy == busy_from_ics([SEED], *WINDOW, PARIS)


async def test_put_twice_stores_one_event(dav: DavServer, calendar_url: str) -> None:
    """A retried booking replaces the event: one object, same UID, latest content."""
    cal = backend(dav, calendar_url)
    await cal.put_event("m1@assistant.example", meeting("m1@assistant.example", "First"))
    await cal.put_event("m1@assistant.example", meeting("m1@assistant.example", "Second"))
    assert uids(dav, calendar_url) == ["m1@assistant.example"]
    stored = await cal.get_event("m1@assistant.example")
    assert stored is not None
    [ev] = Calendar.from_ical(stored).walk("VEVENT")
    assert str(ev["SUMMARY"]) == "Second"
    assert await cal.busy(utc(2026, 4, 1), utc(2026, 4, 2)) == [
        Interval(utc(2026, 4, 1, 9), utc(2026, 4, 1, 10))
    ]


async def test_put_replaces_an_event_another_client_stored(
    dav: DavServer, calendar_url: str
) -> None:
    """An existing object with the UID under another href is replaced, not duplicated."""
    dav.seed(calendar_url, meeting("shared@x", "Theirs"))
    cal = backend(dav, calendar_url)
    await cal.put_event("shared@x", meeting("shared@x", "Ours"))
    assert uids(dav, calendar_url) == ["shared@x"]
    assert [str(e["SUMMARY"]) for e in dav.events(calendar_url)] == ["Ours"]


async def test_get_unknown_event_is_none(dav: DavServer, calendar_url: str) -> None:
    """Looking up a UID that is not there is not an error."""
    assert await backend(dav, calendar_url).get_event("nobody@x") is None


async def test_check_accepts_a_calendar_and_refuses_other_urls(
    dav: DavServer, calendar_url: str
) -> None:
    """check() passes on the calendar, and names the problem for a wrong URL."""
    await backend(dav, calendar_url).check()
    with pytest.raises(CalendarRejected, match="not found"):
        await backend(dav, dav.calendar_url("does-not-exist")).check()
    with pytest.raises(CalendarRejected, match="not a calendar"):
        await backend(dav, f"{dav.base}{dav.calendar_home}").check()


async def test_wrong_password_is_rejected_without_leaking_it(radicale: DavServer) -> None:
    """Bad credentials are a permanent error whose message holds no password.

    Radicale only: the Xandikos test server runs without authentication.
    """
    dav = radicale
    calendar_url = dav.make_calendar()
    cal = backend(dav, calendar_url, password="wrong-Secret-123")
    for call in (
        cal.check(),
        cal.busy(*WINDOW),
        cal.put_event("a", meeting("a", "x")),
        cal.get_event("a"),
    ):
        with pytest.raises(CalendarRejected) as info:
            await call
        assert "Secret" not in str(info.value) and (dav.password or "-") not in str(info.value)
        assert "\n" not in str(info.value)


async def test_server_down_is_unavailable() -> None:
    """Nothing listening on the port is a transient error."""
    cal = CaldavCalendar(f"http://127.0.0.1:{free_port()}/u/c/", "u", "pw-Secret", PARIS, timeout=2)
    for call in (cal.check(), cal.busy(*WINDOW), cal.put_event("a", meeting("a", "x"))):
        with pytest.raises(CalendarUnavailable) as info:
            await call
        assert "pw-Secret" not in str(info.value)


class _Failing(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_PROPFIND = do_REPORT = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/u/c/"
    server.shutdown()
    server.server_close()


async def test_server_error_is_unavailable(failing_server: str) -> None:
    """A 503 from the server is retried later, not escalated."""
    cal = CaldavCalendar(failing_server, "u", "p", PARIS, timeout=2)
    for call in (cal.check(), cal.busy(*WINDOW), cal.put_event("a", meeting("a", "x"))):
        with pytest.raises(CalendarUnavailable):
            await call


async def test_silent_server_times_out_as_unavailable() -> None:
    """A server that accepts but never answers costs the timeout, then is transient."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/u/c/"
        with pytest.raises(CalendarUnavailable):
            await CaldavCalendar(url, "u", "p", PARIS, timeout=0.5).check()
