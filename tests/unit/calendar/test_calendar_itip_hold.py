"""itip holds: tentative, busy, anonymous events MeetDesk recognises as its own."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from meetdesk.calendar.itip import event_ics, hold_ics, is_hold
from meetdesk.calendar.itip_hold import HOLD_CATEGORY, hold_ref
from tests.unit.calendar.helpers import PARIS, paris, utc
from tests.unit.calendar.test_calendar_itip import meeting


def hold(**changes: Any) -> bytes:
    args: dict[str, Any] = {
        "uid": "hold-1@assistant.example",
        "start": paris(2026, 3, 30, 10),
        "end": paris(2026, 3, 30, 11),
        "summary": "Held: meeting with Bob",
        "conversation_ref": "conv-1",
        "expires": utc(2026, 3, 28, 18),
        "dtstamp": utc(2026, 3, 20, 12),
        "tz": PARIS,
    }
    args.update(changes)
    return hold_ics(**args)


def test_hold_is_tentative_busy_and_marked() -> None:
    """STATUS:TENTATIVE, TRANSP:OPAQUE, the MeetDesk marker, category and expiry."""
    cal = Calendar.from_ical(hold())
    assert "METHOD" not in cal and cal.get_missing_tzids() == set()
    [ev] = cal.walk("VEVENT")
    assert str(ev["STATUS"]) == "TENTATIVE" and str(ev["TRANSP"]) == "OPAQUE"
    assert str(ev["X-MEETDESK-HOLD"]) == "conv-1"
    assert ev["X-MEETDESK-HOLD-EXPIRES"].dt == utc(2026, 3, 28, 18)
    assert HOLD_CATEGORY in [str(c) for c in ev["CATEGORIES"].cats]
    assert ev["DTSTART"].dt == paris(2026, 3, 30, 10)
    assert str(ev["SUMMARY"]) == "Held: meeting with Bob"


def test_hold_carries_no_participant_data() -> None:
    """No ORGANIZER, ATTENDEE, DESCRIPTION or LOCATION: only the summary given."""
    [ev] = Calendar.from_ical(hold()).walk("VEVENT")
    for name in ("ORGANIZER", "ATTENDEE", "DESCRIPTION", "LOCATION"):
        assert name not in ev
    assert b"mailto:" not in hold()


def test_is_hold_tells_holds_from_other_events() -> None:
    """Our holds are recognised; meetings, foreign events and garbage are not."""
    assert is_hold(hold()) and hold_ref(hold()) == "conv-1"
    assert not is_hold(event_ics(meeting()))
    assert not is_hold(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert not is_hold(b"\xff\xfe garbage")


def test_hold_in_utc_by_default() -> None:
    """Without a zone a hold is written in UTC with no VTIMEZONE."""
    ics = hold_ics(
        "h@x", utc(2026, 3, 30, 8), utc(2026, 3, 30, 9), "Held", "conv-2", utc(2026, 3, 29)
    )
    assert b"DTSTART:20260330T080000Z" in ics and b"VTIMEZONE" not in ics


def test_invalid_holds_are_refused() -> None:
    """Naive times, empty spans and a multi-line reference are programming errors."""
    with pytest.raises(ValueError):
        hold(start=paris(2026, 3, 30, 10).replace(tzinfo=None))
    with pytest.raises(ValueError):
        hold(end=paris(2026, 3, 30, 10))
    with pytest.raises(ValueError):
        hold(conversation_ref="a\r\nATTENDEE:mailto:x@y")
