"""The recipient ledger: who received which categories of a subject's data, and when.

GDPR art. 19 asks a controller (and its processor, on its behalf) to tell every
recipient of a subject's data about a rectification, an erasure or a restriction, and
art. 15(1)(c) lets the subject ask who the recipients were. Both need the list kept as
the data leaves: the access function writes an entry for each processor read, the send
stage one per recipient and subject of each message sent (``meetdesk.flow.mail_ledger``).

A processor is named by its config id; a participant or customer by their address,
encrypted (bound to the entry's row) with an index beside it. The subject is named by the
address index only, so the ledger can be searched for a person without holding their
address in the clear.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from meetdesk.privacy.categories import PURPOSES, is_category
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.store.models import RecipientEntry, new_id

PROCESSOR, PARTICIPANT, CUSTOMER = "processor", "participant", "customer"
KINDS = (PROCESSOR, PARTICIPANT, CUSTOMER)


@dataclass(frozen=True)
class Received:
    """One disclosure: ``recipient`` (a processor id or an address) got ``categories``."""

    kind: str
    recipient: str
    categories: tuple[str, ...]
    purpose: str
    source: str
    customer_id: str | None
    conversation_id: str | None
    at: datetime


def record_receipt(
    session: Session,
    cipher: Cipher,
    *,
    subject_email: str,
    kind: str,
    recipient: str,
    categories: Iterable[str],
    purpose: str,
    source: str,
    now: datetime,
    customer_id: str | None = None,
    conversation_id: str | None = None,
) -> RecipientEntry:
    """Add one entry in the caller's transaction (flushed, not committed).

    ``categories`` and ``purpose`` come from the data map's vocabulary; an unknown one,
    an unknown ``kind`` or an empty category list is a ``ValueError``."""
    cats = sorted(set(categories))
    unknown = [c for c in cats if not is_category(c)]
    if kind not in KINDS:
        raise ValueError(f"ledger: unknown recipient kind {kind!r} (known: {', '.join(KINDS)})")
    if not cats or unknown or purpose not in PURPOSES:
        raise ValueError(f"ledger: unknown or missing category or purpose {(unknown or [purpose])}")
    row_id = new_id()
    row = RecipientEntry(
        id=row_id,
        subject_index=cipher.address_index(subject_email),
        recipient_kind=kind,
        categories=json.dumps(cats),
        purpose=purpose,
        source=source,
        customer_id=customer_id,
        conversation_id=conversation_id,
        at=now,
    )
    if kind == PROCESSOR:
        row.processor_id = recipient
    else:
        address = normalise_address(recipient)
        row.recipient_index = cipher.address_index(address)
        row.recipient_enc = cipher.encrypt_text(
            address, table="recipient_entry", column="recipient", row_id=row_id, owner=customer_id
        )
    session.add(row)
    session.flush()
    return row


def recipients_of(session: Session, cipher: Cipher, email: str) -> list[Received]:
    """Everyone who received some of ``email``'s data, oldest first."""
    query = (
        select(RecipientEntry)
        .where(col(RecipientEntry.subject_index) == cipher.address_index(email))
        .order_by(col(RecipientEntry.at), col(RecipientEntry.id))
    )
    return [_received(cipher, row) for row in session.exec(query).all()]


def _received(cipher: Cipher, row: RecipientEntry) -> Received:
    if row.recipient_kind == PROCESSOR or row.recipient_enc is None:
        recipient = row.processor_id or ""
    else:
        recipient = cipher.decrypt_text(
            row.recipient_enc, table="recipient_entry", column="recipient", row_id=row.id
        )
    return Received(
        kind=row.recipient_kind,
        recipient=recipient,
        categories=tuple(json.loads(row.categories)),
        purpose=row.purpose,
        source=row.source,
        customer_id=row.customer_id,
        conversation_id=row.conversation_id,
        at=row.at,
    )
