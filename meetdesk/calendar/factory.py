"""Opening a customer's calendar from its (decrypted) onboarding record.

Backends are cached per customer so a CalDAV connection (and the parsed, synced copy of
the calendar each backend keeps) is reused across jobs. A record may select several
calendars: ``config`` is then a list of configs, each with an optional ``kind`` of its
own, read as one ``CombinedCalendar`` whose first calendar receives the bookings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import CalendarBackend
from meetdesk.calendar.caldav_backend import CaldavCalendar  # noqa: I001
from meetdesk.calendar.combined import CombinedCalendar
from meetdesk.calendar.local import LocalFolderCalendar
from meetdesk.errors import CalendarRejected


def open_calendar(
    kind: str,
    config: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    tz: ZoneInfo,
    *,
    timeout: float,
) -> CalendarBackend:
    """One backend for one config, or a ``CombinedCalendar`` for a list of them (each
    entry's own ``kind`` overriding ``kind``; the first is the primary)."""
    if not isinstance(config, Mapping):
        if not config:
            raise CalendarRejected("no calendar selected")
        members = [
            open_calendar(str(entry.get("kind", kind)), entry, tz, timeout=timeout)
            for entry in config
        ]
        return members[0] if len(members) == 1 else CombinedCalendar(members)
    if kind == "local":
        return LocalFolderCalendar(Path(config["path"]), tz)
    if kind == "caldav":
        return CaldavCalendar(
            config["url"],
            config.get("username") or None,
            config.get("password") or None,
            tz,
            timeout=timeout,
        )
    raise CalendarRejected(f"unknown calendar kind {kind!r}")


class CalendarCache:
    """One backend per customer id, created on first use."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._backends: dict[str, CalendarBackend] = {}

    def __call__(self, customer: Any) -> CalendarBackend:
        backend = self._backends.get(customer.id)
        if backend is None:
            backend = open_calendar(
                customer.calendar_kind,
                customer.calendar,
                ZoneInfo(customer.timezone),
                timeout=self.timeout,
            )
            self._backends[customer.id] = backend
        return backend
