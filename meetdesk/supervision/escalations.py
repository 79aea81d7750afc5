"""Creating and listing escalations.

An escalation holds a reason code and non-personal details (rule names, confidences,
error classes): enough to triage from a terminal without decrypting anything. Escalating
a conversation also moves it to the ``escalated`` state so the assistant stops acting
on it by itself; the escalation remembers the state it had (``resume_state``), which a
supervisor's action (``meetdesk.supervision.actions``) resumes it from. Each escalation
is opened with its reason family, a priority and a due time from the ``[supervision]``
SLA (``meetdesk.supervision.reasons``); working the queue is
``meetdesk.supervision.queue``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from meetdesk.settings import SupervisionSettings
from meetdesk.store.models import Conversation, Escalation, new_id
from meetdesk.supervision.reasons import Sla, default_priority, due_at, kind_of

_DEFAULT_SLA = SupervisionSettings()


@dataclass(frozen=True)
class EscalationView:
    id: str
    created_at: datetime
    status: str
    reason: str
    conversation_id: str | None
    details: dict[str, Any]


def escalate(
    session: Session,
    *,
    now: datetime,
    reason: str,
    conversation_id: str | None = None,
    inbound_message_id: str | None = None,
    job_id: str | None = None,
    details: dict[str, Any] | None = None,
    priority: str | None = None,
    sla: Sla | None = None,
) -> str:
    """Open an escalation in the caller's transaction; returns its id.

    ``priority`` defaults to the reason family's; ``sla`` (the ``[supervision]``
    settings) to the built-in one."""
    kind = kind_of(reason)
    priority = priority or default_priority(kind)
    row = Escalation(
        id=new_id(),
        conversation_id=conversation_id,
        inbound_message_id=inbound_message_id,
        job_id=job_id,
        reason=reason,
        details=json.dumps(details or {}, sort_keys=True, default=str),
        status="open",
        created_at=now,
        kind=kind,
        priority=priority,
        due_at=due_at(sla or _DEFAULT_SLA, kind=kind, priority=priority, created_at=now),
    )
    if conversation_id is not None:
        conv = session.get(Conversation, conversation_id)
        if conv is not None:
            row.resume_state = _state_before(session, conv)
            conv.state = "escalated"
            conv.updated_at = now
    session.add(row)
    return row.id


def _state_before(session: Session, conv: Conversation) -> str | None:
    """The state a supervisor's action resumes the conversation from: its own, or, when
    it is already escalated, the one the earlier escalation recorded (None if unknown:
    ``meetdesk.supervision.resume`` then decides from the conversation's data)."""
    if conv.state != "escalated":
        return conv.state
    earlier = session.exec(
        select(Escalation.resume_state)
        .where(
            col(Escalation.conversation_id) == conv.id,
            col(Escalation.resume_state).is_not(None),
        )
        .order_by(col(Escalation.created_at).desc())
    ).first()
    return earlier


def list_escalations(session: Session, *, status: str | None = "open") -> list[EscalationView]:
    query = select(Escalation).order_by(col(Escalation.created_at))
    if status is not None:
        query = query.where(col(Escalation.status) == status)
    return [
        EscalationView(
            id=e.id,
            created_at=e.created_at,
            status=e.status,
            reason=e.reason,
            conversation_id=e.conversation_id,
            details=json.loads(e.details),
        )
        for e in session.exec(query).all()
    ]
