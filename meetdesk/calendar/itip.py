"""Building the meeting's iCalendar objects: the stored event and the iTIP REQUEST.

One ``Meeting`` gives both, so the event in the customer's calendar and the invitation
each participant receives always carry the same UID, times and attendees (RFC 5545,
RFC 5546; the REQUEST travels by e-mail as iMIP, RFC 6047). The UID is derived from a
stable key so a retried booking rewrites the same event.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress

PRODID = "-//MeetDesk//MeetDesk//EN"


@dataclass(frozen=True)
class Meeting:
    """One booked meeting; ``attendees`` are (email, display name or None) pairs."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    organizer_email: str
    organizer_name: str
    attendees: list[tuple[str, str | None]]
    dtstamp: datetime
    description: str = ""
    location: str = ""
    sequence: int = 0
    sent_by: str | None = None  # the assistant, sending on the organizer's behalf
    categories: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if any(t.tzinfo is None for t in (self.start, self.end, self.dtstamp)):
            raise ValueError("meeting times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("meeting must end after it starts")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative")


def meeting_uid(key: str, domain: str) -> str:
    """A stable, opaque UID: the same key always names the same event."""
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}"


def _address(email: str, name: str | None, **params: str) -> vCalAddress:
    addr = vCalAddress(f"mailto:{email}")
    if name:
        # Parameter values are quoted (and RFC 6868-escaped) by icalendar, not vText-escaped.
        addr.params["CN"] = name
    for key, value in params.items():
        addr.params[key.replace("_", "-").upper()] = value
    return addr


def _event(m: Meeting) -> Event:
    ev = Event()
    ev.add("UID", m.uid)
    ev.add("DTSTAMP", m.dtstamp.astimezone(UTC))
    ev.add("DTSTART", m.start.astimezone(UTC))
    ev.add("DTEND", m.end.astimezone(UTC))
    ev.add("SUMMARY", m.summary)
    ev.add("SEQUENCE", m.sequence)
    ev.add("STATUS", "CONFIRMED")
    ev.add("TRANSP", "OPAQUE")
    if m.description:
        ev.add("DESCRIPTION", m.description)
    if m.location:
        ev.add("LOCATION", m.location)
    if m.categories:
        ev.add("CATEGORIES", m.categories)
    organizer = _address(m.organizer_email, m.organizer_name)
    if m.sent_by:
        organizer.params["SENT-BY"] = f"mailto:{m.sent_by}"
    ev.add("ORGANIZER", organizer)
    for email, name in m.attendees:
        ev.add(
            "ATTENDEE",
            _address(
                email,
                name,
                ROLE="REQ-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="TRUE",
                CUTYPE="INDIVIDUAL",
            ),
        )
    return ev


def _calendar(m: Meeting, method: str | None) -> bytes:
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if method:
        cal.add("METHOD", method)
    cal.add_component(_event(m))
    return bytes(cal.to_ical())


def event_ics(m: Meeting) -> bytes:
    """The object stored in the organizer's calendar (no METHOD, as RFC 4791 requires)."""
    return _calendar(m, None)


def request_ics(m: Meeting) -> bytes:
    """The iTIP REQUEST (RFC 5546) sent to attendees by iMIP (RFC 6047): same VEVENT."""
    return _calendar(m, "REQUEST")
