"""Decisions to sample: real customers, conversations and messages in the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import Engine

from meetdesk.mail.parse import ParsedMessage, parse_message
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import QualitySettings
from meetdesk.store.conversations import ConversationData, Person, save_data
from meetdesk.store.customers import CustomerRecord, add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Decision, QualitySample
from meetdesk.supervision.quality import sample_decision

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ALICE = "alice@customer.example"
CAROL = "carol@other.example"
BOB = "bob@partner.example"
TEXT = "Hi Bob Durand, could we meet on Tuesday at 10? Call me on +33 6 12 34 56 78."


def message(sender: str, sender_name: str, to: str, to_name: str) -> ParsedMessage:
    return parse_message(message_bytes(sender, sender_name, to, to_name))


def message_bytes(sender: str, sender_name: str, to: str, to_name: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"{sender_name} <{sender}>"
    msg["To"] = f"{to_name} <{to}>"
    msg["Cc"] = "Julie <julie@assistant.example>"
    msg["Subject"] = f"Meeting with {to_name}"
    msg["Message-ID"] = "<m1@customer.example>"
    msg.set_content(
        f"{TEXT}\nWrite to {to} if needed.\n\nBest,\n{sender_name}\n\n"
        f"On Monday, {to_name} <{to}> wrote:\n> my old secret words\n"
    )
    return msg.as_bytes()


def customer(engine: Engine, cipher: Cipher, email: str, name: str) -> CustomerRecord:
    with transaction(engine) as session:
        return add_customer(
            session, cipher, email=email, name=name, timezone="Europe/Paris",
            calendar_kind="local", calendar={"path": "/tmp/none"}, now=T0,
        )  # fmt: skip


def decisions(
    engine: Engine,
    cipher: Cipher,
    owner: CustomerRecord,
    count: int,
    *,
    rate: float,
    action: str = "proposed",
    rules: tuple[str, ...] = ("propose.confident",),
    participant: tuple[str, str] = (BOB, "Bob Durand"),
) -> list[str]:
    """``count`` decisions in one conversation of ``owner`` with ``participant``, each
    offered to the sampler at ``rate``; the ids of the samples taken."""
    taken = []
    parsed = message(owner.email, owner.name, participant[0], participant[1])
    with transaction(engine) as session:
        conv = Conversation(customer_id=owner.id, created_at=T0, updated_at=T0)
        data = ConversationData(participants=[Person(participant[0], participant[1])])
        save_data(cipher, conv, data)
        session.add(conv)
        session.flush()
        for n in range(count):
            row = Decision(
                conversation_id=conv.id, inbound_message_id=f"in-{n}", action=action,
                rules=json.dumps(list(rules)), confidence=0.95, created_at=T0,
            )  # fmt: skip
            session.add(row)
            sample = sample_decision(
                session, cipher, QualitySettings(), row, parsed=parsed, customer=owner,
                participants=data.participants, sender_role="customer", reading=None,
                now=T0 + timedelta(minutes=n), rate=rate,
            )  # fmt: skip
            if sample is not None:
                taken.append(sample.id)
    return taken


def samples(engine: Engine) -> list[QualitySample]:
    with transaction(engine) as session:
        from sqlmodel import select

        return list(session.exec(select(QualitySample)).all())
