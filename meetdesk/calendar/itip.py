"""Building the meeting's iCalendar objects: the stored event, the REQUEST and the CANCEL.

One ``Meeting`` gives all of them, so the event in the customer's calendar and the
messages each participant receives always carry the same UID, times and attendees
(RFC 5545, RFC 5546; the messages travel by e-mail as iMIP, RFC 6047). The UID is
derived from a stable key so a retried booking rewrites the same event.

Times are written in ``Meeting.tz`` with a TZID and the matching VTIMEZONE, so a
client shows the meeting in the customer's zone and keeps it right across DST. The
default zone is UTC, written as plain ``Z`` times: the instant is the same, so an
existing caller that passes no zone keeps exactly what it had.

SEQUENCE is the caller's: the first REQUEST has 0 and every update or cancellation
sent for the same UID must carry a higher number (RFC 5546 2.1.4); ``cancellation``
builds the cancelled meeting from the last one sent so that rule cannot be forgotten.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Event, vCalAddress

from meetdesk.calendar.itip_envelope import PRODID, new_calendar
from meetdesk.calendar.itip_hold import hold_ics, is_hold
from meetdesk.calendar.itip_zones import UTC_ZONE, add_timezones, is_utc, local

__all__ = [
    "PRODID",
    "Meeting",
    "cancel_ics",
    "cancellation",
    "event_ics",
    "hold_ics",
    "is_hold",
    "meeting_uid",
    "request_ics",
]

REQ_PARTICIPANT = "REQ-PARTICIPANT"
OPT_PARTICIPANT = "OPT-PARTICIPANT"
NON_PARTICIPANT = "NON-PARTICIPANT"  # informed only: a copy, no answer expected
CHAIR = "CHAIR"
ROLES = frozenset({REQ_PARTICIPANT, OPT_PARTICIPANT, NON_PARTICIPANT, CHAIR})

STATUSES = frozenset({"CONFIRMED", "TENTATIVE", "CANCELLED"})
PARTSTATS = frozenset({"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"})


@dataclass(frozen=True)
class Meeting:
    """One booked meeting; ``attendees`` are (email, display name or None) pairs.

    ``roles`` and ``partstats`` are keyed by attendee e-mail (any case); an attendee
    missing from them is a required participant who has not answered yet.
    """

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
    tz: ZoneInfo = UTC_ZONE
    status: str = "CONFIRMED"
    roles: dict[str, str] = field(default_factory=dict)
    partstats: dict[str, str] = field(default_factory=dict)
    conference_url: str = ""  # a video link, written as RFC 7986 CONFERENCE
    conference_label: str = ""

    def __post_init__(self) -> None:
        if any(t.tzinfo is None for t in (self.start, self.end, self.dtstamp)):
            raise ValueError("meeting times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("meeting must end after it starts")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative")
        if self.status not in STATUSES:
            raise ValueError(f"unknown meeting STATUS {self.status!r}")
        known = {email.lower() for email, _ in self.attendees}
        for table, allowed in ((self.roles, ROLES), (self.partstats, PARTSTATS)):
            for email, value in table.items():
                if email.lower() not in known:
                    raise ValueError(f"{email!r} is not an attendee of the meeting")
                if value not in allowed:
                    raise ValueError(f"unknown value {value!r} for {email!r}")

    def role_of(self, email: str) -> str:
        return _lookup(self.roles, email, REQ_PARTICIPANT)

    def partstat_of(self, email: str) -> str:
        return _lookup(self.partstats, email, "NEEDS-ACTION")


def _lookup(table: dict[str, str], email: str, default: str) -> str:
    wanted = email.lower()
    return next((v for k, v in table.items() if k.lower() == wanted), default)


def meeting_uid(key: str, domain: str) -> str:
    """A stable, opaque UID: the same key always names the same event."""
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}"


def cancellation(m: Meeting, now: datetime) -> Meeting:
    """The cancelled form of ``m``, the meeting as last sent: next SEQUENCE, DTSTAMP now."""
    return dataclasses.replace(m, status="CANCELLED", sequence=m.sequence + 1, dtstamp=now)


def _address(email: str, name: str | None, **params: str) -> vCalAddress:
    addr = vCalAddress(f"mailto:{email}")
    if name:
        # Parameter values are quoted (and RFC 6868-escaped) by icalendar, not vText-escaped.
        addr.params["CN"] = name
    for key, value in params.items():
        addr.params[key.replace("_", "-").upper()] = value
    return addr


def _attendee(m: Meeting, email: str, name: str | None) -> vCalAddress:
    role = m.role_of(email)
    # An informed person gets the copy but is not asked to answer (RSVP=FALSE), so
    # clients show no accept/decline buttons that would only produce noise.
    rsvp = "FALSE" if role == NON_PARTICIPANT else "TRUE"
    return _address(
        email,
        name,
        ROLE=role,
        PARTSTAT=m.partstat_of(email),
        RSVP=rsvp,
        CUTYPE="INDIVIDUAL",
    )


def _event(m: Meeting, status: str) -> Event:
    ev = Event()
    ev.add("UID", m.uid)
    ev.add("DTSTAMP", m.dtstamp.astimezone(UTC))
    ev.add("DTSTART", local(m.start, m.tz))
    ev.add("DTEND", local(m.end, m.tz))
    ev.add("SUMMARY", m.summary)
    ev.add("SEQUENCE", m.sequence)
    ev.add("STATUS", status)
    ev.add("TRANSP", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    if m.description:
        ev.add("DESCRIPTION", m.description)
    if m.location:
        ev.add("LOCATION", m.location)
    if m.conference_url:
        params = {"VALUE": "URI", "FEATURE": "VIDEO"}
        if m.conference_label:
            params["LABEL"] = m.conference_label
        ev.add("CONFERENCE", m.conference_url, parameters=params)
    if m.categories:
        ev.add("CATEGORIES", m.categories)
    organizer = _address(m.organizer_email, m.organizer_name)
    if m.sent_by:
        organizer.params["SENT-BY"] = f"mailto:{m.sent_by}"
    ev.add("ORGANIZER", organizer)
    for email, name in m.attendees:
        ev.add("ATTENDEE", _attendee(m, email, name))
    return ev


def _calendar(m: Meeting, method: str | None, status: str) -> bytes:
    cal = new_calendar(method)
    cal.add_component(_event(m, status))
    if not is_utc(m.tz):
        add_timezones(cal, m.start, m.end)
    return bytes(cal.to_ical())


def event_ics(m: Meeting) -> bytes:
    """The object stored in the organizer's calendar (no METHOD, as RFC 4791 requires).

    A cancelled meeting (``status="CANCELLED"``) is stored too, so the customer's
    calendar shows it struck through instead of silently losing it.
    """
    return _calendar(m, None, m.status)


def request_ics(m: Meeting) -> bytes:
    """The iTIP REQUEST (RFC 5546 3.2.2) sent by iMIP (RFC 6047): first invitation or update.

    An update reuses the UID with a higher SEQUENCE and a new DTSTAMP, which the caller
    sets; the VEVENT is the stored one, so what participants see is what was booked.
    """
    if m.status == "CANCELLED":
        raise ValueError("a cancelled meeting is sent with cancel_ics, not request_ics")
    return _calendar(m, "REQUEST", m.status)


def cancel_ics(m: Meeting) -> bytes:
    """The iTIP CANCEL (RFC 5546 3.2.5): same UID and attendees, STATUS:CANCELLED.

    ``m`` is the meeting with its SEQUENCE already above the last one sent (see
    ``cancellation``). A CANCEL with SEQUENCE 0 cannot follow any REQUEST, so it is
    refused as the mistake it is: clients would ignore it as stale.
    """
    if m.sequence < 1:
        raise ValueError("a CANCEL must carry a SEQUENCE above the last REQUEST's")
    return _calendar(m, "CANCEL", "CANCELLED")
