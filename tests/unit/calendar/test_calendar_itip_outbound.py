"""itip outbound: local times with VTIMEZONE, roles, updates, CANCEL, all valid iMIP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from meetdesk.calendar.itip import (
    NON_PARTICIPANT,
    OPT_PARTICIPANT,
    Meeting,
    cancel_ics,
    cancellation,
    event_ics,
    meeting_uid,
    request_ics,
)
from meetdesk.calendar.itip_check import imip_problems
from tests.unit.calendar.helpers import PARIS, paris, utc

NEW_YORK = ZoneInfo("America/New_York")


def meeting(**changes: object) -> Meeting:
    fields: dict[str, object] = {
        "uid": meeting_uid("conv-1", "assistant.example"),
        "summary": "Meeting: Alice / Bob",
        "start": paris(2026, 3, 30, 10),
        "end": paris(2026, 3, 30, 10, 30),
        "organizer_email": "alice@customer.example",
        "organizer_name": "Alice Martin",
        "attendees": [
            ("bob@partner.example", "Doe, Bob"),
            ("carol@partner.example", None),
            ("dan@partner.example", "Dan"),
        ],
        "dtstamp": utc(2026, 3, 20, 12),
        "tz": PARIS,
        "sent_by": "assistant@assistant.example",
    }
    fields.update(changes)
    return Meeting(**fields)  # type: ignore[arg-type]


def only_event(ics: bytes) -> Any:
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    return event


def test_times_are_local_with_tzid_and_a_matching_vtimezone() -> None:
    """DTSTART/DTEND carry the customer's TZID and wall-clock time; the VTIMEZONE is there."""
    ics = request_ics(meeting())
    assert b"DTSTART;TZID=Europe/Paris:20260330T100000" in ics
    assert b"DTEND;TZID=Europe/Paris:20260330T103000" in ics
    cal = Calendar.from_ical(ics)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert cal.get_missing_tzids() == set()
    assert b"DTSTAMP:20260320T120000Z" in ics  # DTSTAMP is always UTC


def test_vtimezone_alone_gives_the_right_offsets_either_side_of_dst() -> None:
    """A client using only our VTIMEZONE (as Outlook does) finds CET before, CEST after."""
    cal = Calendar.from_ical(request_ics(meeting()))
    zone = cal.walk("VTIMEZONE")[0].to_tz()
    assert utc(2026, 3, 28, 12).astimezone(zone).utcoffset() == timedelta(hours=1)
    assert utc(2026, 3, 30, 12).astimezone(zone).utcoffset() == timedelta(hours=2)
    assert utc(2026, 10, 26, 12).astimezone(zone).utcoffset() == timedelta(hours=1)


def test_a_meeting_across_a_zone_keeps_its_instant() -> None:
    """Times given in another zone are converted, not relabelled: the instant is kept."""
    ev = only_event(request_ics(meeting(tz=NEW_YORK)))
    assert str(ev["DTSTART"].params["TZID"]) == "America/New_York"
    assert ev["DTSTART"].dt == paris(2026, 3, 30, 10)
    assert ev["DTSTART"].dt.hour == 4  # 10:00 Paris is 04:00 in New York that day


def test_attendees_carry_role_partstat_rsvp_and_cutype() -> None:
    """Optional and informed people get their ROLE; the informed are not asked to answer."""
    m = meeting(
        roles={"Carol@Partner.example": OPT_PARTICIPANT, "dan@partner.example": NON_PARTICIPANT}
    )
    bob, carol, dan = only_event(request_ics(m))["ATTENDEE"]
    assert bob.params["ROLE"] == "REQ-PARTICIPANT" and bob.params["RSVP"] == "TRUE"
    assert carol.params["ROLE"] == "OPT-PARTICIPANT" and carol.params["RSVP"] == "TRUE"
    assert dan.params["ROLE"] == "NON-PARTICIPANT" and dan.params["RSVP"] == "FALSE"
    assert dan.params["CN"] == "Dan"
    for who in (bob, carol, dan):
        assert who.params["PARTSTAT"] == "NEEDS-ACTION"
        assert who.params["CUTYPE"] == "INDIVIDUAL"


def test_organizer_has_cn_and_sent_by_the_assistant() -> None:
    """The customer organizes; the assistant is named as sending on their behalf."""
    organizer = only_event(request_ics(meeting()))["ORGANIZER"]
    assert str(organizer) == "mailto:alice@customer.example"
    assert organizer.params["CN"] == "Alice Martin"
    assert organizer.params["SENT-BY"] == "mailto:assistant@assistant.example"


def test_stored_event_records_answers_received() -> None:
    """PARTSTATs from replies can be recorded in the stored copy."""
    m = meeting(partstats={"bob@partner.example": "ACCEPTED"})
    bob, carol, _ = only_event(event_ics(m))["ATTENDEE"]
    assert bob.params["PARTSTAT"] == "ACCEPTED" and carol.params["PARTSTAT"] == "NEEDS-ACTION"


def test_unknown_roles_and_strangers_are_refused() -> None:
    """A role for someone not invited, or an unknown role, is a programming error."""
    with pytest.raises(ValueError):
        meeting(roles={"eve@example.com": OPT_PARTICIPANT})
    with pytest.raises(ValueError):
        meeting(roles={"bob@partner.example": "BOSS"})
    with pytest.raises(ValueError):
        meeting(status="MAYBE")


def test_an_update_is_a_request_with_the_same_uid_and_a_higher_sequence() -> None:
    """Moving the meeting: same UID, the caller's SEQUENCE, new DTSTAMP and times."""
    first = meeting()
    moved = meeting(
        start=paris(2026, 3, 31, 15),
        end=paris(2026, 3, 31, 16),
        sequence=1,
        dtstamp=utc(2026, 3, 21, 9),
    )
    a, b = only_event(request_ics(first)), only_event(request_ics(moved))
    assert str(a["UID"]) == str(b["UID"])
    assert int(b["SEQUENCE"]) == int(a["SEQUENCE"]) + 1
    assert b["DTSTAMP"].dt == utc(2026, 3, 21, 9)
    assert b["DTSTART"].dt == paris(2026, 3, 31, 15)


def test_cancel_keeps_uid_and_attendees_and_raises_sequence() -> None:
    """CANCEL (RFC 5546 3.2.5): METHOD and STATUS cancelled, SEQUENCE above the last sent."""
    sent = meeting(sequence=1)
    gone = cancellation(sent, utc(2026, 3, 25, 8))
    cal = Calendar.from_ical(cancel_ics(gone))
    assert str(cal["METHOD"]) == "CANCEL"
    [ev] = cal.walk("VEVENT")
    assert str(ev["STATUS"]) == "CANCELLED" and int(ev["SEQUENCE"]) == 2
    assert str(ev["UID"]) == sent.uid and ev["DTSTAMP"].dt == utc(2026, 3, 25, 8)
    assert [str(a) for a in ev["ATTENDEE"]] == [
        str(a) for a in only_event(request_ics(sent))["ATTENDEE"]
    ]


def test_cancel_without_a_higher_sequence_is_refused() -> None:
    """A CANCEL at SEQUENCE 0 could never be newer than the invitation: refused."""
    with pytest.raises(ValueError):
        cancel_ics(meeting())
    with pytest.raises(ValueError):
        request_ics(cancellation(meeting(), utc(2026, 3, 25, 8)))


def test_stored_copy_of_a_cancelled_meeting() -> None:
    """The stored event of a cancelled meeting has STATUS:CANCELLED and no METHOD."""
    cal = Calendar.from_ical(event_ics(cancellation(meeting(), utc(2026, 3, 25, 8))))
    assert "METHOD" not in cal
    [ev] = cal.walk("VEVENT")
    assert str(ev["STATUS"]) == "CANCELLED" and str(ev["TRANSP"]) == "TRANSPARENT"


def test_location_description_and_conference_link() -> None:
    """Dial-in text goes in LOCATION/DESCRIPTION; the video link is an RFC 7986 CONFERENCE."""
    m = meeting(
        location="Video call",
        description="Join: https://video.example/abc\nPIN 1234",
        conference_url="https://video.example/abc",
        conference_label="Video call",
    )
    ev = only_event(request_ics(m))
    assert str(ev["LOCATION"]) == "Video call"
    assert "PIN 1234" in str(ev["DESCRIPTION"])
    conference = ev["CONFERENCE"]
    assert str(conference) == "https://video.example/abc"
    assert conference.params["VALUE"] == "URI" and conference.params["FEATURE"] == "VIDEO"
    assert conference.params["LABEL"] == "Video call"


@pytest.mark.parametrize("tz", [PARIS, NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Asia/Kolkata")])
def test_everything_sent_passes_the_imip_checks(tz: ZoneInfo) -> None:
    """REQUEST, update and CANCEL meet what Google, Outlook and Apple need, in any zone."""
    m = meeting(tz=tz, roles={"dan@partner.example": NON_PARTICIPANT})
    assert imip_problems(request_ics(m), "REQUEST") == []
    assert imip_problems(request_ics(meeting(tz=tz, sequence=3)), "REQUEST") == []
    assert imip_problems(cancel_ics(cancellation(m, utc(2026, 3, 25, 8))), "CANCEL") == []


def test_the_checks_catch_what_clients_reject() -> None:
    """A wrong METHOD, a TZID without VTIMEZONE and a non-UTC DTSTAMP are all reported."""
    ics = request_ics(meeting())
    assert "METHOD is REQUEST, expected CANCEL" in imip_problems(ics, "CANCEL")
    cal = Calendar.from_ical(ics)
    cal.subcomponents = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    assert "TZID Europe/Paris used without its VTIMEZONE" in imip_problems(cal.to_ical())
    two = Calendar.from_ical(ics)
    two.add_component(Calendar.from_ical(ics).walk("VEVENT")[0])
    assert any("same UID" in p for p in imip_problems(two.to_ical()))
    assert imip_problems(b"not a calendar")[0].startswith("not iCalendar")
    assert "no METHOD in the VCALENDAR" in imip_problems(event_ics(meeting()))
