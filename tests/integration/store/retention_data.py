"""Builders for the retention tests: customers and conversations with every kind of row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select

import meetdesk.store.models as models
from meetdesk.privacy.crypto import Cipher
from meetdesk.store import jobs
from meetdesk.store.conversations import ConversationData, Person, record_message, save_data
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import (
    Conversation,
    Decision,
    Escalation,
    Hold,
    InboundMessage,
    Outbox,
    new_id,
)

CIPHER = Cipher(b"r" * 32)
COUNTED = (
    "conversation",
    "inbound_message",
    "outbox",
    "thread_message",
    "hold",
    "decision",
    "escalation",
    "job",
)


def customer(engine: Engine, email: str, now: datetime, cipher: Cipher = CIPHER) -> str:
    with transaction(engine) as session:
        return add_customer(
            session,
            cipher,
            email=email,
            name=email.split("@")[0],
            timezone="Europe/Paris",
            calendars=[{"kind": "local", "path": "cal"}],
            now=now,
        ).id


@dataclass(frozen=True)
class Thread:
    id: str
    hold_id: str


def conversation(
    engine: Engine,
    customer_id: str,
    *,
    state: str,
    at: datetime,
    participant: str = "carol@example.com",
    meeting_end: datetime | None = None,
    cipher: Cipher = CIPHER,
) -> Thread:
    """A conversation last updated ``at`` with one row in each table that belongs to it."""
    conv_id, hold_id = new_id(), new_id()
    with transaction(engine) as session:
        conv = Conversation(
            id=conv_id, customer_id=customer_id, state=state, created_at=at, updated_at=at
        )
        data = ConversationData(subject="Lunch", participants=[Person(participant)])
        if meeting_end is not None:
            data.booking = {
                "start": (meeting_end - timedelta(hours=1)).isoformat(),
                "end": meeting_end.isoformat(),
                "uid": f"uid-{conv_id}",
            }
        save_data(cipher, conv, data)
        conv.language = "en"
        session.add(conv)
        session.flush()
        _rows(session, cipher, conv_id, customer_id, hold_id, at, meeting_end, participant)
    return Thread(conv_id, hold_id)


def _rows(
    session: Session,
    cipher: Cipher,
    conv_id: str,
    customer_id: str,
    hold_id: str,
    at: datetime,
    meeting_end: datetime | None,
    participant: str,
) -> None:
    in_id, out_id = new_id(), new_id()

    def enc(table: str, row: str) -> bytes:
        raw = f"From: Someone <x@example.org>\r\nTo: {participant}\r\nSubject: Lunch\r\n\r\nhi"
        return cipher.encrypt(raw.encode(), table=table, column="raw", row_id=row)

    session.add(
        InboundMessage(
            id=in_id,
            conversation_id=conv_id,
            message_id_index=cipher.message_id_index(f"in-{conv_id}"),
            raw_enc=enc("inbound_message", in_id),
            size=20,
            status="done",
            received_at=at,
        )
    )
    session.add(
        Outbox(
            id=out_id,
            conversation_id=conv_id,
            dedupe_key=f"out-{conv_id}",
            purpose="proposal",
            message_id_index=cipher.message_id_index(f"out-{conv_id}"),
            raw_enc=enc("outbox", out_id),
            envelope_enc=enc("outbox", out_id),
            status="sent",
            created_at=at,
            sent_at=at,
        )
    )
    record_message(
        session, cipher, conversation_id=conv_id, message_id=f"in-{conv_id}", direction="in", now=at
    )
    end = meeting_end or at
    session.add(
        Hold(
            id=hold_id,
            customer_id=customer_id,
            conversation_id=conv_id,
            uid=f"hold-{hold_id}",
            starts_at=end - timedelta(hours=1),
            ends_at=end,
            expires_at=end,
            status="booked" if meeting_end else "released",
            placed=False,
            created_at=at,
            updated_at=at,
        )
    )
    session.add(Decision(id=new_id(), conversation_id=conv_id, action="propose", created_at=at))
    session.add(
        Escalation(
            id=new_id(),
            conversation_id=conv_id,
            reason="low_confidence",
            status="resolved",
            created_at=at,
            resolved_at=at,
        )
    )
    job_id = jobs.enqueue(session, "understand", now=at, conversation_id=conv_id)
    session.flush()
    job = session.get(models.Job, job_id)
    assert job is not None
    job.status = jobs.DONE


def counts(engine: Engine) -> dict[str, int]:
    """Rows per table, and conversations still holding their working data."""
    with transaction(engine) as session:
        found = {
            name: int(
                session.execute(
                    select(func.count()).select_from(SQLModel.metadata.tables[name])
                ).scalar_one()
            )
            for name in COUNTED
        }
        found["conversation.data"] = int(
            session.execute(
                select(func.count()).where(Conversation.data_enc.is_not(None))  # type: ignore[union-attr]
            ).scalar_one()
        )
    return found


def rows_of(engine: Engine, conv_id: str) -> dict[str, int]:
    """Rows left of one conversation, per table (and 1 if its data is still there)."""
    with transaction(engine) as session:
        out: dict[str, int] = {}
        for name in COUNTED[1:-1]:
            table = SQLModel.metadata.tables[name]
            out[name] = int(
                session.execute(
                    select(func.count())
                    .select_from(table)
                    .where(table.c.conversation_id == conv_id)
                ).scalar_one()
            )
        conv = session.get(Conversation, conv_id)
        out["conversation"] = 0 if conv is None else 1
        out["conversation.data"] = int(conv is not None and conv.data_enc is not None)
    return out
