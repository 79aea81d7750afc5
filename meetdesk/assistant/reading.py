"""The structured interpretation of one message, and the evidence that builds it.

A ``Reading`` is what the decision rules see: an intent, the meeting facts found, a
confidence, the names of the rules that fired and human-readable reasons for any doubt.
Readers build it through ``Evidence`` so that every fact comes with the rule that
produced it, and every doubt lowers the confidence in one consistent way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from meetdesk.calendar.base import Interval

SCHEDULE = "schedule"
CHOOSE_SLOT = "choose_slot"
COUNTER_PROPOSAL = "counter_proposal"
RESCHEDULE = "reschedule"
CANCEL = "cancel"
DECLINE = "decline"
QUESTION = "question"
ACKNOWLEDGE = "acknowledge"
AUTO_REPLY = "auto_reply"
NOT_SCHEDULING = "not_scheduling"
PRIVACY_REQUEST = "privacy_request"
PREFERENCE_UPDATE = "preference_update"
UNKNOWN = "unknown"
INTENTS = (
    SCHEDULE,
    CHOOSE_SLOT,
    COUNTER_PROPOSAL,
    RESCHEDULE,
    CANCEL,
    DECLINE,
    QUESTION,
    ACKNOWLEDGE,
    AUTO_REPLY,
    NOT_SCHEDULING,
    PRIVACY_REQUEST,
    PREFERENCE_UPDATE,
    UNKNOWN,
)

# Each doubt multiplies the confidence by this: one doubt already takes a clear reading
# (0.95) below the default threshold of 0.9, so an ambiguous message goes to a human.
DOUBT_FACTOR = 0.75


@dataclass(frozen=True)
class Reading:
    """What a message says, as far as the rules could tell.

    ``chosen_option`` is 1-based. ``rules`` are the names of the rules that fired, in
    order; ``reasons`` explain any doubt (and any notable default) for the supervisor.
    """

    intent: str
    language: str
    kind: str | None = None
    duration_minutes: int | None = None
    window: Interval | None = None
    chosen_option: int | None = None
    chosen_start: datetime | None = None
    confidence: float = 0.0
    rules: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.intent not in INTENTS:
            raise ValueError(f"unknown intent {self.intent!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError("confidence must be between 0 and 1")
        if self.chosen_option is not None and self.chosen_option < 1:
            raise ValueError("chosen_option is 1-based")

    def escalate(self, threshold: float) -> bool:
        """True when a human should look: not confident enough, or nothing understood."""
        return self.intent == UNKNOWN or self.confidence < threshold


@dataclass
class Evidence:
    """Accumulates fired rules and doubts while a reader works through a message."""

    rules: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    doubts: int = 0

    def fired(self, rule: str) -> None:
        if rule not in self.rules:
            self.rules.append(rule)

    def doubt(self, reason: str, rule: str | None = None) -> None:
        """Something is ambiguous or unresolved: note why and lower the confidence."""
        if rule is not None:
            self.fired(rule)
        if reason not in self.reasons:
            self.reasons.append(reason)
            self.doubts += 1

    def note(self, reason: str) -> None:
        """Something worth telling a supervisor that does not weaken the reading."""
        if reason not in self.reasons:
            self.reasons.append(reason)

    def confidence(self, base: float) -> float:
        return round(base * DOUBT_FACTOR**self.doubts, 3)
