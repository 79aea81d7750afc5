"""A customer, a conversation and its escalation, as the queue tests need them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import SupervisionSettings
from meetdesk.store.conversations import ConversationData, Person, save_data
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation
from meetdesk.supervision.escalations import escalate

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"q" * 32)
ALICE = "alice@customer.example"
BOB = "bob@partner.example"


def customer(engine: Engine, email: str = ALICE) -> str:
    with transaction(engine) as session:
        return add_customer(
            session,
            CIPHER,
            email=email,
            name=email.split("@")[0],
            timezone="Europe/Paris",
            calendars=[{"kind": "local", "path": "cal"}],
            now=T0,
        ).id


def escalation(
    engine: Engine,
    customer_id: str | None,
    *,
    reason: str = "unclear_request",
    sla: SupervisionSettings | None = None,
    now: datetime = T0,
) -> str:
    with transaction(engine) as session:
        conv = Conversation(created_at=now, updated_at=now, customer_id=customer_id)
        session.add(conv)
        save_data(CIPHER, conv, ConversationData(participants=[Person(BOB, "Bob")]))
        session.flush()
        return escalate(
            session,
            now=now,
            reason=reason,
            conversation_id=conv.id,
            details={"rule": "escalate.x"},
            sla=sla,
        )
