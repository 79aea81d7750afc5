"""The subject's copy of their data (art. 15) in a machine-readable form (art. 20).

``build_export`` gathers what ``subject_data.find_subject`` finds (the customer record,
each conversation with the data about the subject, their messages and the messages sent
to them) and adds what art. 15(1) requires besides the data: the purposes and categories
(from the record of processing, so they match the data map), the recipients (the
ledger), the retention per category and the processors that may read the data. The
document validates against ``schemas/subject_export.schema.json``, shipped with the
package so a recipient can check it too. Passwords are never exported: a credential is
shown as held, not repeated.
"""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.ledger import recipients_of
from meetdesk.privacy.record import build_record
from meetdesk.privacy.restrictions import is_restricted
from meetdesk.privacy.subject_data import Found, SubjectData, find_subject
from meetdesk.privacy.subject_requests import requests_of
from meetdesk.privacy.suppression import is_suppressed
from meetdesk.settings import Settings
from meetdesk.store.models import Hold

SCHEMA_VERSION = 1
SCHEMA_ID = "https://meetdesk.example/schemas/subject_export.schema.json"
_HIDDEN = "(held, not exported)"


def schema() -> dict[str, Any]:
    """The JSON Schema every export validates against."""
    text = resources.files("meetdesk.privacy").joinpath("schemas/subject_export.schema.json")
    loaded: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return loaded


def build_export(
    session: Session, cipher: Cipher, settings: Settings, email: str, *, now: datetime
) -> dict[str, Any]:
    """Everything held about ``email``, with why, for how long and who else sees it."""
    found = find_subject(session, cipher, email)
    record = build_record(settings, SQLModel.metadata)
    customer_ids = [found.customer.id] if found.customer else []
    customer_ids += [
        f.conversation.customer_id
        for f in found.conversations
        if f.conversation.customer_id and f.conversation.customer_id not in customer_ids
    ]
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": now.isoformat(),
        "controller": record["controller"],
        "subject": {"email": found.email, "roles": found.roles},
        "customer": _customer(session, found),
        "conversations": [_conversation(f, found.email) for f in found.conversations],
        "messages": _messages(found),
        "requests": [
            {
                "id": r.id,
                "kind": r.kind,
                "state": r.state,
                "channel": r.channel,
                "received_at": r.received_at.isoformat(),
                "deadline": r.deadline.isoformat(),
            }
            for r in requests_of(session, cipher, found.email)
        ],
        "restricted": is_restricted(session, cipher, found.email),
        "suppressed": is_suppressed(session, cipher, found.email),
        "categories": [
            {
                "category": c["category"],
                "description": c["description"],
                "purposes": c["purposes"],
                "retention": c["retention"],
                "processors": c["processors"],
            }
            for c in record["categories"]
            if c["category"] != "system.operations"
        ],
        "purposes": record["purposes"],
        "recipients": [
            {
                "kind": r.kind,
                "recipient": r.recipient,
                "categories": list(r.categories),
                "purpose": r.purpose,
                "at": r.at.isoformat(),
            }
            for r in recipients_of(session, cipher, found.email)
        ],
        "processors": [
            {
                "id": p["id"],
                "name": p["name"],
                "country": p["country"],
                "in_eea": p["in_eea"],
                "safeguard": p["safeguard"],
                "purposes": p["purposes"],
                "categories": p["categories"],
            }
            for p, processor in zip(record["processors"], settings.privacy.processors, strict=True)
            if any(processor.serves(c) for c in customer_ids)
            or (found.customer is not None and processor.serves(found.customer.email))
        ],
    }


def _customer(session: Session, found: SubjectData) -> dict[str, Any] | None:
    c = found.customer
    if c is None:
        return None
    holds = session.exec(
        select(Hold).where(col(Hold.customer_id) == c.id).order_by(col(Hold.starts_at))
    ).all()
    return {
        "id": c.id,
        "email": c.email,
        "name": c.name,
        "timezone": c.timezone,
        "preferences": c.preferences,
        "calendars": [
            {k: (_HIDDEN if k == "password" else v) for k, v in cal.items()} for cal in c.calendars
        ],
        "holds": [
            {
                "start": h.starts_at.isoformat(),
                "end": h.ends_at.isoformat(),
                "status": h.status,
            }
            for h in holds
        ],
    }


def _conversation(f: Found, email: str) -> dict[str, Any]:
    d = f.data
    mine = [p for p in d.participants if p.email.lower() == email]
    people = d.participants if f.role == "customer" else mine
    return {
        "id": f.conversation.id,
        "role": f.role,
        "state": f.conversation.state,
        "created_at": f.conversation.created_at.isoformat(),
        "subject": d.subject,
        "language": d.language,
        "participants": [{"email": p.email, "name": p.name, "role": p.role} for p in people],
        "kind": d.kind,
        "duration_minutes": d.duration_minutes,
        "proposed": [{"start": a, "end": b} for a, b in d.proposals],
        "booked": ({"start": d.booking["start"], "end": d.booking["end"]} if d.booking else None),
        "place": d.location,
        "answers": {k: v for k, v in d.answers.items() if f.role == "customer" or k == email},
        "zones": {k: v for k, v in d.zones.items() if f.role == "customer" or k == email},
    }


def _messages(found: SubjectData) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for msg, parsed in found.inbound:
        out.append(
            {
                "direction": "from_subject",
                "conversation_id": msg.conversation_id,
                "at": msg.received_at.isoformat(),
                "message_id": parsed.message_id,
                "subject": parsed.subject,
                "text": parsed.text,
            }
        )
    for row, _envelope, parsed in found.outbound:
        out.append(
            {
                "direction": "to_subject",
                "conversation_id": row.conversation_id,
                "at": row.created_at.isoformat(),
                "message_id": parsed.message_id,
                "subject": parsed.subject,
                "text": parsed.text,
            }
        )
    return out
