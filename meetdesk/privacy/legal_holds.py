"""Legal holds: keep a customer's or a data subject's data past its retention.

A hold covers a whole customer (every conversation and message of theirs) or one data
subject (every conversation they take part in, as customer or participant). While a
hold is active the purge leaves what it covers in place; erasure requests can ask
:func:`active_hold` too. A hold is released, never deleted: the row, with who placed it
and who released it and when, is the record of why data outlived its retention.

The subject is stored as its address index (``Cipher.address_index``), the reason
encrypted (free text written by an operator), so the table names nobody readably.
Placing, listing and releasing are audited in the same transaction by the callers that
act for a person (``meetdesk legal-hold``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from meetdesk.errors import MeetDeskError
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.models import Customer, LegalHold, new_id

TABLE = "legal_hold"


class LegalHoldError(MeetDeskError):
    """A hold cannot be placed or released as asked (unknown id, already released...)."""


@dataclass(frozen=True)
class HoldCoverage:
    """Every active hold at one moment, as the purge needs them: who is covered."""

    customer_ids: frozenset[str]
    subject_indexes: frozenset[str]

    def covers(self, *, customer_id: str | None, subject_indexes: Sequence[str] = ()) -> bool:
        if customer_id is not None and customer_id in self.customer_ids:
            return True
        return any(i in self.subject_indexes for i in subject_indexes)


def _active() -> Any:
    return col(LegalHold.released_at).is_(None)


def active_hold(
    session: Session,
    cipher: Cipher,
    *,
    customer_id: str | None = None,
    subject_email: str | None = None,
) -> LegalHold | None:
    """The active hold covering a customer or a subject, the oldest first; else None.

    A customer is also covered by a subject hold on the customer's own address.
    """
    if customer_id is None and subject_email is None:
        raise ValueError("active_hold needs a customer_id or a subject_email")
    indexes: list[str] = []
    if subject_email is not None:
        indexes.append(cipher.address_index(subject_email))
    conditions = []
    if customer_id is not None:
        conditions.append(col(LegalHold.customer_id) == customer_id)
        own = session.exec(select(Customer.email_index).where(col(Customer.id) == customer_id))
        indexes.extend(own.all())
    if indexes:
        conditions.append(col(LegalHold.subject_index).in_(indexes))
    query = (
        select(LegalHold)
        .where(_active(), or_(*conditions))
        .order_by(col(LegalHold.placed_at), col(LegalHold.id))
    )
    return session.exec(query).first()


def coverage(session: Session) -> HoldCoverage:
    """Who the active holds cover; a subject hold on a customer's address covers them."""
    rows = session.exec(
        select(LegalHold.customer_id, LegalHold.subject_index).where(_active())
    ).all()
    customers = {c for c, _ in rows if c is not None}
    subjects = {s for _, s in rows if s is not None}
    if subjects:
        customers.update(
            session.exec(
                select(Customer.id).where(col(Customer.email_index).in_(sorted(subjects)))
            ).all()
        )
    return HoldCoverage(frozenset(customers), frozenset(subjects))


def place(
    session: Session,
    cipher: Cipher,
    *,
    reason: str,
    by: str,
    now: datetime,
    customer_id: str | None = None,
    subject_email: str | None = None,
) -> LegalHold:
    """Place a hold on exactly one of a customer or a subject, in the caller's transaction."""
    if (customer_id is None) == (subject_email is None):
        raise LegalHoldError("a legal hold covers either one customer or one subject")
    if not reason.strip():
        raise LegalHoldError("a legal hold needs a reason")
    if subject_email is not None and "@" not in subject_email:
        raise LegalHoldError(f"not an e-mail address: {subject_email!r}")
    hold_id = new_id()
    hold = LegalHold(
        id=hold_id,
        customer_id=customer_id,
        subject_index=None if subject_email is None else cipher.address_index(subject_email),
        reason_enc=cipher.encrypt_text(
            reason.strip(), table=TABLE, column="reason", row_id=hold_id, owner=customer_id
        ),
        placed_by=by,
        placed_at=now,
    )
    session.add(hold)
    session.flush()
    return hold


def release(session: Session, hold_id: str, *, by: str, now: datetime) -> LegalHold:
    """Release an active hold (the row stays, marked released by whom and when)."""
    hold = session.get(LegalHold, hold_id)
    if hold is None:
        raise LegalHoldError(f"no legal hold {hold_id}")
    if hold.released_at is not None:
        raise LegalHoldError(f"legal hold {hold_id} was already released")
    hold.released_by = by
    hold.released_at = now
    session.add(hold)
    session.flush()
    return hold


def holds(session: Session, *, include_released: bool = False) -> Sequence[LegalHold]:
    """Holds in the order they were placed; active ones only unless asked."""
    query = select(LegalHold).order_by(col(LegalHold.placed_at), col(LegalHold.id))
    if not include_released:
        query = query.where(_active())
    return session.exec(query).all()


def reason_of(cipher: Cipher, hold: LegalHold) -> str:
    return cipher.decrypt_text(hold.reason_enc, table=TABLE, column="reason", row_id=hold.id)
