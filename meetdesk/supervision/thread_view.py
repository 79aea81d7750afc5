"""The thread around an escalated message: what was said before, for the supervisor.

A supervisor deciding an answer ("Thursday works") needs the conversation's earlier
messages: what the customer asked, what the assistant proposed. Each is shown as who
sent it, when, and its new text only (quoted history and signature removed, as for the
escalated message itself), newest first. Messages the assistant sent are taken from the
outbox; nothing from another conversation is ever read.

The thread is one field of the escalation's record, with the categories of the stored
raw messages (inbound and outbox declare the same ones), so a scope that denies e-mail
content withholds the whole thread, never part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from meetdesk.assistant.new_text import new_text
from meetdesk.errors import CryptoError
from meetdesk.mail.parse import parse_message
from meetdesk.privacy.access import Item, item
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.models import InboundMessage, Outbox

IN, OUT = "in", "out"
# how many earlier messages are shown: enough to decide, not a mailbox
LIMIT = 20


@dataclass(frozen=True)
class ThreadEntry:
    """One earlier message: direction (``in`` / ``out``), sender, time and new text."""

    direction: str
    sender: str
    at: datetime
    text: str

    def to_json(self) -> dict[str, str]:
        return {
            "direction": self.direction,
            "from": self.sender,
            "at": self.at.isoformat(),
            "text": self.text,
        }


def thread_entries(
    session: Session, cipher: Cipher, conversation_id: str, *, exclude: str | None = None
) -> list[ThreadEntry]:
    """The conversation's messages but ``exclude`` (the escalated one), newest first."""
    entries: list[ThreadEntry] = []
    inbound = session.exec(
        select(InboundMessage).where(col(InboundMessage.conversation_id) == conversation_id)
    ).all()
    for msg in inbound:
        if msg.id == exclude:
            continue
        entry = _entry(cipher, IN, "inbound_message", msg.id, msg.raw_enc, msg.received_at)
        if entry is not None:
            entries.append(entry)
    sent = session.exec(select(Outbox).where(col(Outbox.conversation_id) == conversation_id)).all()
    for out in sent:
        at = out.sent_at or out.created_at
        entry = _entry(cipher, OUT, "outbox", out.id, out.raw_enc, at)
        if entry is not None:
            entries.append(entry)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:LIMIT]


def thread_item(
    session: Session, cipher: Cipher, conversation_id: str, *, exclude: str | None = None
) -> Item:
    """The thread as one field of a record, with the stored messages' categories."""
    entries = [
        e.to_json() for e in thread_entries(session, cipher, conversation_id, exclude=exclude)
    ]
    inbound = item("inbound_message", "raw_enc", None).categories
    outbox = item("outbox", "raw_enc", None).categories
    return Item(entries, tuple(dict.fromkeys(inbound + outbox)))


def _entry(
    cipher: Cipher, direction: str, table: str, row_id: str, raw_enc: bytes, at: datetime
) -> ThreadEntry | None:
    try:
        raw = cipher.decrypt(raw_enc, table=table, column="raw", row_id=row_id)
    except CryptoError:  # its key was destroyed: the message is gone for everyone
        return None
    parsed = parse_message(raw)
    sender = parsed.from_addr.formatted() if parsed.from_addr else ""
    # the time it reached (or left) us: a Date header is whatever the sender wrote
    return ThreadEntry(direction, sender, at, new_text(parsed.text))
