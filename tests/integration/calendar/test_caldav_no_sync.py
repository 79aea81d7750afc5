"""A server without sync-collection: CaldavCalendar notices and keeps its cache by ctag
and ETag listings. The server is the real one under test behind a small forwarding
proxy that refuses the sync-collection REPORT, as servers lacking RFC 6578 do."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from meetdesk.calendar.base import Interval
from meetdesk.calendar.caldav_backend import CaldavCalendar
from meetdesk.testing.radicale import DavServer
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

DAY = (utc(2026, 4, 1), utc(2026, 4, 2))
_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def meeting(uid: str, hour: int) -> bytes:
    return vcalendar(
        vevent(uid, f"DTSTART:20260401T{hour:02d}0000Z", f"DTEND:20260401T{hour:02d}3000Z")
    )


def at(hour: int) -> Interval:
    return Interval(utc(2026, 4, 1, hour), utc(2026, 4, 1, hour, 30))


def refusing_proxy(upstream: str) -> ThreadingHTTPServer:
    """Forward every request to ``upstream`` except sync-collection, answered 501."""

    class Proxy(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.command == "REPORT" and b"sync-collection" in body:
                status, headers, answer = 501, {}, b""
            else:
                req = urllib.request.Request(
                    upstream + self.path,
                    data=body or None,
                    method=self.command,
                    headers={k: v for k, v in self.headers.items() if k.lower() not in _HOP},
                )
                try:
                    with urllib.request.urlopen(req, timeout=10) as resp:
                        status, headers, answer = resp.status, dict(resp.headers), resp.read()
                except urllib.error.HTTPError as exc:
                    status, headers, answer = exc.code, dict(exc.headers), exc.read()
            self.send_response(status)
            for key, value in headers.items():
                if key.lower() not in _HOP:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _forward

        def log_message(self, *args: object) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Proxy)


@pytest.fixture
def proxied(dav: DavServer, calendar_url: str) -> Iterator[str]:
    """The fresh calendar's URL, reached through the refusing proxy."""
    server = refusing_proxy(dav.base)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{calendar_url[len(dav.base) :]}"
    server.shutdown()
    server.server_close()


async def test_without_sync_collection_the_ctag_path_is_used(
    dav: DavServer, calendar_url: str, proxied: str
) -> None:
    """The refused REPORT switches to listings; warm queries fetch nothing; changes show."""
    dav.put(f"{calendar_url}a.ics", meeting("a@x", 8))
    dav.put(f"{calendar_url}b.ics", meeting("b@x", 10))
    cal = CaldavCalendar(proxied, dav.username, dav.password, PARIS, timeout=10)
    assert await cal.busy(*DAY) == [at(8), at(10)]
    assert not cal.sync.use_sync_collection
    assert await cal.busy(*DAY) == [at(8), at(10)]
    assert cal.sync.fetched == 2
    dav.put(f"{calendar_url}b.ics", meeting("b@x", 11))
    dav.request("DELETE", f"{calendar_url}a.ics")
    assert await cal.busy(*DAY) == [at(11)]
    assert cal.sync.fetched == 3
