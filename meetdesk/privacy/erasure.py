"""Erasure (art. 17): removing a person's data, with the exceptions the law allows.

A participant: the messages they sent are deleted, the messages sent to them lose their
address (or are deleted when they were the only recipient), and their entries in each
conversation document (participant, answer, zone, calendar reply) are removed; the
conversation itself stays, for the customer. A negotiation still in progress with them is
withdrawn first: the customer is told a human must take over (``withdraw``). The
conversation's quality samples are deleted too: pseudonymised, they still hold the
participant's words.

A customer: every conversation of theirs with its messages, outbox, holds, jobs,
decisions and escalations is deleted, then the customer row, then their data keys are
destroyed (crypto-shredding), so even a backup taken earlier cannot be read for them.

Exceptions are recorded, never silent: data under an active legal hold (art. 17(3)(e))
stays, and the result names what was kept and why. The request record, the audit trail
(pseudonymous) and the recipient ledger stay: they are the proof that the request was
answered and the list of whom to tell (art. 19).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.utils import getaddresses
from typing import Any

from sqlmodel import Session, col, delete

from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.privacy.ledger import recipients_of
from meetdesk.privacy.legal_holds import active_hold
from meetdesk.privacy.subject_data import Found, SubjectData, find_subject
from meetdesk.store.conversations import save_data
from meetdesk.store.models import (
    Conversation,
    Customer,
    Decision,
    Escalation,
    Hold,
    InboundMessage,
    Job,
    Outbox,
    QualitySample,
    ThreadMessage,
)

# Hands a conversation still in progress to a human; True if it did.
Withdraw = Callable[[Session, Conversation], bool]
Shred = Callable[[Session, str], list[str]]


@dataclass
class Erased:
    """What an erasure did, in counts and codes (the request's summary)."""

    roles: list[str]
    messages_deleted: int = 0
    messages_redacted: int = 0
    conversations_updated: int = 0
    conversations_deleted: int = 0
    handed_over: int = 0
    keys_destroyed: int = 0
    customer_deleted: bool = False
    exceptions: list[dict[str, str]] = field(default_factory=list)
    # who received the subject's data and must be told (art. 19): kind and recipient
    notify: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "roles": self.roles,
            "messages_deleted": self.messages_deleted,
            "messages_redacted": self.messages_redacted,
            "conversations_updated": self.conversations_updated,
            "conversations_deleted": self.conversations_deleted,
            "handed_over": self.handed_over,
            "keys_destroyed": self.keys_destroyed,
            "customer_deleted": self.customer_deleted,
            "exceptions": self.exceptions,
            "recipients_to_notify": len(self.notify),
        }


def erase_subject(
    session: Session,
    cipher: Cipher,
    email: str,
    *,
    now: datetime,
    withdraw: Withdraw,
    shred: Shred | None = None,
) -> Erased:
    """Erase everything held about ``email`` that no exception keeps (see module doc)."""
    found = find_subject(session, cipher, email)
    result = Erased(roles=found.roles)
    result.notify = _recipients(session, cipher, found.email)
    held = active_hold(session, cipher, subject_email=found.email)
    if held is not None:
        result.exceptions.append({"reason": "legal_hold", "scope": "subject", "hold": held.id})
        return result
    kept: set[str] = set()
    if found.customer is not None:
        cust_hold = active_hold(session, cipher, customer_id=found.customer.id)
        if cust_hold is not None:
            result.exceptions.append(
                {"reason": "legal_hold", "scope": "customer", "hold": cust_hold.id}
            )
            kept = {f.conversation.id for f in found.conversations if f.role == "customer"}
        else:
            _erase_customer(session, cipher, found.customer.id, found.conversations, result)
            if shred is not None:
                result.keys_destroyed = len(shred(session, found.customer.id))
    for f in found.conversations:
        if f.role != "participant" or f.conversation.id in kept:
            continue
        hold = (
            active_hold(session, cipher, customer_id=f.conversation.customer_id)
            if f.conversation.customer_id
            else None
        )
        if hold is not None:
            kept.add(f.conversation.id)
            result.exceptions.append(
                {"reason": "legal_hold", "conversation": f.conversation.id, "hold": hold.id}
            )
            continue
        if withdraw(session, f.conversation):
            result.handed_over += 1
        _forget_participant(cipher, f, found.email)
        session.execute(
            delete(QualitySample).where(col(QualitySample.conversation_id) == f.conversation.id)
        )
        result.conversations_updated += 1
    deleted = {f.conversation.id for f in found.conversations if f.role == "customer"} - kept
    own = _own_threads(session, found, kept | deleted)
    gone = {parsed.message_id for msg, parsed in found.inbound if msg.conversation_id not in kept}
    for f in found.conversations:
        if f.role == "participant" and f.conversation.id not in kept:
            _drop_references(cipher, f, gone)
    for msg, parsed in found.inbound:
        if msg.conversation_id in kept or msg.conversation_id in deleted | own:
            continue
        session.execute(
            delete(ThreadMessage).where(
                col(ThreadMessage.message_id_index) == cipher.message_id_index(parsed.message_id)
            )
        )
        session.delete(msg)
        result.messages_deleted += 1
    for row, envelope, _parsed in found.outbound:
        if row.conversation_id in kept or row.conversation_id in deleted | own:
            continue
        _redact_outbound(session, cipher, row, envelope, found.email, result)
    if own:
        _delete_conversations(session, sorted(own))
        result.conversations_deleted += len(own)
    session.flush()
    return result


def _own_threads(session: Session, found: SubjectData, known: set[str]) -> set[str]:
    """Threads the subject opened with us that belong to no customer (a request or an
    objection by e-mail): nothing in them is anyone else's, so they go whole."""
    listed = {f.conversation.id for f in found.conversations}
    own: set[str] = set()
    for msg, _parsed in found.inbound:
        cid = msg.conversation_id
        if cid in listed or cid in known or cid in own:
            continue
        conv = session.get(Conversation, cid)
        if conv is not None and conv.customer_id is None:
            own.add(cid)
    return own


def _drop_references(cipher: Cipher, f: Found, message_ids: set[str]) -> None:
    """The thread no longer answers the subject's deleted messages: its replies go to
    the request it came from instead."""
    data = f.data
    if data.last_inbound is not None and data.last_inbound.message_id in message_ids:
        data.last_inbound = data.request
    for ref in (data.request, data.last_inbound):
        if ref is not None:
            ref.references = [r for r in ref.references if r not in message_ids]
    save_data(cipher, f.conversation, data)


def _recipients(session: Session, cipher: Cipher, email: str) -> list[dict[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for r in recipients_of(session, cipher, email):
        seen[(r.kind, r.recipient)] = None
    return [{"kind": k, "recipient": r} for k, r in seen]


def _forget_participant(cipher: Cipher, f: Found, email: str) -> None:
    data = f.data
    data.participants = [p for p in data.participants if normalise_address(p.email) != email]
    data.answers = {k: v for k, v in data.answers.items() if normalise_address(k) != email}
    data.zones = {k: v for k, v in data.zones.items() if normalise_address(k) != email}
    data.partstats = {k: v for k, v in data.partstats.items() if normalise_address(k) != email}
    save_data(cipher, f.conversation, data)


def _redact_outbound(
    session: Session,
    cipher: Cipher,
    row: Outbox,
    envelope: dict[str, Any],
    email: str,
    result: Erased,
) -> None:
    """Drop a message only the subject received; otherwise take their address out."""
    others = [r for r in envelope["recipients"] if normalise_address(r) != email]
    if not others:
        session.delete(row)
        result.messages_deleted += 1
        return
    raw = cipher.decrypt(row.raw_enc, table="outbox", column="raw", row_id=row.id)
    msg = message_from_bytes(raw, policy=policy.SMTP)
    for header in ("To", "Cc"):
        values = msg.get_all(header) or []
        kept = [
            (name, addr)
            for name, addr in getaddresses([str(v) for v in values])
            if normalise_address(addr) != email
        ]
        del msg[header]
        if kept:
            msg[header] = ", ".join(f'"{n}" <{a}>' if n else a for n, a in kept)
    row.raw_enc = cipher.encrypt(msg.as_bytes(), table="outbox", column="raw", row_id=row.id)
    row.envelope_enc = cipher.encrypt_json(
        {**envelope, "recipients": others}, table="outbox", column="envelope", row_id=row.id
    )
    session.add(row)
    result.messages_redacted += 1


def _erase_customer(
    session: Session, cipher: Cipher, customer_id: str, conversations: list[Found], result: Erased
) -> None:
    ids = [f.conversation.id for f in conversations if f.role == "customer"]
    _delete_conversations(session, ids)
    session.execute(delete(Hold).where(col(Hold.customer_id) == customer_id))
    result.conversations_deleted = len(ids)
    # A released legal hold names the customer by id only, so its record outlives the row.
    session.execute(delete(Customer).where(col(Customer.id) == customer_id))
    result.customer_deleted = True


def _delete_conversations(session: Session, ids: list[str]) -> None:
    """Conversations with every row that hangs off them."""
    if ids:
        for model, column in (
            (Job, Job.conversation_id),
            (Hold, Hold.conversation_id),
            (Outbox, Outbox.conversation_id),
            (InboundMessage, InboundMessage.conversation_id),
            (ThreadMessage, ThreadMessage.conversation_id),
            (Decision, Decision.conversation_id),
            (QualitySample, QualitySample.conversation_id),
            (Escalation, Escalation.conversation_id),
        ):
            session.execute(delete(model).where(col(column).in_(ids)))
        session.execute(delete(Conversation).where(col(Conversation.id).in_(ids)))
