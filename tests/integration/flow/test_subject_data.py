"""Access and erasure over data the real loop wrote: the export validates against its
JSON Schema and holds the subject's messages, times and places; erasure removes a
participant (the customer keeps the thread, told a human must take over) or a whole
customer with their keys, and a legal hold is an exception that is recorded."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import jsonschema
from sqlalchemy import func
from sqlmodel import Session, select

from meetdesk.flow.takeover import hand_over, queueing_services
from meetdesk.privacy import legal_holds
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.erasure import Erased, erase_subject
from meetdesk.privacy.shredding import shred_customer
from meetdesk.privacy.subject_data import find_subject
from meetdesk.privacy.subject_export import build_export, schema
from meetdesk.store.conversations import load_data
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Customer, Escalation, InboundMessage, Outbox
from meetdesk.store.opening import open_store
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, BOB, Running
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import body_text, messages_sent

NOW = datetime.now(UTC)


async def _booked(running: Running, sink: SmtpSink) -> None:
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    await running.send(reply_to(proposal, "The second one works for me.").as_bytes())
    await running.idle()
    assert len(sink.messages) == 3


def _with_store(running: Running, fn: Any) -> Any:
    engine, cipher = open_store(running.settings)
    try:
        with transaction(engine) as session:
            return fn(session, cipher)
    finally:
        engine.dispose()


def _erase(running: Running, email: str) -> Erased:
    def fn(session: Session, cipher: Cipher) -> Erased:
        services = queueing_services(running.settings, cipher)
        return erase_subject(
            session,
            cipher,
            email,
            now=NOW,
            withdraw=lambda s, conv: hand_over(
                s, services, conv, reason="subject_erased", key="t", now=NOW
            ),
            shred=lambda s, customer_id: shred_customer(s, cipher, customer_id, NOW),
        )

    return _with_store(running, fn)


async def test_participant_export_is_valid_and_complete(running: Running, sink: SmtpSink) -> None:
    """Bob's export: his thread (proposed and booked times), his reply and the messages
    sent to him, purposes, retention and categories; none of Alice's own record."""
    await _booked(running, sink)
    document = _with_store(running, lambda s, c: build_export(s, c, running.settings, BOB, now=NOW))
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(
        document
    )
    json.dumps(document)
    assert document["subject"] == {"email": BOB, "roles": ["participant"]}
    assert document["customer"] is None
    [conv] = document["conversations"]
    assert conv["role"] == "participant" and len(conv["proposed"]) == 3
    assert conv["booked"] is not None and [p["email"] for p in conv["participants"]] == [BOB]
    directions = [m["direction"] for m in document["messages"]]
    assert directions.count("from_subject") == 1 and directions.count("to_subject") == 2
    assert any("second one" in m["text"] for m in document["messages"])
    categories = {c["category"]: c for c in document["categories"]}
    assert "user.contact.email" in categories and categories["user.contact.email"]["retention"]
    assert "scheduling" in document["purposes"]


async def test_customer_export_holds_the_customer_record(running: Running, sink: SmtpSink) -> None:
    """Alice's export has her record with holds, no password, and her conversation."""
    await _booked(running, sink)
    document = _with_store(
        running, lambda s, c: build_export(s, c, running.settings, ALICE, now=NOW)
    )
    jsonschema.Draft202012Validator(schema()).validate(document)
    assert document["subject"]["roles"] == ["customer"]
    customer = document["customer"]
    assert customer["email"] == ALICE and customer["holds"]
    assert all("password" not in c or c["password"] != "secret" for c in customer["calendars"])
    assert [c["role"] for c in document["conversations"]] == ["customer"]


async def test_erasing_a_participant_keeps_the_thread_and_hands_it_over(
    running: Running, sink: SmtpSink
) -> None:
    """Bob's messages and entries go, the messages to Alice and Bob lose his address, the
    booked thread is escalated and Alice is told; nothing about Bob remains findable."""
    await _booked(running, sink)
    asked = request("Send me what you hold about me.", sender=BOB, Subject="My data")
    await running.send(asked.as_bytes())
    await running.idle()
    assert len(sink.messages) == 4  # the acknowledgement, in a thread of Bob's own
    result = _erase(running, BOB)
    assert result.exceptions == [] and result.handed_over == 1
    assert result.messages_deleted >= 2 and result.conversations_updated == 1
    assert result.conversations_deleted == 1

    def check(session: Session, cipher: Cipher) -> None:
        left = find_subject(session, cipher, BOB)
        assert left.conversations == [] and left.inbound == [] and left.outbound == []
        conv = session.exec(select(Conversation)).one()
        assert conv.state == "escalated"
        data = load_data(cipher, conv)
        assert data.last_inbound is not None and data.last_inbound == data.request
        assert session.exec(select(Escalation.reason)).all() == ["subject_erased"]
        for row in session.exec(select(Outbox)).all():
            raw = cipher.decrypt(row.raw_enc, table="outbox", column="raw", row_id=row.id)
            assert BOB.encode() not in raw

    _with_store(running, check)
    await running.idle()
    told = messages_sent(sink, 4)
    assert len(told) == 1 and ALICE in str(told[0]["To"])
    assert "human needs to take this thread over" in body_text(told[0])


async def test_legal_hold_is_an_exception_that_is_recorded(
    running: Running, sink: SmtpSink
) -> None:
    """With Alice's data on hold, erasing Bob keeps that thread and says why."""
    await _booked(running, sink)

    def hold(session: Session, cipher: Cipher) -> str:
        customer = session.exec(select(Customer.id)).one()
        return legal_holds.place(
            session, cipher, customer_id=customer, reason="court order", by="admin-cli", now=NOW
        ).id

    hold_id = _with_store(running, hold)
    result = _erase(running, BOB)
    assert [e["reason"] for e in result.exceptions] == ["legal_hold"]
    assert result.exceptions[0]["hold"] == hold_id and result.conversations_updated == 0
    left = _with_store(running, lambda s, c: find_subject(s, c, BOB))
    assert len(left.conversations) == 1 and len(left.inbound) == 1


async def test_erasing_a_customer_deletes_everything_and_shreds_the_keys(
    running: Running, sink: SmtpSink
) -> None:
    """Alice erased: her conversation, messages and row are gone and her keys destroyed."""
    await _booked(running, sink)
    result = _erase(running, ALICE)
    assert result.customer_deleted and result.conversations_deleted == 1
    assert result.keys_destroyed >= 1

    def counts(session: Session, cipher: Cipher) -> list[int]:
        return [
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Customer, Conversation, InboundMessage, Outbox)
        ]

    assert _with_store(running, counts) == [0, 0, 0, 0]


async def test_a_released_hold_does_not_stop_erasing_its_customer(
    running: Running, sink: SmtpSink
) -> None:
    """Once released, the hold's record stays and the customer is erased all the same."""
    await _booked(running, sink)

    def place_and_release(session: Session, cipher: Cipher) -> str:
        customer = session.exec(select(Customer.id)).one()
        hold = legal_holds.place(
            session, cipher, customer_id=customer, reason="audit", by="admin-cli", now=NOW
        )
        legal_holds.release(session, hold.id, by="admin-cli", now=NOW)
        return hold.id

    hold_id = _with_store(running, place_and_release)
    result = _erase(running, ALICE)
    assert result.customer_deleted and result.exceptions == []
    kept = _with_store(
        running, lambda s, c: [h.id for h in legal_holds.holds(s, include_released=True)]
    )
    assert kept == [hold_id]
