"""Participants' calendar clients answer the invitation: the meeting and the conversation
follow (accepted recorded in the event, a decline re-proposed, a counter moved), and an
answer that is not the attendee's own, or not to the last version sent, changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import select

from meetdesk.calendar.itip import is_hold
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, ASSISTANT, BOB, Running
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import (
    body_text,
    calendar_part,
    first_event,
    messages_sent,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "itip"
FIXTURE_UID = "36524fd8f6747fc2712506d01fee0e18@assistant.example"
PARIS = ZoneInfo("Europe/Paris")
STRANGER = "mallory@elsewhere.example"


def _stored_files(running: Running) -> dict[str, bytes]:
    """The customer's calendar without the holds, file by file."""
    found = {}
    for path in running.calendar_dir.glob("*.ics"):
        raw = path.read_bytes()
        if not is_hold(raw):
            found[path.name] = raw
    return found


def _stored(running: Running) -> Calendar:
    [raw] = _stored_files(running).values()
    return first_event(Calendar.from_ical(raw))


def _partstat(event: Calendar, who: str) -> str:
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    [mine] = [a for a in attendees if str(a).lower() == f"mailto:{who}"]
    return str(mine.params["PARTSTAT"])


def _escalations(running: Running) -> list[str]:
    with transaction(running.engine) as session:
        return [e.reason for e in session.exec(select(Escalation)).all()]


async def _book(running: Running, sink: SmtpSink) -> EmailMessage:
    """Request, proposals, 'the second one': returns Bob's invitation."""
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    await running.send(reply_to(proposal, "The second one works for me.").as_bytes())
    await running.idle()
    assert len(sink.messages) == 3
    [invitation] = [m for m in messages_sent(sink, 1) if calendar_part(m)]
    return invitation


def _answer_ics(
    fixture: str,
    invitation: EmailMessage,
    *,
    attendee: str = BOB,
    sequence: int | None = None,
    start: datetime | None = None,
) -> bytes:
    """A client's answer in that client's shape, set to our invitation: its UID and
    SEQUENCE (unless given), the attendee's address, and for a COUNTER the times."""
    _method, cal = calendar_part(invitation)  # type: ignore[misc]
    sent = first_event(cal)
    text = re.sub(r"\r\n[ \t]", "", (FIXTURES / fixture).read_bytes().decode())  # unfolded
    text = text.replace(FIXTURE_UID, str(sent["UID"]))
    seq = int(sent["SEQUENCE"]) if sequence is None else sequence
    text = re.sub(r"^SEQUENCE:\d+", f"SEQUENCE:{seq}", text, flags=re.MULTILINE)
    fixture_attendee = re.search(r"^ATTENDEE[^\r\n]*:mailto:([^\r\n]+)", text, re.I | re.M)
    assert fixture_attendee is not None
    text = re.sub(re.escape(fixture_attendee.group(1)), attendee, text, flags=re.I)
    if start is not None:
        stamp = "%Y%m%dT%H%M%SZ"
        end = start + timedelta(minutes=30)
        text = re.sub(
            r"^DTSTART[^\r\n]*", f"DTSTART:{start.astimezone(UTC):{stamp}}", text, flags=re.M
        )
        text = re.sub(r"^DTEND[^\r\n]*", f"DTEND:{end.astimezone(UTC):{stamp}}", text, flags=re.M)
    return b"\r\n".join(_fold(line) for line in text.encode().split(b"\r\n"))


def _fold(line: bytes) -> bytes:
    """Folded again at 75 octets, as clients send it (RFC 5545 3.1); the changes are ASCII."""
    chunks = [line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))]
    return b"\r\n ".join(chunks)


def _answer_mail(
    ics: bytes,
    invitation: EmailMessage,
    *,
    sender: str = BOB,
    method: str = "REPLY",
    threaded: bool = True,
) -> bytes:
    """The whole e-mail a calendar client sends: multipart/alternative, a text part saying
    what was answered, the text/calendar part with its method."""
    msg = EmailMessage()
    msg["From"] = f"Bob Durand <{sender}>"
    msg["To"] = f"Alice Martin <{ALICE}>"
    msg["Cc"] = f"Julie <{ASSISTANT}>"
    msg["Subject"] = "Accepted: Project kickoff"
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain="partner.example")
    if threaded:  # Google Calendar and Apple Mail send no threading headers
        msg["In-Reply-To"] = str(invitation["Message-ID"])
        msg["References"] = str(invitation["Message-ID"])
    msg.set_content("Bob Durand has accepted this invitation. The second one works.\n")
    msg.add_alternative(
        ics, maintype="text", subtype="calendar", params={"method": method, "charset": "utf-8"}
    )
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))  # SMTP lines end in CRLF


@pytest.mark.parametrize(
    "fixture",
    ["google_reply_accepted.ics", "outlook_reply_accepted.ics", "apple_reply_accepted.ics"],
)
async def test_an_acceptance_is_recorded_in_the_event(
    running: Running, sink: SmtpSink, fixture: str
) -> None:
    invitation = await _book(running, sink)
    assert _partstat(_stored(running), BOB) == "NEEDS-ACTION"
    await running.send(_answer_mail(_answer_ics(fixture, invitation), invitation))
    await running.idle()
    event = _stored(running)
    assert _partstat(event, BOB) == "ACCEPTED"
    assert int(event["SEQUENCE"]) == 0  # an attendee's answer is no new version
    assert len(sink.messages) == 3  # nobody is written to
    assert _escalations(running) == []


@pytest.mark.parametrize("fixture", ["google_reply_accepted.ics", "apple_reply_accepted.ics"])
async def test_an_answer_without_threading_headers_finds_its_meeting(
    running: Running, sink: SmtpSink, fixture: str
) -> None:
    invitation = await _book(running, sink)
    ics = _answer_ics(fixture, invitation)
    await running.send(_answer_mail(ics, invitation, threaded=False))
    await running.idle()
    assert _partstat(_stored(running), BOB) == "ACCEPTED"
    assert len(sink.messages) == 3 and _escalations(running) == []


async def test_a_decline_brings_new_proposals_and_a_note_to_the_customer(
    running: Running, sink: SmtpSink
) -> None:
    invitation = await _book(running, sink)
    _method, cal = calendar_part(invitation)  # type: ignore[misc]
    declined_start = first_event(cal)["DTSTART"].dt
    ics = _answer_ics("google_reply_declined.ics", invitation)
    await running.send(_answer_mail(ics, invitation))
    await running.idle()
    assert _partstat(_stored(running), BOB) == "DECLINED"
    sent = messages_sent(sink, 3)
    proposals = [m for m in sent if BOB in str(m["To"])]
    notes = [m for m in sent if ALICE in str(m["To"]) and BOB not in str(m["To"])]
    assert len(proposals) == 1 and len(notes) == 1, [m["To"] for m in sent]
    assert calendar_part(proposals[0]) is None
    body = body_text(proposals[0])
    assert "1." in body and "2." in body
    offered = re.findall(r"^\d\. \w+ (\d+) \w+, (\d\d:\d\d)", body, re.MULTILINE)
    local = declined_start.astimezone(PARIS)
    assert (str(local.day), f"{local:%H:%M}") not in offered  # the declined time is not offered
    assert "declined" in body_text(notes[0])
    assert _escalations(running) == []


def _free_time() -> datetime:
    """Thursday of the week after next, 15:15 Paris: free and never one of our proposals."""
    today = datetime.now(PARIS).date()
    monday = today + timedelta(days=7 - today.weekday()) + timedelta(days=7)
    return datetime.combine(monday + timedelta(days=3), time(15, 15), tzinfo=PARIS)


async def _counter(running: Running, sink: SmtpSink, invitation: EmailMessage) -> datetime:
    when = _free_time()
    ics = _answer_ics("google_counter.ics", invitation, start=when)
    await running.send(_answer_mail(ics, invitation, method="COUNTER"))
    await running.idle()
    return when


async def test_a_counter_for_a_free_time_moves_the_meeting(
    running: Running, sink: SmtpSink
) -> None:
    invitation = await _book(running, sink)
    when = await _counter(running, sink, invitation)
    moved = [m for m in messages_sent(sink, 3) if calendar_part(m)]
    assert len(moved) == 1 and BOB in moved[0]["To"]
    method, cal = calendar_part(moved[0])  # type: ignore[misc]
    event = first_event(cal)
    assert method == "REQUEST" and int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].dt.astimezone(UTC) == when.astimezone(UTC)
    stored = _stored(running)
    assert int(stored["SEQUENCE"]) == 1
    assert stored["DTSTART"].dt.astimezone(UTC) == when.astimezone(UTC)


async def test_a_strangers_reply_changes_nothing(running: Running, sink: SmtpSink) -> None:
    invitation = await _book(running, sink)
    before = _stored_files(running)
    ics = _answer_ics("google_reply_declined.ics", invitation, attendee=STRANGER)
    await running.send(_answer_mail(ics, invitation, sender=STRANGER))
    await running.idle()
    assert _stored_files(running) == before
    assert len(sink.messages) == 3
    assert _escalations(running) == []


async def test_a_reply_to_an_older_version_changes_nothing(
    running: Running, sink: SmtpSink
) -> None:
    """After the meeting moved (SEQUENCE 1), a decline of the first version is stale."""
    invitation = await _book(running, sink)
    await _counter(running, sink, invitation)
    before, count = _stored_files(running), len(sink.messages)
    assert int(_stored(running)["SEQUENCE"]) == 1
    ics = _answer_ics("google_reply_declined.ics", invitation, sequence=0)
    await running.send(_answer_mail(ics, invitation))
    await running.idle()
    assert _stored_files(running) == before
    assert len(sink.messages) == count
    assert _escalations(running) == []


async def test_an_answer_while_new_times_are_offered_is_not_read_as_a_choice(
    running: Running, sink: SmtpSink
) -> None:
    """After the decline, new times are offered; a late acceptance from a calendar
    (whose text says "the second one works") books nothing and sends nothing."""
    invitation = await _book(running, sink)
    declined = _answer_ics("google_reply_declined.ics", invitation)
    await running.send(_answer_mail(declined, invitation))
    await running.idle()
    before, count = _stored_files(running), len(sink.messages)
    accepted = _answer_ics("apple_reply_accepted.ics", invitation)
    await running.send(_answer_mail(accepted, invitation))
    await running.idle()
    assert _stored_files(running) == before
    assert len(sink.messages) == count


async def test_a_refresh_sends_the_current_invitation_again(
    running: Running, sink: SmtpSink
) -> None:
    invitation = await _book(running, sink)
    ics = _answer_ics("refresh.ics", invitation)
    await running.send(_answer_mail(ics, invitation, method="REFRESH"))
    await running.idle()
    [again] = messages_sent(sink, 3)
    assert BOB in again["To"] and ALICE not in str(again["To"])
    method, cal = calendar_part(again)  # type: ignore[misc]
    _sent_method, sent = calendar_part(invitation)  # type: ignore[misc]
    assert method == "REQUEST"
    assert str(first_event(cal)["UID"]) == str(first_event(sent)["UID"])
    assert int(first_event(cal)["SEQUENCE"]) == 0
