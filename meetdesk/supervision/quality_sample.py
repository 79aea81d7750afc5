"""Taking a quality sample: what a decision was made on, pseudonymised before it is stored.

A reviewer judges whether the assistant read a message right; they need the words it
read and what it understood, not who wrote them. So at the moment a decision is sampled:

- the body is cut to the message's new text (``assistant.new_text``: no quoted history,
  no signature), which is all the rules read;
- every e-mail address, and every name the conversation knows (the customer's, the
  participants', the display names in the headers, each word of them), is replaced by a
  pseudonym such as ``P-3f2a9c``: a keyed hash of the address and the customer
  (``Cipher.blind_index``), so one person keeps one pseudonym across a customer's samples
  and two customers' samples cannot be joined; phone numbers become ``[phone]``;
- the reading is kept without its place (a postal address): intent, kind, duration,
  times, confidence.

The document is sealed under the customer's data key, as its conversation is
(``meetdesk.privacy.sealed`` finds the owner from ``customer_id``), so shredding the
customer's keys destroys its samples too; the retention purge removes them with the
conversation's other rows (``purge_targets``), by the rules of the categories below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from sqlmodel import Session

from meetdesk.assistant.new_text import new_text
from meetdesk.assistant.reading import Reading
from meetdesk.mail.parse import ParsedMessage
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.store.models import Decision, QualitySample

TABLE = "quality_sample"
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<![\w])\+?\d[\d ().-]{6,}\d(?![\w])")
_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


class SampleDocument:
    """The keys of ``quality_sample.sample_enc`` and the categories each holds: the data
    map reads them, and the access function shows each key by its own categories."""

    PRIVACY: ClassVar[dict[str, tuple[str, ...]]] = {
        "text": ("user.content.private.email_body",),
        "subject": ("user.content.private.email_subject",),
        "sender": ("user.unique_id.pseudonymous",),
        "sender_role": ("system.operations",),
        "people": ("user.unique_id.pseudonymous",),
        "reading": ("user.content.private.calendar",),
        "language": ("user.preferences",),
    }


@dataclass(frozen=True)
class Person:
    """Someone whose address and name must not reach a sample."""

    email: str
    name: str = ""
    role: str = ""


def pseudonym(cipher: Cipher, customer_id: str | None, email: str) -> str:
    """A person's stable pseudonym within one customer's samples."""
    digest = cipher.blind_index(f"{customer_id or '-'}:{normalise_address(email)}", kind="quality")
    return f"P-{digest[:6]}"


def pseudonymise(
    text: str, people: Sequence[Person], cipher: Cipher, customer_id: str | None
) -> str:
    """``text`` with addresses, known names and phone numbers replaced."""
    names: dict[str, str] = {}
    for p in people:
        alias = pseudonym(cipher, customer_id, p.email)
        local = p.email.split("@", 1)[0]
        # the whole name first, then its words (a greeting says "Hi Bob"), then the
        # address's local part ("alice" in a signature) when it is a word
        for name in (p.name, *p.name.split(), *re.split(r"[._-]", local)):
            if len(name) >= 2 and _WORD.fullmatch(name):
                names.setdefault(name.lower(), alias)
            elif len(name.split()) > 1:
                names.setdefault(name.lower(), alias)
    known = {normalise_address(p.email): pseudonym(cipher, customer_id, p.email) for p in people}

    def address(match: re.Match[str]) -> str:
        found = normalise_address(match.group(0))
        return known.get(found) or pseudonym(cipher, customer_id, found)

    text = _EMAIL.sub(address, text)
    text = _PHONE.sub(_phone, text)
    for name in sorted(names, key=len, reverse=True):  # "Bob Durand" before "Bob"
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", names[name], text, flags=re.IGNORECASE)
    return text


def _phone(match: re.Match[str]) -> str:
    """A phone number, but not a date: the times are what a reviewer checks."""
    found = match.group(0)
    if _DATE.fullmatch(found) or sum(c.isdigit() for c in found) < 8:
        return found
    return "[phone]"


def people_of(
    parsed: ParsedMessage, known: Iterable[Person], customer: Person | None
) -> list[Person]:
    """Everyone the message or its conversation names: headers, participants, customer."""
    found: dict[str, Person] = {}
    headers = [parsed.from_addr, *parsed.to, *parsed.cc, *parsed.reply_to]
    listed = [*(Person(a.email, a.name or "") for a in headers if a is not None), *known]
    if customer is not None:
        listed.append(customer)
    for p in listed:
        key = normalise_address(p.email)
        if not key:
            continue
        before = found.get(key)
        name = p.name or (before.name if before else "")
        role = p.role or (before.role if before else "")
        found[key] = Person(key, name, role)
    return list(found.values())


def document(
    cipher: Cipher,
    *,
    customer_id: str | None,
    parsed: ParsedMessage,
    people: Sequence[Person],
    sender_role: str,
    reading: Reading | None,
) -> dict[str, Any]:
    """The sample's content (see the module docstring), before it is sealed."""
    sender = parsed.from_addr.email if parsed.from_addr else ""
    return {
        "text": pseudonymise(new_text(parsed.text), people, cipher, customer_id),
        "subject": pseudonymise(parsed.subject, people, cipher, customer_id),
        "sender": pseudonym(cipher, customer_id, sender) if sender else None,
        "sender_role": sender_role,
        "people": [
            {"pseudonym": pseudonym(cipher, customer_id, p.email), "role": p.role}
            for p in people
            if normalise_address(p.email) != normalise_address(sender)
        ],
        "reading": _reading(reading),
        "language": reading.language if reading else None,
    }


def _reading(reading: Reading | None) -> dict[str, Any] | None:
    if reading is None:
        return None
    return {
        "intent": reading.intent,
        "kind": reading.kind,
        "duration_minutes": reading.duration_minutes,
        "windows": [[w.start.isoformat(), w.end.isoformat()] for w in reading.windows],
        "exclusions": [[w.start.isoformat(), w.end.isoformat()] for w in reading.exclusions],
        "chosen_option": reading.chosen_option,
        "chosen_start": reading.chosen_start.isoformat() if reading.chosen_start else None,
        "timezone": reading.timezone,
        "asap": reading.asap,
        "location_kind": reading.location_kind,
        "confidence": reading.confidence,
    }


def store_sample(
    session: Session,
    cipher: Cipher,
    decision: Decision,
    *,
    customer_id: str | None,
    content: dict[str, Any],
    now: datetime,
) -> QualitySample:
    """Seal ``content`` for ``decision`` under its customer's key and add the row."""
    row = QualitySample(
        decision_id=decision.id,
        conversation_id=decision.conversation_id,
        customer_id=customer_id,
        action=decision.action,
        rules=decision.rules,
        confidence=decision.confidence,
        sample_enc=b"",
        decided_at=decision.created_at,
        sampled_at=now,
    )
    row.sample_enc = cipher.encrypt_json(
        content, table=TABLE, column="sample", row_id=row.id, owner=customer_id
    )
    session.add(row)
    return row


def rules_of(row: QualitySample) -> list[str]:
    rules: list[str] = json.loads(row.rules)
    return rules
