"""The loop in-process on a local-folder calendar: threading, wording, booking, privacy."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from meetdesk.calendar.itip import is_hold
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, ASSISTANT, BOB, Running, settings_for, start
from tests.integration.flow.messages import REQUEST_TEXT, reply_to, request
from tests.integration.flow.reading import body_text, calendar_part, parsed

PARIS = ZoneInfo("Europe/Paris")

PRIVATE = "Lunch with the ACME acquisition team"


async def test_request_choice_booking(running: Running, sink: SmtpSink) -> None:
    """Request -> 3 proposals in-thread -> 'the second one' -> event + REQUEST with same UID."""
    req = request()
    await running.send(req.as_bytes())
    await running.idle()
    assert len(sink.messages) == 1
    proposal = parsed(sink.messages[0].raw)
    assert proposal["In-Reply-To"] == req["Message-ID"]
    assert req["Message-ID"] in proposal["References"]
    assert proposal["Auto-Submitted"] == "auto-replied"
    assert BOB in proposal["To"] and ALICE in proposal["Cc"]
    assert proposal["Subject"] == "Re: Project kickoff"
    text = body_text(proposal)
    assert "1." in text and "2." in text and "3." in text

    await running.send(reply_to(proposal, "The second one works for me.").as_bytes())
    await running.idle()
    assert len(sink.messages) == 3
    sent = [parsed(m.raw) for m in sink.messages[1:]]
    invitations = [m for m in sent if calendar_part(m)]
    confirmations = [m for m in sent if not calendar_part(m)]
    assert len(invitations) == 1 and len(confirmations) == 1
    assert BOB in invitations[0]["To"] and ALICE in confirmations[0]["To"]
    method, invite = calendar_part(invitations[0])  # type: ignore[misc]
    assert method == "REQUEST"
    vevent = next(iter(invite.walk("VEVENT")))
    files = list(running.calendar_dir.glob("*.ics"))
    assert len(files) == 1
    stored = next(iter(Calendar.from_ical(files[0].read_bytes()).walk("VEVENT")))
    assert str(stored["UID"]) == str(vevent["UID"])
    assert "alice@customer.example" in str(stored["ORGANIZER"]).lower()
    attendees = stored.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert any(BOB in str(a).lower() for a in attendees)
    for m in sent:
        assert m["In-Reply-To"] is not None


async def test_private_events_never_reach_participants(running: Running, sink: SmtpSink) -> None:
    """Titles and places of the customer's own events appear in no outgoing message."""
    from datetime import UTC, datetime

    from meetdesk.testing.scenario import seed_calendar  # one busy week, shared with the e2e test

    (running.calendar_dir / "busy.ics").write_bytes(
        seed_calendar(datetime.now(UTC)).replace(b"Board meeting ACME takeover", PRIVATE.encode())
    )
    await running.send(request().as_bytes())
    await running.idle()
    assert len(sink.messages) == 1
    raw = sink.messages[0].raw
    for secret in (PRIVATE, "Dentist", "Weekly sync", "Secret place"):
        assert secret.encode() not in raw


def _database_bytes(folder: Path) -> bytes:
    """The SQLite database with its WAL and shared-memory files, as stored on disk."""
    return b"".join(p.read_bytes() for p in folder.glob("plain-check.db*"))


async def test_nothing_readable_in_the_database_file(tmp_path: Path, sink: SmtpSink) -> None:
    """After a full loop, the SQLite files hold no address, subject or message text."""
    url = f"sqlite:///{tmp_path / 'plain-check.db'}"
    r = await start(settings_for(tmp_path, url, sink.port))
    try:
        req = request()
        await r.send(req.as_bytes())
        await r.idle()
        proposal = parsed(sink.messages[0].raw)
        await r.send(reply_to(proposal, "The first one is perfect.").as_bytes())
        await r.idle()
        assert len(sink.messages) == 3
    finally:
        await r.stop()
    data = _database_bytes(tmp_path)
    for needle in (
        "alice",
        "bob@",
        "partner.example",
        "customer.example",
        "Project kickoff",
        REQUEST_TEXT[:30],
        "first one is perfect",
        "Alice Martin",
        "Durand",
        str(req["Message-ID"]).strip("<>"),
    ):
        assert needle.encode() not in data, needle


async def test_choice_by_weekday_and_time_books_that_slot(running: Running, sink: SmtpSink) -> None:
    """'Tuesday at 14:00 is fine' style answers book the proposal with that day and time."""
    import re

    await running.send(request().as_bytes())
    await running.idle()
    proposal = parsed(sink.messages[0].raw)
    lines = re.findall(r"^2\. (\w+) (\d+) \w+, (\d\d:\d\d)", body_text(proposal), re.MULTILINE)
    assert lines, body_text(proposal)
    weekday, _day, start = lines[0]
    await running.send(reply_to(proposal, f"{weekday} at {start} is fine.").as_bytes())
    await running.idle()
    [invitation] = [m for m in (parsed(x.raw) for x in sink.messages[1:]) if calendar_part(m)]
    _method, cal = calendar_part(invitation)  # type: ignore[misc]
    booked = next(iter(cal.walk("VEVENT")))["DTSTART"].dt.astimezone(PARIS)
    assert booked.strftime("%A") == weekday and booked.strftime("%H:%M") == start
    assert 9 <= booked.hour < 18 and booked.weekday() < 5


async def test_unclear_answer_escalates_and_books_nothing(running: Running, sink: SmtpSink) -> None:
    """'Both work' is not a choice: a human decides, nothing is booked or sent; the
    proposed times stay held meanwhile."""
    await running.send(request().as_bytes())
    await running.idle()
    proposal = parsed(sink.messages[0].raw)
    await running.send(reply_to(proposal, "Both work for me!").as_bytes())
    await running.idle()
    assert len(sink.messages) == 1
    stored = [p.read_bytes() for p in running.calendar_dir.glob("*.ics")]
    assert len(stored) == 3 and all(is_hold(ics) for ics in stored)


async def test_time_constraints_shape_the_proposals(running: Running, sink: SmtpSink) -> None:
    """'next week, afternoons, not on Tuesday': every proposal is an afternoon, none a Tuesday."""
    import re

    text = (
        "Julie, could you find 30 minutes for a call with Bob next week in the afternoon?"
        " Not Tuesday."
    )
    await running.send(request(text).as_bytes())
    await running.idle()
    assert len(sink.messages) == 1, "the request should be handled without a human"
    body = body_text(parsed(sink.messages[0].raw))
    slots = re.findall(r"^\d\. (\w+) \d+ \w+, (\d\d):(\d\d)", body, re.MULTILINE)
    assert len(slots) == 3, body
    for weekday, hour, _minute in slots:
        assert weekday != "Tuesday" and 14 <= int(hour) < 18, body


async def test_request_from_the_customers_own_assistant(running: Running, sink: SmtpSink) -> None:
    """Alice's secretary writes on her behalf, Alice in copy: proposed as if Alice asked."""
    msg = request(
        "On behalf of Alice Martin, could you find 30 minutes for a call with Bob next week?",
        sender="claire.petit@customer.example",
    )
    del msg["From"], msg["Cc"]
    msg["From"] = "Claire Petit <claire.petit@customer.example>"
    msg["Cc"] = f"Julie <{ASSISTANT}>, Alice Martin <{ALICE}>"
    await running.send(msg.as_bytes())
    await running.idle()
    assert len(sink.messages) == 1
    proposal = parsed(sink.messages[0].raw)
    assert BOB in proposal["To"]
    assert "claire.petit" not in str(proposal["To"])


async def test_lunch_is_proposed_at_lunchtime_for_its_usual_length(
    running: Running, sink: SmtpSink
) -> None:
    """A lunch with no time or length given: 90 minutes between 12:00 and 14:30 (defaults)."""
    import re

    await running.send(request("Julie, could you set up lunch with Bob next week?").as_bytes())
    await running.idle()
    assert len(sink.messages) == 1
    body = body_text(parsed(sink.messages[0].raw))
    slots = re.findall(r"^\d\. \w+ \d+ \w+, (\d\d):(\d\d)\W+(\d\d):(\d\d)", body, re.MULTILINE)
    assert len(slots) == 3, body
    for h1, m1, h2, m2 in slots:
        start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
        assert end - start == 90 and 12 * 60 <= start and end <= 14 * 60 + 30, body
