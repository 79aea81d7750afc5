"""An in-memory calendar: the fake behind the ``CalendarBackend`` Protocol.

Tests of scheduling logic need a calendar that is instant, inspectable and can be told
to fail; the busy rules are still the real ones (``availability_from_ics``), so a test that
passes here computes busy time exactly as the real adapters would.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.calendar.availability import Availability
from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import availability_from_ics
from meetdesk.errors import CalendarError


class MemoryCalendar:
    """A dict of UID -> iCalendar object. Set ``fail`` to make every call raise it."""

    def __init__(self, tz: ZoneInfo, objects: Iterable[bytes] = ()) -> None:
        self.tz = tz
        self.events: dict[str, bytes] = {}
        self.extra: list[bytes] = list(objects)  # seeded objects, whatever their UIDs
        self.fail: CalendarError | None = None
        self.puts = 0
        self.deletes = 0

    def _maybe_fail(self) -> None:
        if self.fail is not None:
            raise self.fail

    async def availability(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> Availability:
        self._maybe_fail()
        objects = [*self.extra, *self.events.values()]
        return availability_from_ics(objects, start, end, self.tz, ignore=ignore)

    async def busy(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> list[Interval]:
        return (await self.availability(start, end, ignore=ignore)).busy

    async def put_event(self, uid: str, ics: bytes) -> None:
        self._maybe_fail()
        self.puts += 1
        self.events[uid] = bytes(ics)

    async def get_event(self, uid: str) -> bytes | None:
        self._maybe_fail()
        return self.events.get(uid)

    async def delete_event(self, uid: str) -> None:
        self._maybe_fail()
        self.deletes += 1
        self.events.pop(uid, None)

    async def check(self) -> None:
        self._maybe_fail()
