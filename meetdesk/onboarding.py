"""Onboarding customers from the command line.

Inputs are validated before anything is stored (zone, calendar choice, readable password
file, existing folder), and the CalDAV password is read from a file so it never appears
in shell history or the process list; it is stored only encrypted.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from meetdesk.errors import ConfigError
from meetdesk.settings import Settings


def calendar_from_args(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    if args.ics_dir and args.caldav_url:
        raise ConfigError("give either --ics-dir or --caldav-url, not both")
    if args.ics_dir:
        path = Path(args.ics_dir).expanduser().resolve()
        if path.exists() and not path.is_dir():
            raise ConfigError(f"--ics-dir {args.ics_dir}: not a directory")
        path.mkdir(parents=True, exist_ok=True)
        return "local", {"path": str(path)}
    if not args.caldav_url:
        raise ConfigError("a calendar is required: --caldav-url URL ... or --ics-dir DIR")
    url = urlparse(args.caldav_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise ConfigError(f"--caldav-url {args.caldav_url!r}: expected an http(s) URL")
    if url.password:
        raise ConfigError("--caldav-url must not contain a password; use --caldav-password-file")
    password = ""
    if args.caldav_password_file:
        try:
            password = Path(args.caldav_password_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"--caldav-password-file {args.caldav_password_file}: {exc.strerror}"
            ) from None
    elif args.caldav_username:
        raise ConfigError("--caldav-username needs --caldav-password-file")
    return "caldav", {
        "url": args.caldav_url,
        "username": args.caldav_username or "",
        "password": password,
    }


def add_customer_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.cli import valid_zone
    from meetdesk.clock import SystemClock
    from meetdesk.daemon import open_store
    from meetdesk.store.customers import CustomerExists, add_customer
    from meetdesk.store.engine import transaction

    if "@" not in args.email:
        raise ConfigError(f"{args.email!r} is not an e-mail address")
    if not args.name.strip():
        raise ConfigError("--name must not be empty")
    valid_zone(args.timezone)
    kind, calendar = calendar_from_args(args)
    engine, cipher = open_store(settings)
    try:
        with transaction(engine) as session:
            record = add_customer(
                session,
                cipher,
                email=args.email,
                name=args.name.strip(),
                timezone=args.timezone,
                calendar_kind=kind,
                calendar=calendar,
                now=SystemClock().now(),
            )
    except CustomerExists:
        if args.if_missing:
            print(f"customer {args.email} already exists")
            return 0
        raise ConfigError(f"customer {args.email} already exists") from None
    finally:
        engine.dispose()
    print(f"added customer {record.email} ({kind} calendar) as {record.id}")
    return 0


def list_customers_command(settings: Settings) -> int:
    from meetdesk.daemon import open_store
    from meetdesk.store.customers import list_customers
    from meetdesk.store.engine import transaction

    engine, cipher = open_store(settings)
    with transaction(engine) as session:
        customers = list_customers(session, cipher)
    engine.dispose()
    for c in customers:
        print(f"{c.id}  {c.email:<32} {c.name:<24} {c.timezone:<20} {c.calendar_kind}")
    if not customers:
        print("no customers yet: add one with `meetdesk customer add`")
    return 0
