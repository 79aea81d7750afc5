"""Finding everything held about one person, for access, export and erasure.

The database cannot search inside encrypted values, so the subject's data is found the
way the assistant itself reads it: the customer row by the address index, then every
conversation document decrypted and searched for the address (as customer, participant,
answer, zone or calendar reply), then the messages of those conversations whose sender
or recipients are the subject. Access (art. 15, 20) and erasure (art. 17) use the same
search, so what is exported is what is erased.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from meetdesk.mail.parse import ParsedMessage, parse_message
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.store.conversations import ConversationData, load_data
from meetdesk.store.customers import CustomerRecord, find_customer
from meetdesk.store.models import Conversation, InboundMessage, Outbox


@dataclass
class Found:
    """One conversation the subject is in, and how."""

    conversation: Conversation
    data: ConversationData
    role: str  # customer | participant


@dataclass
class SubjectData:
    email: str
    customer: CustomerRecord | None
    conversations: list[Found] = field(default_factory=list)
    # messages the subject sent, and messages sent to them
    inbound: list[tuple[InboundMessage, ParsedMessage]] = field(default_factory=list)
    outbound: list[tuple[Outbox, dict[str, Any], ParsedMessage]] = field(default_factory=list)

    @property
    def roles(self) -> list[str]:
        roles = ["customer"] if self.customer is not None else []
        if any(f.role == "participant" for f in self.conversations):
            roles.append("participant")
        return roles


def mentions(data: ConversationData, email: str) -> bool:
    """Whether a conversation document names ``email`` anywhere."""
    return any(normalise_address(p.email) == email for p in data.participants) or email in {
        normalise_address(k) for k in (*data.answers, *data.zones, *data.partstats)
    }


def find_subject(session: Session, cipher: Cipher, email: str) -> SubjectData:
    """Everything stored about ``email`` (normalised), read in the caller's transaction."""
    email = normalise_address(email)
    customer = find_customer(session, cipher, email)
    found = SubjectData(email=email, customer=customer)
    for conv in session.exec(select(Conversation).order_by(col(Conversation.created_at))).all():
        data = load_data(cipher, conv)
        if customer is not None and conv.customer_id == customer.id:
            found.conversations.append(Found(conv, data, "customer"))
        elif mentions(data, email):
            found.conversations.append(Found(conv, data, "participant"))
    # Messages are searched in every conversation: a request or an objection by e-mail
    # lives in a thread of its own that names nobody in its document.
    for msg in session.exec(select(InboundMessage).order_by(col(InboundMessage.received_at))):
        raw = cipher.decrypt(msg.raw_enc, table="inbound_message", column="raw", row_id=msg.id)
        parsed = parse_message(raw)
        if parsed.from_addr is not None and normalise_address(parsed.from_addr.email) == email:
            found.inbound.append((msg, parsed))
    for out in session.exec(select(Outbox).order_by(col(Outbox.created_at))):
        envelope = cipher.decrypt_json(
            out.envelope_enc, table="outbox", column="envelope", row_id=out.id
        )
        if email in {normalise_address(r) for r in envelope.get("recipients", [])}:
            raw = cipher.decrypt(out.raw_enc, table="outbox", column="raw", row_id=out.id)
            found.outbound.append((out, envelope, parse_message(raw)))
    return found
