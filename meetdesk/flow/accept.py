"""Stage 1, accept: store the raw message encrypted and enqueue its understanding.

Runs inside the SMTP/LMTP DATA handler, before the 250 reply: everything happens in one
transaction, so once we acknowledge, the message can no longer be lost; if anything
fails the handler answers 451 and the sender retries. The message is threaded here (from
its headers alone, no I/O) so that its first job already belongs to a conversation and
the one-worker-per-conversation rule holds from the start.
"""

from __future__ import annotations

import enum
import logging

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from meetdesk.calendar.itip_inbound import answered_uids
from meetdesk.flow.services import Services
from meetdesk.mail.parse import parse_message
from meetdesk.store import jobs
from meetdesk.store.conversations import (
    find_meeting,
    find_thread,
    known_message,
    new_conversation,
    record_message,
)
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, InboundMessage, new_id

log = logging.getLogger(__name__)


class Accepted(enum.Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    OWN_MESSAGE = "own-message"


def accept_message(services: Services, raw: bytes) -> Accepted:
    """Store ``raw`` and enqueue its processing; idempotent by Message-ID."""
    parsed = parse_message(raw)
    cipher, now = services.cipher, services.clock.now()
    index = cipher.message_id_index(parsed.message_id)
    try:
        with transaction(services.engine) as session:
            if session.exec(
                select(InboundMessage.id).where(col(InboundMessage.message_id_index) == index)
            ).first():
                return Accepted.DUPLICATE
            seen = known_message(session, cipher, parsed.message_id)
            if seen is not None and seen.direction == "out":
                log.info(
                    "ignored a copy of our own message (conversation %s)", seen.conversation_id
                )
                return Accepted.OWN_MESSAGE
            parents = [p for p in (parsed.in_reply_to,) if p] + list(reversed(parsed.references))
            conversation_id = find_thread(session, cipher, parents)
            if conversation_id is None:
                # Calendar clients (Google, Apple) answer an invitation without threading
                # headers: the answer's UID names the meeting, hence the conversation.
                conversation_id = find_meeting(session, answered_uids(parsed.calendar_parts))
            if conversation_id is None:
                conversation_id = new_conversation(session, now=now).id
                session.flush()
            record_message(
                session,
                cipher,
                conversation_id=conversation_id,
                message_id=parsed.message_id,
                direction="in",
                now=now,
            )
            row_id = new_id()
            session.add(
                InboundMessage(
                    id=row_id,
                    conversation_id=conversation_id,
                    message_id_index=index,
                    # the thread's customer, once known; else the installation's key
                    # until understanding attributes it (see reencrypt.reseal)
                    raw_enc=cipher.encrypt(
                        raw,
                        table="inbound_message",
                        column="raw",
                        row_id=row_id,
                        owner=_owner(session, conversation_id),
                    ),
                    size=len(raw),
                    status="queued",
                    received_at=now,
                )
            )
            jobs.enqueue(
                session,
                "understand",
                now=now,
                conversation_id=conversation_id,
                payload={"inbound_id": row_id},
                max_attempts=services.settings.worker.max_attempts,
            )
    except IntegrityError:
        # A concurrent delivery of the same message won the race; it is stored once.
        return Accepted.DUPLICATE
    log.info(
        "accepted message %s into conversation %s (%d bytes)", row_id, conversation_id, len(raw)
    )
    return Accepted.STORED


def _owner(session: Session, conversation_id: str) -> str | None:
    """The customer a thread belongs to, if it is known yet."""
    conversation = session.get(Conversation, conversation_id)
    return conversation.customer_id if conversation is not None else None
