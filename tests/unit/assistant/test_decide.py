"""The decision chain: which rule decides each situation, the negotiation rules included."""

from __future__ import annotations

import pytest

from meetdesk.assistant.decide import (
    BOOK,
    CANCEL,
    ESCALATE,
    IGNORE,
    PROPOSE,
    REPROPOSE,
    Situation,
    decide,
)
from meetdesk.assistant.reading import Reading


def situation(
    state: str, role: str, intent: str | None, *, confidence: float = 0.95, participants: int = 1
) -> Situation:
    reading = Reading(intent=intent, language="en", confidence=confidence) if intent else None
    return Situation(
        state=state,
        sender_role=role,
        is_auto=False,
        has_sender=True,
        participants=participants,
        reading=reading,
        threshold=0.9,
    )


@pytest.mark.parametrize(
    ("state", "role", "intent", "participants", "action", "rule"),
    [
        ("new", "customer", "schedule", 1, PROPOSE, "propose.confident_request"),
        ("new", "assistant", "schedule", 1, PROPOSE, "propose.confident_request"),
        ("new", "customer", "schedule", 0, ESCALATE, "escalate.no_participants"),
        ("proposed", "participant", "choose_slot", 1, BOOK, "book.confident_choice"),
        ("proposed", "participant", "counter_proposal", 1, REPROPOSE, "negotiate.counter_proposal"),
        ("proposed", "customer", "counter_proposal", 1, REPROPOSE, "negotiate.counter_proposal"),
        ("proposed", "participant", "decline", 1, REPROPOSE, "negotiate.declined"),
        ("proposed", "customer", "decline", 1, ESCALATE, "escalate.unclear_answer"),
        ("proposed", "customer", "cancel", 2, CANCEL, "cancel.requested"),
        ("proposed", "participant", "cancel", 1, CANCEL, "cancel.requested"),
        ("proposed", "participant", "cancel", 2, ESCALATE, "escalate.unclear_answer"),
        ("booked", "customer", "cancel", 3, CANCEL, "cancel.requested"),
        ("booked", "participant", "reschedule", 1, REPROPOSE, "reschedule.booked_meeting"),
        ("booked", "customer", "reschedule", 2, REPROPOSE, "reschedule.booked_meeting"),
        ("booked", "participant", "question", 1, ESCALATE, "escalate.unexpected_message"),
        ("booked", "participant", "acknowledge", 1, IGNORE, "ignore.acknowledgement"),
        ("escalated", "participant", "choose_slot", 1, ESCALATE, "escalate.conversation_escalated"),
    ],
)
def test_each_situation_has_its_rule(
    state: str, role: str, intent: str, participants: int, action: str, rule: str
) -> None:
    decision = decide(situation(state, role, intent, participants=participants))
    assert (decision.action, decision.rule) == (action, rule)


@pytest.mark.parametrize(
    ("intent", "reason"),
    [("counter_proposal", "counter"), ("decline", "declined")],
)
def test_a_reproposal_says_why(intent: str, reason: str) -> None:
    assert decide(situation("proposed", "participant", intent)).reason == reason
    assert decide(situation("booked", "participant", "reschedule")).reason == "reschedule"


@pytest.mark.parametrize("intent", ["counter_proposal", "decline", "cancel", "choose_slot"])
def test_an_unsure_answer_goes_to_a_human(intent: str) -> None:
    decision = decide(situation("proposed", "participant", intent, confidence=0.6))
    assert decision.action == ESCALATE


def test_a_stranger_never_moves_or_cancels_a_meeting() -> None:
    for intent in ("reschedule", "cancel"):
        assert decide(situation("booked", "unknown", intent)).rule == "escalate.unknown_sender"
