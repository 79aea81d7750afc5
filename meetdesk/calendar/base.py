"""The calendar boundary: what the rest of MeetDesk needs from a customer's calendar.

Two real adapters implement it (``caldav_backend.CaldavCalendar`` and
``local.LocalFolderCalendar``); tests of logic may use ``memory.MemoryCalendar``. All
datetimes crossing this boundary are timezone-aware.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from meetdesk.calendar.availability import Availability


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open span of time [start, end), both ends timezone-aware."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Interval ends must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("Interval must end after it starts")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


class CalendarBackend(Protocol):
    """A customer's calendar, read for busy time and written for bookings."""

    async def busy(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> list[Interval]:
        """Busy intervals overlapping [start, end), merged, sorted, clipped to the window.

        Recurrences are expanded; transparent and cancelled events are ignored; all-day
        events block their whole day(s) in the calendar's time zone. Occurrences of
        events whose UID is in ``ignore`` do not count (the booking flow re-checks a slot
        while ignoring its own holds and its own event).
        Raises ``CalendarUnavailable`` (retry) or ``CalendarRejected`` (escalate).
        """
        ...

    async def availability(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> Availability:
        """What the window holds: busy time (as ``busy``), one interval per meeting
        occurrence (for daily and weekly caps) and the city the customer is in per local
        day (free all-day notes naming a city); same errors as ``busy``."""
        ...

    async def put_event(self, uid: str, ics: bytes) -> None:
        """Create or replace the event with this UID; idempotent, so retries never duplicate."""
        ...

    async def get_event(self, uid: str) -> bytes | None:
        """The stored iCalendar object with this UID, or None."""
        ...

    async def delete_event(self, uid: str) -> None:
        """Remove the object with this UID; idempotent (an absent event is no error)."""
        ...

    async def check(self) -> None:
        """Reach the calendar once; raise a ``CalendarError`` with a clear message if not."""
        ...
