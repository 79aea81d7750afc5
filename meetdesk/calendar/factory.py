"""Opening a customer's calendar from its (decrypted) onboarding record.

Backends are cached per customer so a CalDAV connection is reused across jobs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import CalendarBackend
from meetdesk.calendar.caldav_backend import CaldavCalendar  # noqa: I001
from meetdesk.calendar.local import LocalFolderCalendar
from meetdesk.errors import CalendarRejected


def open_calendar(
    kind: str, config: dict[str, Any], tz: ZoneInfo, *, timeout: float
) -> CalendarBackend:
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
