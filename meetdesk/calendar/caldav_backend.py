"""A customer calendar on a CalDAV server (RFC 4791), through the ``caldav`` library.

The library is blocking, so every call runs in a thread with a timeout. Busy time is
computed from the raw objects the server returns for the window (a calendar-query
without server-side expansion) by ``busy_from_ics``, so recurrence rules are applied the
same way for every server. Events are written with a PUT to an href derived from the
UID: rewriting an event replaces it and can never create a second copy. Library and
network errors are mapped to ``CalendarUnavailable`` (retry) or ``CalendarRejected``
(escalate), with messages that never contain the password.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import caldav
from caldav.lib import error as dav_error

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import busy_from_ics
from meetdesk.calendar.local import file_name
from meetdesk.errors import CalendarError, CalendarRejected, CalendarUnavailable

T = TypeVar("T")


class CaldavCalendar:
    def __init__(
        self,
        url: str,
        username: str | None,
        password: str | None,
        tz: ZoneInfo,
        *,
        timeout: float = 15,
    ) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.username, self._password, self.tz, self.timeout = username, password, tz, timeout
        self._client: caldav.DAVClient | None = None
        self._calendar: Any = None
        self._lock = threading.Lock()

    def _cal(self) -> Any:
        with self._lock:
            if self._calendar is None:
                self._client = caldav.DAVClient(
                    url=self.url,
                    username=self.username,
                    password=self._password,
                    timeout=int(max(1, self.timeout)),
                    require_tls=False,
                    auth_type="basic" if self.username else None,
                    enable_rfc6764=False,
                )
                self._calendar = self._client.calendar(url=self.url)
            return self._calendar

    async def _call(self, fn: Callable[[], T]) -> T:
        try:
            return await asyncio.wait_for(asyncio.to_thread(fn), self.timeout * 2)
        except CalendarError:
            raise
        except TimeoutError:
            raise CalendarUnavailable(f"CalDAV server {self._where}: timed out") from None
        except Exception as exc:
            raise _map(exc, self._where) from None

    @property
    def _where(self) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        return f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"

    async def busy(self, start: datetime, end: datetime) -> list[Interval]:
        def fetch() -> list[bytes]:
            found = self._cal().search(start=start, end=end, event=True, expand=False)
            return [_data(obj) for obj in found]

        objects = await self._call(fetch)
        return busy_from_ics(objects, start, end, self.tz)

    def _href(self, uid: str) -> str:
        return urljoin(self.url, file_name(uid))

    async def put_event(self, uid: str, ics: bytes) -> None:
        def put() -> None:
            self._cal()
            assert self._client is not None
            response = self._client.put(
                self._href(uid),
                ics.decode("utf-8"),
                {"Content-Type": "text/calendar; charset=utf-8"},
            )
            _check_status(response.status, "PUT", self._where)

        await self._call(put)

    async def get_event(self, uid: str) -> bytes | None:
        def get() -> bytes | None:
            cal = self._cal()
            try:
                return _data(cal.object_by_uid(uid))
            except dav_error.NotFoundError:
                return None

        return await self._call(get)

    async def check(self) -> None:
        def probe() -> None:
            self._cal().get_properties([caldav.elements.dav.DisplayName()])

        await self._call(probe)


def _data(obj: Any) -> bytes:
    data = obj.data
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _check_status(status: int, verb: str, where: str) -> None:
    if status >= 500:
        raise CalendarUnavailable(f"CalDAV server {where}: {verb} answered {status}")
    if status >= 400:
        raise CalendarRejected(f"CalDAV server {where}: {verb} refused with {status}")


def _map(exc: Exception, where: str) -> CalendarError:
    if isinstance(exc, dav_error.AuthorizationError):
        return CalendarRejected(f"CalDAV server {where}: authentication refused")
    if isinstance(exc, dav_error.NotFoundError):
        return CalendarRejected(f"CalDAV server {where}: calendar not found")
    if isinstance(exc, dav_error.DAVError):
        text = str(exc)
        if any(f" {code}" in text for code in ("500", "502", "503", "504")):
            return CalendarUnavailable(f"CalDAV server {where}: server error")
        return CalendarRejected(f"CalDAV server {where}: {type(exc).__name__}")
    if (
        isinstance(exc, (ConnectionError, OSError))
        or "connect" in type(exc).__name__.lower()
        or "timeout" in type(exc).__name__.lower()
    ):
        return CalendarUnavailable(f"CalDAV server {where}: unreachable")
    return CalendarUnavailable(f"CalDAV server {where}: {type(exc).__name__}")
