"""Back-filling the quality queue from decisions made before sampling was on (or at a
lower rate): ``meetdesk quality sample --rate R``.

The same draw decides as for a live decision (``quality.is_sampled``), so back-filling
at the configured rate takes exactly the decisions the live path would have, and a
decision already sampled is left alone. A past decision can be sampled only while its
message is still stored (the purge may have removed it); the reading is not kept for
these samples, since reading the message again today could differ from what was read
then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from meetdesk.assistant.decide import ESCALATE
from meetdesk.errors import CryptoError
from meetdesk.mail.parse import parse_message
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.settings import QualitySettings
from meetdesk.store.conversations import load_data
from meetdesk.store.customers import get_customer
from meetdesk.store.models import Conversation, Decision, InboundMessage, QualitySample
from meetdesk.supervision.quality import is_sampled, sample_decision


@dataclass(frozen=True)
class Backfilled:
    considered: int
    sampled: int
    unavailable: int  # drawn, but the message or its conversation is gone or unreadable


def backfill(
    session: Session, cipher: Cipher, quality: QualitySettings, *, rate: float, now: datetime
) -> Backfilled:
    """Sample past decisions at ``rate`` (in the caller's transaction)."""
    taken = select(QualitySample.decision_id)
    query = (
        select(Decision)
        .where(
            col(Decision.inbound_message_id).is_not(None),
            col(Decision.action) != ESCALATE,
            col(Decision.id).not_in(taken),
        )
        .order_by(col(Decision.created_at), col(Decision.id))
    )
    considered = sampled = unavailable = 0
    for decision in session.exec(query).all():
        considered += 1
        if not is_sampled(cipher, decision.id, rate):
            continue
        msg = session.get(InboundMessage, decision.inbound_message_id)
        conv = session.get(Conversation, decision.conversation_id)
        if msg is None or conv is None or conv.data_enc is None:
            unavailable += 1
            continue
        try:
            raw = cipher.decrypt(msg.raw_enc, table="inbound_message", column="raw", row_id=msg.id)
            data = load_data(cipher, conv)
            customer = get_customer(session, cipher, conv.customer_id) if conv.customer_id else None
        except (CryptoError, LookupError):
            unavailable += 1
            continue
        parsed = parse_message(raw)
        sender = normalise_address(parsed.from_addr.email) if parsed.from_addr else ""
        role = "unknown"
        if customer is not None and sender == normalise_address(customer.email):
            role = "customer"
        elif sender in {normalise_address(p.email) for p in data.participants}:
            role = "participant"
        row = sample_decision(
            session,
            cipher,
            quality,
            decision,
            parsed=parsed,
            customer=customer,
            participants=data.participants,
            sender_role=role,
            reading=None,
            now=now,
            rate=rate,
        )
        sampled += row is not None
    return Backfilled(considered, sampled, unavailable)
