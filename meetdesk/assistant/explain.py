"""Explain one message: the reading the assistant would make of it, as plain data.

``meetdesk explain`` runs this on ``.eml`` files so a supervisor or an admin can see why
the assistant did what it did: language, intent, meeting facts, participants and their
roles, the time windows, the confidence, whether the gate escalates, and the names of
the rules that fired. The function is pure (no I/O, no database): the same bytes, the
same options and the same ``now`` always give the same answer.

Offline there is no conversation: unless the caller passes the state and our proposals,
every message is read as a *request*, except automatic replies (RFC 3834 headers, list
or bounce traffic, or out-of-office words), reported as intent ``auto_reply`` and never
answered. ``escalate`` is the decision rules' verdict: whether a human would look.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from meetdesk.assistant.decide import Situation, decide
from meetdesk.assistant.interpret import Thread, interpret
from meetdesk.assistant.reading import Reading
from meetdesk.calendar.base import Interval
from meetdesk.mail.parse import Address, parse_message

__all__ = ["explain"]


def explain(
    raw: bytes,
    *,
    assistant: str | Address | Iterable[str | Address],
    assistant_name: str,
    customer: str | None,
    timezone: ZoneInfo,
    threshold: float,
    field_thresholds: dict[str, float] | None = None,
    now: datetime | None = None,
    state: str = "new",
    proposals: Sequence[tuple[datetime, datetime]] = (),
) -> dict[str, Any]:
    """The interpretation of ``raw`` as a JSON-ready dict (see ``docs/operations.md``).

    ``assistant`` is the assistant's address or addresses (excluded from participants),
    ``customer`` the customer's address if known, ``timezone`` the customer's zone in which
    relative dates resolve against the message's Date header. ``state`` and ``proposals``
    place the message in a conversation: with our proposals out, an answer is matched
    against them. ``now`` replaces a missing or unreadable Date (default: the current time).
    """
    parsed = parse_message(raw)
    customer_email = customer.strip().lower() if customer else None
    thread = Thread(
        timezone=timezone,
        assistant_emails=_emails(assistant),
        assistant_name=assistant_name or "",
        customer_email=customer_email,
        state=state,
        proposals=tuple(Interval(s, e) for s, e in proposals),
    )
    seen = interpret(parsed, thread, now=now or datetime.now(UTC))
    reading = seen.reading
    decision = decide(
        Situation(
            state=state,
            sender_role=seen.sender_role,
            is_auto=seen.is_auto,
            has_sender=parsed.from_addr is not None,
            participants=len(seen.invited),
            reading=reading,
            threshold=threshold,
            field_thresholds=field_thresholds or {},
        )
    )
    sender = parsed.from_addr
    return {
        "language": reading.language,
        "intent": reading.intent,
        "meeting": {
            "kind": reading.kind,
            "duration_minutes": reading.duration_minutes,
            "location": reading.location,
        },
        "participants": [
            {"email": p.email, "name": p.name, "role": p.role} for p in seen.participants
        ],
        "windows": _intervals(reading.windows, timezone),
        "exclusions": _intervals(reading.exclusions, timezone),
        "chosen": _chosen(reading, timezone),
        "timezone": reading.timezone or timezone.key,
        "confidence": reading.confidence,
        "fields": {
            name: {"confidence": f.confidence, "rules": list(f.rules)}
            for name, f in reading.fields.items()
        },
        "escalate": decision.escalates,
        "reasons": [*seen.notes, *reading.reasons],
        "rules": list(reading.rules),
        "sender": {"email": sender.email, "name": sender.name} if sender else None,
        "sender_role": seen.sender_role,
        "subject": parsed.subject,
        "message_id": None if parsed.message_id_synthetic else parsed.message_id,
        "sent_at": parsed.date.isoformat() if parsed.date else None,  # the sender's offset
        "decision": {"action": decision.action, "rule": decision.rule, "reason": decision.reason},
        "defects": list(parsed.defects),
    }


def _emails(value: str | Address | Iterable[str | Address]) -> frozenset[str]:
    items: Iterable[str | Address] = (
        [value] if isinstance(value, (str, Address)) else value  # one address or several
    )
    out = set()
    for item in items:
        email = item.email if isinstance(item, Address) else item
        if email and email.strip():
            out.add(email.strip().lower())
    return frozenset(out)


def _intervals(items: Iterable[Interval], tz: ZoneInfo) -> list[dict[str, str]]:
    return [
        {"start": i.start.astimezone(tz).isoformat(), "end": i.end.astimezone(tz).isoformat()}
        for i in items
    ]


def _chosen(reading: Reading, tz: ZoneInfo) -> dict[str, Any] | None:
    if reading.chosen_start is not None:
        return {"start": reading.chosen_start.astimezone(tz).isoformat()}
    if reading.chosen_option is not None:
        return {"option": reading.chosen_option}
    return None
