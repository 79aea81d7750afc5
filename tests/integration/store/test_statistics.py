"""Pseudonymised statistics on both databases: correct figures on known rows, the period,
and small groups pooled and suppressed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.statistics import OVERALL, POOLED, UNASSIGNED, compute, percentile
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
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


def _customer(session: Session, email: str) -> str:
    record = add_customer(
        session,
        CIPHER,
        email=email,
        name=email.split("@")[0],
        timezone="UTC",
        calendar_kind="local",
        calendar={"path": "/nowhere"},
        now=T0,
    )
    session.flush()
    return record.id


def _request(
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


def _populate(engine: Engine) -> dict[str, str]:
    with transaction(engine) as session:
        a = _customer(session, "a@customer.example")
        b = _customer(session, "b@customer.example")
        _request(session, a, at=T0, reply_after=10 * MIN, booked_after=timedelta(hours=2))
        _request(
            session, a, at=T0 + MIN, reply_after=20 * MIN, booked_after=timedelta(hours=4),
            escalations=("low_confidence",),
        )  # fmt: skip
        _request(session, a, at=T0 + 2 * MIN, reply_after=30 * MIN)
        _request(session, a, at=T0 + 3 * MIN, reply_after=40 * MIN, escalations=("no_free_slot",))
        _request(session, a, at=T0 + 4 * MIN, escalations=("low_confidence",))
        for i in range(2):
            _request(
                session, b, at=T0 + i * MIN, reply_after=5 * MIN, booked_after=timedelta(hours=1)
            )
        _request(session, None, at=T0, escalations=("unknown_sender",))
        _request(  # before the period asked for below
            session, a, at=T0 - timedelta(days=3), reply_after=MIN, booked_after=MIN
        )
        session.add(Escalation(reason="unreadable_message", status="open", created_at=T0))
        for customer in (a, None):  # auto-replies in threads of their own: no requests
            ignored = Conversation(customer_id=customer, created_at=T0, updated_at=T0)
            session.add(ignored)
            session.flush()
            session.add(
                Decision(conversation_id=ignored.id, action="ignore", rules="[]", created_at=T0)
            )
        session.add(Conversation(customer_id=a, created_at=T0, updated_at=T0))  # not read yet
    return {"a": a, "b": b}


def test_figures_per_customer_and_overall(engine: Engine) -> None:
    """Requests (ignored mail left out), booked, automated, escalations by reason, median
    and p90 of the first reply and the booking, on known rows; small customers pooled and
    suppressed."""
    ids = _populate(engine)
    with transaction(engine) as session:
        stats = compute(session, start=T0 - timedelta(days=1), end=T0 + timedelta(days=1))
    assert [g.name for g in stats.customers] == [ids["a"], POOLED]
    a, pool = stats.customers
    assert (a.requests, a.booked, a.automated, a.automation_rate) == (5, 2, 1, 0.2)
    assert a.escalations == {"low_confidence": 2, "no_free_slot": 1}
    assert a.first_reply is not None and a.booking is not None
    assert (a.first_reply.count, a.first_reply.median) == (4, 1500.0)
    assert a.first_reply.p90 == pytest.approx(2220.0)
    assert (a.booking.count, a.booking.median, a.booking.p90) == (2, 10800.0, 13680.0)
    assert pool.suppressed and pool.customers == 1 and pool.requests is None
    overall = stats.overall
    assert overall.name == OVERALL and not overall.suppressed and overall.customers == 2
    assert (overall.requests, overall.booked, overall.automated) == (8, 4, 3)
    assert overall.escalations == {"low_confidence": 2, "no_free_slot": 1, "unknown_sender": 1}
    assert overall.first_reply is not None and overall.first_reply.count == 6


def test_a_lower_k_lists_smaller_customers(engine: Engine) -> None:
    """With k = 2 the second customer has its own row; the single unassigned request stays
    pooled and suppressed."""
    ids = _populate(engine)
    with transaction(engine) as session:
        stats = compute(session, start=T0 - timedelta(days=1), min_group=2)
    names = [g.name for g in stats.customers]
    assert names == [*sorted([ids["a"], ids["b"]]), POOLED]
    b = next(g for g in stats.customers if g.name == ids["b"])
    assert (b.requests, b.booked, b.automated, b.automation_rate) == (2, 2, 2, 1.0)
    assert b.first_reply is not None and b.first_reply.median == 300.0
    pool = stats.customers[-1]
    assert pool.suppressed and pool.customers == 0  # requests from no customer
    assert UNASSIGNED not in names


def test_the_period_selects_requests_by_creation(engine: Engine) -> None:
    """Without bounds the old request counts too; a period with too few requests is
    suppressed whole, and an empty one has nothing to show."""
    _populate(engine)
    with transaction(engine) as session:
        everything = compute(session)
        old = compute(session, end=T0 - timedelta(days=1))
        empty = compute(session, start=T0 + timedelta(days=10))
    assert everything.overall.requests == 9
    assert old.overall.suppressed and old.overall.requests is None
    assert [g.suppressed for g in old.customers] == [True]
    assert empty.overall.suppressed and empty.customers == ()


def test_percentile_interpolates_between_ranks() -> None:
    """The median of an even count is the midpoint; p90 interpolates; one value is itself."""
    assert percentile([4, 1, 3, 2], 0.5) == 2.5
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9) == pytest.approx(91.0)
    assert percentile([7], 0.9) == 7
