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
from typing import Any

from meetdesk.cli_access import actor_from, add_access_arguments, report, shown
from meetdesk.errors import ConfigError
from meetdesk.onboarding import add_calendar_arguments, calendars_from_options, reach_calendars
from meetdesk.privacy.access import Shown
from meetdesk.settings import Settings
from meetdesk.supervision.views import describe_calendar

Edit = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email")
    add_calendar_arguments(parser, url_flag="--add-caldav", dir_flag="--add-ics-dir", what="add")
    parser.add_argument("--remove", type=int, metavar="N", help="stop reading calendar N")
    parser.add_argument(
        "--primary", type=int, metavar="N", help="write bookings and holds to calendar N"
    )
    add_access_arguments(parser, purpose="support")


def calendars_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.access import read
    from meetdesk.store.customers import find_customer, set_calendars
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store
    from meetdesk.supervision.views import calendars_record

    changes = [bool(args.calendar_options), args.remove is not None, args.primary is not None]
    if sum(changes) > 1:
        raise ConfigError(
            "give one change at a time: --add-caldav/--add-ics-dir, --remove or --primary"
        )
    actor = actor_from(settings, args)
    if any(changes) and not actor.is_admin:
        raise ConfigError("calendar changes are made as admin; --as only reads")
    added = calendars_from_options(args.calendar_options) if args.calendar_options else []
    engine, cipher = open_store(settings)
    try:
        if any(changes):
            with transaction(engine) as session:
                customer = _customer(find_customer(session, cipher, args.email), args.email)
            edit = _edit(args, added)
            edit(customer.calendars)  # refuse a bad index or a repeat before reaching any server
            if added:
                timeout = settings.scheduling.calendar_timeout_seconds
                reach_calendars(added, customer.timezone, timeout)
            with transaction(engine) as session:  # re-read: apply the edit to the latest list
                customer = _customer(find_customer(session, cipher, args.email), args.email)
                set_calendars(session, cipher, customer.id, edit(customer.calendars))
        disclosure = read(
            engine,
            cipher,
            actor=actor,
            purpose=args.purpose,
            action="read.calendars",
            load=lambda session: [
                calendars_record(_customer(find_customer(session, cipher, args.email), args.email))
            ],
            now=SystemClock().now(),
            one=True,
        )
    finally:
        engine.dispose()
    print(_listing(disclosure.records[0]))
    report(disclosure, actor)
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
                raise ConfigError(f"{describe_calendar(config)} is already calendar {number}")
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


def _listing(record: Shown) -> str:
    count = sum(1 for key in (*record.fields, *record.withheld) if key.endswith(".kind"))
    lines = []
    for number in range(1, count + 1):
        role = "primary  " if number == 1 else "busy only"
        kind, where = shown(record, f"{number}.kind"), shown(record, f"{number}.where")
        lines.append(f"{number}  {role}  {kind:<7} {where}")
    lines.append("(busy time from all; bookings and holds go to the primary)")
    return "\n".join(lines)
