"""Onboarding customers from the command line, with one or several calendars.

Inputs are validated before anything is stored (zone, calendar choice, readable password
file, existing folder), and each calendar is reached (``backend.check()``) so a typo in
a URL or a wrong password is one clear line now rather than failed bookings later. The
CalDAV password is read from a file so it never appears in shell history or the process
list; it is stored only encrypted.

Calendars are given in order, ``--caldav-url`` and ``--ics-dir`` mixed and repeatable;
the first is the primary (bookings and holds are written there), the others are read for
busy time. ``--caldav-username`` and ``--caldav-password-file`` belong to the nearest
``--caldav-url`` before them (or, given before any URL, to the first one), so the
single-calendar command lines written before several calendars existed still work.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from meetdesk.errors import ConfigError, MeetDeskError
from meetdesk.settings import Settings

# What each calendar option means, whatever its spelling in a given command.
_URL, _USER, _PASSWORD, _DIR = "url", "username", "password_file", "dir"


class CalendarOption(argparse.Action):
    """Append ``(meaning, flag, value)`` to ``calendar_options``, keeping the command-line
    order across the different flags (argparse alone keeps it per flag only)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        self.meaning = kwargs.pop("meaning")
        kwargs.setdefault("default", [])  # copied before appending, so never shared
        super().__init__(option_strings, "calendar_options", **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        options = list(getattr(namespace, "calendar_options", None) or [])
        options.append((self.meaning, option_string or self.meaning, str(values)))
        namespace.calendar_options = options


def add_calendar_arguments(
    parser: argparse.ArgumentParser, *, url_flag: str, dir_flag: str, what: str
) -> None:
    """The calendar options of ``customer add`` and ``customer calendars``."""
    parser.add_argument(
        url_flag,
        action=CalendarOption,
        meaning=_URL,
        metavar="URL",
        help=f"{what} a CalDAV calendar collection (repeatable)",
    )
    parser.add_argument(
        "--caldav-username",
        action=CalendarOption,
        meaning=_USER,
        metavar="USER",
        help=f"the user for the {url_flag} before it",
    )
    parser.add_argument(
        "--caldav-password-file",
        action=CalendarOption,
        meaning=_PASSWORD,
        metavar="FILE",
        help=f"a file holding the password for the {url_flag} before it",
    )
    parser.add_argument(
        dir_flag,
        action=CalendarOption,
        meaning=_DIR,
        metavar="DIR",
        help=f"{what} a local folder of .ics files (vdir layout; repeatable)",
    )


def add_arguments(add: argparse.ArgumentParser) -> None:
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--timezone", required=True, help="IANA zone, e.g. Europe/Paris")
    add_calendar_arguments(add, url_flag="--caldav-url", dir_flag="--ics-dir", what="select")
    add.add_argument(
        "--if-missing", action="store_true", help="succeed quietly if the customer already exists"
    )


def calendars_from_options(options: Sequence[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The calendar configs the options describe, in order; ``ConfigError`` naming the
    first bad option. Nothing is created or contacted here."""
    calendars: list[dict[str, Any]] = []
    flags: list[str] = []  # the flag that introduced each calendar
    early: dict[str, tuple[str, str]] = {}  # credentials given before any URL
    for meaning, flag, value in options:
        if meaning == _DIR:
            calendars.append({"kind": "local", "path": _folder(flag, value)})
            flags.append(flag)
        elif meaning == _URL:
            calendars.append({"kind": "caldav", "url": _url(flag, value)})
            flags.append(flag)
            if sum(c["kind"] == "caldav" for c in calendars) == 1:
                for key, (given, text) in early.items():
                    calendars[-1][key] = (given, text)
        else:
            caldav = [c for c in calendars if c["kind"] == "caldav"]
            target = caldav[-1] if caldav else early
            if meaning in target:
                raise ConfigError(f"{flag} given twice for one CalDAV calendar")
            target[meaning] = (flag, value)
    if not calendars:
        if early:
            raise ConfigError(f"{next(iter(early.values()))[0]} needs a CalDAV URL")
        raise ConfigError("a calendar is required: --caldav-url URL ... or --ics-dir DIR")
    for config in calendars:
        if config["kind"] == "caldav":
            _credentials(config)
    for number, config in enumerate(calendars):
        where = config.get("url") or config.get("path")
        for earlier in range(number):
            if (calendars[earlier].get("url") or calendars[earlier].get("path")) == where:
                raise ConfigError(
                    f"{flags[number]} (calendar {number + 1}) repeats calendar {earlier + 1}"
                )
    return calendars


def calendar_from_args(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The primary calendar of ``args`` as (kind, config), for callers of one calendar."""
    primary = calendars_from_options(args.calendar_options)[0]
    return str(primary["kind"]), primary


def _folder(flag: str, value: str) -> str:
    path = Path(value).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{flag} {value}: not a directory")
    return str(path)


def _url(flag: str, value: str) -> str:
    url = urlparse(value)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise ConfigError(f"{flag} {value!r}: expected an http(s) URL")
    if url.password:
        raise ConfigError(f"{flag} must not contain a password; use --caldav-password-file")
    return value


def _credentials(config: dict[str, Any]) -> None:
    """Replace the pending (flag, value) credentials of a CalDAV config by their values."""
    user = config.pop(_USER, None)
    secret = config.pop(_PASSWORD, None)
    password = ""
    if secret is not None:
        flag, name = secret
        try:
            password = Path(name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{flag} {name}: {exc.strerror}") from None
    elif user is not None:
        raise ConfigError(f"{user[0]} needs --caldav-password-file")
    config["username"] = user[1] if user else ""
    config["password"] = password


def reach_calendars(calendars: Sequence[dict[str, Any]], zone: str, timeout: float) -> None:
    """Create missing local folders, then ``check()`` each calendar; a failure is a
    ``ConfigError`` naming the calendar by its position (the server by host, never by URL)."""
    from meetdesk.calendar.factory import open_calendar

    for number, config in enumerate(calendars, start=1):
        try:
            if config["kind"] == "local":
                Path(config["path"]).mkdir(parents=True, exist_ok=True)
            backend = open_calendar(config["kind"], config, ZoneInfo(zone), timeout=timeout)
            asyncio.run(backend.check())
        except MeetDeskError as exc:
            raise ConfigError(f"calendar {number}: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"calendar {number}: {exc.strerror or exc}") from None


def add_customer_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.cli import valid_zone
    from meetdesk.clock import SystemClock
    from meetdesk.store.customers import CustomerExists, add_customer
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    if "@" not in args.email:
        raise ConfigError(f"{args.email!r} is not an e-mail address")
    if not args.name.strip():
        raise ConfigError("--name must not be empty")
    valid_zone(args.timezone)
    calendars = calendars_from_options(args.calendar_options)
    reach_calendars(calendars, args.timezone, settings.scheduling.calendar_timeout_seconds)
    engine, cipher = open_store(settings)
    try:
        with transaction(engine) as session:
            record = add_customer(
                session,
                cipher,
                email=args.email,
                name=args.name.strip(),
                timezone=args.timezone,
                calendars=calendars,
                now=SystemClock().now(),
            )
    except CustomerExists:
        if args.if_missing:
            print(f"customer {args.email} already exists")
            return 0
        raise ConfigError(f"customer {args.email} already exists") from None
    finally:
        engine.dispose()
    kinds = " + ".join(c["kind"] for c in calendars)
    print(f"added customer {record.email} ({kinds} calendar) as {record.id}")
    return 0

