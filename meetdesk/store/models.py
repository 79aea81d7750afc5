"""The tables. Personal data is only ever stored encrypted (``*_enc`` columns, AES-GCM
bound to table, column and row) or as a keyed hash (``*_index`` columns, for lookups).

Plain columns hold ids, states, counters, times and rule names: what the machinery needs
to schedule work and what an operator needs to see, never content or addresses.
Row ids are UUIDs made by the application so encryption can bind a value to its row
before the row is inserted.

Every column declares its data categories where it is defined (``operations()`` or
``personal(...)``, see ``meetdesk.privacy.declarations``): the record of processing is
generated from these declarations, and a test fails for any column without one.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel

from meetdesk.privacy.declarations import INSTALLATION_RECORD, operations, personal
from meetdesk.store.types import UTCDateTime


def new_id() -> str:
    return str(uuid.uuid4())


def _when(
    nullable: bool = False, index: bool = False, declared: dict[str, Any] | None = None
) -> datetime:  # typed for the model
    return Field(  # type: ignore[no-any-return]
        sa_type=UTCDateTime, nullable=nullable, index=index, sa_column_kwargs=declared or {}
    )


def _blob(nullable: bool = False, declared: dict[str, Any] | None = None) -> bytes:
    return Field(sa_column=Column(LargeBinary, nullable=nullable, **(declared or {})))  # type: ignore[no-any-return]


# A whole message, received or sent: everything a mail can hold about its people.
_RAW_MAIL = personal(
    "user.content.private.email_body",
    "user.content.private.email_subject",
    "user.contact.email",
    "user.contact.name",
    "user.unique_id.message_id",
    subjects=("customer", "participant"),
    purposes=("scheduling", "supervision"),
)


def _row_id() -> str:
    """The primary key: a UUID made by the application (see the module docstring)."""
    return Field(  # type: ignore[no-any-return]
        default_factory=new_id, primary_key=True, max_length=36, sa_column_kwargs=operations()
    )


def _conversation_ref() -> str:
    """The conversation a row belongs to (indexed: rows are read per conversation)."""
    return Field(  # type: ignore[no-any-return]
        foreign_key="conversation.id", max_length=36, index=True, sa_column_kwargs=operations()
    )


def _message_id_index() -> str:
    """The blind index of a Message-ID: threading without a readable Message-ID."""
    return Field(  # type: ignore[no-any-return]
        max_length=64,
        unique=True,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous", subjects=("customer", "participant")
        ),
    )


class Customer(SQLModel, table=True):
    """A person the assistant works for, with how to reach their selected calendars."""

    __tablename__ = "customer"
    id: str = _row_id()
    email_index: str = Field(
        max_length=64,
        unique=True,
        sa_column_kwargs=personal("user.unique_id.pseudonymous", subjects=("customer",)),
    )
    email_enc: bytes = _blob(
        declared=personal(
            "user.contact.email",
            subjects=("customer",),
            purposes=("scheduling", "support", "billing"),
        )
    )
    name_enc: bytes = _blob(
        declared=personal(
            "user.contact.name",
            subjects=("customer",),
            purposes=("scheduling", "support", "billing"),
        )
    )
    timezone: str = Field(
        max_length=64, sa_column_kwargs=personal("user.location.imprecise", subjects=("customer",))
    )
    # the primary calendar's: "caldav" | "local"
    calendar_kind: str = Field(max_length=16, sa_column_kwargs=operations())
    # JSON: {"calendars": [{kind, url, username, password} | {kind, path}, ...]}, first =
    # primary; rows from before several calendars hold one bare config of calendar_kind
    calendar_enc: bytes = _blob(
        declared=personal(
            subjects=("customer",),
            fields={
                "calendars.kind": ("system.operations",),
                "calendars.url": ("user.credentials",),
                "calendars.username": ("user.credentials",),
                "calendars.password": ("user.credentials",),
                "calendars.path": ("system.operations",),
            },
        )
    )
    created_at: datetime = _when(declared=operations())
    # JSON: the customer's own scheduling preferences (overrides of the config's defaults)
    preferences_enc: bytes | None = _blob(
        nullable=True,
        declared=personal(
            subjects=("customer",),
            fields={
                "working_hours": ("user.preferences",),
                "default_duration_minutes": ("user.preferences",),
                "kinds": ("user.preferences",),
                "preferred": ("user.preferences",),
                "min_notice_minutes": ("user.preferences",),
                "horizon_days": ("user.preferences",),
                "max_per_day": ("user.preferences",),
                "max_per_week": ("user.preferences",),
                "buffers": ("user.preferences",),
                "travel_minutes": ("user.preferences",),
                "addresses": ("user.location",),
                "default_address": ("user.location",),
                "share": ("user.contact.meeting_access",),
                "participant_hours": ("user.preferences",),
                "follow_up_days": ("user.preferences",),
                "follow_up_max": ("user.preferences",),
                "hold_hours": ("user.preferences",),
            },
        ),
    )


class Conversation(SQLModel, table=True):
    """One scheduling thread: requested -> proposed -> booked, or escalated."""

    __tablename__ = "conversation"
    id: str = _row_id()
    customer_id: str | None = Field(
        default=None, foreign_key="customer.id", max_length=36, sa_column_kwargs=operations()
    )
    state: str = Field(default="new", max_length=20, index=True, sa_column_kwargs=operations())
    language: str | None = Field(
        default=None,
        max_length=8,
        sa_column_kwargs=personal("user.preferences", subjects=("customer", "participant")),
    )
    # JSON: subject, people, proposals, booking
    data_enc: bytes | None = _blob(
        nullable=True,
        declared=personal(
            subjects=("customer", "participant"),
            purposes=("scheduling", "supervision"),
            document="meetdesk.store.conversations:ConversationData",
        ),
    )
    event_uid: str | None = Field(default=None, max_length=200, sa_column_kwargs=operations())
    created_at: datetime = _when(declared=operations())
    updated_at: datetime = _when(declared=operations())
    # set by the purge when it removes the working data: when the conversation closed,
    # so the retention of the rows left behind still counts from the right moment
    closed_at: datetime | None = _when(nullable=True, declared=operations())


class ThreadMessage(SQLModel, table=True):
    """Every Message-ID seen or sent in a conversation, for threading replies."""

    __tablename__ = "thread_message"
    id: str = _row_id()
    conversation_id: str = _conversation_ref()
    message_id_index: str = _message_id_index()
    message_id_enc: bytes = _blob(
        declared=personal("user.unique_id.message_id", subjects=("customer", "participant"))
    )
    direction: str = Field(max_length=8, sa_column_kwargs=operations())  # "in" | "out"
    created_at: datetime = _when(declared=operations())


class InboundMessage(SQLModel, table=True):
    """A raw message as received, stored encrypted before it is acknowledged."""

    __tablename__ = "inbound_message"
    id: str = _row_id()
    conversation_id: str = _conversation_ref()
    message_id_index: str = _message_id_index()
    raw_enc: bytes = _blob(declared=_RAW_MAIL)
    size: int = Field(sa_column_kwargs=operations())
    status: str = Field(default="queued", max_length=16, sa_column_kwargs=operations())
    received_at: datetime = _when(declared=operations())


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
    id: str = _row_id()
    customer_id: str = Field(
        foreign_key="customer.id", max_length=36, index=True, sa_column_kwargs=operations()
    )
    conversation_id: str = _conversation_ref()
    # the tentative event's UID
    uid: str = Field(max_length=200, unique=True, sa_column_kwargs=operations())
    starts_at: datetime = _when(
        declared=personal("user.content.private.calendar", subjects=("customer",))
    )
    ends_at: datetime = _when(
        declared=personal("user.content.private.calendar", subjects=("customer",))
    )
    expires_at: datetime = _when(declared=operations())
    # held | booked | released
    status: str = Field(default="held", max_length=16, sa_column_kwargs=operations())
    # the tentative event is in the calendar
    placed: bool = Field(default=False, sa_column_kwargs=operations())
    created_at: datetime = _when(declared=operations())
    updated_at: datetime = _when(declared=operations())


class Outbox(SQLModel, table=True):
    """A message the assistant will send, complete with its Message-ID, before sending."""

    __tablename__ = "outbox"
    id: str = _row_id()
    conversation_id: str | None = Field(
        default=None, foreign_key="conversation.id", max_length=36, sa_column_kwargs=operations()
    )
    dedupe_key: str = Field(max_length=200, unique=True, sa_column_kwargs=operations())
    purpose: str = Field(max_length=32, sa_column_kwargs=operations())
    message_id_index: str = Field(
        max_length=64,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous", subjects=("customer", "participant")
        ),
    )
    raw_enc: bytes = _blob(declared=_RAW_MAIL)
    # JSON: sender, recipients
    envelope_enc: bytes = _blob(
        declared=personal(
            "user.contact.email",
            subjects=("customer", "participant"),
            fields={"sender": ("user.contact.email",), "recipients": ("user.contact.email",)},
        )
    )
    status: str = Field(default="pending", max_length=16, index=True, sa_column_kwargs=operations())
    attempts: int = Field(default=0, sa_column_kwargs=operations())
    last_error: str | None = Field(
        default=None, sa_column=Column(Text, nullable=True, **operations())
    )
    created_at: datetime = _when(declared=operations())
    sent_at: datetime | None = _when(nullable=True, declared=operations())


class Job(SQLModel, table=True):
    """A unit of durable work, claimed with a lease; payloads hold ids only."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_claim", "status", "run_after"),)
    id: str = _row_id()
    kind: str = Field(max_length=32, sa_column_kwargs=operations())
    conversation_id: str | None = Field(
        default=None, max_length=36, index=True, sa_column_kwargs=operations()
    )
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False, **operations()))
    dedupe_key: str | None = Field(
        default=None, max_length=200, unique=True, sa_column_kwargs=operations()
    )
    status: str = Field(default="queued", max_length=16, sa_column_kwargs=operations())
    attempts: int = Field(default=0, sa_column_kwargs=operations())
    max_attempts: int = Field(default=6, sa_column_kwargs=operations())
    run_after: datetime = _when(declared=operations())
    lease_until: datetime | None = _when(nullable=True, declared=operations())
    worker: str | None = Field(default=None, max_length=100, sa_column_kwargs=operations())
    last_error: str | None = Field(
        default=None, sa_column=Column(Text, nullable=True, **operations())
    )
    created_at: datetime = _when(declared=operations())
    updated_at: datetime = _when(declared=operations())


def _default_due(context: Any) -> datetime:
    """Four hours after opening: the built-in ``[supervision] sla_minutes``."""
    opened: datetime = context.get_current_parameters()["created_at"]
    return opened + timedelta(minutes=240)


class Escalation(SQLModel, table=True):
    """Something the assistant would not decide alone; waits for a human."""

    __tablename__ = "escalation"
    id: str = _row_id()
    conversation_id: str | None = Field(
        default=None, foreign_key="conversation.id", max_length=36, sa_column_kwargs=operations()
    )
    inbound_message_id: str | None = Field(
        default=None, max_length=36, sa_column_kwargs=operations()
    )
    job_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    reason: str = Field(max_length=64, sa_column_kwargs=operations())
    # no content
    details: str = Field(default="{}", sa_column=Column(Text, nullable=False, **operations()))
    status: str = Field(default="open", max_length=16, index=True, sa_column_kwargs=operations())
    created_at: datetime = _when(declared=operations())
    resolved_at: datetime | None = _when(nullable=True, declared=operations())
    # the queue (meetdesk.supervision.queue): a reason family, priority and due time
    kind: str = Field(default="other", max_length=32, sa_column_kwargs=operations())
    priority: str = Field(default="normal", max_length=8, sa_column_kwargs=operations())
    # a row written without one (not through escalate()) is due by the built-in SLA
    due_at: datetime = _when(index=True, declared={**operations(), "default": _default_due})
    claimed_by: str | None = Field(  # a supervisor's handle, like a processor id
        default=None, max_length=64, sa_column_kwargs=operations()
    )
    claimed_at: datetime | None = _when(nullable=True, declared=operations())
    lease_until: datetime | None = _when(nullable=True, declared=operations())
    resolution: str | None = Field(default=None, max_length=32, sa_column_kwargs=operations())
    closed_by: str | None = Field(default=None, max_length=64, sa_column_kwargs=operations())
    discarded_at: datetime | None = _when(nullable=True, declared=operations())
    alerted_at: datetime | None = _when(nullable=True, declared=operations())
    # supervisor actions (meetdesk.supervision.actions): the conversation's state when it
    # was escalated, which it resumes from, and the action that closed the escalation
    resume_state: str | None = Field(default=None, max_length=20, sa_column_kwargs=operations())
    action: str | None = Field(default=None, max_length=32, sa_column_kwargs=operations())
    note_enc: bytes | None = _blob(
        nullable=True,
        declared=personal(
            "user.content.private.supervision_note",
            subjects=("customer", "participant"),
            purposes=("supervision",),
        ),
    )


class Decision(SQLModel, table=True):
    """What the assistant decided for a message, and the named rules that led there."""

    __tablename__ = "decision"
    id: str = _row_id()
    conversation_id: str = _conversation_ref()
    inbound_message_id: str | None = Field(
        default=None, max_length=36, sa_column_kwargs=operations()
    )
    action: str = Field(max_length=32, sa_column_kwargs=operations())
    rules: str = Field(default="[]", sa_column=Column(Text, nullable=False, **operations()))
    confidence: float | None = Field(default=None, sa_column_kwargs=operations())
    created_at: datetime = _when(declared=operations())


class AuditEntry(SQLModel, table=True):
    """One link of the append-only, hash-chained audit trail (meetdesk.privacy.audit).

    Who (a role or processor id), what, which data categories and why; never content,
    addresses or names. The subject is a keyed-hash pseudonym, so erasing the person
    leaves every entry (and so the chain) intact. ``entry_hash`` covers these fields and
    ``prev_hash``: editing, deleting or reordering a row breaks the chain at that row.
    """

    __tablename__ = "audit_entry"
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False, **operations()})
    at: datetime = _when(declared=operations())
    actor: str = Field(max_length=64, sa_column_kwargs=operations())  # a role or processor id
    action: str = Field(max_length=64, sa_column_kwargs=operations())
    categories: str = Field(  # JSON list of category keys
        default="[]", sa_column=Column(Text, nullable=False, **operations())
    )
    purpose: str = Field(max_length=64, sa_column_kwargs=operations())
    subject: str | None = Field(
        default=None,
        max_length=64,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous",
            subjects=("customer", "participant"),
            purposes=("security",),
        ),
    )
    customer_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    conversation_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    prev_hash: str = Field(max_length=64, sa_column_kwargs=operations())
    entry_hash: str = Field(max_length=64, sa_column_kwargs=operations())


class AuditCheckpoint(SQLModel, table=True):
    """An Ed25519 signature over the chain's head (last sequence, its hash, the time)."""

    __tablename__ = "audit_checkpoint"
    id: str = _row_id()
    seq: int = Field(sa_column_kwargs=operations())
    entry_hash: str = Field(max_length=64, sa_column_kwargs=operations())
    at: datetime = _when(declared=operations())
    signature: str = Field(max_length=128, sa_column_kwargs=operations())  # hex, 64 bytes


class LegalHold(SQLModel, table=True):
    """A legal hold (meetdesk.privacy.legal_holds): while active, the purge keeps every
    row of its customer, or of every conversation its subject takes part in. Not the
    calendar ``hold`` table. Released, never deleted, so the record of why data outlived
    its retention stays."""

    __tablename__ = "legal_hold"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    # no foreign key: erasing the customer must stay possible once the hold is released
    customer_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    # the held data subject's address index (Cipher.address_index), or none
    subject_index: str | None = Field(
        default=None,
        max_length=64,
        index=True,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous",
            subjects=("customer", "participant"),
            purposes=("legal_claims",),
        ),
    )
    reason_enc: bytes = _blob(
        declared=personal(
            "user.content.private.legal_hold",
            subjects=("customer", "participant"),
            purposes=("legal_claims",),
        )
    )
    placed_by: str = Field(max_length=64, sa_column_kwargs=operations())  # a role
    placed_at: datetime = _when(declared=operations())
    released_by: str | None = Field(default=None, max_length=64, sa_column_kwargs=operations())
    released_at: datetime | None = _when(nullable=True, declared=operations())


class PurgeRecord(SQLModel, table=True):
    """What one purge pass removed from one table under one rule: counts, never content."""

    __tablename__ = "purge_record"
    id: str = _row_id()
    pass_id: str = Field(max_length=36, index=True, sa_column_kwargs=operations())
    at: datetime = _when(index=True, declared=operations())
    category: str = Field(max_length=64, sa_column_kwargs=operations())
    table_name: str = Field(max_length=64, sa_column_kwargs=operations())
    count: int = Field(sa_column_kwargs=operations())
    # the rule that expired, e.g. "user.content.private.email_body: 90 days from closed"
    rule: str = Field(max_length=200, sa_column_kwargs=operations())
    customer_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())


class SubjectRequest(SQLModel, table=True):
    """A data-subject request (GDPR art. 15-22) and its deadline (art. 12(3)).

    The subject is found by the blind index of their address; the address itself is kept
    encrypted to answer them. ``summary`` says what was done in counts and codes, never
    content. Rows carry no foreign keys: erasing a customer's conversations must leave
    the record of the request that erased them.
    """

    __tablename__ = "subject_request"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    # access | portability | rectification | erasure | restriction | objection |
    # consent_withdrawal
    kind: str = Field(max_length=24, sa_column_kwargs=operations())
    subject_index: str = Field(
        max_length=64,
        index=True,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous",
            subjects=("customer", "participant"),
            purposes=("subject_rights",),
        ),
    )
    subject_enc: bytes = _blob(
        declared=personal(
            "user.contact.email",
            subjects=("customer", "participant"),
            purposes=("subject_rights",),
        )
    )
    channel: str = Field(max_length=8, sa_column_kwargs=operations())  # email | cli | api
    # received | verified | done | refused
    state: str = Field(default="received", max_length=16, index=True, sa_column_kwargs=operations())
    received_at: datetime = _when(declared=operations())
    due_at: datetime = _when(declared=operations())
    extended_due_at: datetime | None = _when(nullable=True, declared=operations())
    # dkim | code | admin, once verified
    verification: str | None = Field(default=None, max_length=8, sa_column_kwargs=operations())
    verified_at: datetime | None = _when(nullable=True, declared=operations())
    # a keyed hash of the one-time code sent to the subject, never the code itself
    code_hash: str | None = Field(default=None, max_length=64, sa_column_kwargs=operations())
    code_expires_at: datetime | None = _when(nullable=True, declared=operations())
    code_attempts: int = Field(default=0, sa_column_kwargs=operations())
    # the thread it arrived in (to answer there), and the customer it concerns, if any
    conversation_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    customer_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    # JSON: the operator's words for an extension or a refusal (may name anyone: encrypted)
    notes_enc: bytes | None = _blob(
        nullable=True,
        declared=personal(
            subjects=("customer", "participant"),
            purposes=("subject_rights",),
            fields={
                "extension_reason": ("user.content.private.subject_request",),
                "refusal_reason": ("user.content.private.subject_request",),
            },
        ),
    )
    # JSON: what was done, as counts and codes (messages removed, exceptions such as a
    # legal hold, recipients to notify under art. 19 as a count)
    summary: str = Field(default="{}", sa_column=Column(Text, nullable=False, **operations()))
    closed_at: datetime | None = _when(nullable=True, declared=operations())


class Suppression(SQLModel, table=True):
    """An address the assistant must never write to again (objection, consent withdrawn).

    Only the blind index is kept: enough for the outbound path to recognise the address,
    nothing to read it back.
    """

    __tablename__ = "suppression"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    address_index: str = Field(
        max_length=64,
        unique=True,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous",
            subjects=("customer", "participant"),
            purposes=("subject_rights",),
        ),
    )
    reason: str = Field(max_length=24, sa_column_kwargs=operations())
    request_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    created_at: datetime = _when(declared=operations())


# Free text about a breach may name anyone it touched: kept encrypted, read for security.
_INCIDENT_NOTES = personal(
    "user.content.private.incident",
    subjects=("customer", "participant", "staff"),
    purposes=("security",),
)


class Incident(SQLModel, table=True):
    """A personal-data breach in the register (GDPR art. 33(5); meetdesk.privacy.incidents).

    The 72 hours to notify run from ``aware_at``; the exposure window and the actors
    concerned select the audit entries that give the incident's reach.
    """

    __tablename__ = "incident"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    title_enc: bytes = _blob(declared=_INCIDENT_NOTES)
    description_enc: bytes | None = _blob(nullable=True, declared=_INCIDENT_NOTES)
    aware_at: datetime = _when(declared=operations())
    window_start: datetime = _when(declared=operations())
    window_end: datetime = _when(declared=operations())
    # JSON list of audit actor ids (roles or processor ids); empty: every actor
    actors: str = Field(default="[]", sa_column=Column(Text, nullable=False, **operations()))
    # unassessed | low | medium | high
    severity: str = Field(default="unassessed", max_length=16, sa_column_kwargs=operations())
    # open | closed
    status: str = Field(default="open", max_length=16, index=True, sa_column_kwargs=operations())
    summary_enc: bytes | None = _blob(nullable=True, declared=_INCIDENT_NOTES)
    opened_at: datetime = _when(declared=operations())
    closed_at: datetime | None = _when(nullable=True, declared=operations())


class IncidentNotification(SQLModel, table=True):
    """Who was told of an incident, when, by whom and how (GDPR art. 33 and 34)."""

    __tablename__ = "incident_notification"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    incident_id: str = Field(
        foreign_key="incident.id", max_length=36, index=True, sa_column_kwargs=operations()
    )
    # authority | customer | subjects
    recipient_kind: str = Field(max_length=16, sa_column_kwargs=operations())
    # the customer's address, for recipient_kind "customer"
    recipient_enc: bytes | None = _blob(
        nullable=True,
        declared=personal("user.contact.email", subjects=("customer",), purposes=("security",)),
    )
    notified_at: datetime = _when(declared=operations())
    by_enc: bytes = _blob(
        declared=personal("user.contact.name", subjects=("staff",), purposes=("security",))
    )
    # email | portal | letter | phone | other
    method: str = Field(max_length=16, sa_column_kwargs=operations())
    recorded_at: datetime = _when(declared=operations())


class SubjectRestriction(SQLModel, table=True):
    """A data subject whose data is kept but not processed (GDPR art. 18;
    meetdesk.privacy.restrictions). Lifted, never deleted, so the record stays."""

    __tablename__ = "subject_restriction"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    # the subject's address index (Cipher.address_index)
    subject_index: str = Field(
        max_length=64,
        index=True,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous",
            subjects=("customer", "participant"),
            purposes=("scheduling", "supervision", "support"),
        ),
    )
    # a code or reference (art18.accuracy, dsr:ID), never free text
    reason: str = Field(max_length=64, sa_column_kwargs=operations())
    placed_by: str = Field(max_length=64, sa_column_kwargs=operations())  # a role
    placed_at: datetime = _when(declared=operations())
    lifted_by: str | None = Field(default=None, max_length=64, sa_column_kwargs=operations())
    lifted_at: datetime | None = _when(nullable=True, declared=operations())


class RecipientEntry(SQLModel, table=True):
    """Who received which categories of a subject's data (GDPR art. 19 and 15(1)(c);
    meetdesk.privacy.ledger): a processor reading through the access function, or a
    participant or customer receiving a message."""

    __tablename__ = "recipient_entry"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    # the subject's address index (Cipher.address_index)
    subject_index: str = Field(
        max_length=64,
        index=True,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous",
            subjects=("customer", "participant"),
            purposes=("support", "security"),
        ),
    )
    # processor | participant | customer
    recipient_kind: str = Field(max_length=16, sa_column_kwargs=operations())
    # the processor's id from the config, for recipient_kind "processor"
    processor_id: str | None = Field(default=None, max_length=64, sa_column_kwargs=operations())
    # a participant's or customer's address, and its index
    recipient_enc: bytes | None = _blob(
        nullable=True,
        declared=personal(
            "user.contact.email",
            subjects=("customer", "participant"),
            purposes=("support", "security"),
        ),
    )
    recipient_index: str | None = Field(
        default=None,
        max_length=64,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous",
            subjects=("customer", "participant"),
            purposes=("support", "security"),
        ),
    )
    # JSON list of category keys received
    categories: str = Field(default="[]", sa_column=Column(Text, nullable=False, **operations()))
    purpose: str = Field(max_length=32, sa_column_kwargs=operations())
    # what carried it: an audit action (read.customers) or an outbox purpose (mail.proposal)
    source: str = Field(max_length=64, sa_column_kwargs=operations())
    customer_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    conversation_id: str | None = Field(default=None, max_length=36, sa_column_kwargs=operations())
    at: datetime = _when(declared=operations())


class DataKey(SQLModel, table=True):
    """A data key (meetdesk.privacy.keyring): random AES-256 key material, stored only
    wrapped by a master key that is never kept in the database.

    ``use`` is "data" (a customer's values, or the installation's when ``owner`` is
    null), "index" (the blind-index key) or "legacy" (the key values written before
    data keys existed are sealed with). A destroyed key has no ``wrapped_key`` left:
    whatever it sealed can no longer be read, from this database or any copy of it.
    """

    __tablename__ = "data_key"
    id: str = _row_id()
    owner: str | None = Field(  # a customer id; null for the installation's own keys
        default=None, max_length=36, index=True, sa_column_kwargs=operations()
    )
    use: str = Field(max_length=8, sa_column_kwargs=operations())
    master_id: str = Field(max_length=64, sa_column_kwargs=operations())
    wrapped_key: bytes | None = _blob(nullable=True, declared=operations())
    # active | retired | destroyed
    state: str = Field(default="active", max_length=16, sa_column_kwargs=operations())
    created_at: datetime = _when(declared=operations())
    retired_at: datetime | None = _when(nullable=True, declared=operations())
    destroyed_at: datetime | None = _when(nullable=True, declared=operations())


_STAFF_CREDENTIAL = personal("user.credentials", subjects=("staff",), purposes=("security",))


class Account(SQLModel, table=True):
    """A person who signs in to the console or the API (meetdesk.accounts): a role and,
    for any role but admin, the processor whose scope the person reads under."""

    __tablename__ = "account"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    # the casefolded user name's blind index: unique whatever the case
    username_index: str = Field(max_length=64, unique=True, sa_column_kwargs=_STAFF_CREDENTIAL)
    username_enc: bytes = _blob(declared=_STAFF_CREDENTIAL)
    email_enc: bytes | None = _blob(
        nullable=True,
        declared=personal("user.contact.email", subjects=("staff",), purposes=("security",)),
    )
    email_index: str | None = Field(
        default=None,
        max_length=64,
        index=True,
        sa_column_kwargs=personal(
            "user.unique_id.pseudonymous", subjects=("staff",), purposes=("security",)
        ),
    )
    # supervisor | quality_reviewer | support | admin
    role: str = Field(max_length=32, sa_column_kwargs=operations())
    processor_id: str | None = Field(default=None, max_length=64, sa_column_kwargs=operations())
    # the argon2id hash string (parameters included), sealed under the installation key
    password_enc: bytes = _blob(declared=_STAFF_CREDENTIAL)
    disabled: bool = Field(default=False, sa_column_kwargs=operations())
    failed_logins: int = Field(default=0, sa_column_kwargs=operations())
    last_failure_at: datetime | None = _when(nullable=True, declared=operations())
    locked_until: datetime | None = _when(nullable=True, declared=operations())
    last_login_at: datetime | None = _when(nullable=True, declared=operations())
    created_at: datetime = _when(declared=operations())


class ApiToken(SQLModel, table=True):
    """A named API token for scripts: only the SHA-256 of the secret is kept."""

    __tablename__ = "api_token"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    account_id: str = Field(
        foreign_key="account.id", max_length=36, index=True, sa_column_kwargs=operations()
    )
    name: str = Field(max_length=64, sa_column_kwargs=operations())
    token_index: str = Field(max_length=64, unique=True, sa_column_kwargs=_STAFF_CREDENTIAL)
    created_at: datetime = _when(declared=operations())
    expires_at: datetime = _when(declared=operations())
    last_used_at: datetime | None = _when(nullable=True, declared=operations())
    revoked_at: datetime | None = _when(nullable=True, declared=operations())


class ConsoleSession(SQLModel, table=True):
    """A signed-in web console session: only the SHA-256 of its random id is kept."""

    __tablename__ = "console_session"
    __table_args__ = INSTALLATION_RECORD
    id: str = _row_id()
    account_id: str = Field(
        foreign_key="account.id", max_length=36, index=True, sa_column_kwargs=operations()
    )
    session_index: str = Field(max_length=64, unique=True, sa_column_kwargs=_STAFF_CREDENTIAL)
    # the session's CSRF secret, sealed; the token a form carries is derived from it
    csrf_enc: bytes = _blob(declared=_STAFF_CREDENTIAL)
    created_at: datetime = _when(declared=operations())
    last_seen_at: datetime = _when(declared=operations())
    revoked_at: datetime | None = _when(nullable=True, declared=operations())


class QualitySample(SQLModel, table=True):
    """An automatic decision sampled for quality review (meetdesk.supervision.quality):
    what was decided on, pseudonymised when taken, sealed under the customer's key like
    its conversation, and the reviewer's grade."""

    __tablename__ = "quality_sample"
    id: str = _row_id()
    decision_id: str = Field(max_length=36, unique=True, sa_column_kwargs=operations())
    conversation_id: str = _conversation_ref()
    customer_id: str | None = Field(
        default=None, max_length=36, index=True, sa_column_kwargs=operations()
    )
    action: str = Field(max_length=32, sa_column_kwargs=operations())
    rules: str = Field(default="[]", sa_column=Column(Text, nullable=False, **operations()))
    confidence: float | None = Field(default=None, sa_column_kwargs=operations())
    # JSON: the new text, subject and people, names and addresses replaced by pseudonyms
    sample_enc: bytes = _blob(
        declared=personal(
            subjects=("customer", "participant"),
            purposes=("quality_review",),
            document="meetdesk.supervision.quality_sample:SampleDocument",
        )
    )
    decided_at: datetime = _when(declared=operations())
    sampled_at: datetime = _when(declared=operations())
    # right | wrong, with a reason code for wrong (meetdesk.supervision.quality.REASONS)
    grade: str | None = Field(default=None, max_length=8, index=True, sa_column_kwargs=operations())
    reason: str | None = Field(default=None, max_length=32, sa_column_kwargs=operations())
    # the reviewer's optional note: free text about the message
    note_enc: bytes | None = _blob(
        nullable=True,
        declared=personal(
            "user.content.private.email_body",
            subjects=("customer", "participant"),
            purposes=("quality_review",),
        ),
    )
    graded_by: str | None = Field(default=None, max_length=64, sa_column_kwargs=operations())
    graded_at: datetime | None = _when(nullable=True, declared=operations())


__all__ = [
    "Account",
    "ApiToken",
    "AuditCheckpoint",
    "AuditEntry",
    "ConsoleSession",
    "Conversation",
    "Customer",
    "DataKey",
    "Decision",
    "Escalation",
    "Hold",
    "InboundMessage",
    "Incident",
    "IncidentNotification",
    "Job",
    "LegalHold",
    "Outbox",
    "PurgeRecord",
    "RecipientEntry",
    "SubjectRestriction",
    "ThreadMessage",
    "new_id",
]
