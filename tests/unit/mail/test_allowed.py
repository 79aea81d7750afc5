"""The minimal-disclosure allow-list holds the wording functions and calendar objects to it.

A wording function that grows a new input, or a calendar object that grows a new
property, fails here until the allow-list in meetdesk.mail.allowed names it: what
participants may see is reviewed in one table, not discovered in sent mail.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

import meetdesk.flow
from meetdesk.assistant.attendance_wording import declined_note, refresh_note
from meetdesk.assistant.follow_up_wording import reminder_text, silence_notice_text
from meetdesk.assistant.subject_request_wording import acknowledgement_text, takeover_text
from meetdesk.assistant.wording import cancellation_text, confirmation_text, proposal_text
from meetdesk.calendar.itip import Meeting, cancel_ics, cancellation, request_ics
from meetdesk.mail.allowed import (
    CALENDAR_FIELDS,
    FIELDS,
    unexpected_fields,
    unexpected_headers,
)
from meetdesk.supervision.alert_job import alert_text

WORDINGS: list[tuple[str, Callable[..., Any]]] = [
    ("proposal", proposal_text),
    ("confirmation", confirmation_text),
    ("invitation", confirmation_text),
    ("cancellation", cancellation_text),
    ("follow_up", reminder_text),
    ("follow_up_notice", silence_notice_text),
    ("attendance", declined_note),
    ("attendance", refresh_note),
    ("subject_request", acknowledgement_text),
    ("human_takeover", takeover_text),
    ("supervision_alert", alert_text),
]


@pytest.mark.parametrize(("purpose", "wording"), WORDINGS, ids=lambda x: getattr(x, "__name__", x))
def test_each_wording_takes_only_allowed_inputs(purpose: str, wording: Callable[..., Any]) -> None:
    inputs = inspect.signature(wording).parameters
    assert unexpected_fields(purpose, inputs) == set()


def test_every_purpose_the_flow_sends_is_in_the_table() -> None:
    """A new kind of outbound message needs its row in the allow-list first."""
    folder = Path(meetdesk.flow.__file__).parent
    source = "\n".join(p.read_text() for p in folder.glob("*.py"))
    used = set(re.findall(r'purpose="(\w+)"', source))
    used |= set(re.findall(r'draft\("[\w:]+", "(\w+)"', source))  # book.py's local helper
    assert {"proposal", "confirmation", "invitation", "cancellation"} <= used
    assert used - FIELDS.keys() == set()


def test_an_unknown_purpose_allows_nothing() -> None:
    assert unexpected_fields("newsletter", ["language"]) == {"language"}


def _meeting() -> Meeting:
    start = datetime(2030, 3, 4, 9, tzinfo=UTC)
    return Meeting(
        uid="m-1@assistant.example",
        summary="Call: Alice / Bob",
        start=start,
        end=start + timedelta(minutes=30),
        organizer_email="alice@customer.example",
        organizer_name="Alice",
        attendees=[("bob@partner.example", "Bob")],
        dtstamp=start,
        location="Room 1",
        description="Dial-in: +33 1 23 45 67 89",
        conference_url="https://video.example/abc",
        sent_by="julie@assistant.example",
    )


def test_the_meetings_calendar_objects_have_only_allowed_properties() -> None:
    meeting = _meeting()
    for ics in (request_ics(meeting), cancel_ics(cancellation(meeting, meeting.dtstamp))):
        for event in Calendar.from_ical(ics).walk("VEVENT"):
            assert set(event.keys()) - CALENDAR_FIELDS == set()


def test_unexpected_headers_finds_x_headers_in_any_part() -> None:
    msg = EmailMessage()
    msg["From"] = "julie@assistant.example"
    msg.set_content("hello")
    msg.add_attachment(b"x", maintype="application", subtype="octet-stream")
    assert unexpected_headers(msg) == set()
    list(msg.walk())[-1]["X-Conversation"] = "c-1"
    assert unexpected_headers(msg) == {"x-conversation"}
