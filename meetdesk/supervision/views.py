"""What each human-facing read shows, as records for the access function.

Each loader runs inside the read's transaction and returns
:class:`~meetdesk.privacy.access.Record` s: every field with the categories its column
declares in the models (``access.item``), the customer it belongs to and the people it is
about. The command line uses them today; the web API and console will show the same
records, so a processor's view is the same whichever way it is asked for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from meetdesk.calendar.preferences import Preferences
from meetdesk.errors import CryptoError
from meetdesk.privacy.access import RESTRICTED, UNREADABLE, Item, Record, item
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.restrictions import ESCALATION_REASON
from meetdesk.scheduling_preferences import merge_preferences, own_keys
from meetdesk.store.conversations import load_data
from meetdesk.store.customers import CustomerRecord, decrypt_customer, get_customer
from meetdesk.store.models import Conversation, Customer, Escalation
from meetdesk.supervision.escalation_view import Week, view_record
from meetdesk.supervision.escalations import EscalationView, list_escalations
from meetdesk.supervision.queue import Filters, list_queue, status_at

# What an unreadable customer's address and name print as.
KEYS_DESTROYED = "(data keys destroyed)"


def escalation_records(
    session: Session,
    cipher: Cipher,
    *,
    status: str | None,
    filters: Filters | None = None,
    now: datetime | None = None,
) -> list[Record]:
    """The queue: ids, reasons and rule names only, each about its conversation's people.

    With ``filters`` (and ``now``, which tells a running claim from a lapsed one) the
    queue's listing, most urgent first, with each one's family, priority, due time and
    claim; without, every escalation of ``status`` in the order they were opened.

    An escalation whose conversation or customer no longer decrypts (their key was
    destroyed) is still listed for an administrator; to a processor, who cannot be
    shown that none of its subjects is restricted, it is refused."""
    records = []
    queued: dict[str, Escalation] = {}
    if filters is not None:
        if now is None:
            raise ValueError("listing with filters needs the time")
        queued = {e.id: e for e in list_queue(session, now=now, filters=filters)}
        listed = [_listed(e) for e in queued.values()]
    else:
        listed = list_escalations(session, status=status)
    for e in listed:
        customer: CustomerRecord | None = None
        subjects: list[str] = []
        admin_only = RESTRICTED if e.reason == ESCALATION_REASON else None
        conv = session.get(Conversation, e.conversation_id) if e.conversation_id else None
        try:
            if conv is not None and conv.customer_id is not None:
                customer = get_customer(session, cipher, conv.customer_id)
                subjects.append(customer.email)
            if conv is not None:
                subjects += [p.email for p in load_data(cipher, conv).participants]
        except CryptoError:
            admin_only = admin_only or UNREADABLE
        records.append(
            Record(
                fields={
                    "id": item("escalation", "id", e.id),
                    "created_at": item("escalation", "created_at", e.created_at),
                    "status": item("escalation", "status", e.status),
                    "reason": item("escalation", "reason", e.reason),
                    "conversation": item("escalation", "conversation_id", e.conversation_id),
                    "details": item("escalation", "details", e.details),
                }
                | _queue_fields(queued.get(e.id), now),
                customer_id=conv.customer_id if conv else None,
                customer_email=customer.email if customer else None,
                subjects=tuple(dict.fromkeys(s.lower() for s in subjects)),
                conversation_id=e.conversation_id,
                admin_only=admin_only,
            )
        )
    return records


def _listed(row: Escalation) -> EscalationView:
    return EscalationView(
        id=row.id,
        created_at=row.created_at,
        status=row.status,
        reason=row.reason,
        conversation_id=row.conversation_id,
        details=json.loads(row.details),
    )


def _queue_fields(row: Escalation | None, now: datetime | None) -> dict[str, Item]:
    if row is None or now is None:
        return {}
    fields = {
        name: item("escalation", name, getattr(row, name))
        for name in ("kind", "priority", "due_at", "claimed_by", "lease_until")
    }
    fields["status"] = item("escalation", "status", status_at(row, now))
    return fields


def escalation_view(
    session: Session,
    cipher: Cipher,
    escalation_id: str,
    *,
    now: datetime,
    week: Week | None,
    full: bool = False,
) -> Record:
    """One escalation as a supervisor decides it: its new text (all of it with ``full``),
    the reading, candidate slots and the week's busy time without any event's details
    (``meetdesk.supervision.escalation_view``)."""
    return view_record(session, cipher, escalation_id, now=now, week=week, full=full)


def conversation_record(session: Session, cipher: Cipher, conversation_id: str) -> Record:
    """One conversation as a supervisor works it: its state and every key of its
    working data, each with the categories ``ConversationData.PRIVACY`` declares."""
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        raise LookupError(f"no conversation {conversation_id}")
    data = load_data(cipher, conv).to_json()
    customer = get_customer(session, cipher, conv.customer_id) if conv.customer_id else None
    fields = {
        "id": item("conversation", "id", conv.id),
        "state": item("conversation", "state", conv.state),
        "created_at": item("conversation", "created_at", conv.created_at),
        "updated_at": item("conversation", "updated_at", conv.updated_at),
    }
    fields |= {key: item("conversation", "data_enc", value, key) for key, value in data.items()}
    people = [customer.email] if customer else []
    people += [p["email"] for p in data["participants"]]
    return Record(
        fields=fields,
        customer_id=conv.customer_id,
        customer_email=customer.email if customer else None,
        subjects=tuple(dict.fromkeys(e.lower() for e in people)),
        conversation_id=conv.id,
    )


def customer_records(session: Session, cipher: Cipher) -> list[Record]:
    """Every customer: id, address, name, zone and calendar kinds.

    A customer whose data keys were destroyed (shredded, not yet erased) is still listed,
    for administrators only, with what the plain columns say: the operator must see that
    the row is there, and no processor can be shown whose it is."""
    records = []
    for row in session.exec(select(Customer).order_by(col(Customer.created_at))).all():
        try:
            c = decrypt_customer(cipher, row)
        except CryptoError:
            records.append(_unreadable_customer(row))
            continue
        records.append(
            Record(
                fields={
                    "id": item("customer", "id", c.id),
                    "email": item("customer", "email_enc", c.email),
                    "name": item("customer", "name_enc", c.name),
                    "timezone": item("customer", "timezone", c.timezone),
                    "calendar_kind": item("customer", "calendar_kind", c.calendar_kind),
                    "calendars": item(
                        "customer", "calendar_enc", len(c.calendars), "calendars.kind"
                    ),
                },
                customer_id=c.id,
                customer_email=c.email,
                subjects=(c.email.lower(),),
            )
        )
    return records


def _unreadable_customer(row: Customer) -> Record:
    return Record(
        fields={
            "id": item("customer", "id", row.id),
            "email": item("customer", "email_enc", KEYS_DESTROYED),
            "name": item("customer", "name_enc", KEYS_DESTROYED),
            "timezone": item("customer", "timezone", row.timezone),
            "calendar_kind": item("customer", "calendar_kind", row.calendar_kind),
            "calendars": item("customer", "calendar_enc", 0, "calendars.kind"),
        },
        customer_id=row.id,
        admin_only=UNREADABLE,
    )


def preferences_record(
    customer: CustomerRecord, defaults: Preferences, overrides: Mapping[str, Any]
) -> Record:
    """A customer's effective preferences, one field per top-level key, with which are
    the customer's own."""
    effective = merge_preferences(defaults, overrides).to_json()
    fields = {
        key: item("customer", "preferences_enc", value, key) for key, value in effective.items()
    }
    fields["own"] = Item(own_keys(overrides, defaults), ("system.operations",))
    return _about(customer, fields)


def calendars_record(customer: CustomerRecord) -> Record:
    """A customer's calendars by position: kind, and where (server host or folder name)."""
    fields: dict[str, Item] = {}
    for number, config in enumerate(customer.calendars, start=1):
        kind = config.get("kind")
        fields[f"{number}.kind"] = item("customer", "calendar_enc", kind, "calendars.kind")
        key = "calendars.url" if kind == "caldav" else "calendars.path"
        where = describe_calendar(config)
        fields[f"{number}.where"] = item("customer", "calendar_enc", where, key)
    return _about(customer, fields)


def describe_calendar(config: Mapping[str, Any]) -> str:
    """Where a calendar is, without its URL path, user or password."""
    if config.get("kind") == "caldav":
        parts = urlsplit(str(config.get("url", "")))
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"CalDAV server {parts.hostname}:{port}"
    return f"local folder {Path(str(config.get('path', ''))).name}"


def _about(customer: CustomerRecord, fields: dict[str, Item]) -> Record:
    return Record(
        fields=fields,
        customer_id=customer.id,
        customer_email=customer.email,
        subjects=(customer.email.lower(),),
    )
