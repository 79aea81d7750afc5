"""compose: headers, reply subjects, threading, iMIP structure, injection, round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import icalendar
import pytest

from meetdesk.errors import PermanentError
from meetdesk.mail.compose import (
    UnsafeHeader,
    compose,
    make_message_id,
    reply_subject,
    thread_references,
)
from meetdesk.mail.parse import Address, parse_message

JULIE = Address(name="Julie", email="julie@assistant.example")
BOB = Address(name="Bob Dupré", email="bob@Example.ORG")
WHEN = datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//MeetDesk//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:abc@assistant.example\r\nDTSTAMP:20240305T083000Z\r\n"
    "DTSTART:20240312T090000Z\r\nDTEND:20240312T093000Z\r\nSUMMARY:Réunion\r\n"
    "ORGANIZER:mailto:julie@assistant.example\r\nATTENDEE:mailto:bob@example.org\r\n"
    "SEQUENCE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()


def build(**over: Any) -> bytes:
    args: dict[str, Any] = dict(
        sender=JULIE,
        to=[BOB],
        subject="Meeting",
        text="Hello Bob,\nTuesday?\n",
        message_id=make_message_id("conv1:proposal", "assistant.example"),
        in_reply_to=None,
        references=[],
        date=WHEN,
    )
    args.update(over)
    return compose(**args)


def parsed(raw: bytes) -> EmailMessage:
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(msg, EmailMessage)
    return msg


def test_message_id_is_deterministic_and_well_formed() -> None:
    a = make_message_id("conv1:proposal", "Assistant.Example")
    assert a == make_message_id("conv1:proposal", "assistant.example")
    assert a != make_message_id("conv1:confirmation", "assistant.example")
    assert a.startswith("<") and a.endswith(".meetdesk@assistant.example>")
    with pytest.raises(UnsafeHeader):
        make_message_id("k", "bad domain\r\nBcc: x")


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Meeting", "Re: Meeting"),
        ("Re: Meeting", "Re: Meeting"),
        ("RE: Re: re:Meeting", "Re: Meeting"),
        ("AW: Termin", "Re: Termin"),
        ("Réf : Réunion", "Re: Réunion"),
        ("Re[2]: Meeting", "Re: Meeting"),
        ("TR: Réunion", "Re: TR: Réunion"),
        ("Fwd: Lunch", "Re: Fwd: Lunch"),
        ("Rendez-vous", "Re: Rendez-vous"),
        ("Recap: numbers", "Re: Recap: numbers"),
        ("", "Re:"),
    ],
)
def test_reply_subject_prefixes_once(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected
    assert reply_subject(reply_subject(subject)) == expected


def test_plain_reply_headers() -> None:
    raw = build(
        in_reply_to="<p@x.example>",
        references=["<r@x.example>", "<p@x.example>"],
        cc=[Address(name="", email="cust@x.example")],
        language="fr",
        subject=reply_subject("Meeting"),
    )
    msg = parsed(raw)
    assert b"\r\n" in raw and b"\n\n" not in raw.replace(b"\r\n", b"")
    assert msg["From"] == "Julie <julie@assistant.example>"
    assert msg["To"].addresses[0].addr_spec == "bob@example.org"
    assert msg["To"].addresses[0].display_name == "Bob Dupré"
    assert msg["Cc"] == "cust@x.example"
    assert msg["Subject"] == "Re: Meeting"
    assert msg["Date"].datetime == WHEN
    assert msg["Message-ID"] == make_message_id("conv1:proposal", "assistant.example")
    assert msg["In-Reply-To"] == "<p@x.example>"
    assert msg["References"] == "<r@x.example> <p@x.example>"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["Content-Language"] == "fr"
    assert msg["MIME-Version"] == "1.0"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert msg.get_content().replace("\r\n", "\n") == "Hello Bob,\nTuesday?\n"
    assert raw.isascii()


def test_new_thread_has_no_threading_headers() -> None:
    msg = parsed(build(auto_submitted="auto-generated"))
    assert msg["In-Reply-To"] is None and msg["References"] is None
    assert msg["Auto-Submitted"] == "auto-generated"


def test_references_add_parent_dedupe_and_cap() -> None:
    assert thread_references(["<a@x>", "<b@x>", "<a@x>"], "<c@x>") == ["<a@x>", "<b@x>", "<c@x>"]
    assert thread_references(["<c@x>", "<a@x>"], "<c@x>") == ["<a@x>", "<c@x>"]
    assert thread_references(["junk", "<ok@x>"], None) == ["<ok@x>"]
    long = [f"<{n}@x>" for n in range(50)]
    capped = thread_references(long, "<p@x>")
    assert capped[0] == "<0@x>" and capped[-1] == "<p@x>" and len(capped) == 21
    assert capped[1:-1] == long[-19:]


def test_imip_structure_and_calendar_round_trip() -> None:
    msg = parsed(build(calendar=ICS))
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, calendar = alternative.iter_parts()
    assert plain.get_content_type() == "text/plain"
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_charset() == "utf-8"
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    for part in (calendar, attachment):
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        cal = icalendar.Calendar.from_ical(payload)
        assert str(cal["METHOD"]) == "REQUEST"
        event = cal.walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == "Réunion"
        assert str(event["UID"]) == "abc@assistant.example"
    assert msg["Content-Language"] == "en"


def test_calendar_method_must_match_the_object() -> None:
    with pytest.raises(ValueError):
        build(calendar=ICS, calendar_method="CANCEL")
    with pytest.raises(ValueError):
        build(calendar=ICS.replace(b"METHOD:REQUEST\r\n", b""))
    cancel = build(
        calendar=ICS.replace(b"METHOD:REQUEST", b"METHOD:CANCEL"), calendar_method="CANCEL"
    )
    assert b'method="CANCEL"' in cancel


@pytest.mark.parametrize(
    "bad",
    [
        Address(name="x", email="bob@example.org\r\nBcc: eve@evil.example"),
        Address(name="x", email="bob@example.org>, <eve@evil.example"),
        Address(name="x", email="no-at-sign"),
        Address(name="x", email="two@at@example.org"),
    ],
)
def test_unsafe_addresses_are_refused(bad: Address) -> None:
    with pytest.raises(UnsafeHeader):
        build(to=[bad])
    assert issubclass(UnsafeHeader, PermanentError)


def test_names_and_subjects_cannot_inject_headers() -> None:
    raw = build(
        sender=Address(name="Julie\r\nBcc: eve@evil.example", email=JULIE.email),
        subject="Hi\r\nBcc: eve@evil.example\nX-Evil: 1",
    )
    msg = parsed(raw)
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert msg["Subject"] == "Hi Bcc: eve@evil.example X-Evil: 1"


def test_unsafe_ids_and_dates_are_refused() -> None:
    with pytest.raises(UnsafeHeader):
        build(message_id="<a@b>\r\nBcc: eve@evil.example")
    with pytest.raises(UnsafeHeader):
        build(message_id="not-an-id")
    with pytest.raises(ValueError):
        build(date=datetime(2024, 1, 1))
    msg = parsed(build(in_reply_to="<p@x>\r\nBcc: e@evil", references=["<r@x>\nX: y"]))
    assert msg["Bcc"] is None and msg["X"] is None


def test_round_trip_compose_then_parse() -> None:
    raw = build(
        subject=reply_subject("Réunion"),
        in_reply_to="<p@x.example>",
        references=["<r@x.example>"],
        text="Bonjour Bob — mardi 10 h ?",
        language="fr",
        calendar=ICS,
        cc=[Address(name="Zoë", email="zoe@x.example")],
    )
    p = parse_message(raw)
    assert p.defects == []
    assert p.message_id == make_message_id("conv1:proposal", "assistant.example")
    assert not p.message_id_synthetic
    assert p.in_reply_to == "<p@x.example>"
    assert p.references == ("<r@x.example>", "<p@x.example>")
    assert p.from_addr == JULIE and p.to == (BOB,)
    assert p.cc == (Address(name="Zoë", email="zoe@x.example"),)
    assert p.subject == "Re: Réunion"
    assert p.date == WHEN.astimezone(UTC)
    assert p.text == "Bonjour Bob — mardi 10 h ?\n"
    assert p.is_auto and p.auto_submitted == "auto-replied"
    assert p.language_hint == "fr"
    assert p.calendar_parts == (ICS,)


def test_compose_is_byte_for_byte_deterministic() -> None:
    assert build() == build()
    assert build(calendar=ICS) == build(calendar=ICS)
