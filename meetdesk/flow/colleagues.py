"""Colleagues in one meeting: participants who are customers too are scheduled together.

When a customer invites a colleague the assistant also works for, a human assistant
looks at both diaries. So do we: each colleague's calendar is read like the customer's
(their busy time is added, their own holds and bookings block too), and proposals fall
within every colleague's working hours, in their own zone. Only the organising
customer's calendar receives the holds and the event; colleagues are invited.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.calendar.availability import Availability
from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import merge_intervals
from meetdesk.calendar.shared_hours import Member
from meetdesk.flow.services import Services
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.store.conversations import ConversationData
from meetdesk.store.customers import CustomerRecord, find_customer


def colleagues_of(
    session: Session, s: Services, data: ConversationData, customer: CustomerRecord
) -> list[CustomerRecord]:
    """The participants who are customers themselves (not the organiser), by id order."""
    found: dict[str, CustomerRecord] = {}
    for person in data.participants:
        record = find_customer(session, s.cipher, person.email)
        if record is not None and record.id != customer.id:
            found[record.id] = record
    return [found[k] for k in sorted(found)]


def members(s: Services, colleagues: Sequence[CustomerRecord]) -> list[Member]:
    """Each colleague's working hours in their own zone."""
    return [
        (effective_preferences(s.settings, c).working_hours, ZoneInfo(c.timezone))
        for c in colleagues
    ]


async def with_colleagues(
    s: Services,
    found: Availability,
    colleagues: Sequence[CustomerRecord],
    span: Interval,
    ignore: Collection[str],
) -> Availability:
    """The organiser's availability with every colleague's busy time added."""
    if not colleagues:
        return found
    busy = list(found.busy)
    for colleague in colleagues:
        theirs = await s.calendar_for(colleague).availability(span.start, span.end, ignore=ignore)
        busy.extend(theirs.busy)
    return replace(found, busy=merge_intervals(busy))
