"""Tentative holds: the proposed slots blocked in the customer's own calendar.

While participants choose among proposed slots, each slot is written to the customer's
calendar as a tentative, busy event so nothing else is booked over it. A hold is not a
scheduling object: it has no ORGANIZER or ATTENDEE (a CalDAV server would otherwise
send invitations for it, RFC 6638) and carries no participant data beyond the summary
the caller chose (GDPR data minimisation). It is marked with ``X-MEETDESK-HOLD`` so
MeetDesk can recognise, and clean up, its own holds among the customer's events,
and with a category so the customer can filter or colour them in any client.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDDDTypes

from meetdesk.calendar.itip_envelope import new_calendar
from meetdesk.calendar.itip_zones import UTC_ZONE, add_timezones, is_utc, local

HOLD_PROPERTY = "X-MEETDESK-HOLD"
HOLD_EXPIRES_PROPERTY = "X-MEETDESK-HOLD-EXPIRES"
HOLD_CATEGORY = "MeetDesk hold"


def hold_ics(
    uid: str,
    start: datetime,
    end: datetime,
    summary: str,
    conversation_ref: str,
    expires: datetime,
    *,
    dtstamp: datetime | None = None,
    tz: ZoneInfo = UTC_ZONE,
) -> bytes:
    """The stored object for one hold: STATUS:TENTATIVE, TRANSP:OPAQUE (shows as busy).

    ``conversation_ref`` is MeetDesk's opaque conversation id, never an address;
    ``expires`` is when MeetDesk will remove the hold if nobody picked the slot.
    ``dtstamp`` defaults to now only for callers without a clock: pass the clock's.
    """
    for when in (start, end, expires) + ((dtstamp,) if dtstamp else ()):
        if when.tzinfo is None:
            raise ValueError("hold times must be timezone-aware")
    if end <= start:
        raise ValueError("a hold must end after it starts")
    if not conversation_ref or any(c in conversation_ref for c in "\r\n"):
        raise ValueError("a hold needs a one-line conversation reference")
    ev = Event()
    ev.add("UID", uid)
    ev.add("DTSTAMP", (dtstamp or datetime.now(UTC)).astimezone(UTC))
    ev.add("DTSTART", local(start, tz))
    ev.add("DTEND", local(end, tz))
    ev.add("SUMMARY", summary)
    ev.add("STATUS", "TENTATIVE")
    ev.add("TRANSP", "OPAQUE")
    ev.add("CLASS", "PRIVATE")
    ev.add("CATEGORIES", [HOLD_CATEGORY])
    ev.add(HOLD_PROPERTY, conversation_ref)
    # VALUE=DATE-TIME makes parsers read it back as a time, not as text.
    expiry = vDDDTypes(expires.astimezone(UTC))
    ev.add(HOLD_EXPIRES_PROPERTY, expiry, parameters={"VALUE": "DATE-TIME"})
    cal = new_calendar(None)
    cal.add_component(ev)
    if not is_utc(tz):
        add_timezones(cal, start, end)
    return bytes(cal.to_ical())


def hold_ref(ics: bytes) -> str | None:
    """The conversation reference of a MeetDesk hold, or None for any other object.

    Never raises: the customer's calendar holds whatever other clients wrote.
    """
    try:
        cal = Calendar.from_ical(ics)
    except Exception:  # icalendar raises several types for malformed input
        return None
    for ev in cal.walk("VEVENT"):
        ref = ev.get(HOLD_PROPERTY)
        if ref is not None and str(ref):
            return str(ref)
    return None


def is_hold(ics: bytes) -> bool:
    """Whether ``ics`` is a hold MeetDesk wrote (and so may delete)."""
    return hold_ref(ics) is not None
