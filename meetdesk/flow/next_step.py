"""What a decision sets in motion, inside the understand stage's transaction.

The decision rules (``assistant/decide.py``) say what to do with a message; this module
turns that into the conversation's new state, its updated data and the next job. Kept
apart from the stage so each outcome reads on its own: a request proposed, a choice
recorded (booked once every required participant agreed), new times after a
counter-proposal, a decline or a reschedule, a cancellation.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from meetdesk.assistant.decide import BOOK, CANCEL, ESCALATE, PROPOSE, REPROPOSE, Decision
from meetdesk.assistant.reading import Reading
from meetdesk.flow.agreement import DISAGREE, agreement
from meetdesk.flow.outgoing import enqueue_step
from meetdesk.flow.services import Services
from meetdesk.store.conversations import ConversationData, to_pairs
from meetdesk.store.models import Conversation


def apply_decision(
    session: Session,
    s: Services,
    conv: Conversation,
    data: ConversationData,
    decision: Decision,
    *,
    reading: Reading | None,
    sender: str,
    sender_role: str,
    inbound_id: str,
    customer_zone: str,
    now: datetime,
) -> Decision:
    """Carry ``decision`` out on ``conv`` and ``data``; returns the decision that stands
    (a choice that contradicts another participant's becomes an escalation)."""
    if sender_role == "participant" and reading is not None:
        _learn_zone(data, sender, reading, customer_zone)
    if decision.action == PROPOSE:
        conv.state = "requested"
        enqueue_step(session, s, "propose", conv.id, key=inbound_id, now=now)
    elif decision.action == BOOK:
        assert reading is not None
        if sender_role == "participant":
            data.answers[sender.lower()] = chosen_index(reading, data)
        where = agreement(data.participants, data.answers)
        if where.outcome == DISAGREE:
            return Decision(ESCALATE, "escalate.participants_disagree", "participants_disagree")
        if where.option is not None:
            data.chosen = where.option
            conv.state = "booking"
            enqueue_step(session, s, "book", conv.id, key=inbound_id, now=now)
    elif decision.action == REPROPOSE:
        assert reading is not None
        _new_constraints(data, reading, decision.reason or "counter")
        conv.state = "requested"
        enqueue_step(session, s, "propose", conv.id, key=inbound_id, now=now)
    elif decision.action == CANCEL:
        conv.state = "cancelling"
        enqueue_step(session, s, "cancel", conv.id, key=inbound_id, now=now)
    return decision


def chosen_index(reading: Reading, data: ConversationData) -> int:
    """The proposal a choice names, by its number or by its start time."""
    if reading.chosen_option is not None:
        return reading.chosen_option - 1
    assert reading.chosen_start is not None
    for i, (start, _end) in enumerate(data.proposals):
        if datetime.fromisoformat(start) == reading.chosen_start:
            return i
    raise ValueError("the chosen start matches no proposal")


def _new_constraints(data: ConversationData, reading: Reading, reason: str) -> None:
    """The search for the next proposals: the message's own windows when it gave any;
    the times already offered (or the booked time being moved) are ruled out."""
    ruled_out = [*data.proposals] if reason in ("counter", "declined") else []
    if reason == "reschedule" and data.booking is not None:
        ruled_out.append([data.booking["start"], data.booking["end"]])
    if reason != "declined":
        data.windows = to_pairs(reading.windows)
        data.exclusions = to_pairs(reading.exclusions)
        if reading.asap:
            data.asap = True
    data.exclusions = [*data.exclusions, *ruled_out]
    data.reproposal = reason
    data.chosen = None
    data.answers = {}


def _learn_zone(data: ConversationData, sender: str, reading: Reading, customer_zone: str) -> None:
    """A participant whose message states their zone ("3pm EST", "I'm in New York")
    gets times within their own reasonable hours, shown in their zone, from now on."""
    said = reading.fields.get("timezone")
    stated = said is not None and said.rules not in ((), ("zone.customer",))
    zone = reading.timezone
    if stated and zone and zone != customer_zone and is_zone(zone):
        data.zones[sender.lower()] = zone


def is_zone(name: str) -> bool:
    """Whether ``name`` is a zone of the database (an offset label such as "UTC+2" is not)."""
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return True
