"""The thread on an escalation's view: the conversation's earlier messages, both ways,
newest first, each with its sender, time and new text; withheld whole from a scope
without e-mail content."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from meetdesk.privacy.access import Actor, Shown, read
from meetdesk.privacy.processors import Processor
from meetdesk.store.conversations import ConversationData, Person, save_data
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, InboundMessage, Outbox, new_id
from meetdesk.supervision.escalations import escalate
from meetdesk.supervision.views import escalation_view
from tests.integration.supervision.queue_data import ALICE, BOB, CIPHER, T0

ASKED = (
    f"From: Alice <{ALICE}>\r\nTo: julie@assistant.example\r\nSubject: Kickoff\r\n"
    "Message-ID: <a1@customer.example>\r\n\r\nJulie, find us 30 minutes with Bob.\r\n"
)
PROPOSED = (
    "From: Julie <julie@assistant.example>\r\nTo: bob@partner.example\r\nSubject: Re: Kickoff\r\n"
    "Message-ID: <o1@assistant.example>\r\n\r\nWould Thursday 10:00 suit you?\r\n\r\n"
    f"On Tue, Alice <{ALICE}> wrote:\r\n> Julie, find us 30 minutes with Bob.\r\n"
)
ANSWER = (
    f"From: Bob <{BOB}>\r\nTo: julie@assistant.example\r\nSubject: Re: Kickoff\r\n"
    "Message-ID: <b1@partner.example>\r\n\r\nHmm, maybe.\r\n"
)


def seeded(engine: Engine) -> str:
    with transaction(engine) as session:
        customer = add_customer(
            session, CIPHER, email=ALICE, name="Alice", timezone="Europe/Paris",
            calendars=[{"kind": "local", "path": "cal"}], now=T0,
        )  # fmt: skip
        session.flush()
        conv = Conversation(created_at=T0, updated_at=T0, customer_id=customer.id)
        session.add(conv)
        save_data(CIPHER, conv, ConversationData(subject="Kickoff", participants=[Person(BOB)]))
        ids = []
        for n, raw in enumerate((ASKED, ANSWER)):
            msg = InboundMessage(
                conversation_id=conv.id, message_id_index=new_id(), raw_enc=b"",
                size=len(raw), received_at=T0 + timedelta(hours=2 * n),
            )  # fmt: skip
            msg.raw_enc = CIPHER.encrypt(
                raw.encode(), table="inbound_message", column="raw", row_id=msg.id
            )
            session.add(msg)
            ids.append(msg.id)
        out = Outbox(
            conversation_id=conv.id, dedupe_key=new_id(), purpose="propose",
            message_id_index=new_id(), raw_enc=b"", envelope_enc=b"", created_at=T0,
            sent_at=T0 + timedelta(hours=1),
        )  # fmt: skip
        out.raw_enc = CIPHER.encrypt(PROPOSED.encode(), table="outbox", column="raw", row_id=out.id)
        session.add(out)
        session.flush()
        return escalate(
            session, now=T0 + timedelta(hours=2), reason="unclear_answer",
            conversation_id=conv.id, inbound_message_id=ids[1], details={"rule": "x"},
        )  # fmt: skip


def shown(engine: Engine, eid: str, actor: Actor) -> Shown:
    disclosure = read(
        engine, CIPHER, actor=actor, purpose="supervision", action="read.escalation",
        load=lambda s: [escalation_view(s, CIPHER, eid, now=T0, week=None)], now=T0, one=True,
    )  # fmt: skip
    return disclosure.records[0]


def test_the_thread_holds_the_earlier_messages_newest_first(engine: Engine) -> None:
    record = shown(engine, seeded(engine), Actor.admin())
    thread = record.fields["thread"]
    assert [(m["direction"], m["text"]) for m in thread] == [
        ("out", "Would Thursday 10:00 suit you?"),
        ("in", "Julie, find us 30 minutes with Bob."),
    ]
    assert thread[0]["from"] == "Julie <julie@assistant.example>"
    assert thread[1]["at"] == T0.isoformat()


def test_a_scope_without_message_content_gets_no_thread(engine: Engine) -> None:
    narrow = Processor(
        id="provider", name="Supervisors Ltd", country="IE", purposes=("supervision",),
        allow=("user",), deny=("user.content.private",), customers=(ALICE,),
    )  # fmt: skip
    record = shown(engine, seeded(engine), Actor(id="provider", processor=narrow))
    assert "thread" in record.withheld
    assert "thread" not in record.fields
