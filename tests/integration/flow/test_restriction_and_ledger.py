"""Restriction stops the assistant from acting; every message sent is in the ledger."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import select

from meetdesk.clock import FrozenClock
from meetdesk.privacy.access import Actor, read
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.ledger import Received, recipients_of
from meetdesk.privacy.processors import Processor
from meetdesk.privacy.restrictions import lift, restrict
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation, Outbox
from meetdesk.store.opening import open_store
from meetdesk.supervision.views import escalation_records
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, BOB, Running, settings_for, start
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import parsed

LATER = "Julie, could you please find 30 minutes for a call with Bob on Thursday 10 December?"

SUPERVISION = Processor(
    id="supervision",
    name="Example Supervision Ltd",
    country="IE",
    purposes=("supervision",),
    allow=("user.contact",),
    customers=("*",),
)


async def cipher_of(running: Running) -> Cipher:
    engine, cipher = await asyncio.to_thread(open_store, running.settings)
    engine.dispose()
    return cipher


def received(running: Running, cipher: Cipher, email: str) -> list[Received]:
    with transaction(running.engine) as session:
        return recipients_of(session, cipher, email)


async def test_the_ledger_after_a_booking(running: Running, sink: SmtpSink) -> None:
    """Request, proposal, choice, invitation and confirmation: Bob received Alice's name,
    address and the meeting; Alice (the customer) Bob's name, and his address where the
    headers showed it."""
    cipher = await cipher_of(running)
    await running.send(request().as_bytes())
    await running.idle()
    await running.send(reply_to(parsed(sink.messages[0].raw), "The second one works.").as_bytes())
    await running.idle()
    assert len(sink.messages) == 3
    with transaction(running.engine) as session:
        purposes = sorted(o.purpose for o in session.exec(select(Outbox)).all())
    to_bob = [r for r in received(running, cipher, ALICE) if r.recipient == BOB]
    assert sorted(r.source for r in to_bob) == sorted(
        f"mail.{p}" for p in purposes if p != "confirmation"
    )
    assert all(r.kind == "participant" and r.purpose == "scheduling" for r in to_bob)
    for r in to_bob:
        assert {
            "user.contact.name",
            "user.contact.email",
            "user.content.private.calendar",
            "user.content.private.email_subject",
        } <= set(r.categories), r
    to_alice = [r for r in received(running, cipher, BOB) if r.recipient == ALICE]
    assert to_alice and all(r.kind == "customer" for r in to_alice)
    by_source = {r.source: set(r.categories) for r in to_alice}
    assert {"user.contact.email", "user.contact.name"} <= by_source["mail.proposal"]
    assert "user.contact.email" not in by_source["mail.confirmation"]  # Bob named, not addressed
    assert not [r for r in received(running, cipher, BOB) if r.recipient == BOB]


async def test_a_restricted_participant_stops_the_assistant(
    running: Running, sink: SmtpSink
) -> None:
    """A request inviting a restricted Bob gets no reply: it waits in the human queue as
    subject_restricted, which the supervision provider is not shown but an admin is."""
    cipher = await cipher_of(running)
    now = datetime.now(UTC)
    with transaction(running.engine) as session:
        restrict(session, cipher, BOB, reason="art18.accuracy", by="admin-cli", now=now)
    await running.send(request().as_bytes())
    await running.idle()
    assert sink.messages == []
    with transaction(running.engine) as session:
        reasons = [e.reason for e in session.exec(select(Escalation)).all()]
        assert session.exec(select(Outbox)).all() == []
    assert reasons == ["subject_restricted"]

    def queue(actor: Actor) -> int:
        return len(
            read(
                running.engine,
                cipher,
                actor=actor,
                purpose="supervision",
                action="read.escalations",
                load=lambda session: escalation_records(session, cipher, status="open"),
                now=now,
            ).records
        )

    assert queue(Actor("supervision", processor=SUPERVISION)) == 0
    assert queue(Actor.admin()) == 1
    with transaction(running.engine) as session:
        assert lift(session, cipher, BOB, by="admin-cli", now=now)
    await running.send(request().as_bytes())  # a new thread, once lifted, is handled
    await running.idle()
    assert len(sink.messages) == 1


async def test_a_reminder_queued_after_the_restriction_is_held(
    tmp_path: Path, db_url: str, sink: SmtpSink
) -> None:
    """Bob restricted after the proposal: Tuesday's reminder is kept unsent, for a human."""
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    clock = FrozenClock(friday)
    r = await start(settings_for(tmp_path, db_url, sink.port), clock)
    try:
        cipher = await cipher_of(r)
        await r.send(request(LATER, date=friday).as_bytes())
        await r.idle()
        assert len(sink.messages) == 1
        with transaction(r.engine) as session:
            restrict(session, cipher, BOB, reason="dsr:1", by="admin-cli", now=clock.now())
        clock.set(friday + timedelta(days=4))  # Tuesday: the first reminder is due
        await r.idle()
        assert len(sink.messages) == 1
        with transaction(r.engine) as session:
            statuses = sorted(o.status for o in session.exec(select(Outbox)).all())
            reasons = [e.reason for e in session.exec(select(Escalation)).all()]
        assert statuses == ["restricted", "sent"] and reasons == ["subject_restricted"]
    finally:
        await r.stop()
