"""Negotiation in the loop: counter-proposals, declines, several participants, moving and
cancelling a meeting, each with the messages and calendar objects clients expect."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlmodel import select

from meetdesk.calendar.itip import is_hold
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, BOB, Running
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import (
    body_text,
    calendar_part,
    first_event,
    messages_sent,
)

PARIS = ZoneInfo("Europe/Paris")
CAROL = "carol@partner.example"


def _stored(running: Running) -> list[Calendar]:
    """The customer's calendar without the holds."""
    found = []
    for path in running.calendar_dir.glob("*.ics"):
        raw = path.read_bytes()
        if not is_hold(raw):
            found.append(first_event(Calendar.from_ical(raw)))
    return found


def _escalations(running: Running) -> list[str]:
    with transaction(running.engine) as session:
        return [e.reason for e in session.exec(select(Escalation)).all()]


async def _book(running: Running, sink: SmtpSink) -> EmailMessage:
    """Request, proposals, 'the second one': returns the proposal message."""
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    await running.send(reply_to(proposal, "The second one works for me.").as_bytes())
    await running.idle()
    assert len(sink.messages) == 3
    return proposal


def _day_after_next_week(weekday: int) -> datetime:
    """That weekday of the week after next, 15:15 Paris: never one of our proposals
    (they start on the hour or half hour) and always past the minimum notice."""
    today = datetime.now(PARIS).date()
    monday = today + timedelta(days=7 - today.weekday()) + timedelta(days=7)
    return datetime.combine(monday + timedelta(days=weekday), time(15, 15), tzinfo=PARIS)


async def test_a_free_suggested_time_is_booked_directly(running: Running, sink: SmtpSink) -> None:
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    when = _day_after_next_week(3)
    day = f"{when:%A} {when.day} {when:%B}"
    answer = f"None of these work for me, unfortunately. How about {day} at 3:15pm?"
    await running.send(reply_to(proposal, answer).as_bytes())
    await running.idle()
    sent = messages_sent(sink, 1)
    invitations = [m for m in sent if calendar_part(m)]
    assert len(invitations) == 1 and BOB in invitations[0]["To"]
    method, cal = calendar_part(invitations[0])  # type: ignore[misc]
    assert method == "REQUEST"
    assert first_event(cal)["DTSTART"].dt.astimezone(UTC) == when.astimezone(UTC)
    [stored] = _stored(running)
    assert stored["DTSTART"].dt.astimezone(UTC) == when.astimezone(UTC)
    assert [p for p in running.calendar_dir.glob("*.ics") if is_hold(p.read_bytes())] == []


async def test_a_counter_proposal_gets_new_times_inside_it(
    running: Running, sink: SmtpSink
) -> None:
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    monday = _day_after_next_week(0)
    answer = (
        "None of these work for me, unfortunately. "
        f"How about {monday:%A} {monday.day} {monday:%B}, in the morning?"
    )
    await running.send(reply_to(proposal, answer).as_bytes())
    await running.idle()
    assert len(sink.messages) == 2
    again = messages_sent(sink, 1)[0]
    assert BOB in again["To"] and "Thank you for your reply" in body_text(again)
    assert _stored(running) == []
    held = [
        first_event(Calendar.from_ical(p.read_bytes()))
        for p in running.calendar_dir.glob("*.ics")
        if is_hold(p.read_bytes())
    ]
    assert len(held) == 3
    for ev in held:
        local = ev["DTSTART"].dt.astimezone(PARIS)
        assert local.date() == monday.date() and local.hour < 12


async def test_a_decline_gets_other_times(running: Running, sink: SmtpSink) -> None:
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    first = _hold_starts(running)
    await running.send(reply_to(proposal, "Sorry, none of these times work for me.").as_bytes())
    await running.idle()
    assert len(sink.messages) == 2
    assert "other times" in body_text(messages_sent(sink, 1)[0])
    second = {
        first_event(Calendar.from_ical(p.read_bytes()))["DTSTART"].dt for p in _holds(running)
    }
    assert len(second) == 3 and not first & second


def _holds(running: Running) -> list[Path]:
    return [p for p in running.calendar_dir.glob("*.ics") if is_hold(p.read_bytes())]


def _hold_starts(running: Running) -> set[datetime]:
    return {first_event(Calendar.from_ical(p.read_bytes()))["DTSTART"].dt for p in _holds(running)}


def _group_request() -> EmailMessage:
    return request(To=f"Bob Durand <{BOB}>, Carol Nguyen <{CAROL}>")


async def test_a_group_is_booked_once_every_required_participant_agreed(
    running: Running, sink: SmtpSink
) -> None:
    await running.send(_group_request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    assert BOB in proposal["To"] and CAROL in proposal["To"]
    await running.send(reply_to(proposal, "The second one works for me.").as_bytes())
    await running.idle()
    assert len(sink.messages) == 1 and _stored(running) == []  # Carol has not answered
    carol = reply_to(proposal, "The second one works for me too.", sender=CAROL, name="Carol")
    await running.send(carol.as_bytes())
    await running.idle()
    invited = sorted(m["To"] for m in messages_sent(sink, 1) if calendar_part(m))
    assert len(invited) == 2 and BOB in invited[0] and CAROL in invited[1]
    assert len(_stored(running)) == 1


async def test_different_choices_go_to_a_human(running: Running, sink: SmtpSink) -> None:
    await running.send(_group_request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    await running.send(reply_to(proposal, "The second one works for me.").as_bytes())
    carol = reply_to(proposal, "The first one works for me.", sender=CAROL, name="Carol")
    await running.send(carol.as_bytes())
    await running.idle()
    assert len(sink.messages) == 1 and _stored(running) == []
    assert "participants_disagree" in _escalations(running)


async def test_moving_a_booked_meeting_sends_the_next_sequence(
    running: Running, sink: SmtpSink
) -> None:
    await _book(running, sink)
    [before] = _stored(running)
    confirmation = next(m for m in messages_sent(sink, 1) if not calendar_part(m))
    move = (
        "Something came up on my side: could we move our call to the week after next? "
        "Any afternoon works."
    )
    await running.send(reply_to(confirmation, move).as_bytes())
    await running.idle()
    assert len(sink.messages) == 4
    offer = messages_sent(sink, 3)[0]
    assert "would like to move our meeting" in body_text(offer)
    [still] = _stored(running)  # the meeting stays where it is until a new time is agreed
    assert still["DTSTART"].dt == before["DTSTART"].dt
    await running.send(reply_to(offer, "The first one works for me.").as_bytes())
    await running.idle()
    sent = messages_sent(sink, 4)
    method, cal = next(c for c in map(calendar_part, sent) if c)
    moved = first_event(cal)
    assert method == "REQUEST" and int(moved["SEQUENCE"]) == 1
    assert str(moved["UID"]) == str(before["UID"])
    [after] = _stored(running)
    assert _holds(running) == []  # the new round's holds left with the booking
    assert after["DTSTART"].dt.astimezone(PARIS).hour >= 12
    assert int(after["SEQUENCE"]) == 1
    assert any("has been moved to" in body_text(m) for m in sent if not calendar_part(m))


async def test_cancelling_a_booked_meeting_sends_cancel(running: Running, sink: SmtpSink) -> None:
    await _book(running, sink)
    [booked] = _stored(running)
    confirmation = next(m for m in messages_sent(sink, 1) if not calendar_part(m))
    cancel = reply_to(
        confirmation,
        "Julie, please cancel my meeting with Bob: the project is on hold.",
        sender=ALICE,
        name="Alice Martin",
    )
    await running.send(cancel.as_bytes())
    await running.idle()
    sent = messages_sent(sink, 3)
    cancels = [m for m in sent if calendar_part(m)]
    assert len(cancels) == 1 and BOB in cancels[0]["To"]
    method, cal = calendar_part(cancels[0])  # type: ignore[misc]
    ev = first_event(cal)
    assert method == "CANCEL" and str(ev["STATUS"]) == "CANCELLED"
    assert str(ev["UID"]) == str(booked["UID"]) and int(ev["SEQUENCE"]) == 1
    assert any(ALICE in m["To"] and "is cancelled" in body_text(m) for m in sent)
    [stored] = _stored(running)
    assert str(stored["STATUS"]) == "CANCELLED"


async def test_cancelling_a_request_releases_its_holds(running: Running, sink: SmtpSink) -> None:
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    cancel = reply_to(
        proposal,
        "Julie, please cancel this meeting, we no longer need it.",
        sender=ALICE,
        name="Alice Martin",
    )
    await running.send(cancel.as_bytes())
    await running.idle()
    assert list(running.calendar_dir.glob("*.ics")) == []
    [note] = messages_sent(sink, 1)
    assert BOB in note["To"] and "will not take place" in body_text(note)
    assert calendar_part(note) is None


async def test_a_participant_abroad_gets_times_in_their_hours_and_zone(
    running: Running, sink: SmtpSink
) -> None:
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    monday = _day_after_next_week(0)
    answer = (
        f"None of these work for me, I'm based in New York. "
        f"How about {monday:%A} {monday.day} {monday:%B}?"
    )
    await running.send(reply_to(proposal, answer).as_bytes())
    await running.idle()
    again = messages_sent(sink, 1)[0]
    text = body_text(again)
    assert "(New York time) / " in text and "(Paris time)" in text
    new_york = ZoneInfo("America/New_York")
    for path in _holds(running):
        start = first_event(Calendar.from_ical(path.read_bytes()))["DTSTART"].dt
        assert 8 <= start.astimezone(new_york).hour < 19  # reasonable hours in New York
        assert 9 <= start.astimezone(PARIS).hour < 18  # and the customer's working hours
