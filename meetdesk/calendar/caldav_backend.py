"""A customer calendar on a CalDAV server (RFC 4791), through the ``caldav`` library.

The library is blocking, so every call runs in a thread (one at a time per backend, as
the HTTP session is not meant for concurrent use) under a timeout. Availability is
computed client-side from the raw objects (servers get expansion wrong at the window's
edges), kept parsed in an ``ObjectIndex`` that ``CaldavSync`` refreshes with only what
changed (sync-collection, else ctag and ETags), so a request does not re-download the
calendar and recurrences and clipping follow the same rules for every server.
Events are written with a PUT to an href derived from the UID: rewriting an event
replaces it and never creates a second copy; an event with that UID stored under another
href (by another client) is replaced in place, and deleted there too. Library and network
errors are mapped to ``CalendarUnavailable`` (retry) or ``CalendarRejected`` (escalate)
with one-line messages naming only host and port, never credentials.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from caldav.davclient import DAVClient
from caldav.elements import dav
from caldav.lib import error as dav_error

from meetdesk.calendar.availability import Availability
from meetdesk.calendar.base import Interval
from meetdesk.calendar.caldav_sync import CaldavSync
from meetdesk.calendar.index import ObjectIndex
from meetdesk.calendar.local import file_name
from meetdesk.errors import CalendarError, CalendarRejected, CalendarUnavailable

T = TypeVar("T")

_CALDAV_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
_ICS = {"Content-Type": "text/calendar; charset=utf-8"}


class CaldavCalendar:
    """``CalendarBackend`` over one CalDAV calendar collection at ``url``."""

    def __init__(
        self,
        url: str,
        username: str | None,
        password: str | None,
        tz: ZoneInfo,
        *,
        timeout: float = 15,
        use_sync_collection: bool = True,
    ) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.username, self._password, self.tz, self.timeout = username, password, tz, timeout
        self._client: DAVClient | None = None
        self._calendar: Any = None
        self._lock = threading.Lock()
        self.sync = CaldavSync(ObjectIndex(tz), use_sync_collection=use_sync_collection)
        parts = urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        self._where = f"CalDAV server {parts.hostname}:{port}"

    def __repr__(self) -> str:
        return f"CaldavCalendar({self._where!r}, user={self.username!r})"

    def _cal(self) -> Any:
        if self._calendar is None:
            self._client = DAVClient(
                url=self.url,
                username=self.username,
                password=self._password,
                timeout=self.timeout,  # type: ignore[arg-type]  # niquests accepts floats
                require_tls=False,  # plain HTTP is refused by default, even on loopback
                auth_type="basic" if self.username else None,  # no 401 round trip first
                enable_rfc6764=False,  # the URL is the calendar: no DNS/well-known discovery
            )
            self._calendar = self._client.calendar(url=self.url)
        return self._calendar

    def _locked(self, fn: Callable[[], T]) -> Callable[[], T]:
        def run() -> T:
            with self._lock:
                return fn()

        return run

    async def _call(self, fn: Callable[[], T]) -> T:
        try:
            return await asyncio.wait_for(asyncio.to_thread(self._locked(fn)), self.timeout * 2)
        except CalendarError:
            raise
        except TimeoutError:
            raise CalendarUnavailable(f"{self._where}: timed out") from None
        except Exception as exc:
            raise map_error(exc, self._where) from None

    async def availability(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> Availability:
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("busy window must be timezone-aware")

        def answer() -> Availability:
            # The index is brought up to date (only changes travel), then queried
            # without parsing; both under the lock, so a refresh never races a query.
            self.sync.refresh(self._cal())
            return self.sync.index.availability(start, end, ignore=ignore)

        return await self._call(answer)

    async def busy(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> list[Interval]:
        return (await self.availability(start, end, ignore=ignore)).busy

    async def put_event(self, uid: str, ics: bytes) -> None:
        def put() -> None:
            self._cal()
            assert self._client is not None
            body = ics.decode("utf-8")
            response = self._client.put(urljoin(self.url, file_name(uid)), body, _ICS)
            if response.status in (409, 412) and b"uid-conflict" in _raw(response):
                # Another client stored this UID under its own href: replace that one.
                existing = self._cal().object_by_uid(uid)
                response = self._client.put(str(existing.url), body, _ICS)
            check_status(response.status, "PUT", self._where)

        await self._call(put)

    async def get_event(self, uid: str) -> bytes | None:
        def get() -> bytes | None:
            try:
                return _data(self._cal().object_by_uid(uid))
            except dav_error.NotFoundError:
                return None

        return await self._call(get)

    async def delete_event(self, uid: str) -> None:
        def delete() -> None:
            self._cal()
            assert self._client is not None
            response = self._client.delete(urljoin(self.url, file_name(uid)))
            if response.status == 404:
                # Not under our href: another client may have stored it under its own.
                try:
                    existing = self._cal().object_by_uid(uid)
                except dav_error.NotFoundError:
                    return  # already absent: deleting is idempotent
                response = self._client.delete(str(existing.url))
                if response.status == 404:
                    return  # removed meanwhile by someone else
            check_status(response.status, "DELETE", self._where)

        await self._call(delete)

    async def check(self) -> None:
        def probe() -> None:
            props = self._cal().get_properties([dav.ResourceType()])
            kinds = next(iter(props.values()), None) if props else None
            if not kinds or _CALDAV_CALENDAR not in kinds:
                raise CalendarRejected(f"{self._where}: the URL is not a calendar collection")

        await self._call(probe)


def _data(obj: Any) -> bytes:
    data = obj.data
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _raw(response: Any) -> bytes:
    raw = getattr(response, "raw", b"") or b""
    return raw.encode() if isinstance(raw, str) else bytes(raw)


def check_status(status: int, verb: str, where: str) -> None:
    """Map an HTTP status to the error tree: 5xx and 429 retry, other 4xx escalate."""
    if status >= 500 or status in (408, 429):
        raise CalendarUnavailable(f"{where}: {verb} answered {status}")
    if status in (401, 403):
        raise CalendarRejected(f"{where}: {verb} refused ({status}): check the credentials")
    if status >= 400:
        raise CalendarRejected(f"{where}: {verb} refused with {status}")


_STATUS = re.compile(r"\b([1-5]\d\d)\b")


def map_error(exc: BaseException, where: str) -> CalendarError:
    """One library or network exception as a ``CalendarError`` with a safe message."""
    if isinstance(exc, dav_error.AuthorizationError):
        return CalendarRejected(f"{where}: authentication or permission refused")
    if isinstance(exc, dav_error.NotFoundError):
        return CalendarRejected(f"{where}: calendar not found")
    if isinstance(exc, dav_error.RateLimitError):
        return CalendarUnavailable(f"{where}: rate limited")
    if isinstance(exc, dav_error.DAVError):
        status = getattr(exc, "status", None)
        codes = (
            [status]
            if isinstance(status, int)
            else [int(c) for c in _STATUS.findall(f"{exc.reason} {exc}")]
        )
        if any(c >= 500 or c in (408, 429) for c in codes):
            return CalendarUnavailable(f"{where}: server error")
        return CalendarRejected(f"{where}: request refused ({type(exc).__name__})")
    if isinstance(exc, ValueError | UnicodeError):
        return CalendarRejected(f"{where}: unreadable data ({type(exc).__name__})")
    # niquests' connection, timeout and protocol errors are OSErrors; anything else
    # unexpected is treated as transient so a retry (then escalation) decides.
    reason = "unreachable" if isinstance(exc, OSError) else type(exc).__name__
    return CalendarUnavailable(f"{where}: {reason}")
