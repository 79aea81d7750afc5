"""What a supervisor is shown of one escalation: only what the decision needs.

The record holds the queue's facts (reason, family, priority, due time, claim), the
reading's rules and confidences (the escalation's details), the new text of the message
(quoted history and signature removed, unless ``full`` is asked for), what the reading
found (duration, kind, time frames, place, participants), the candidate slots and the
customer's busy time for the week, as bare intervals: the calendar boundary
(``CalendarBackend.busy``) hands over no title, place or attendee of any event, so none
can reach a supervisor. The customer's ``share`` preferences only cover what is given to
participants (dial-in, video link); nothing in them opens other events' details.

Busy time is read from the calendar before the read's transaction (no I/O inside it)
and passed in; :func:`week_of` says which week, :func:`week_busy` fetches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.assistant.new_text import new_text
from meetdesk.calendar.base import Interval
from meetdesk.errors import CalendarError
from meetdesk.mail.parse import parse_message
from meetdesk.privacy.access import OPERATIONS, RESTRICTED, Item, Record, item
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.restrictions import ESCALATION_REASON
from meetdesk.settings import Settings
from meetdesk.store.conversations import ConversationData, load_data
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Conversation, Escalation, InboundMessage
from meetdesk.supervision.queue import QueueError, note_of, status_at
from meetdesk.supervision.thread_view import thread_item

CALENDAR = "user.content.private.calendar"
# What the reading found, as the conversation's working data holds it.
READING_KEYS: tuple[str, ...] = ("duration_minutes", "kind", "windows", "exclusions", "asap")
READING_KEYS += ("location", "location_kind", "participants")


@dataclass(frozen=True)
class Week:
    """The week whose busy time is shown, and that time (None: the calendar failed)."""

    start: datetime
    end: datetime
    busy: Sequence[Interval] | None
    error: str | None = None


@dataclass(frozen=True)
class Target:
    """What fetching the week needs, read before the read's transaction."""

    customer: CustomerRecord | None
    data: ConversationData | None


def target(session: Session, cipher: Cipher, escalation_id: str) -> Target:
    row = _row(session, escalation_id)
    conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    if conv is None:
        return Target(None, None)
    customer = get_customer(session, cipher, conv.customer_id) if conv.customer_id else None
    return Target(customer, load_data(cipher, conv))


def week_of(
    data: ConversationData | None, zone: ZoneInfo, now: datetime
) -> tuple[datetime, datetime]:
    """Monday to Monday (the customer's zone) around the first candidate slot, else the
    first time frame asked for, else now."""
    first = now
    for spans in ((data.proposals, data.windows) if data else ()):
        if spans:
            first = datetime.fromisoformat(spans[0][0])
            break
    day = first.astimezone(zone).date()
    monday = datetime.combine(day - timedelta(days=day.weekday()), time(), zone)
    return monday, monday + timedelta(days=7)


async def week_busy(settings: Settings, found: Target, now: datetime) -> Week | None:
    """The customer's busy time for the week; a calendar that fails is said, not fatal."""
    from meetdesk.calendar.factory import CalendarCache

    customer = found.customer
    if customer is None:
        return None
    zone = ZoneInfo(customer.timezone)
    start, end = week_of(found.data, zone, now)
    try:
        backend = CalendarCache(settings.scheduling.calendar_timeout_seconds)(customer)
        return Week(start, end, await backend.busy(start, end))
    except CalendarError as exc:
        return Week(start, end, None, type(exc).__name__)


def view_record(
    session: Session,
    cipher: Cipher,
    escalation_id: str,
    *,
    now: datetime,
    week: Week | None,
    full: bool = False,
) -> Record:
    """One escalation as a supervisor decides it (see the module docstring)."""
    row = _row(session, escalation_id)
    conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    fields: dict[str, Item] = {
        name: item("escalation", name, getattr(row, name))
        for name in ("id", "reason", "kind", "priority", "created_at", "due_at")
        + ("claimed_by", "lease_until", "resolution", "details")
    }
    fields["status"] = item("escalation", "status", status_at(row, now))
    fields["conversation"] = item("escalation", "conversation_id", row.conversation_id)
    note = note_of(cipher, row)
    if note is not None:
        fields["note"] = item("escalation", "note_enc", note)
    message = _message(session, cipher, row, full)
    if message is not None:
        fields["message"] = item("inbound_message", "raw_enc", message)
    customer: CustomerRecord | None = None
    people: list[str] = []
    if conv is not None:
        data = load_data(cipher, conv)
        fields["subject"] = item("conversation", "data_enc", data.subject, "subject")
        values = data.to_json()
        for key in READING_KEYS:  # the meeting's kind, apart from the escalation's
            name = "meeting_kind" if key == "kind" else key
            fields[name] = item("conversation", "data_enc", values[key], key)
        fields["slots"] = item("conversation", "data_enc", data.proposals, "proposals")
        fields["thread"] = thread_item(session, cipher, conv.id, exclude=row.inbound_message_id)
        people = [p.email for p in data.participants]
        if conv.customer_id is not None:
            customer = get_customer(session, cipher, conv.customer_id)
            people.insert(0, customer.email)
    if week is not None:
        fields["week"] = Item([week.start, week.end], (OPERATIONS,))
        busy: object = f"unavailable ({week.error})"
        if week.busy is not None:
            busy = [[b.start, b.end] for b in week.busy]
        fields["busy"] = Item(busy, (CALENDAR,))
    return Record(
        fields=fields,
        customer_id=conv.customer_id if conv else None,
        customer_email=customer.email if customer else None,
        subjects=tuple(dict.fromkeys(p.lower() for p in people)),
        conversation_id=row.conversation_id,
        admin_only=RESTRICTED if row.reason == ESCALATION_REASON else None,
    )


def _row(session: Session, escalation_id: str) -> Escalation:
    row = session.get(Escalation, escalation_id)
    if row is None:
        raise QueueError(f"no escalation {escalation_id}")
    return row


def _message(session: Session, cipher: Cipher, row: Escalation, full: bool) -> str | None:
    """The escalated message's text: the sender's new words, or all of it with ``full``."""
    msg = session.get(InboundMessage, row.inbound_message_id) if row.inbound_message_id else None
    if msg is None:
        return None
    raw = cipher.decrypt(msg.raw_enc, table="inbound_message", column="raw", row_id=msg.id)
    text = parse_message(raw).text
    return text if full else new_text(text)
