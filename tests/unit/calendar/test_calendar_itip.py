"""itip: the stored event and the iTIP REQUEST parse back with the same meeting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from icalendar import Calendar

from meetdesk.calendar.itip import PRODID, Meeting, event_ics, meeting_uid, request_ics
from tests.unit.calendar.helpers import paris, utc

ZERO = timedelta(0)


def meeting(**changes: object) -> Meeting:
    fields: dict[str, object] = {
        "uid": meeting_uid("conv-1", "assistant.example"),
        "summary": "Meeting: Alice / Bob",
        "start": paris(2026, 3, 30, 10),
        "end": paris(2026, 3, 30, 10, 30),
        "organizer_email": "alice@customer.example",
        "organizer_name": "Alice Martin",
        "attendees": [("bob@partner.example", "Doe, Bob"), ("carol@partner.example", None)],
        "dtstamp": utc(2026, 3, 20, 12),
    }
    fields.update(changes)
    return Meeting(**fields)  # type: ignore[arg-type]


def test_meeting_uid_is_deterministic_and_opaque() -> None:
    """The same key gives the same UID; different keys differ; the key is not readable."""
    uid = meeting_uid("conv-1", "assistant.example")
    assert uid == meeting_uid("conv-1", "assistant.example")
    assert uid != meeting_uid("conv-2", "assistant.example")
    assert uid.endswith("@assistant.example") and "conv" not in uid


def test_event_round_trip() -> None:
    """The stored event has no METHOD and carries every field of the meeting."""
    cal = Calendar.from_ical(
        event_ics(meeting(location="Room 1", description="Agenda", sequence=2))
    )
    assert "METHOD" not in cal
    assert str(cal["PRODID"]) == PRODID and str(cal["VERSION"]) == "2.0"
    [event] = cal.walk("VEVENT")
    ev: Any = event  # icalendar types property values too loosely to index in tests
    assert str(ev["UID"]) == meeting_uid("conv-1", "assistant.example")
    assert ev["DTSTART"].dt == utc(2026, 3, 30, 8) and ev["DTSTART"].dt.utcoffset() == ZERO
    assert b"DTSTART:20260330T080000Z" in event_ics(meeting())
    assert ev["DTEND"].dt - ev["DTSTART"].dt == timedelta(minutes=30)
    assert int(ev["SEQUENCE"]) == 2 and str(ev["STATUS"]) == "CONFIRMED"
    assert str(ev["LOCATION"]) == "Room 1" and str(ev["DESCRIPTION"]) == "Agenda"
    assert str(ev["ORGANIZER"]) == "mailto:alice@customer.example"
    assert ev["ORGANIZER"].params["CN"] == "Alice Martin"
    bob, carol = ev["ATTENDEE"]
    assert str(bob) == "mailto:bob@partner.example" and bob.params["CN"] == "Doe, Bob"
    assert "CN" not in carol.params
    for who in (bob, carol):
        assert who.params["ROLE"] == "REQ-PARTICIPANT"
        assert who.params["PARTSTAT"] == "NEEDS-ACTION" and who.params["RSVP"] == "TRUE"


def test_request_is_the_same_event_with_method_request() -> None:
    """The REQUEST differs from the stored event only by METHOD:REQUEST."""
    m = meeting()
    request = Calendar.from_ical(request_ics(m))
    assert str(request["METHOD"]) == "REQUEST"
    stored = Calendar.from_ical(event_ics(m))
    assert request.walk("VEVENT")[0].to_ical() == stored.walk("VEVENT")[0].to_ical()


def test_text_is_escaped_not_injected() -> None:
    """Newlines and semicolons in a summary cannot add properties."""
    m = meeting(summary="Hi\r\nATTENDEE:mailto:evil@example.com; x")
    ev: Any = Calendar.from_ical(event_ics(m)).walk("VEVENT")[0]
    assert len(ev["ATTENDEE"]) == 2 and "evil" in str(ev["SUMMARY"])


def test_invalid_meetings_are_refused() -> None:
    """Naive times and empty meetings are programming errors."""
    with pytest.raises(ValueError):
        meeting(start=paris(2026, 3, 30, 10).replace(tzinfo=None))
    with pytest.raises(ValueError):
        meeting(end=paris(2026, 3, 30, 10))


def test_default_zone_writes_utc_without_vtimezone() -> None:
    """Without a zone the times stay UTC ``Z`` times and no VTIMEZONE is added."""
    cal = Calendar.from_ical(request_ics(meeting()))
    assert cal.walk("VTIMEZONE") == []
    assert b"TZID" not in request_ics(meeting())
