"""Several calendars of one customer read as one: the selected calendars of an account.

People keep work, personal and shared calendars; a slot is free only if it is free in
all of them, so availability is the union (busy merged, meetings of all counted once
each, exact duplicates counted once as they are the same meeting seen in two calendars,
places of the primary calendar winning a day both name). Bookings are written, read
back and deleted in the first, primary calendar only, so one booking never appears
twice. A failing member fails the read: partial busy time would propose taken slots.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from datetime import date, datetime

from meetdesk.calendar.availability import Availability, merge_intervals
from meetdesk.calendar.base import CalendarBackend, Interval


class CombinedCalendar:
    """``CalendarBackend`` over ``calendars``; the first one is the primary."""

    def __init__(self, calendars: Sequence[CalendarBackend]) -> None:
        if not calendars:
            raise ValueError("a combined calendar needs at least one calendar")
        self.calendars = list(calendars)

    @property
    def primary(self) -> CalendarBackend:
        return self.calendars[0]

    def __repr__(self) -> str:
        return f"CombinedCalendar({self.calendars!r})"

    async def availability(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> Availability:
        answers = await asyncio.gather(
            *(c.availability(start, end, ignore=ignore) for c in self.calendars)
        )
        meetings = sorted({m for a in answers for m in a.meetings})
        places: dict[date, str] = {}
        for answer in reversed(answers):  # the primary's places are applied last, so win
            places.update(answer.places)
        busy = merge_intervals(b for a in answers for b in a.busy)
        return Availability(busy, meetings, dict(sorted(places.items())))

    async def busy(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> list[Interval]:
        return (await self.availability(start, end, ignore=ignore)).busy

    async def put_event(self, uid: str, ics: bytes) -> None:
        await self.primary.put_event(uid, ics)

    async def get_event(self, uid: str) -> bytes | None:
        return await self.primary.get_event(uid)

    async def delete_event(self, uid: str) -> None:
        await self.primary.delete_event(uid)

    async def check(self) -> None:
        for calendar in self.calendars:
            await calendar.check()
