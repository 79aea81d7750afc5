"""Restricted subjects (GDPR art. 18): their messages are kept, never acted on.

Called by the understand stage once a message is known not to be a data-subject request
(the restricted person keeps every right, so "please delete my data" is still taken).
If the sender, anyone the message is addressed to, the conversation's participants or
its customer is restricted, the assistant does nothing with it: no reading is stored,
no reply or booking follows, and the message goes to the human queue as a
``subject_restricted`` escalation, which only an administrator may read. Messages
already queued when the restriction was placed are held at sending time the same way
(outbox status ``restricted``).
"""

from __future__ import annotations

import json
import logging

from sqlmodel import Session

from meetdesk.flow.services import Services
from meetdesk.mail.parse import ParsedMessage
from meetdesk.privacy.restrictions import ESCALATION_REASON, restricted_among
from meetdesk.store.conversations import ConversationData, load_data
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Conversation, InboundMessage, Outbox
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
            sla=s.settings.supervision,
            now=now,
            reason=ESCALATION_REASON,
            conversation_id=conv_id,
            inbound_message_id=inbound_id,
            details={"rule": RULE, "restricted": len(restricted)},
        )

    await ctx.commit(commit)
    log.info("conversation %s: not processed, %d restricted subject(s)", conv_id, len(restricted))
    return True


async def hold_if_restricted(ctx: JobContext, s: Services, outbox_id: str) -> bool:
    """Keep a queued message unsent if it concerns a restricted subject (a recipient, the
    conversation's customer or a participant), and hand it to a human; True when held.

    Catches what was queued before the restriction was placed: follow-ups, proposals,
    invitations. The answer to the person's own data-subject request still goes."""

    def check(session: Session) -> bool:
        row = session.get(Outbox, outbox_id)
        if row is None or row.status != "pending" or row.purpose == "subject_request":
            return False
        envelope = s.cipher.decrypt_json(
            row.envelope_enc, table="outbox", column="envelope", row_id=row.id
        )
        people = set(envelope["recipients"])
        conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
        if conv is not None:
            people |= {p.email for p in load_data(s.cipher, conv).participants}
            if conv.customer_id is not None:
                people.add(get_customer(session, s.cipher, conv.customer_id).email)
        return bool(restricted_among(session, s.cipher, people))

    if not await ctx.read(check):
        return False

    def commit(session: Session) -> None:
        row = session.get(Outbox, outbox_id)
        if row is None:
            return
        row.status = "restricted"
        escalate(
            session,
            sla=s.settings.supervision,
            now=s.clock.now(),
            reason=ESCALATION_REASON,
            conversation_id=row.conversation_id,
            details={"rule": RULE, "outbox": row.id, "purpose": row.purpose},
        )

    await ctx.commit(commit)
    log.info("outbox message %s held: it concerns a restricted subject", outbox_id)
    return True
