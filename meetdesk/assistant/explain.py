"""Explain one message: the reading the assistant would make of it, as plain data.

``meetdesk explain`` runs this on ``.eml`` files so a supervisor or an admin can see why
the assistant did what it did: language, intent, meeting facts, participants and their
roles, the time windows, the confidence, whether the gate escalates, and the names of
the rules that fired. The function is pure (no I/O, no database): the same bytes, the
same options and the same ``now`` always give the same answer.

Offline there is no conversation and so no proposals: a reply choosing among proposals
cannot be matched, and every message is read as a *request* unless it is an automatic
reply (RFC 3834 headers, list or bounce traffic, or out-of-office words), which is
reported as intent ``auto_reply`` and never escalated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from typing import Any
from zoneinfo import ZoneInfo

from meetdesk.assistant.auto_reply import looks_automatic
from meetdesk.assistant.decide import Situation, decide
from meetdesk.assistant.new_text import new_text
from meetdesk.assistant.reading import Reading
from meetdesk.assistant.understand import detect_language, read_request
from meetdesk.calendar.base import Interval
from meetdesk.mail.parse import Address, ParsedMessage, parse_message

__all__ = ["AUTO_REPLY", "explain"]

AUTO_REPLY = "auto_reply"

# Sender roles as explain reports them; the decision rules know only the first three.
CUSTOMER, PARTICIPANT, UNKNOWN, ASSISTANT = "customer", "participant", "unknown", "assistant"


def explain(
    raw: bytes,
    *,
    assistant: str | Address | Iterable[str | Address],
    assistant_name: str,
    customer: str | None,
    timezone: ZoneInfo,
    threshold: float,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The interpretation of ``raw`` as a JSON-ready dict (see ``docs/operations.md``).

    ``assistant`` is the assistant's address or addresses (excluded from participants),
    ``customer`` the customer's address if known, ``timezone`` the customer's zone in which
    relative dates resolve against the message's Date header. ``now`` replaces a missing
    or unreadable Date (default: the current time).
    """
    parsed = parse_message(raw)
    assistants = _emails(assistant)
    customer_email = customer.strip().lower() if customer else None
    sender = parsed.from_addr
    role = _sender_role(sender, assistants, customer_email, parsed.to, parsed.cc)
    bcc = _bcc(raw)
    participants = _participants(parsed, bcc, role, assistants)
    if customer_email is not None:
        participants = _with_customer(participants, customer_email, parsed, bcc)

    sent_at = parsed.date
    notes: list[str] = []
    if sent_at is None:
        sent_at = now or datetime.now(UTC)
        notes.append("no readable Date header: relative dates resolved against the current time")
    text = new_text(parsed.text)
    automatic_headers = parsed.is_auto
    automatic_words = looks_automatic(parsed.subject, text)

    reading: Reading | None = None
    if automatic_headers or automatic_words:
        rules = ["auto.headers"] if automatic_headers else []
        rules += ["auto.words"] if automatic_words else []
        language = detect_language(f"{parsed.subject}\n{text}")
        result = _result(
            intent=AUTO_REPLY,
            language=language,
            confidence=1.0,
            escalate=False,
            rules=rules,
            reasons=[*notes, "an automatic reply: never answered"],
            timezone=timezone,
        )
    else:
        reading = read_request(
            text, sent_at=sent_at, tz=timezone, assistant_name=assistant_name or ""
        )
        result = _result(
            intent=reading.intent,
            language=reading.language,
            confidence=reading.confidence,
            escalate=reading.escalate(threshold),
            rules=list(reading.rules),
            reasons=[*notes, *reading.reasons],
            timezone=timezone,
        )
        result["meeting"] = {
            "kind": reading.kind,
            "duration_minutes": reading.duration_minutes,
            "location": getattr(reading, "location", None),
        }
        result["windows"] = _intervals(_windows(reading), timezone)
        result["exclusions"] = _intervals(getattr(reading, "exclusions", None) or (), timezone)
        result["chosen"] = _chosen(reading, timezone)

    decision = decide(
        Situation(
            state="new",
            sender_role=role if role in (CUSTOMER, PARTICIPANT) else UNKNOWN,
            is_auto=automatic_headers or automatic_words,
            has_sender=sender is not None,
            participants=sum(1 for p in participants if p["role"] != CUSTOMER),
            reading=reading,
            threshold=threshold,
        )
    )
    result.update(
        sender={"email": sender.email, "name": sender.name} if sender else None,
        sender_role=role,
        participants=participants,
        subject=parsed.subject,
        message_id=None if parsed.message_id_synthetic else parsed.message_id,
        sent_at=parsed.date.isoformat() if parsed.date else None,  # the sender's offset
        decision={"action": decision.action, "rule": decision.rule, "reason": decision.reason},
        defects=list(parsed.defects),
    )
    return result


def _result(
    *,
    intent: str,
    language: str,
    confidence: float,
    escalate: bool,
    rules: list[str],
    reasons: list[str],
    timezone: ZoneInfo,
) -> dict[str, Any]:
    return {
        "language": language,
        "intent": intent,
        "meeting": {"kind": None, "duration_minutes": None, "location": None},
        "participants": [],
        "windows": [],
        "exclusions": [],
        "chosen": None,
        "timezone": timezone.key,
        "confidence": confidence,
        "escalate": escalate,
        "reasons": reasons,
        "rules": rules,
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


def _sender_role(
    sender: Address | None,
    assistants: frozenset[str],
    customer: str | None,
    to: tuple[Address, ...],
    cc: tuple[Address, ...],
) -> str:
    """customer, assistant, participant (writes to the customer) or unknown."""
    if sender is None:
        return UNKNOWN
    email = sender.email.lower()
    if customer is not None and email == customer:
        return CUSTOMER
    if email in assistants:
        return ASSISTANT
    if customer is not None and any(a.email.lower() == customer for a in (*to, *cc)):
        return PARTICIPANT
    return UNKNOWN


def _bcc(raw: bytes) -> list[Address]:
    """Bcc recipients: present only in a sender's own copy (a sent folder export)."""
    try:
        headers = BytesHeaderParser().parsebytes(bytes(raw or b""))
        values = [str(v) for v in headers.get_all("Bcc") or []]
        return [Address(name=n, email=e) for n, e in getaddresses(values) if "@" in e]
    except Exception:  # parse_message already reported what is wrong with the headers
        return []


def _participants(
    parsed: ParsedMessage, bcc: list[Address], role: str, assistants: frozenset[str]
) -> list[dict[str, Any]]:
    """To/Cc required, Bcc informed, a participant sender required; never the assistant."""
    people: list[dict[str, Any]] = []
    seen = set(assistants)
    listed: list[tuple[Address, str]] = [(a, "required") for a in (*parsed.to, *parsed.cc)]
    listed += [(a, "informed") for a in bcc]
    if parsed.from_addr is not None and role == PARTICIPANT:
        listed.insert(0, (parsed.from_addr, "required"))
    for addr, person_role in listed:
        email = addr.email.lower()
        if email in seen:
            continue
        seen.add(email)
        people.append({"email": addr.email, "name": addr.name or None, "role": person_role})
    return people


def _with_customer(
    people: list[dict[str, Any]], customer: str, parsed: ParsedMessage, bcc: list[Address]
) -> list[dict[str, Any]]:
    """The customer first with role ``customer`` when the message involves them."""
    involved = [parsed.from_addr] if parsed.from_addr else []
    involved += [*parsed.to, *parsed.cc, *bcc]
    match = next((a for a in involved if a.email.lower() == customer), None)
    if match is None:
        return people
    others = [p for p in people if p["email"].lower() != customer]
    return [{"email": match.email, "name": match.name or None, "role": CUSTOMER}, *others]


def _windows(reading: Reading) -> list[Interval]:
    several = getattr(reading, "windows", None)  # a later Reading may hold several
    if several:
        return list(several)
    return [reading.window] if reading.window is not None else []


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
