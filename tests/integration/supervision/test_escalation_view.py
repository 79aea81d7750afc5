"""The supervisor's view of one escalation, on both databases: the new text only (all of
it on request), the reading, candidate slots, the week's busy time without any event's
title or place, read through the access function and audited."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from meetdesk.errors import AccessDenied
from meetdesk.privacy.access import Actor, Disclosure
from meetdesk.privacy.processors import Processor
from meetdesk.settings import Settings
from meetdesk.store.conversations import ConversationData, Person, save_data
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import AuditEntry, Conversation, InboundMessage, new_id
from meetdesk.supervision.escalation_read import read_escalation
from meetdesk.supervision.escalations import escalate

from .queue_data import ALICE, BOB, CIPHER, T0

# T0 is Wednesday 2 December 2026; the slots are on Thursday, the board meeting Friday.
SLOTS = [["2026-12-03T10:00:00+00:00", "2026-12-03T10:30:00+00:00"]]
OTHER_EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:board-1
DTSTAMP:20261201T000000Z
DTSTART:20261204T130000Z
DTEND:20261204T150000Z
SUMMARY:Board meeting: secret merger
LOCATION:Acme HQ, 12 rue Cachée
DESCRIPTION:Bring the term sheet
END:VEVENT
END:VCALENDAR
"""
MESSAGE = (
    f"From: Bob <{BOB}>\r\nTo: julie@assistant.example\r\nSubject: Our meeting\r\n"
    "Message-ID: <m1@partner.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "Thursday works, or maybe the week after?\r\n\r\n"
    "Best,\r\nBob Partner\r\nPartner Ltd, +33 1 23 45 67 89\r\n\r\n"
    f"On Tue, 1 Dec 2026, Alice <{ALICE}> wrote:\r\n> Could we meet next week?\r\n"
)


def seeded(engine: Engine, folder: Path) -> str:
    folder.mkdir()
    (folder / "board-1.ics").write_text(OTHER_EVENT)
    with transaction(engine) as session:
        customer = add_customer(
            session,
            CIPHER,
            email=ALICE,
            name="Alice",
            timezone="Europe/Paris",
            calendars=[{"kind": "local", "path": str(folder)}],
            now=T0,
        )
        session.flush()
        conv = Conversation(created_at=T0, updated_at=T0, customer_id=customer.id)
        session.add(conv)
        data = ConversationData(
            subject="Our meeting", participants=[Person(BOB, "Bob")], proposals=SLOTS
        )
        save_data(CIPHER, conv, data)
        msg = InboundMessage(
            conversation_id=conv.id,
            message_id_index=new_id(),
            raw_enc=b"",
            size=len(MESSAGE),
            received_at=T0,
        )
        msg.raw_enc = CIPHER.encrypt(
            MESSAGE.encode(), table="inbound_message", column="raw", row_id=msg.id
        )
        session.add(msg)
        session.flush()
        return escalate(
            session,
            now=T0,
            reason="unclear_answer",
            conversation_id=conv.id,
            inbound_message_id=msg.id,
            details={"rule": "escalate.unclear_answer", "fields": {"chosen": {"confidence": 0.5}}},
        )


def view(engine: Engine, eid: str, actor: Actor, *, full: bool = False) -> Disclosure:
    found = read_escalation(
        Settings(), engine, CIPHER, eid, actor=actor, purpose="supervision", now=T0, full=full
    )
    return asyncio.run(found).disclosure


def test_the_view_holds_the_new_text_reading_slots_and_bare_busy_time(
    engine: Engine, tmp_path: Path
) -> None:
    eid = seeded(engine, tmp_path / "cal")
    [shown] = view(engine, eid, Actor.admin()).records
    fields = shown.fields
    assert fields["message"] == "Thursday works, or maybe the week after?"
    assert fields["slots"] == SLOTS and fields["participants"][0]["email"] == BOB
    assert json.loads(fields["details"])["fields"]["chosen"] == {"confidence": 0.5}
    start, end = fields["week"]
    assert (start.isoformat(), end - start) == ("2026-11-30T00:00:00+01:00", timedelta(days=7))
    assert fields["busy"] == [
        [datetime.fromisoformat("2026-12-04T13:00:00+00:00"),
         datetime.fromisoformat("2026-12-04T15:00:00+00:00")]
    ]  # fmt: skip
    everything = json.dumps(fields, default=str)
    for secret in ("Board", "merger", "Acme", "Cachée", "term sheet", "Partner Ltd", "Could we"):
        assert secret not in everything


def test_full_shows_the_quoted_history_and_signature(engine: Engine, tmp_path: Path) -> None:
    eid = seeded(engine, tmp_path / "cal")
    [shown] = view(engine, eid, Actor.admin(), full=True).records
    assert "Partner Ltd" in shown.fields["message"] and "Could we meet" in shown.fields["message"]


def test_each_view_is_audited_and_trimmed_to_the_scope(engine: Engine, tmp_path: Path) -> None:
    eid = seeded(engine, tmp_path / "cal")
    narrow = Processor(
        id="provider",
        name="Supervisors Ltd",
        country="IE",
        purposes=("supervision",),
        allow=("user.content.private.calendar",),
        customers=(ALICE,),
    )
    disclosure = view(engine, eid, Actor(id="provider", processor=narrow))
    [shown] = disclosure.records
    assert "busy" in shown.fields and "slots" in shown.fields
    assert "message" in shown.withheld and "participants" in shown.withheld
    with transaction(engine) as session:
        entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
    assert ("provider", "read.escalation") in [(e.actor, e.action) for e in entries]


def test_a_processor_not_serving_the_customer_is_refused(engine: Engine, tmp_path: Path) -> None:
    eid = seeded(engine, tmp_path / "cal")
    other = Processor(
        id="other",
        name="Other Ltd",
        country="FR",
        purposes=("supervision",),
        allow=("user",),
        customers=("zoe@elsewhere.example",),
    )
    with pytest.raises(AccessDenied, match="does not serve"):
        view(engine, eid, Actor(id="other", processor=other))
