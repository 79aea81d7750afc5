"""The decision rules: a chain of named rules choosing one action for a message.

Rules are tried in order; the first that matches decides. Its name is stored with the
decision (and with any escalation) so a supervisor sees *why* the assistant acted. The
chain is deliberately conservative: anything that is not clearly a confident request
from a known customer, or a clear choice among our proposals, goes to a human.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from meetdesk.assistant.reading import Reading

PROPOSE, BOOK, IGNORE, ESCALATE = "propose", "book", "ignore", "escalate"
REPROPOSE, CANCEL = "repropose", "cancel"


@dataclass(frozen=True)
class Situation:
    """Everything the rules look at; built by the understand stage."""

    state: str  # conversation state before this message
    sender_role: str  # customer | assistant (the customer's own) | participant | self | unknown
    is_auto: bool
    has_sender: bool
    participants: int
    reading: Reading | None
    threshold: float
    field_thresholds: Mapping[str, float] = field(default_factory=dict)

    @property
    def confident(self) -> bool:
        """The gate: every field the intent relies on is at or above its threshold."""
        return self.reading is not None and not self.reading.escalate(
            self.threshold, self.field_thresholds
        )

    @property
    def for_customer(self) -> bool:
        """Written by the customer, or by their own assistant on their behalf."""
        return self.sender_role in ("customer", "assistant")


@dataclass(frozen=True)
class Decision:
    action: str
    rule: str
    # The escalation reason code; for REPROPOSE, why new times are offered (counter,
    # declined, reschedule: the wording's REPROPOSAL_REASONS).
    reason: str | None = None

    @property
    def escalates(self) -> bool:
        return self.action == ESCALATE


Rule = tuple[str, Callable[[Situation], bool], str, str | None]

RULES: tuple[Rule, ...] = (
    ("ignore.automatic_message", lambda s: s.is_auto, IGNORE, None),
    ("ignore.own_message", lambda s: s.sender_role == "self", IGNORE, None),
    # A supervisor handed the thread back to the customer: it is theirs now.
    ("ignore.handed_back", lambda s: s.state == "handed_back", IGNORE, None),
    (
        # "Thanks!" asks nothing: answering it would be noise, and nothing is lost.
        "ignore.acknowledgement",
        lambda s: (
            s.sender_role in ("customer", "assistant", "participant")
            and s.confident
            and s.reading is not None
            and s.reading.intent == "acknowledge"
        ),
        IGNORE,
        None,
    ),
    ("escalate.no_sender", lambda s: not s.has_sender, ESCALATE, "unreadable_message"),
    (
        "escalate.conversation_escalated",
        lambda s: s.state == "escalated",
        ESCALATE,
        "conversation_escalated",
    ),
    ("escalate.unknown_sender", lambda s: s.sender_role == "unknown", ESCALATE, "unknown_sender"),
    (
        "propose.confident_request",
        lambda s: (
            s.state == "new"
            and s.for_customer
            and s.confident
            and s.reading is not None
            and s.reading.intent == "schedule"
            and s.participants > 0
        ),
        PROPOSE,
        None,
    ),
    (
        "escalate.no_participants",
        lambda s: s.state == "new" and s.for_customer and s.participants == 0,
        ESCALATE,
        "no_participants",
    ),
    ("escalate.unclear_request", lambda s: s.state == "new", ESCALATE, "unclear_request"),
    (
        "book.confident_choice",
        lambda s: (
            s.state == "proposed"
            and s.confident
            and s.reading is not None
            and s.reading.intent == "choose_slot"
        ),
        BOOK,
        None,
    ),
    (
        # "None of these work, how about Monday morning?": new times inside the new
        # constraints, or the suggested time itself when it is free.
        "negotiate.counter_proposal",
        lambda s: _answers(s, "proposed", "counter_proposal"),
        REPROPOSE,
        "counter",
    ),
    (
        "negotiate.declined",
        lambda s: _answers(s, "proposed", "decline") and s.sender_role == "participant",
        REPROPOSE,
        "declined",
    ),
    (
        # The customer may cancel any meeting; a participant only one they attend alone
        # with the customer (in a group, the others may still want to meet).
        "cancel.requested",
        lambda s: (
            _answers(s, ("proposed", "booked"), "cancel")
            and (s.for_customer or s.participants == 1)
        ),
        CANCEL,
        None,
    ),
    ("escalate.unclear_answer", lambda s: s.state == "proposed", ESCALATE, "unclear_answer"),
    (
        "reschedule.booked_meeting",
        lambda s: _answers(s, "booked", "reschedule"),
        REPROPOSE,
        "reschedule",
    ),
    ("escalate.unexpected_message", lambda s: True, ESCALATE, "unexpected_message"),
)


def _answers(s: Situation, states: str | tuple[str, ...], intent: str) -> bool:
    """A confident message of ``intent`` from someone in the meeting, in ``states``."""
    wanted = (states,) if isinstance(states, str) else states
    return (
        s.state in wanted
        and (s.for_customer or s.sender_role == "participant")
        and s.confident
        and s.reading is not None
        and s.reading.intent == intent
    )


def decide(situation: Situation) -> Decision:
    for name, matches, action, reason in RULES:
        if matches(situation):
            return Decision(action=action, rule=name, reason=reason)
    raise AssertionError("the last rule always matches")
