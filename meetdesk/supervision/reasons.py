"""Reason families and priorities of escalations, and their due times.

An escalation's ``reason`` is the precise code its creator gave (``unclear_request``,
``job_failed:send``...); supervisors triage by family (``kind``): the reading was unsure,
the sender is unknown, no slot was free, a calendar or mail server failed, a privacy
policy stopped the assistant. The family sets the default priority, and the
``[supervision]`` SLA sets the due time from family or priority (see
docs/supervision.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

READING, UNKNOWN_SENDER, NO_FREE_SLOT = "reading", "unknown_sender", "no_free_slot"
CALENDAR_FAILURE, MAIL_FAILURE, FAILURE = "calendar_failure", "mail_failure", "failure"
POLICY, FOLLOW_UP, OTHER = "policy", "follow_up", "other"
KINDS = (
    READING,
    UNKNOWN_SENDER,
    NO_FREE_SLOT,
    CALENDAR_FAILURE,
    MAIL_FAILURE,
    FAILURE,
    POLICY,
    FOLLOW_UP,
    OTHER,
)
PRIORITIES = ("high", "normal", "low")

_READING_REASONS = {
    "unclear_request",
    "unclear_answer",
    "unexpected_message",
    "unreadable_message",
    "no_participants",
    "unreadable_calendar_reply",
    "conversation_escalated",
    "unknown",
}
# Jobs whose permanent failure means a calendar server would not answer or accept.
_CALENDAR_JOBS = {"propose", "book", "holds", "cancel", "attendance"}
_PRIORITY = {POLICY: "high", CALENDAR_FAILURE: "high", MAIL_FAILURE: "high", FOLLOW_UP: "low"}


def kind_of(reason: str) -> str:
    """The family of a reason code; unknown codes are ``other``, never an error."""
    if reason in _READING_REASONS:
        return READING
    if reason in (UNKNOWN_SENDER, NO_FREE_SLOT):
        return reason
    if reason == "participants_silent":
        return FOLLOW_UP
    if reason == "subject_restricted" or reason.startswith(("subject_", "participant_")):
        return POLICY
    if reason.startswith("job_failed:"):
        job = reason.partition(":")[2]
        if job in _CALENDAR_JOBS:
            return CALENDAR_FAILURE
        return MAIL_FAILURE if job == "send" else FAILURE
    return OTHER


def default_priority(kind: str) -> str:
    return _PRIORITY.get(kind, "normal")


class Sla(Protocol):
    """What a due time is computed from (``SupervisionSettings`` is one)."""

    @property
    def sla_minutes(self) -> int: ...

    @property
    def sla(self) -> dict[str, float]: ...


def due_at(sla: Sla, *, kind: str, priority: str, created_at: datetime) -> datetime:
    """When a human must have dealt with it: the family's SLA, else the priority's,
    else the default."""
    minutes = sla.sla.get(kind, sla.sla.get(priority, float(sla.sla_minutes)))
    return created_at + timedelta(minutes=minutes)
