"""The tables. Personal data is only ever stored encrypted (``*_enc`` columns, AES-GCM
bound to table, column and row) or as a keyed hash (``*_index`` columns, for lookups).

Plain columns hold ids, states, counters, times and rule names: what the machinery needs
to schedule work and what an operator needs to see, never content or addresses.
Row ids are UUIDs made by the application so encryption can bind a value to its row
before the row is inserted.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel

from meetdesk.store.types import UTCDateTime


def new_id() -> str:
    return str(uuid.uuid4())


def _when(nullable: bool = False, index: bool = False) -> datetime:  # typed for the model
    return Field(sa_type=UTCDateTime, nullable=nullable, index=index)  # type: ignore[no-any-return]


def _blob(nullable: bool = False) -> bytes:
    return Field(sa_column=Column(LargeBinary, nullable=nullable))  # type: ignore[no-any-return]


class Customer(SQLModel, table=True):
    """A person the assistant works for, with how to reach their selected calendars."""

    __tablename__ = "customer"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    email_index: str = Field(max_length=64, unique=True)
    email_enc: bytes = _blob()
    name_enc: bytes = _blob()
    timezone: str = Field(max_length=64)
    calendar_kind: str = Field(max_length=16)  # the primary calendar's: "caldav" | "local"
    # JSON: {"calendars": [{kind, url, username, password} | {kind, path}, ...]}, first =
    # primary; rows from before several calendars hold one bare config of calendar_kind
    calendar_enc: bytes = _blob()
    created_at: datetime = _when()
    # JSON: the customer's own scheduling preferences (overrides of the config's defaults)
    preferences_enc: bytes | None = _blob(nullable=True)


class Conversation(SQLModel, table=True):
    """One scheduling thread: requested -> proposed -> booked, or escalated."""

    __tablename__ = "conversation"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    customer_id: str | None = Field(default=None, foreign_key="customer.id", max_length=36)
    state: str = Field(default="new", max_length=20, index=True)
    language: str | None = Field(default=None, max_length=8)
    data_enc: bytes | None = _blob(nullable=True)  # JSON: subject, people, proposals, booking
    event_uid: str | None = Field(default=None, max_length=200)
    created_at: datetime = _when()
    updated_at: datetime = _when()


class ThreadMessage(SQLModel, table=True):
    """Every Message-ID seen or sent in a conversation, for threading replies."""

    __tablename__ = "thread_message"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    conversation_id: str = Field(foreign_key="conversation.id", max_length=36, index=True)
    message_id_index: str = Field(max_length=64, unique=True)
    message_id_enc: bytes = _blob()
    direction: str = Field(max_length=8)  # "in" | "out"
    created_at: datetime = _when()


class InboundMessage(SQLModel, table=True):
    """A raw message as received, stored encrypted before it is acknowledged."""

    __tablename__ = "inbound_message"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    conversation_id: str = Field(foreign_key="conversation.id", max_length=36, index=True)
    message_id_index: str = Field(max_length=64, unique=True)
    raw_enc: bytes = _blob()
    size: int
    status: str = Field(default="queued", max_length=16)
    received_at: datetime = _when()


class Hold(SQLModel, table=True):
    """A proposed slot kept free for one conversation while the participants decide.

    The database, not the calendar, is the authority between concurrent requests: the
    propose stage reads every live hold of the customer under a lock on the customer row
    and adds its own in the same transaction, so two requests never offer the same time.
    The tentative event mirroring a hold in the customer's calendar (``uid``) is written
    and removed afterwards by the ``holds`` job. A booked hold stays until the meeting
    ends, so a booking that has not reached the calendar yet still blocks its time.
    """

    __tablename__ = "hold"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    customer_id: str = Field(foreign_key="customer.id", max_length=36, index=True)
    conversation_id: str = Field(foreign_key="conversation.id", max_length=36, index=True)
    uid: str = Field(max_length=200, unique=True)  # the tentative event's UID
    starts_at: datetime = _when()
    ends_at: datetime = _when()
    expires_at: datetime = _when()
    status: str = Field(default="held", max_length=16)  # held | booked | released
    placed: bool = False  # the tentative event is in the calendar
    created_at: datetime = _when()
    updated_at: datetime = _when()


class Outbox(SQLModel, table=True):
    """A message the assistant will send, complete with its Message-ID, before sending."""

    __tablename__ = "outbox"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    conversation_id: str | None = Field(default=None, foreign_key="conversation.id", max_length=36)
    dedupe_key: str = Field(max_length=200, unique=True)
    purpose: str = Field(max_length=32)
    message_id_index: str = Field(max_length=64)
    raw_enc: bytes = _blob()
    envelope_enc: bytes = _blob()  # JSON: sender, recipients
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _when()
    sent_at: datetime | None = _when(nullable=True)


class Job(SQLModel, table=True):
    """A unit of durable work, claimed with a lease; payloads hold ids only."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_claim", "status", "run_after"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    kind: str = Field(max_length=32)
    conversation_id: str | None = Field(default=None, max_length=36, index=True)
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    status: str = Field(default="queued", max_length=16)
    attempts: int = 0
    max_attempts: int = 6
    run_after: datetime = _when()
    lease_until: datetime | None = _when(nullable=True)
    worker: str | None = Field(default=None, max_length=100)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _when()
    updated_at: datetime = _when()


class Escalation(SQLModel, table=True):
    """Something the assistant would not decide alone; waits for a human."""

    __tablename__ = "escalation"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    conversation_id: str | None = Field(default=None, foreign_key="conversation.id", max_length=36)
    inbound_message_id: str | None = Field(default=None, max_length=36)
    job_id: str | None = Field(default=None, max_length=36)
    reason: str = Field(max_length=64)
    details: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # no content
    status: str = Field(default="open", max_length=16, index=True)
    created_at: datetime = _when()
    resolved_at: datetime | None = _when(nullable=True)


class Decision(SQLModel, table=True):
    """What the assistant decided for a message, and the named rules that led there."""

    __tablename__ = "decision"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    conversation_id: str = Field(foreign_key="conversation.id", max_length=36, index=True)
    inbound_message_id: str | None = Field(default=None, max_length=36)
    action: str = Field(max_length=32)
    rules: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    confidence: float | None = None
    created_at: datetime = _when()


class AuditEntry(SQLModel, table=True):
    """One link of the append-only, hash-chained audit trail (meetdesk.privacy.audit).

    Who (a role or processor id), what, which data categories and why; never content,
    addresses or names. The subject is a keyed-hash pseudonym, so erasing the person
    leaves every entry (and so the chain) intact. ``entry_hash`` covers these fields and
    ``prev_hash``: editing, deleting or reordering a row breaks the chain at that row.
    """

    __tablename__ = "audit_entry"
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = _when()
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    categories: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON list
    purpose: str = Field(max_length=64)
    subject: str | None = Field(default=None, max_length=64)
    customer_id: str | None = Field(default=None, max_length=36)
    conversation_id: str | None = Field(default=None, max_length=36)
    prev_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)


class AuditCheckpoint(SQLModel, table=True):
    """An Ed25519 signature over the chain's head (last sequence, its hash, the time)."""

    __tablename__ = "audit_checkpoint"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    seq: int
    entry_hash: str = Field(max_length=64)
    at: datetime = _when()
    signature: str = Field(max_length=128)  # hex of the 64-byte signature


__all__ = [
    "AuditCheckpoint",
    "AuditEntry",
    "Conversation",
    "Customer",
    "Decision",
    "Escalation",
    "Hold",
    "InboundMessage",
    "Job",
    "Outbox",
    "ThreadMessage",
    "new_id",
]
