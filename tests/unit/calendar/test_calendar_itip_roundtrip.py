"""itip round trip: our REQUEST read as a client would, and a client's REPLY read back."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from meetdesk.calendar.itip import OPT_PARTICIPANT, cancel_ics, cancellation, request_ics
from meetdesk.calendar.itip_inbound import read_itip
from tests.unit.calendar.helpers import paris, utc
from tests.unit.calendar.test_calendar_itip_outbound import meeting

NEW_YORK = ZoneInfo("America/New_York")


def test_our_request_read_by_icalendar_and_by_our_reader() -> None:
    """UID, SEQUENCE, organizer, attendees and times survive both readers."""
    m = meeting(sequence=2, roles={"carol@partner.example": OPT_PARTICIPANT})
    ics = request_ics(m)
    ev: Any = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(ev["UID"]) == m.uid and int(ev["SEQUENCE"]) == 2
    assert ev["DTSTART"].dt == m.start and ev["DTEND"].dt == m.end
    [message] = read_itip([ics])
    assert message.problem is None and message.method == "REQUEST"
    assert (message.uid, message.sequence) == (m.uid, 2)
    assert message.organizer == "alice@customer.example"
    assert [a.email for a in message.attendees] == [e for e, _ in m.attendees]
    assert {a.partstat for a in message.attendees} == {"NEEDS-ACTION"}
    assert message.start == m.start and message.end == m.end


def test_our_cancel_read_back() -> None:
    """The CANCEL reads back as CANCEL with the raised SEQUENCE."""
    gone = cancellation(meeting(sequence=1), utc(2026, 3, 25, 8))
    [message] = read_itip([cancel_ics(gone)])
    assert (message.method, message.uid, message.sequence) == ("CANCEL", gone.uid, 2)


def client_answer(request: bytes, method: str, who: str, partstat: str, **times: Any) -> bytes:
    """What a client builds from our REQUEST: its VEVENT, one ATTENDEE, its own zone."""
    ours = Calendar.from_ical(request)
    ev: Any = ours.walk("VEVENT")[0]
    reply = Calendar()
    reply.add("PRODID", "-//Example Client//EN")
    reply.add("VERSION", "2.0")
    reply.add("METHOD", method)
    answer = Event()
    for name in ("UID", "SEQUENCE", "ORGANIZER", "SUMMARY"):
        answer.add(name, ev[name])
    answer.add("DTSTAMP", utc(2026, 3, 21, 10))
    answer.add("DTSTART", times.get("start", ev["DTSTART"].dt))
    answer.add("DTEND", times.get("end", ev["DTEND"].dt))
    attendee = vCalAddress(f"MAILTO:{who.upper()}")
    attendee.params["PARTSTAT"] = partstat
    answer.add("ATTENDEE", attendee)
    answer.add("COMMENT", "See you then")
    reply.add_component(answer)
    reply.add_missing_timezones(first_date=date(2026, 1, 1), last_date=date(2027, 1, 1))
    return bytes(reply.to_ical())


def test_a_client_reply_to_our_request_is_read_back() -> None:
    """A REPLY built with icalendar from our object gives the attendee's answer."""
    m = meeting()
    reply = client_answer(request_ics(m), "REPLY", "bob@partner.example", "ACCEPTED")
    [message] = read_itip([reply])
    assert message.problem is None and message.method == "REPLY"
    assert (message.uid, message.sequence) == (m.uid, m.sequence)
    answer = message.answer_of("bob@partner.example")
    assert answer is not None and answer.partstat == "ACCEPTED"
    assert message.comment == "See you then" and message.start == m.start


def test_a_client_counter_in_another_zone_is_read_back() -> None:
    """A COUNTER proposing New York times gives the proposed instant."""
    counter = client_answer(
        request_ics(meeting()),
        "COUNTER",
        "carol@partner.example",
        "TENTATIVE",
        start=paris(2026, 3, 31, 15).astimezone(NEW_YORK),
        end=paris(2026, 3, 31, 16).astimezone(NEW_YORK),
    )
    assert b"TZID=America/New_York" in counter
    [message] = read_itip([counter])
    assert message.problem is None and message.method == "COUNTER"
    assert message.start == paris(2026, 3, 31, 15) and message.end == paris(2026, 3, 31, 16)
