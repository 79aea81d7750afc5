"""Opening a customer's calendar from its (decrypted) onboarding record.

Backends are cached per customer so a CalDAV connection (and the parsed, synced copy of
the calendar each backend keeps) is reused across jobs. A record may select several
calendars: ``config`` is then a list of configs, each with an optional ``kind`` of its
own, read as one ``CombinedCalendar`` whose first calendar receives the bookings.
"""

from __future__ import annotations

import hashlib
import json
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
    """One backend per customer id, created on first use, over all of the customer's
    selected calendars (``customer.calendars``, the first being the primary).

    A backend is remembered with a digest of the selection it was opened for, so a
    customer whose calendars were changed (``meetdesk customer calendars``) gets a new
    backend on the next job instead of busy time from the old selection.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._backends: dict[str, tuple[str, CalendarBackend]] = {}

    def __call__(self, customer: Any) -> CalendarBackend:
        calendars: list[dict[str, Any]] = list(customer.calendars)
        digest = hashlib.sha256(json.dumps(calendars, sort_keys=True).encode()).hexdigest()
        cached = self._backends.get(customer.id)
        if cached is not None and cached[0] == digest:
            return cached[1]
        backend = open_calendar(
            str(calendars[0].get("kind", "")) if calendars else "",
            calendars if len(calendars) != 1 else calendars[0],
            ZoneInfo(customer.timezone),
            timeout=self.timeout,
        )
        self._backends[customer.id] = (digest, backend)
        return backend
