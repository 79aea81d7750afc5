"""Reading back what the daemon did: the messages it sent and the calendar objects.

Shared by the flow tests so each test reads like its scenario, not like MIME parsing.
"""

from __future__ import annotations

import email
from datetime import datetime
from email.message import EmailMessage
from email.policy import default
from typing import Any

from icalendar import Calendar

from meetdesk.testing.smtp_sink import SmtpSink

_STAMP = "%Y%m%dT%H%M%SZ"


def parsed(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=default)  # type: ignore[return-value]


def messages_sent(sink: SmtpSink, since: int = 0) -> list[EmailMessage]:
    """The messages the sink received, from the ``since``-th on."""
    return [parsed(m.raw) for m in sink.messages[since:]]


def body_text(msg: EmailMessage) -> str:
    body = msg.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def calendar_part(msg: EmailMessage) -> tuple[str, Calendar] | None:
    """The text/calendar part's method and object, or None for a message without one."""
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))
    return None


def first_event(cal: Calendar) -> Any:
    return next(iter(cal.walk("VEVENT")))


def other_client_event(start: datetime, end: datetime, uid: str = "other-client-1") -> bytes:
    """A busy event as another calendar client would store it (UTC times)."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Another client//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:{start.strftime(_STAMP)}\r\n"
        f"DTSTART:{start.strftime(_STAMP)}\r\nDTEND:{end.strftime(_STAMP)}\r\n"
        "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
