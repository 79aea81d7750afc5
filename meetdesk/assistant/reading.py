"""The structured interpretation of one message, and the evidence that builds it.

A ``Reading`` is what the decision rules see: an intent, the meeting facts found, a
confidence per field, the names of the rules that fired and human-readable reasons for
any doubt. Readers build each field through its own ``Evidence`` so that every fact comes
with the rule that produced it, and every doubt lowers that field's confidence in one
consistent way. The gate (``Reading.escalate``) compares each field the intent relies on
with its threshold: one unsure field is enough for a human to look.
"""

from __future__ import annotations

from collections.abc import Mapping
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

# The fields of a reading that carry their own confidence.
FIELDS = ("intent", "kind", "duration", "windows", "timezone", "location", "participants", "chosen")
# The fields each intent relies on: a doubt elsewhere does not stop it being handled.
_WHEN = ("intent", "windows", "timezone")
RELIED: dict[str, tuple[str, ...]] = {
    SCHEDULE: ("intent", "kind", "duration", "windows", "timezone", "location", "participants"),
    CHOOSE_SLOT: ("intent", "chosen"),
    COUNTER_PROPOSAL: _WHEN,
    RESCHEDULE: _WHEN,
    PREFERENCE_UPDATE: _WHEN,
}

# Each doubt multiplies the confidence by this: one doubt already takes a clear reading
# (0.95) below the default threshold of 0.9, so an ambiguous message goes to a human.
DOUBT_FACTOR = 0.75


@dataclass(frozen=True)
class FieldReading:
    """One field's confidence and the rules that set it."""

    confidence: float
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What a message says, as far as the rules could tell.

    ``chosen_option`` is 1-based. ``rules`` are the names of the rules that fired, in
    order; ``reasons`` explain any doubt (and any notable default) for the supervisor.
    ``windows`` and ``exclusions`` are absolute intervals (``window`` is their hull, or
    None when no time frame was given); ``timezone`` names the zone the times were read
    in. ``fields`` holds each field's confidence; ``confidence`` is the lowest among the
    fields the intent relies on.
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
    windows: tuple[Interval, ...] = ()
    exclusions: tuple[Interval, ...] = ()
    timezone: str | None = None
    asap: bool = False
    location: str | None = None
    location_kind: str | None = None
    fields: Mapping[str, FieldReading] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.intent not in INTENTS:
            raise ValueError(f"unknown intent {self.intent!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError("confidence must be between 0 and 1")
        if self.chosen_option is not None and self.chosen_option < 1:
            raise ValueError("chosen_option is 1-based")
        unknown = set(self.fields) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown reading field {sorted(unknown)[0]!r}")

    def unsure_fields(
        self, threshold: float, per_field: Mapping[str, float] | None = None
    ) -> list[str]:
        """The fields the intent relies on whose confidence is below their threshold."""
        per_field = per_field or {}
        return [
            name
            for name in RELIED.get(self.intent, ("intent",))
            if name in self.fields and self.fields[name].confidence < per_field.get(name, threshold)
        ]

    def escalate(self, threshold: float, per_field: Mapping[str, float] | None = None) -> bool:
        """True when a human should look: a relied-on field unsure, or nothing understood."""
        if self.intent == UNKNOWN:
            return True
        if not self.fields:
            return self.confidence < threshold
        return bool(self.unsure_fields(threshold, per_field))


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

    def as_field(self, base: float) -> FieldReading:
        """This evidence as one field of a reading, starting from ``base``."""
        return FieldReading(self.confidence(base), tuple(self.rules))


def overall(fields: Mapping[str, FieldReading], intent: str) -> float:
    """The reading's confidence: the lowest of the fields its intent relies on."""
    relied = [fields[n].confidence for n in RELIED.get(intent, ("intent",)) if n in fields]
    return min(relied, default=fields["intent"].confidence if "intent" in fields else 0.0)
