"""One message in its thread: who wrote it, who is invited, and what it says.

``interpret`` is the single pure entry point of understanding. The daemon's understand
stage and ``meetdesk explain`` both call it, so what a supervisor sees explained is what
the assistant did. It takes the parsed message and what the conversation already knows
(``Thread``: the customer, the assistant's addresses, the state, our proposals) and
returns an ``Interpretation``: the sender's role, the participants with their roles, the
new text and the ``Reading``. No I/O, no clock: a missing Date falls back to ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.assistant.auto_reply import looks_automatic
from meetdesk.assistant.language import detect_language
from meetdesk.assistant.new_text import new_text
from meetdesk.assistant.people import optional_people, writes_for_customer
from meetdesk.assistant.reading import AUTO_REPLY, FieldReading, Reading
from meetdesk.assistant.understand import read_choice, read_request
from meetdesk.calendar.base import Interval
from meetdesk.mail.parse import Address, ParsedMessage

# Sender roles. ``assistant`` is the customer's own (human) assistant writing for them;
# ``self`` is a message from one of our own addresses (a loop, never acted on).
CUSTOMER, ASSISTANT, PARTICIPANT, UNKNOWN, SELF = (
    "customer",
    "assistant",
    "participant",
    "unknown",
    "self",
)
# Participant roles: To/Cc are required, Bcc only informed, "optional" said in prose.
REQUIRED, OPTIONAL, INFORMED = "required", "optional", "informed"


@dataclass(frozen=True)
class Thread:
    """What the conversation knows before this message."""

    timezone: ZoneInfo
    assistant_emails: frozenset[str]
    assistant_name: str = ""
    customer_email: str | None = None
    customer_name: str | None = None
    state: str = "new"
    proposals: tuple[Interval, ...] = ()
    participants: frozenset[str] = frozenset()  # known participants' addresses, lower case


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str | None
    role: str  # customer | required | optional | informed


@dataclass(frozen=True)
class Interpretation:
    sender_role: str
    participants: tuple[Invitee, ...]
    text: str  # the new text the reading was made from
    sent_at: datetime
    is_auto: bool
    reading: Reading
    notes: tuple[str, ...] = field(default=())

    @property
    def invited(self) -> tuple[Invitee, ...]:
        """The people to schedule with: everyone but the customer."""
        return tuple(p for p in self.participants if p.role != CUSTOMER)


def interpret(parsed: ParsedMessage, thread: Thread, *, now: datetime) -> Interpretation:
    """Read ``parsed`` as the next message of ``thread`` (see the module docstring)."""
    notes: list[str] = []
    sent_at = parsed.date
    if sent_at is None:
        sent_at = now
        notes.append("no readable Date header: relative dates resolved against the current time")
    text = new_text(parsed.text)
    role = sender_role(parsed, thread, text)
    participants = _participants(parsed, thread, role, text)

    auto_words = looks_automatic(parsed.subject, text)
    is_auto = parsed.is_auto or auto_words
    if is_auto:
        rules = ("auto.headers",) * parsed.is_auto + ("auto.words",) * auto_words
        reading = Reading(
            intent=AUTO_REPLY,
            language=detect_language(f"{parsed.subject}\n{text}"),
            confidence=1.0,
            rules=rules,
            reasons=("an automatic reply: never answered",),
            timezone=thread.timezone.key,
            fields={"intent": FieldReading(1.0, rules)},
        )
    elif thread.state == "proposed" and thread.proposals and role != SELF:
        reading = read_choice(
            text, proposals=list(thread.proposals), sent_at=sent_at, tz=thread.timezone
        )
    else:
        reading = read_request(
            text, sent_at=sent_at, tz=thread.timezone, assistant_name=thread.assistant_name
        )
    return Interpretation(
        sender_role=role,
        participants=participants,
        text=text,
        sent_at=sent_at,
        is_auto=is_auto,
        reading=reading,
        notes=tuple(notes),
    )


def sender_role(parsed: ParsedMessage, thread: Thread, text: str) -> str:
    """customer, assistant (the customer's own), self, participant or unknown."""
    sender = parsed.from_addr
    if sender is None:
        return UNKNOWN
    email = sender.email.lower()
    customer = (thread.customer_email or "").lower() or None
    if customer is not None and email == customer:
        return CUSTOMER
    if email in thread.assistant_emails:
        return SELF
    if customer is not None and writes_for_customer(
        text, email, customer, thread.customer_name or _name_in_headers(parsed, customer)
    ):
        return ASSISTANT
    if email in thread.participants:
        return PARTICIPANT
    if customer is not None and any(a.email.lower() == customer for a in (*parsed.to, *parsed.cc)):
        return PARTICIPANT
    return UNKNOWN


def _participants(
    parsed: ParsedMessage, thread: Thread, role: str, text: str
) -> tuple[Invitee, ...]:
    """The customer first, then To/Cc required (optional if the text says so), Bcc informed.

    Never the assistant, nor the customer's own assistant writing for them.
    """
    customer = (thread.customer_email or "").lower() or None
    seen = set(thread.assistant_emails)
    listed: list[tuple[Address, str]] = []
    if parsed.from_addr is not None:
        listed.append((parsed.from_addr, REQUIRED))
    listed += [(a, REQUIRED) for a in (*parsed.to, *parsed.cc)]
    listed += [(a, INFORMED) for a in parsed.bcc]
    people: list[Invitee] = []
    for addr, person_role in listed:
        email = addr.email.lower()
        if email in seen or not email:
            continue
        if addr is parsed.from_addr and role not in (CUSTOMER, PARTICIPANT):
            continue  # an unknown sender, or one writing for the customer, is not invited
        seen.add(email)
        if email == customer:
            person_role = CUSTOMER
        people.append(Invitee(email=addr.email, name=addr.name or None, role=person_role))
    marked = optional_people(text, [(p.email, p.name) for p in people if p.role == REQUIRED])
    people = [
        Invitee(p.email, p.name, OPTIONAL) if p.role == REQUIRED and p.email in marked else p
        for p in people
    ]
    people.sort(key=lambda p: p.role != CUSTOMER)
    return tuple(people)


def _name_in_headers(parsed: ParsedMessage, email: str) -> str | None:
    """The display name the message gives ``email``, if any (explain has no customer record)."""
    for addr in (*parsed.to, *parsed.cc, *parsed.bcc):
        if addr.email.lower() == email and addr.name:
            return addr.name
    return None
