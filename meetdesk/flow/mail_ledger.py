"""The ledger entries of a message sent: who received which categories of whose data.

A message in a conversation carries, for each person it names, some of their data: the
customer's name (every wording signs on their behalf) and, when it is in the headers or
the invitation's ORGANIZER, their address; each other participant's address and name as
the To and Cc lines show them; and the meeting itself (its times, the thread's subject,
its place when it has one), which is about everyone taking part. Each recipient of the
envelope receives all of it except their own data, and one ledger entry is written per
recipient and subject, in the send stage's commit, so an entry exists exactly when the
message was handed to the transport.
"""

from __future__ import annotations

from icalendar import Calendar
from sqlmodel import Session

from meetdesk.flow.services import Services
from meetdesk.mail.parse import ParsedMessage
from meetdesk.privacy.crypto import normalise_address
from meetdesk.privacy.ledger import CUSTOMER, PARTICIPANT, record_receipt
from meetdesk.store.conversations import load_data
from meetdesk.store.customers import get_customer
from meetdesk.store.models import Conversation, Outbox

_EMAIL, _NAME = "user.contact.email", "user.contact.name"
# The processing purpose under which mail discloses data (not an outbound mail purpose).
SCHEDULING = "scheduling"
_MEETING = ("user.content.private.calendar", "user.content.private.email_subject")
_PLACE = "user.location"


def record_sent(
    session: Session, s: Services, row: Outbox, parsed: ParsedMessage, recipients: list[str]
) -> int:
    """Write the entries for ``row`` sent to ``recipients``; returns how many.

    ``parsed`` is the message as sent, parsed by the caller before its transaction."""
    if row.conversation_id is None:
        return 0
    conv = session.get(Conversation, row.conversation_id)
    if conv is None:
        return 0
    data = load_data(s.cipher, conv)
    customer = get_customer(session, s.cipher, conv.customer_id) if conv.customer_id else None
    shown = {a.email.lower(): a.name for a in (*parsed.to, *parsed.cc)}
    named = {p.email.lower(): p.name for p in data.participants}
    meeting = set(_MEETING)
    if data.location or (data.booking or {}).get("location"):
        meeting.add(_PLACE)

    held: dict[str, set[str]] = {}  # subject -> the categories of theirs in the message
    for email in {*shown, *named}:
        if s.is_assistant(email):
            continue
        cats = held.setdefault(email, set(meeting))
        if email in shown:
            cats.add(_EMAIL)
        if shown.get(email) or named.get(email):
            cats.add(_NAME)
    customer_email = customer.email.lower() if customer else None
    if customer_email is not None:
        cats = held.setdefault(customer_email, set(meeting))
        cats.add(_NAME)
        if customer_email in shown or _organizer(parsed.calendar_parts) == customer_email:
            cats.add(_EMAIL)

    written = 0
    now = s.clock.now()
    for recipient in {normalise_address(r) for r in recipients}:
        kind = CUSTOMER if recipient == customer_email else PARTICIPANT
        for subject, cats in sorted(held.items()):
            if subject == recipient:
                continue  # a person's own data is no disclosure
            record_receipt(
                session,
                s.cipher,
                subject_email=subject,
                kind=kind,
                recipient=recipient,
                categories=cats,
                purpose=SCHEDULING,
                source=f"mail.{row.purpose}",
                customer_id=conv.customer_id,
                conversation_id=conv.id,
                now=now,
            )
            written += 1
    return written


def _organizer(parts: tuple[bytes, ...]) -> str | None:
    """The ORGANIZER address of an attached invitation, lower-cased."""
    for part in parts:
        for event in Calendar.from_ical(part).walk("VEVENT"):
            organizer = str(event.get("ORGANIZER", ""))
            if organizer:
                return organizer.removeprefix("mailto:").removeprefix("MAILTO:").lower()
    return None
