"""Stage 2, understand and decide: read a stored message and choose what to do.

Loads the message and its conversation, interprets it (pure: parsing, new text, roles,
reading; the same ``interpret`` that ``meetdesk explain`` shows), runs the decision
rules, then commits the outcome with the next job: ``propose`` for a confident request,
``book`` for a clear choice, an escalation for anything else.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.assistant.decide import ESCALATE, IGNORE, Decision, Situation, decide
from meetdesk.assistant.interpret import Interpretation, Thread, interpret
from meetdesk.assistant.reading import Reading
from meetdesk.calendar.preferences import Preferences
from meetdesk.flow.attendance import take_calendar_answer
from meetdesk.flow.next_step import apply_decision
from meetdesk.flow.restricted import take_restricted
from meetdesk.flow.services import Services
from meetdesk.flow.subject_intake import take_objected_participants, take_subject_request
from meetdesk.mail.parse import ParsedMessage, parse_message
from meetdesk.privacy.reencrypt import reseal
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.settings import UnderstandingSettings
from meetdesk.store import jobs
from meetdesk.store.conversations import (
    ConversationData,
    MessageRef,
    Person,
    from_pairs,
    load_data,
    save_data,
    to_pairs,
)
from meetdesk.store.customers import CustomerRecord, find_customer, get_customer
from meetdesk.store.models import Conversation, InboundMessage
from meetdesk.store.models import Decision as DecisionRow
from meetdesk.supervision.escalations import escalate
from meetdesk.supervision.quality import sample_decision
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    raw: bytes
    state: str
    data: ConversationData
    customer: CustomerRecord | None


async def understand(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    inbound_id = job.payload["inbound_id"]
    conv_id = job.conversation_id
    assert conv_id is not None

    def load(session: Session) -> Loaded:
        msg = session.get(InboundMessage, inbound_id)
        conv = session.get(Conversation, conv_id)
        if msg is None or conv is None:
            raise LookupError(f"inbound message {inbound_id} or its conversation is gone")
        raw = s.cipher.decrypt(msg.raw_enc, table="inbound_message", column="raw", row_id=msg.id)
        customer = get_customer(session, s.cipher, conv.customer_id) if conv.customer_id else None
        return Loaded(raw, conv.state, load_data(s.cipher, conv), customer)

    loaded: Loaded = await ctx.read(load)
    parsed = parse_message(loaded.raw)
    # A calendar client's answer to the booked meeting is handled by the iTIP rules, not
    # read as text: its "Bob has accepted this invitation" is neither a choice nor a question.
    if await take_calendar_answer(
        ctx,
        s,
        conv_id=conv_id,
        inbound_id=inbound_id,
        state=loaded.state,
        data=loaded.data,
        parsed=parsed,
    ):
        return
    sender = parsed.from_addr.email if parsed.from_addr else ""
    customer = loaded.customer
    if customer is None and sender:
        # The sender, or else a customer the message is addressed to: the customer's own
        # assistant writes for them with the customer in copy (interpret decides the role).
        candidates = [sender, *(a.email for a in (*parsed.to, *parsed.cc))]
        customer = await ctx.read(lambda session: _first_customer(session, s, candidates))

    now = s.clock.now()
    seen = interpret(parsed, thread_for(loaded.state, loaded.data, customer, s), now=now)
    # "Please delete my data", "unsubscribe", a confirmation code: a data-subject
    # request, never a scheduling message.
    if await take_subject_request(
        ctx,
        s,
        conv_id=conv_id,
        inbound_id=inbound_id,
        raw=loaded.raw,
        parsed=parsed,
        seen=seen,
        customer=customer,
    ):
        return
    # A restricted subject's data is kept but not processed (art. 18): a human decides.
    if await take_restricted(
        ctx,
        s,
        conv_id=conv_id,
        inbound_id=inbound_id,
        parsed=parsed,
        data=loaded.data,
        customer=customer,
    ):
        return
    role = seen.sender_role
    reading: Reading | None = seen.reading
    participants = loaded.data.participants
    new_request = loaded.state == "new" and role in ("customer", "assistant")
    if new_request:
        participants = invited_people(seen, loaded.data)
        if await take_objected_participants(
            ctx,
            s,
            conv_id=conv_id,
            inbound_id=inbound_id,
            parsed=parsed,
            language=reading.language if reading else "en",
            participants=participants,
            customer=customer,
        ):
            return
    understanding = s.settings.understanding
    decision = decide(
        Situation(
            state=loaded.state,
            sender_role=role,
            is_auto=seen.is_auto,
            has_sender=bool(sender),
            participants=len(participants),
            reading=reading,
            threshold=understanding.confidence_threshold,
            field_thresholds=understanding.thresholds,
        )
    )
    ref = MessageRef(parsed.message_id, list(parsed.references))

    def commit(session: Session) -> None:
        conv = session.get(Conversation, conv_id)
        msg = session.get(InboundMessage, inbound_id)
        assert conv is not None and msg is not None
        data = load_data(s.cipher, conv)
        if customer is not None and conv.customer_id is None and new_request:
            conv.customer_id = customer.id
            # the thread's mail so far was sealed under the installation's key
            reseal(session, s.cipher, conversation_id=conv_id)
        if new_request:
            assert customer is not None  # a new request always comes with its customer
            preferences = effective_preferences(s.settings, customer)
            fill_request(data, parsed, participants, reading, ref, preferences)
        if reading is not None:
            conv.language = conv.language or reading.language
        data.last_inbound = ref
        outcome = apply_decision(
            session,
            s,
            conv,
            data,
            decision,
            reading=reading,
            sender=sender,
            sender_role=role,
            inbound_id=inbound_id,
            customer_zone=customer.timezone if customer else s.settings.assistant.timezone,
            now=now,
        )
        msg.status = {IGNORE: "ignored", ESCALATE: "escalated"}.get(outcome.action, "done")
        row = record_decision(session, conv_id, inbound_id, outcome, reading, now)
        sample_decision(
            session,
            s.cipher,
            s.settings.quality,
            row,
            parsed=parsed,
            customer=customer,
            participants=data.participants,
            sender_role=role,
            reading=reading,
            now=now,
            assistant=s.settings.assistant.addresses,
        )
        save_data(s.cipher, conv, data)
        conv.updated_at = now
        if outcome.action == ESCALATE:
            escalate(
                session,
                sla=s.settings.supervision,
                now=now,
                reason=outcome.reason or "unknown",
                conversation_id=conv_id,
                inbound_message_id=inbound_id,
                details=_details(outcome, reading, parsed, s.settings.understanding),
            )

    await ctx.commit(commit)
    log.info("conversation %s: %s by rule %s", conv_id, decision.action, decision.rule)


def _first_customer(session: Session, s: Services, emails: list[str]) -> CustomerRecord | None:
    for email in emails:
        found = find_customer(session, s.cipher, email)
        if found is not None:
            return found
    return None


def thread_for(
    state: str, data: ConversationData, customer: CustomerRecord | None, s: Services
) -> Thread:
    """What the conversation knows in ``state``, as the pure interpreter needs it (a
    supervisor's correction re-reads a message in the state it was escalated from)."""
    return Thread(
        timezone=ZoneInfo(customer.timezone if customer else s.settings.assistant.timezone),
        assistant_emails=frozenset(s.settings.assistant.addresses),
        assistant_name=s.assistant.name,
        customer_email=customer.email if customer else None,
        customer_name=customer.name if customer else None,
        state=state,
        proposals=tuple(from_pairs(data.proposals)),
        participants=frozenset(p.email.lower() for p in data.participants),
    )


def invited_people(seen: Interpretation, data: ConversationData) -> list[Person]:
    """The people a new request is for: those the message invites. A message inviting
    nobody in a thread that already named people (the customer answering a question
    the assistant asked them alone) keeps those."""
    invited = [Person(email=p.email, name=p.name or "", role=p.role) for p in seen.invited]
    return invited or list(data.participants)


def fill_request(
    data: ConversationData,
    parsed: ParsedMessage,
    participants: list[Person],
    reading: Reading | None,
    ref: MessageRef,
    preferences: Preferences,
) -> None:
    data.subject = parsed.subject
    data.participants = participants
    data.request = ref
    if reading is not None:
        data.language = reading.language
        data.kind = reading.kind
        data.duration_minutes = reading.duration_minutes or preferences.duration_for(reading.kind)
        data.windows = to_pairs(reading.windows)
        data.exclusions = to_pairs(reading.exclusions)
        data.location = reading.location
        data.location_kind = reading.location_kind
        data.asap = reading.asap


def record_decision(
    session: Session,
    conv_id: str,
    inbound_id: str,
    decision: Decision,
    reading: Reading | None,
    now: datetime,
) -> DecisionRow:
    rules = [decision.rule, *(reading.rules if reading else ())]
    row = DecisionRow(
        conversation_id=conv_id,
        inbound_message_id=inbound_id,
        action=decision.action,
        rules=json.dumps(rules),
        confidence=reading.confidence if reading else None,
        created_at=now,
    )
    session.add(row)
    return row


def _details(
    decision: Decision,
    reading: Reading | None,
    parsed: ParsedMessage,
    gate: UnderstandingSettings,
) -> dict[str, Any]:
    """Why we escalated, without any content: rule names, confidence, intent, defects,
    and each field's confidence and rules, naming those below their threshold."""
    details: dict[str, Any] = {"rule": decision.rule}
    if reading is not None:
        details.update(
            intent=reading.intent, confidence=reading.confidence, rules=list(reading.rules)
        )
        details["fields"] = {
            name: {"confidence": f.confidence, "rules": list(f.rules)}
            for name, f in reading.fields.items()
        }
        details["unsure"] = reading.unsure_fields(gate.confidence_threshold, gate.thresholds)
    if parsed.defects:
        details["defects"] = len(parsed.defects)
    return details
