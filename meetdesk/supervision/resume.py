"""How a conversation resumes after a supervisor's action, and the re-read of a correction.

An escalation remembers the state its conversation had (``escalation.resume_state``);
an older one without it resumes from ``proposed`` if the conversation has proposals,
else ``new``. An action that leaves the next step to the next message (a reply, a
question to the customer, a message that was not about scheduling) puts the
conversation back in a state where a message is read: a state that only waited for a
job (``requested``, ``booking``, ``cancelling``) falls back to the one before it.

A correction re-reads the escalated message exactly as the understand stage did, in the
state the conversation had then (``meetdesk.flow.understand``: ``interpret``, the
decision rules, ``apply_decision``), with the supervisor's values in place at full
confidence. A new request is filled in as the stage fills one; an answer's choice is
recorded and, once everyone agreed, booked. If the decision rules would still hand it
to a human, the correction is refused with what is missing, and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from meetdesk.assistant.decide import ESCALATE, IGNORE, Decision, Situation, decide
from meetdesk.assistant.interpret import Interpretation, interpret
from meetdesk.assistant.reading import Reading
from meetdesk.flow.next_step import apply_decision
from meetdesk.flow.services import Services
from meetdesk.flow.understand import fill_request, invited_people, record_decision, thread_for
from meetdesk.mail.parse import ParsedMessage
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.store.conversations import ConversationData, MessageRef, Person
from meetdesk.store.customers import CustomerRecord
from meetdesk.store.models import Conversation, Escalation, InboundMessage
from meetdesk.supervision.correction import Correction, corrected_reading, people
from meetdesk.supervision.queue import QueueError

NOT_SCHEDULING, HANDED_BACK = "not_scheduling", "handed_back"
# States a conversation never leaves by itself: retention counts them as closed.
TERMINAL = ("cancelled", NOT_SCHEDULING, HANDED_BACK)
_WAITING = {"requested", "booking", "cancelling"}


def state_of(row: Escalation, data: ConversationData) -> str:
    """The state the escalated conversation resumes from."""
    if row.resume_state is not None:
        return row.resume_state
    return "proposed" if data.proposals else "new"


def reading_state(state: str, data: ConversationData) -> str:
    """``state``, or the one before it when it only waited for a job: where the next
    message is read from."""
    if state not in _WAITING:
        return state
    if state == "cancelling" and data.booking is not None:
        return "booked"
    return "proposed" if data.proposals else "new"


@dataclass(frozen=True)
class Reread:
    """The escalated message read again with the correction, and what follows."""

    seen: Interpretation
    reading: Reading
    participants: list[Person]
    decision: Decision
    new_request: bool


def reread(
    s: Services,
    parsed: ParsedMessage,
    state: str,
    data: ConversationData,
    customer: CustomerRecord,
    correction: Correction,
    now: datetime,
) -> Reread:
    """Read ``parsed`` in ``state`` with ``correction`` applied, and decide; refuse
    (``QueueError``) if it would still go to a human."""
    seen = interpret(parsed, thread_for(state, data, customer, s), now=now)
    reading = corrected_reading(seen.reading, correction)
    new_request = state == "new" and seen.sender_role in ("customer", "assistant")
    participants = people(correction, data.participants)
    if participants is None:
        participants = invited_people(seen, data) if new_request else list(data.participants)
    gate = s.settings.understanding
    situation = Situation(
        state=state,
        sender_role=seen.sender_role,
        is_auto=seen.is_auto,
        has_sender=parsed.from_addr is not None,
        participants=len(participants),
        reading=reading,
        threshold=gate.confidence_threshold,
        field_thresholds=gate.thresholds,
    )
    decision = decide(situation)
    if decision.action == ESCALATE:
        raise QueueError(f"the corrected reading still needs a person: {_missing(situation)}")
    return Reread(seen, reading, participants, decision, new_request)


def carry_out(
    session: Session,
    s: Services,
    conv: Conversation,
    msg: InboundMessage,
    data: ConversationData,
    customer: CustomerRecord,
    parsed: ParsedMessage,
    state: str,
    found: Reread,
    now: datetime,
) -> Decision:
    """What the understand stage would have done with the corrected reading, in the
    caller's transaction; refuses, changing nothing, a choice others contradict."""
    ref = MessageRef(parsed.message_id, list(parsed.references))
    sender = parsed.from_addr.email if parsed.from_addr else ""
    if found.new_request:
        preferences = effective_preferences(s.settings, customer)
        fill_request(data, parsed, found.participants, found.reading, ref, preferences)
    else:
        data.participants = found.participants
        data.language = found.reading.language
    if data.last_inbound is None:
        data.last_inbound = ref
    escalated = conv.state
    conv.state = state
    outcome = apply_decision(
        session,
        s,
        conv,
        data,
        found.decision,
        reading=found.reading,
        sender=sender,
        sender_role=found.seen.sender_role,
        inbound_id=msg.id,
        customer_zone=customer.timezone,
        now=now,
    )
    if outcome.action == ESCALATE:
        conv.state = escalated
        raise QueueError(
            "the corrected choice contradicts another participant's: "
            "propose new times or reply instead"
        )
    conv.language = found.reading.language
    msg.status = "ignored" if outcome.action == IGNORE else "done"
    record_decision(session, conv.id, msg.id, outcome, found.reading, now)
    return outcome


def _missing(situation: Situation) -> str:
    """What the decision rules still lack, in a supervisor's words."""
    reading = situation.reading
    decision = decide(situation)
    if decision.reason == "no_participants":
        return "nobody to meet: correct the participants"
    if decision.reason == "unknown_sender":
        return "the sender is neither the customer nor a participant: reply instead"
    if decision.reason == "unreadable_message":
        return "the message has no sender: reply or hand it back instead"
    if reading is not None:
        unsure = reading.unsure_fields(situation.threshold, situation.field_thresholds)
        if unsure or reading.intent == "unknown":
            return f"still unsure of {', '.join(unsure or ['intent'])}: correct it too"
        return (
            f"a message meaning {reading.intent!r} in state {situation.state!r} is not "
            f"acted on by itself (rule {decision.rule}): correct the intent, or reply"
        )
    return f"rule {decision.rule}"
