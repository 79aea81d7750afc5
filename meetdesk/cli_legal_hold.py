"""``meetdesk legal-hold place|list|release``: keep data past its retention, audited.

``place --customer EMAIL`` or ``place --subject EMAIL`` with ``--reason TEXT`` stops the
purge for that customer, or for every conversation the subject takes part in, until
``release ID``; a released hold stays listed with ``list --all``. Each action, and
each listing (it shows the reasons, free text), writes an audit entry in the same
transaction. Errors are one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from meetdesk.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from meetdesk.privacy.crypto import Cipher

ACTOR = "admin-cli"
CATEGORIES = ("user.content.private.legal_hold", "system.operations")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="legal_hold_command", required=True, metavar="ACTION")
    place = sub.add_parser("place", help="place a hold on a customer or a data subject")
    who = place.add_mutually_exclusive_group(required=True)
    who.add_argument("--customer", metavar="EMAIL", help="an onboarded customer's address")
    who.add_argument("--subject", metavar="EMAIL", help="any data subject's address")
    place.add_argument("--reason", required=True, metavar="TEXT", help="why (kept encrypted)")
    lst = sub.add_parser("list", help="list active holds")
    lst.add_argument("--all", action="store_true", help="include released holds")
    release = sub.add_parser("release", help="release a hold (it stays on record)")
    release.add_argument("id", metavar="ID")


def legal_hold_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.legal_holds import LegalHoldError
    from meetdesk.store.opening import open_store

    engine, cipher = open_store(settings)
    now = SystemClock().now()
    try:
        if args.legal_hold_command == "place":
            _place(engine, cipher, args, now)
        elif args.legal_hold_command == "release":
            _release(engine, cipher, args.id, now)
        else:
            _list(engine, cipher, args.all, now)
    except LegalHoldError as exc:
        print(f"meetdesk: error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def _place(engine: Engine, cipher: Cipher, args: argparse.Namespace, now: datetime) -> None:
    from meetdesk.privacy import audit, legal_holds
    from meetdesk.store.customers import find_customer
    from meetdesk.store.engine import transaction

    with transaction(engine) as session:
        customer_id = None
        if args.customer is not None:
            found = find_customer(session, cipher, args.customer)
            if found is None:
                raise legal_holds.LegalHoldError(f"no customer {args.customer}")
            customer_id = found.id
        hold = legal_holds.place(
            session,
            cipher,
            customer_id=customer_id,
            subject_email=args.subject,
            reason=args.reason,
            by=ACTOR,
            now=now,
        )
        audit.record(
            session,
            cipher,
            actor=ACTOR,
            action="legal_hold.place",
            categories=CATEGORIES,
            purpose="legal_claims",
            subject_email=args.subject or args.customer,
            customer_id=customer_id,
            now=now,
        )
    print(f"legal hold {hold.id} placed on {'customer' if customer_id else 'subject'}")


def _release(engine: Engine, cipher: Cipher, hold_id: str, now: datetime) -> None:
    from meetdesk.privacy import audit, legal_holds
    from meetdesk.store.engine import transaction

    with transaction(engine) as session:
        hold = legal_holds.release(session, hold_id, by=ACTOR, now=now)
        audit.record(
            session,
            cipher,
            actor=ACTOR,
            action="legal_hold.release",
            categories=("system.operations",),
            purpose="legal_claims",
            customer_id=hold.customer_id,
            now=now,
        )
    print(f"legal hold {hold_id} released")


def _list(engine: Engine, cipher: Cipher, include_released: bool, now: datetime) -> None:
    from meetdesk.privacy import audit, legal_holds
    from meetdesk.store.engine import transaction

    with transaction(engine) as session:
        rows = legal_holds.holds(session, include_released=include_released)
        shown = [(h, legal_holds.reason_of(cipher, h)) for h in rows]
        audit.record(
            session,
            cipher,
            actor=ACTOR,
            action="read.legal_holds",
            categories=CATEGORIES,
            purpose="legal_claims",
            now=now,
        )
    for hold, reason in shown:
        on = f"customer={hold.customer_id}" if hold.customer_id else "subject"
        state = (
            f"released {hold.released_at:%Y-%m-%d %H:%M} by {hold.released_by}"
            if hold.released_at is not None
            else "active"
        )
        print(f"{hold.id}  {hold.placed_at:%Y-%m-%d %H:%M}  {on}  {state}  reason: {reason}")
    if not shown:
        print("no legal holds" if include_released else "no active legal holds")
