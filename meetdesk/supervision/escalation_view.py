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
and passed in; :func:`week_of` says which week, :func:`week_busy` fetches it. While
nothing has been proposed, :func:`week_busy` also finds the candidate slots
(:func:`candidate_slots`): the free times the propose stage would offer for the
request as the conversation now holds it (so a corrected duration gives new ones), for
a supervisor to pick or edit.
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
from meetdesk.flow.search import plan_search
from meetdesk.mail.parse import parse_message
from meetdesk.privacy.access import OPERATIONS, RESTRICTED, Item, Record, item
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.restrictions import ESCALATION_REASON
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.settings import Settings
from meetdesk.store import holds
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
    """The week whose busy time is shown, and that time (None: the calendar failed);
    with the candidate slots when nothing was proposed yet."""

    start: datetime
    end: datetime
    busy: Sequence[Interval] | None
    error: str | None = None
    candidates: Sequence[Interval] | None = None


@dataclass(frozen=True)
class Target:
    """What fetching the week needs, read before the read's transaction: with ``now``,
    also the customer's time other requests hold and this conversation's own UIDs, for
    the candidate slots."""

    customer: CustomerRecord | None
    data: ConversationData | None
    taken: tuple[Interval, ...] = ()
    own_uids: tuple[str, ...] = ()


def target(session: Session, cipher: Cipher, escalation_id: str, now: datetime) -> Target:
    row = _row(session, escalation_id)
    conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    if conv is None:
        return Target(None, None)
    customer = get_customer(session, cipher, conv.customer_id) if conv.customer_id else None
    taken: list[Interval] = []
    if customer is not None:
        taken = holds.taken(session, customer.id, now=now, besides=conv.id)
    uids = tuple(holds.own_uids(session, conv.id))
    return Target(customer, load_data(cipher, conv), tuple(taken), uids)


def week_of(
    data: ConversationData | None,
    zone: ZoneInfo,
    now: datetime,
    candidates: Sequence[Interval] = (),
) -> tuple[datetime, datetime]:
    """Monday to Monday (the customer's zone) around the first proposed slot, else the
    first candidate, else the first time frame asked for, else now."""
    first = now
    found = [data.proposals] if data else []
    found += [[[c.start.isoformat(), c.end.isoformat()] for c in candidates]]
    found += [data.windows] if data else []
    for spans in found:
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
    candidates = await candidate_slots(settings, found, now)
    start, end = week_of(found.data, zone, now, candidates or ())
    try:
        backend = CalendarCache(settings.scheduling.calendar_timeout_seconds)(customer)
        return Week(start, end, await backend.busy(start, end), candidates=candidates)
    except CalendarError as exc:
        return Week(start, end, None, type(exc).__name__, candidates)


async def candidate_slots(
    settings: Settings, found: Target, now: datetime
) -> list[Interval] | None:
    """The free slots the propose stage would offer now, searched as it searches (the
    request's constraints, the customer's preferences, busy time and other requests'
    holds); None once something was proposed, or when the calendar failed."""
    from meetdesk.calendar.factory import CalendarCache

    customer, data = found.customer, found.data
    if customer is None or data is None or data.proposals:
        return None
    preferences = effective_preferences(settings, customer)
    plan = plan_search(now, ZoneInfo(customer.timezone), preferences, data, settings.scheduling)
    if plan.window.end <= plan.not_before:
        return []
    span = plan.padding.around(plan.window)
    try:
        backend = CalendarCache(settings.scheduling.calendar_timeout_seconds)(customer)
        free = await backend.availability(span.start, span.end, ignore=list(found.own_uids))
    except CalendarError:
        return None
    return plan.search(free, list(found.taken))


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
        if week.candidates is not None:
            fields["candidates"] = Item([[c.start, c.end] for c in week.candidates], (CALENDAR,))
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
