"""Conversations and threading.

A conversation's working data (subject, people, proposals, booking) is one encrypted
JSON document: it is only ever read whole by the step handling the conversation, and
keeping it in one value keeps every personal detail under encryption without a column
per field. Threading goes through ``thread_message``: the blind index of every
Message-ID seen or sent, so a reply finds its conversation through In-Reply-To or
References without the database holding a readable Message-ID.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from sqlmodel import Session, col, select

from meetdesk.calendar.base import Interval
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.models import Conversation, ThreadMessage, new_id


@dataclass
class Person:
    email: str
    name: str = ""
    role: str = "required"  # required | optional | informed | customer

    @property
    def display(self) -> str:
        return self.name or self.email.split("@", 1)[0]


@dataclass
class MessageRef:
    """What a reply to a message needs: its Message-ID and its References."""

    message_id: str
    references: list[str] = field(default_factory=list)

    def thread(self) -> tuple[str, list[str]]:
        """(In-Reply-To, References) for a reply to this message."""
        refs = [r for r in self.references if r != self.message_id] + [self.message_id]
        return self.message_id, refs


@dataclass
class ConversationData:
    subject: str = ""
    language: str = "en"
    participants: list[Person] = field(default_factory=list)
    duration_minutes: int = 30
    kind: str | None = None
    windows: list[list[str]] = field(default_factory=list)  # ISO start, end: may take place
    exclusions: list[list[str]] = field(default_factory=list)  # ISO start, end: must not
    location: str | None = None
    location_kind: str | None = None  # how the location was given: address, place, video ...
    zones: dict[str, str] = field(default_factory=dict)  # participant email -> known zone
    asap: bool = False  # the request asked for the earliest time
    proposals: list[list[str]] = field(default_factory=list)  # ISO start, end
    rounds: int = 0  # how many times we have proposed
    follow_ups: int = 0  # reminders sent to silent participants in this round
    reproposal: str | None = None  # why the next proposal is not the first: taken | counter ...
    answers: dict[str, int] = field(default_factory=dict)  # participant email -> chosen index
    chosen: int | None = None  # index into proposals
    request: MessageRef | None = None
    last_inbound: MessageRef | None = None
    booking: dict[str, Any] | None = None
    partstats: dict[str, str] = field(default_factory=dict)  # attendee email -> PARTSTAT
    # ISO start, end: the times a supervisor chose; the next proposal offers exactly
    # those still free (meetdesk.flow.propose), then clears them
    chosen_slots: list[list[str]] = field(default_factory=list)

    # The data categories of each field above, for the data map (the document is stored
    # encrypted in conversation.data_enc); a test fails if a field is missing here.
    PRIVACY: ClassVar[dict[str, tuple[str, ...]]] = {
        "subject": ("user.content.private.email_subject",),
        "language": ("user.preferences",),
        "participants": ("user.contact.email", "user.contact.name"),
        "duration_minutes": ("user.content.private.calendar",),
        "kind": ("user.content.private.calendar",),
        "windows": ("user.content.private.calendar",),
        "exclusions": ("user.content.private.calendar",),
        "location": ("user.location",),
        "location_kind": ("user.location",),
        "zones": ("user.contact.email", "user.location.imprecise"),
        "asap": ("user.content.private.calendar",),
        "proposals": ("user.content.private.calendar",),
        "rounds": ("system.operations",),
        "follow_ups": ("system.operations",),
        "reproposal": ("system.operations",),
        "answers": ("user.contact.email", "user.content.private.calendar"),
        "chosen": ("user.content.private.calendar",),
        "request": ("user.unique_id.message_id",),
        "last_inbound": ("user.unique_id.message_id",),
        "booking": ("user.content.private.calendar", "user.location"),
        "partstats": ("user.contact.email", "user.content.private.calendar"),
        "chosen_slots": ("user.content.private.calendar",),
    }

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationData:
        data = dict(data)
        legacy_window = data.pop("window", None)  # written by the first version: one window
        if legacy_window and not data.get("windows"):
            data["windows"] = [legacy_window]
        data["participants"] = [Person(**p) for p in data.get("participants", [])]
        for key in ("request", "last_inbound"):
            if data.get(key) is not None:
                data[key] = MessageRef(**data[key])
        return cls(**data)


def to_pairs(intervals: Iterable[Interval]) -> list[list[str]]:
    """Intervals in the stored form of the conversation data: ISO start, end pairs."""
    return [[i.start.isoformat(), i.end.isoformat()] for i in intervals]


def from_pairs(pairs: Iterable[Sequence[str]]) -> list[Interval]:
    """The intervals of stored ISO start, end pairs."""
    return [Interval(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in pairs]


def load_data(cipher: Cipher, conv: Conversation) -> ConversationData:
    if conv.data_enc is None:
        return ConversationData()
    raw = cipher.decrypt_json(conv.data_enc, table="conversation", column="data", row_id=conv.id)
    return ConversationData.from_json(raw)


def save_data(cipher: Cipher, conv: Conversation, data: ConversationData) -> None:
    conv.data_enc = cipher.encrypt_json(
        data.to_json(),
        table="conversation",
        column="data",
        row_id=conv.id,
        owner=conv.customer_id,
    )


def find_thread(session: Session, cipher: Cipher, message_ids: list[str]) -> str | None:
    """The conversation any of these Message-IDs belongs to (first match wins)."""
    for message_id in message_ids:
        row = session.exec(
            select(ThreadMessage.conversation_id).where(
                col(ThreadMessage.message_id_index) == cipher.message_id_index(message_id)
            )
        ).first()
        if row is not None:
            return str(row)
    return None


def find_meeting(session: Session, uids: Iterable[str]) -> str | None:
    """The conversation that booked a meeting with one of these event UIDs (ours are
    opaque hashes under the assistant's domain, so a stranger cannot guess one)."""
    for uid in uids:
        row = session.exec(
            select(Conversation.id).where(col(Conversation.event_uid) == uid)
        ).first()
        if row is not None:
            return str(row)
    return None


def known_message(session: Session, cipher: Cipher, message_id: str) -> ThreadMessage | None:
    return session.exec(
        select(ThreadMessage).where(
            col(ThreadMessage.message_id_index) == cipher.message_id_index(message_id)
        )
    ).first()


def record_message(
    session: Session,
    cipher: Cipher,
    *,
    conversation_id: str,
    message_id: str,
    direction: str,
    now: datetime,
) -> None:
    """Remember a Message-ID as part of a conversation (idempotent)."""
    if known_message(session, cipher, message_id) is not None:
        return
    conversation = session.get(Conversation, conversation_id)
    owner = conversation.customer_id if conversation is not None else None
    row_id = new_id()
    session.add(
        ThreadMessage(
            id=row_id,
            conversation_id=conversation_id,
            message_id_index=cipher.message_id_index(message_id),
            message_id_enc=cipher.encrypt_text(
                message_id,
                table="thread_message",
                column="message_id",
                row_id=row_id,
                owner=owner,
            ),
            direction=direction,
            created_at=now,
        )
    )


def new_conversation(session: Session, *, now: datetime) -> Conversation:
    conv = Conversation(id=new_id(), state="new", created_at=now, updated_at=now)
    session.add(conv)
    return conv
