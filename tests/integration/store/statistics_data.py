"""Rows for the statistics tests: customers and conversations with known timings, written
directly with the models (no daemon), shared by the store and command-line tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from meetdesk.privacy.crypto import Cipher
from meetdesk.store.customers import add_customer
from meetdesk.store.models import (
    Conversation,
    Decision,
    Escalation,
    InboundMessage,
    Outbox,
    new_id,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"s" * 32)
MIN = timedelta(minutes=1)


def customer(session: Session, email: str, cipher: Cipher = CIPHER) -> str:
    """A customer row (its name is the address's local part); returns its id."""
    record = add_customer(
        session,
        cipher,
        email=email,
        name=email.split("@")[0],
        timezone="UTC",
        calendar_kind="local",
        calendar={"path": "/nowhere"},
        now=T0,
    )
    session.flush()
    return record.id


def request(
    session: Session,
    customer: str | None,
    *,
    at: datetime,
    reply_after: timedelta | None = None,
    booked_after: timedelta | None = None,
    escalations: tuple[str, ...] = (),
) -> str:
    """One conversation: an inbound message at ``at``, optionally a sent reply, a booking
    decision and escalations."""
    conv = Conversation(customer_id=customer, state="requested", created_at=at, updated_at=at)
    session.add(conv)
    session.flush()
    seal = CIPHER.encrypt(b"x", table="t", column="c", row_id="r")
    session.add(
        InboundMessage(
            conversation_id=conv.id, message_id_index=new_id(), raw_enc=seal, size=1,
            status="done", received_at=at,
        )
    )  # fmt: skip
    session.add(  # a later message in the thread does not move the first reply
        InboundMessage(
            conversation_id=conv.id, message_id_index=new_id(), raw_enc=seal, size=1,
            status="done", received_at=at + timedelta(days=1),
        )
    )  # fmt: skip
    for after in [reply_after, reply_after and reply_after + MIN * 90]:
        session.add(
            Outbox(
                conversation_id=conv.id, dedupe_key=new_id(), purpose="proposal",
                message_id_index=new_id(), raw_enc=seal, envelope_enc=seal,
                status="sent" if after else "pending", created_at=at,
                sent_at=None if after is None else at + after,
            )
        )  # fmt: skip
    session.add(
        Decision(
            conversation_id=conv.id,
            action="escalate" if escalations else "proposed",
            rules="[]",
            created_at=at,
        )
    )
    if booked_after is not None:
        for extra in (timedelta(0), timedelta(days=2)):  # moved later: the first one counts
            session.add(
                Decision(
                    conversation_id=conv.id, action="booked", rules='["book.chosen_slot"]',
                    created_at=at + booked_after + extra,
                )
            )  # fmt: skip
    for reason in escalations:
        session.add(
            Escalation(conversation_id=conv.id, reason=reason, status="open", created_at=at)
        )
    return conv.id


def populate(session: Session, cipher: Cipher = CIPHER) -> dict[str, str]:
    """Customers a (5 requests in the period, 1 before it) and b (2), one request from no
    customer, ignored and unread threads, an escalation of no thread; returns the ids."""
    a = customer(session, "a@customer.example", cipher)
    b = customer(session, "b@customer.example", cipher)
    request(session, a, at=T0, reply_after=10 * MIN, booked_after=timedelta(hours=2))
    request(
        session, a, at=T0 + MIN, reply_after=20 * MIN, booked_after=timedelta(hours=4),
        escalations=("low_confidence",),
    )  # fmt: skip
    request(session, a, at=T0 + 2 * MIN, reply_after=30 * MIN)
    request(session, a, at=T0 + 3 * MIN, reply_after=40 * MIN, escalations=("no_free_slot",))
    request(session, a, at=T0 + 4 * MIN, escalations=("low_confidence",))
    for i in range(2):
        request(session, b, at=T0 + i * MIN, reply_after=5 * MIN, booked_after=timedelta(hours=1))
    request(session, None, at=T0, escalations=("unknown_sender",))
    request(  # before the period asked for below
        session, a, at=T0 - timedelta(days=3), reply_after=MIN, booked_after=MIN
    )
    session.add(Escalation(reason="unreadable_message", status="open", created_at=T0))
    for owner in (a, None):  # auto-replies in threads of their own: no requests
        ignored = Conversation(customer_id=owner, created_at=T0, updated_at=T0)
        session.add(ignored)
        session.flush()
        session.add(
            Decision(conversation_id=ignored.id, action="ignore", rules="[]", created_at=T0)
        )
    session.add(Conversation(customer_id=a, created_at=T0, updated_at=T0))  # not read yet
    return {"a": a, "b": b}
