"""Restricted subjects (GDPR art. 18): their messages are kept, never acted on.

Called by the understand stage once a message is known not to be a data-subject request
(the restricted person keeps every right, so "please delete my data" is still taken).
If the sender, anyone the message is addressed to, the conversation's participants or
its customer is restricted, the assistant does nothing with it: no reading is stored,
no reply or booking follows, and the message goes to the human queue as a
``subject_restricted`` escalation, which only an administrator may read.
"""

from __future__ import annotations

import json
import logging

from sqlmodel import Session

from meetdesk.flow.services import Services
from meetdesk.mail.parse import ParsedMessage
from meetdesk.privacy.restrictions import ESCALATION_REASON, restricted_among
from meetdesk.store.conversations import ConversationData
from meetdesk.store.customers import CustomerRecord
from meetdesk.store.models import Conversation, InboundMessage
from meetdesk.store.models import Decision as DecisionRow
from meetdesk.supervision.escalations import escalate
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)

RULE = "escalate.subject_restricted"


async def take_restricted(
    ctx: JobContext,
    s: Services,
    *,
    conv_id: str,
    inbound_id: str,
    parsed: ParsedMessage,
    data: ConversationData,
    customer: CustomerRecord | None,
) -> bool:
    """Escalate the message instead of processing it if it concerns a restricted subject;
    True when it did (the caller stops)."""
    people = {a.email for a in (parsed.from_addr, *parsed.to, *parsed.cc) if a is not None}
    people |= {p.email for p in data.participants}
    if customer is not None:
        people.add(customer.email)
    people = {p for p in people if p and not s.is_assistant(p)}
    restricted = await ctx.read(lambda session: restricted_among(session, s.cipher, people))
    if not restricted:
        return False
    now = s.clock.now()

    def commit(session: Session) -> None:
        msg = session.get(InboundMessage, inbound_id)
        conv = session.get(Conversation, conv_id)
        if msg is None or conv is None:
            raise LookupError(f"inbound message {inbound_id} or its conversation is gone")
        msg.status = "escalated"
        if customer is not None and conv.customer_id is None:
            conv.customer_id = customer.id  # so the queue shows whose thread it is
        session.add(
            DecisionRow(
                conversation_id=conv_id,
                inbound_message_id=inbound_id,
                action="escalate",
                rules=json.dumps([RULE]),
                created_at=now,
            )
        )
        escalate(
            session,
            now=now,
            reason=ESCALATION_REASON,
            conversation_id=conv_id,
            inbound_message_id=inbound_id,
            details={"rule": RULE, "restricted": len(restricted)},
        )

    await ctx.commit(commit)
    log.info("conversation %s: not processed, %d restricted subject(s)", conv_id, len(restricted))
    return True
