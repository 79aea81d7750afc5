"""``meetdesk privacy recipients EMAIL``: who received which of a person's data, when.

Read from the recipient ledger (``meetdesk.privacy.ledger``) through the access function,
so the listing itself is audited: it is what a controller needs to answer a subject's
access request (art. 15(1)(c)) and to tell each recipient of a rectification, erasure or
restriction (art. 19).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from sqlmodel import Session

from meetdesk.cli_access import add_access_arguments, read_as, report, shown
from meetdesk.errors import ConfigError, CryptoError
from meetdesk.privacy.access import Item, Record, item
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email", help="the data subject's address")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    add_access_arguments(parser, purpose="support")


def recipients_command(settings: Settings, args: argparse.Namespace) -> int:
    if "@" not in args.email:
        raise ConfigError(f"{args.email!r} is not an e-mail address")
    actor, disclosure = read_as(
        settings,
        args,
        action="read.recipients",
        load=lambda session, cipher: _records(session, cipher, args.email),
    )
    for r in disclosure.records:
        at = shown(r, "at")
        row = {k: shown(r, k) for k in ("kind", "recipient", "categories", "purpose", "source")}
        row["conversation"] = shown(r, "conversation")
        if args.json:
            print(json.dumps({"at": at.isoformat() if isinstance(at, datetime) else at, **row}))
        else:
            when = f"{at:%Y-%m-%d %H:%M}" if isinstance(at, datetime) else at
            cats = ", ".join(row["categories"]) if isinstance(row["categories"], list) else "-"
            print(
                f"{when}  {row['kind']:<11} {row['recipient']:<32} {cats}  "
                f"({row['purpose']}, {row['source']})"
            )
    if not disclosure.records and not args.json:
        print(f"no recipient recorded for {args.email}")
    report(disclosure, actor)
    return 0


def _records(session: Session, cipher: Cipher, email: str) -> list[Record]:
    """One record per ledger entry, about the subject and the entry's customer."""
    from meetdesk.privacy.ledger import PROCESSOR, recipients_of
    from meetdesk.store.customers import get_customer

    customers: dict[str, str] = {}
    records = []
    for got in recipients_of(session, cipher, email):
        if got.customer_id and got.customer_id not in customers:
            try:
                customers[got.customer_id] = get_customer(session, cipher, got.customer_id).email
            except (LookupError, CryptoError):  # erased since: the id alone must serve
                customers[got.customer_id] = ""
        who = (
            item("recipient_entry", "processor_id", got.recipient)
            if got.kind == PROCESSOR
            else item("recipient_entry", "recipient_enc", got.recipient)
        )
        fields: dict[str, Item] = {
            "at": item("recipient_entry", "at", got.at),
            "kind": item("recipient_entry", "recipient_kind", got.kind),
            "recipient": who,
            "categories": item("recipient_entry", "categories", list(got.categories)),
            "purpose": item("recipient_entry", "purpose", got.purpose),
            "source": item("recipient_entry", "source", got.source),
            "conversation": item("recipient_entry", "conversation_id", got.conversation_id),
        }
        records.append(
            Record(
                fields=fields,
                customer_id=got.customer_id,
                customer_email=customers.get(got.customer_id or "") or None,
                subjects=(email.lower(),),
                conversation_id=got.conversation_id,
            )
        )
    return records
