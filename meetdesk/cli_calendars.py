"""``meetdesk customer calendars``: list and change the calendars a customer selected.

Busy time comes from every selected calendar; the first (primary) also receives the
bookings and holds. The listing names each calendar by position, kind and where it is
(the CalDAV server's host and port, or the folder's name), never by URL, user or
password. Changes are one per command: add calendars (each reached with
``backend.check()`` first), remove one, or make one the primary; a bad request is one
line naming the problem and the stored list is left as it was.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from meetdesk.errors import ConfigError
from meetdesk.onboarding import add_calendar_arguments, calendars_from_options, reach_calendars
from meetdesk.settings import Settings

Edit = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email")
    add_calendar_arguments(parser, url_flag="--add-caldav", dir_flag="--add-ics-dir", what="add")
    parser.add_argument("--remove", type=int, metavar="N", help="stop reading calendar N")
    parser.add_argument(
        "--primary", type=int, metavar="N", help="write bookings and holds to calendar N"
    )


def calendars_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.store.customers import find_customer, set_calendars
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    changes = [bool(args.calendar_options), args.remove is not None, args.primary is not None]
    if sum(changes) > 1:
        raise ConfigError(
            "give one change at a time: --add-caldav/--add-ics-dir, --remove or --primary"
        )
    added = calendars_from_options(args.calendar_options) if args.calendar_options else []
    engine, cipher = open_store(settings)
    try:
        with transaction(engine) as session:
            customer = _customer(find_customer(session, cipher, args.email), args.email)
            calendars = customer.calendars
        if not any(changes):
            print(_listing(calendars))
            return 0
        edit = _edit(args, added)
        edit(calendars)  # refuse a bad index or a repeat before reaching any server
        if added:
            reach_calendars(added, customer.timezone, settings.scheduling.calendar_timeout_seconds)
        with transaction(engine) as session:  # re-read: apply the edit to the latest list
            customer = _customer(find_customer(session, cipher, args.email), args.email)
            calendars = set_calendars(session, cipher, customer.id, edit(customer.calendars))
    finally:
        engine.dispose()
    print(_listing(calendars))
    return 0


def _customer(found: Any, email: str) -> Any:
    if found is None:
        raise ConfigError(f"no customer {email!r}: add one with `meetdesk customer add`")
    return found


def _edit(args: argparse.Namespace, added: list[dict[str, Any]]) -> Edit:
    """The change asked for, as a function of the current list (which it does not alter)."""
    if added:
        return lambda calendars: _add(calendars, added)
    if args.remove is not None:
        return lambda calendars: _remove(calendars, args.remove)
    return lambda calendars: _make_primary(calendars, args.primary)


def _add(calendars: list[dict[str, Any]], added: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for config in added:
        for number, existing in enumerate(calendars, start=1):
            if _where_key(existing) == _where_key(config):
                raise ConfigError(f"{_describe(config)} is already calendar {number}")
    return [*calendars, *added]


def _remove(calendars: list[dict[str, Any]], number: int) -> list[dict[str, Any]]:
    _position("--remove", number, calendars)
    if len(calendars) == 1:
        raise ConfigError("--remove: this is the customer's only calendar; add another first")
    return [c for i, c in enumerate(calendars, start=1) if i != number]


def _make_primary(calendars: list[dict[str, Any]], number: int) -> list[dict[str, Any]]:
    chosen = calendars[_position("--primary", number, calendars)]
    return [chosen, *(c for c in calendars if c is not chosen)]


def _position(flag: str, number: int, calendars: list[dict[str, Any]]) -> int:
    if not 1 <= number <= len(calendars):
        count = f"{len(calendars)} calendar{'s' if len(calendars) != 1 else ''}"
        raise ConfigError(f"{flag} {number}: the customer has {count} (1 to {len(calendars)})")
    return number - 1


def _where_key(config: dict[str, Any]) -> str:
    return str(config.get("url") or config.get("path") or "").rstrip("/")


def _describe(config: dict[str, Any]) -> str:
    """Where a calendar is, without its URL path, user or password."""
    if config.get("kind") == "caldav":
        parts = urlsplit(str(config.get("url", "")))
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"CalDAV server {parts.hostname}:{port}"
    return f"local folder {Path(str(config.get('path', ''))).name}"


def _listing(calendars: list[dict[str, Any]]) -> str:
    lines = []
    for number, config in enumerate(calendars, start=1):
        role = "primary  " if number == 1 else "busy only"
        lines.append(f"{number}  {role}  {config.get('kind', '?'):<7} {_describe(config)}")
    lines.append("(busy time from all; bookings and holds go to the primary)")
    return "\n".join(lines)
