"""itip inbound: REPLY, COUNTER, REFRESH and DECLINECOUNTER from real clients' formats."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from meetdesk.calendar.itip_inbound import ItipMessage, address, problems_count, read_itip
from meetdesk.mail.parse import parse_message
from tests.unit.calendar.helpers import utc

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "itip"
UID = "36524fd8f6747fc2712506d01fee0e18@assistant.example"


class Expect(NamedTuple):
    method: str
    email: str | None
    partstat: str | None
    start: datetime | None = None
    end: datetime | None = None
    sequence: int = 0
    comment: str | None = None
    problem: str | None = None


MEETING = (utc(2026, 3, 30, 8), utc(2026, 3, 30, 8, 30))
EXPECTED = {
    "google_reply_accepted.ics": Expect("REPLY", "bob@partner.example", "ACCEPTED", *MEETING),
    "google_reply_declined.ics": Expect(
        "REPLY", "carol@partner.example", "DECLINED", *MEETING, comment="on leave"
    ),
    "google_reply_tentative.ics": Expect(
        "REPLY",
        "bob@partner.example",
        "TENTATIVE",
        utc(2026, 3, 31, 13),
        utc(2026, 3, 31, 14),
        sequence=1,
    ),
    "google_counter.ics": Expect(
        "COUNTER",
        "bob@partner.example",
        "TENTATIVE",
        utc(2026, 3, 31, 13),
        utc(2026, 3, 31, 13, 30),
        comment="Tuesday afternoon",
    ),
    "outlook_reply_accepted.ics": Expect("REPLY", "bob@partner.example", "ACCEPTED", *MEETING),
    "exchange_reply_declined.ics": Expect(
        "REPLY", "dan@partner.example", "DECLINED", *MEETING, comment="travelling"
    ),
    "outlookcom_reply_tentative.ics": Expect(
        "REPLY", "erin@partner.example", "TENTATIVE", *MEETING
    ),
    "exchange_counter.ics": Expect(
        "COUNTER",
        "erin@partner.example",
        "TENTATIVE",
        utc(2026, 3, 31, 13),
        utc(2026, 3, 31, 13, 30),
        comment="a little early",
    ),
    "outlook_counter_customized_zone.ics": Expect(
        "COUNTER",
        "farid@partner.example",
        "TENTATIVE",
        utc(2026, 3, 31, 10),
        utc(2026, 3, 31, 10, 30),
        comment="afternoon",
    ),
    "apple_reply_accepted.ics": Expect("REPLY", "bob@partner.example", "ACCEPTED", *MEETING),
    "apple_reply_declined.ics": Expect("REPLY", "carol@partner.example", "DECLINED", *MEETING),
    "apple_reply_tentative.ics": Expect("REPLY", "dan@partner.example", "TENTATIVE", *MEETING),
    "refresh.ics": Expect("REFRESH", "bob@partner.example", "NEEDS-ACTION"),
    "declinecounter.ics": Expect(
        "DECLINECOUNTER", "bob@partner.example", "NEEDS-ACTION", comment="taken"
    ),
    "malformed_reply_no_uid.ics": Expect(
        "REPLY", "bob@partner.example", "ACCEPTED", problem="no UID"
    ),
    "malformed_counter_unknown_zone.ics": Expect(
        "COUNTER", "bob@partner.example", "TENTATIVE", problem="Office Time"
    ),
    "malformed_truncated.ics": Expect("", None, None, problem="not iCalendar"),
    "not_itip_publish_without_method.ics": Expect("", None, None, *MEETING, problem="no METHOD"),
}
EMAILS = {
    "google_reply_accepted.eml": "google_reply_accepted.ics",
    "exchange_reply_declined.eml": "exchange_reply_declined.ics",
    "apple_reply_accepted.eml": "apple_reply_accepted.ics",
}


def test_every_fixture_is_covered() -> None:
    """Each file in the fixture folder has an expectation here (README aside)."""
    on_disk = {p.name for p in FIXTURES.iterdir()} - {"README.md"}
    assert on_disk == set(EXPECTED) | set(EMAILS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reads_as_expected(name: str) -> None:
    """Method, answering attendee, UTC times, SEQUENCE, comment and problem per fixture."""
    [message] = read_itip([(FIXTURES / name).read_bytes()])
    check(message, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EMAILS))
def test_whole_message_reads_through_the_mail_parser(name: str) -> None:
    """A client's whole e-mail gives, via calendar_parts, the same answer as its object."""
    parsed = parse_message((FIXTURES / name).read_bytes())
    assert parsed.calendar_parts
    [message] = read_itip(parsed.calendar_parts)  # Gmail's duplicate attachment: once
    check(message, EXPECTED[EMAILS[name]])


def check(message: ItipMessage, want: Expect) -> None:
    assert message.method == want.method
    if want.problem is None:
        assert message.problem is None and message.uid == UID
    else:
        assert message.problem is not None and want.problem in message.problem
    answer = message.attendee
    assert (answer.email if answer else None) == want.email
    assert (answer.partstat if answer else None) == want.partstat
    assert message.start == want.start and message.end == want.end
    for when in (message.start, message.end):
        assert when is None or (isinstance(when, datetime) and when.tzinfo is not None)
    assert message.sequence == want.sequence
    if want.comment is None:
        assert message.comment is None
    else:
        assert message.comment is not None and want.comment in message.comment


def test_windows_zone_names_resolve_to_the_right_local_offset() -> None:
    """Outlook's Windows TZIDs keep the wall-clock time in the right zone."""
    [counter] = read_itip([(FIXTURES / "exchange_counter.ics").read_bytes()])
    assert isinstance(counter.start, datetime)
    assert counter.start.hour == 9 and counter.start.utcoffset() == timedelta(hours=-4)
    [reply] = read_itip([(FIXTURES / "outlook_reply_accepted.ics").read_bytes()])
    assert isinstance(reply.start, datetime) and reply.start.utcoffset() == timedelta(hours=2)


def test_a_zone_defined_only_by_vtimezone_is_read_per_object() -> None:
    """Two objects with the same made-up TZID and different rules are each read right."""
    india = (FIXTURES / "outlook_counter_customized_zone.ics").read_bytes()
    paris = india.replace(b"+0530", b"+0200")
    for first, second in ((paris, india), (india, paris)):
        a, b = read_itip([first, second])
        assert {a.start, b.start} == {utc(2026, 3, 31, 10), utc(2026, 3, 31, 13, 30)}


def test_addresses_are_compared_without_mailto_and_case() -> None:
    """MAILTO:Bob@Partner.Example is bob@partner.example, and found by answer_of."""
    assert address("MAILTO:Bob@Partner.Example") == "bob@partner.example"
    assert address(" mailto:x@y.example ") == "x@y.example"
    [reply] = read_itip([(FIXTURES / "outlook_reply_accepted.ics").read_bytes()])
    assert reply.organizer == "alice@customer.example"
    found = reply.answer_of("BOB@partner.example")
    assert found is not None and found.partstat == "ACCEPTED"


def test_garbage_never_raises_and_is_counted() -> None:
    """Bytes that are not iCalendar, empty objects and broken VEVENTs become problems."""
    parts = [
        b"",
        b"\xff\xfe\x00garbage",
        b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        b"SEQUENCE:many\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        b"ATTENDEE:mailto:a@b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        (FIXTURES / "google_reply_accepted.ics").read_bytes(),
    ]
    messages = read_itip(parts)
    assert [m.part for m in messages] == [0, 1, 2, 3, 4, 5]
    assert problems_count(messages) == 5
    assert "no VEVENT" in (messages[2].problem or "")
    assert "SEQUENCE" in (messages[3].problem or "")
    assert "without an answer" in (messages[4].problem or "")
    assert messages[5].problem is None


def test_a_reply_with_several_instances_gives_one_message_each() -> None:
    """A REPLY for two instances of a recurring meeting is two messages with RECURRENCE-ID."""
    one = (
        "BEGIN:VEVENT\r\nUID:r@x\r\nDTSTAMP:20260320T120000Z\r\n"
        "RECURRENCE-ID;TZID=Europe/Paris:2026033{d}T100000\r\n"
        "ORGANIZER:mailto:alice@customer.example\r\n"
        "ATTENDEE;PARTSTAT={p}:mailto:bob@partner.example\r\nEND:VEVENT\r\n"
    )
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nMETHOD:REPLY\r\n"
        + one.format(d=0, p="ACCEPTED")
        + one.format(d=1, p="DECLINED")
        + "END:VCALENDAR\r\n"
    )
    first, second = read_itip([ics.encode()])
    assert first.recurrence_id == utc(2026, 3, 30, 8) and second.recurrence_id == utc(
        2026, 3, 31, 8
    )
    assert [m.attendee.partstat for m in (first, second) if m.attendee] == [
        "ACCEPTED",
        "DECLINED",
    ]
