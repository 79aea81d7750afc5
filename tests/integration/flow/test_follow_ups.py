"""Follow-ups in the loop: silent participants are reminded after the customer's working
days, in the thread, then the customer is told and a supervisor sees it; an answer stops
them; the customer's and the meeting kind's own policy is honoured."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from meetdesk.calendar.itip import is_hold
from meetdesk.clock import FrozenClock
from meetdesk.store.customers import find_customer, set_preferences
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation
from meetdesk.store.opening import open_store
from meetdesk.supervision.escalations import EscalationView, list_escalations
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, BOB, Running, settings_for, start
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import body_text, parsed

PARIS = ZoneInfo("Europe/Paris")
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=PARIS)


def _numbered(text: str) -> list[str]:
    """The numbered lines of a message: the proposed times."""
    return [line for line in text.splitlines() if line[:1].isdigit() and ". " in line]


def _sent(sink: SmtpSink) -> list[EmailMessage]:
    return [parsed(m.raw) for m in sink.messages]


def _escalations(r: Running) -> list[EscalationView]:
    with transaction(r.engine) as session:
        return list_escalations(session)


def _states(r: Running) -> list[str]:
    with transaction(r.engine) as session:
        return [c.state for c in session.exec(select(Conversation)).all()]


async def _at(r: Running, when: datetime) -> None:
    """Move the daemon's clock to ``when`` and let it do what is due."""
    assert isinstance(r.clock, FrozenClock)
    r.clock.set(when)
    await r.idle()


@pytest.fixture
async def daemon(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Callable[..., Any]]:
    """Start the daemon on a frozen Friday, with optional [scheduling] settings."""
    started: list[Running] = []

    async def run(**scheduling: Any) -> Running:
        extra = {"scheduling": scheduling} if scheduling else {}
        r = await start(settings_for(tmp_path, db_url, sink.port, **extra), FrozenClock(FRIDAY))
        started.append(r)
        return r

    try:
        yield run
    finally:
        for r in started:
            await r.stop()


LATER = "Julie, could you please find 30 minutes for a call with Bob on Thursday 10 December?"


async def _propose(r: Running, sink: SmtpSink, *texts: str) -> EmailMessage:
    """Alice's request on Friday (``texts``: its wording) and the proposal it gets."""
    await r.send(request(*texts, date=FRIDAY).as_bytes())
    await r.idle()
    assert len(sink.messages) == 1
    return _sent(sink)[0]


def _day(day: int, hour: int = 10, minute: int = 0) -> datetime:
    month = 11 if day > 15 else 12
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


async def test_silence_gets_two_reminders_then_the_customer_is_told(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """Friday's proposal: reminders on Tuesday and Thursday, the notice the next Monday."""
    r = await daemon()
    proposal = await _propose(r, sink, LATER)
    times = _numbered(body_text(proposal))
    assert len(times) == 3

    await _at(r, _day(1, 9, 59))  # Tuesday, a minute early: the weekend did not count
    assert len(sink.messages) == 1
    await _at(r, _day(1))
    assert len(sink.messages) == 2
    first = _sent(sink)[1]
    assert BOB in first["To"] and ALICE not in first["To"]
    assert ALICE in first["Cc"]
    assert sorted(sink.messages[1].rcpt_tos) == sorted([BOB, ALICE])
    assert first["In-Reply-To"] == proposal["Message-ID"]
    assert proposal["In-Reply-To"] in first["References"]  # the customer's request
    assert first["Subject"] == "Re: Project kickoff"
    text = body_text(first)
    assert "I am following up on my message of Friday 27 November" in text
    assert _numbered(text) == times

    await _at(r, _day(3, 9))  # Thursday, before the hour: nothing yet
    assert len(sink.messages) == 2
    await _at(r, _day(3))
    assert len(sink.messages) == 3
    second = _sent(sink)[2]
    assert "following up once more" in body_text(second)
    assert _numbered(body_text(second)) == times
    assert second["In-Reply-To"] == proposal["Message-ID"]
    assert _escalations(r) == []

    await _at(r, _day(7))  # Monday: the reminders are used up
    assert len(sink.messages) == 4
    notice = _sent(sink)[3]
    assert sink.messages[3].rcpt_tos == [ALICE]
    assert ALICE in notice["To"] and notice["Cc"] is None
    notice_text = body_text(notice)
    assert "not yet heard back from Bob Durand" in notice_text
    assert "followed up twice" in notice_text
    # Renewed with each reminder, the last time on Thursday: held until Sunday.
    assert "no longer held in your calendar" in notice_text
    assert _numbered(notice_text) == times
    escalations = _escalations(r)
    assert [e.reason for e in escalations] == ["participants_silent"]
    assert escalations[0].details["rule"] == "follow_up.customer_told"
    assert BOB not in str(escalations[0].details)
    assert _states(r) == ["proposed"]  # a late answer is still handled by itself

    await _at(r, _day(21))
    assert len(sink.messages) == 4  # nothing more


async def test_a_reminder_keeps_the_times_held_and_drops_those_passed(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """Friday's proposal for Monday to Wednesday: Tuesday's reminder offers only the times
    still ahead, with their numbers, and holds them again; by Thursday all have passed,
    so new times are proposed instead of a second reminder."""
    r = await daemon()
    proposal = await _propose(r, sink)
    times = _numbered(body_text(proposal))
    await _at(r, _day(1))
    reminder = _numbered(body_text(_sent(sink)[1]))
    ahead = [t for t in times if not t.startswith("1. Monday 30 November")]
    assert reminder == ahead and len(ahead) < len(times)
    held = [p for p in r.calendar_dir.glob("*.ics") if is_hold(p.read_bytes())]
    assert len(held) == len(ahead)  # renewed: held again after four days, the past one not
    await _at(r, _day(3))
    again = _sent(sink)[2]
    assert BOB in again["To"] and "have now passed" in body_text(again)
    assert all(not t.split(". ", 1)[1].startswith(("Monday 30", "Tuesday 1", "Wednesday 2"))
               for t in _numbered(body_text(again)))  # fmt: skip


async def test_a_late_answer_after_the_notice_is_still_booked(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """The notice leaves the conversation proposed: Bob's choice a week later books it."""
    r = await daemon(preferences={"follow_up_days": 1, "follow_up_max": 1})
    proposal = await _propose(r, sink, LATER)
    await _at(r, _day(30))
    await _at(r, _day(1))
    assert len(sink.messages) == 3
    await r.send(reply_to(proposal, "The first one works for me.").as_bytes())
    await r.idle()
    assert _states(r) == ["booked"]


async def test_an_answer_stops_the_follow_ups(daemon: Callable[..., Any], sink: SmtpSink) -> None:
    """Bob chooses after the first reminder: no second reminder, no notice."""
    r = await daemon()
    proposal = await _propose(r, sink, LATER)
    await _at(r, _day(1))
    assert len(sink.messages) == 2
    await r.send(reply_to(proposal, "The second one works for me.").as_bytes())
    await r.idle()
    assert _states(r) == ["booked"]
    booked = len(sink.messages)
    await _at(r, _day(14))
    assert len(sink.messages) == booked
    assert all("following up" not in body_text(m) for m in _sent(sink)[2:])
    assert _escalations(r) == []


async def test_the_configured_policy_is_honoured(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """follow_up_days = 1, follow_up_max = 1: a reminder on Monday, the notice on Tuesday."""
    r = await daemon(preferences={"follow_up_days": 1, "follow_up_max": 1})
    await _propose(r, sink)
    await _at(r, _day(30))
    assert len(sink.messages) == 2
    assert sink.messages[1].rcpt_tos == [BOB, ALICE]
    await _at(r, _day(1))
    assert len(sink.messages) == 3
    assert sink.messages[2].rcpt_tos == [ALICE]
    assert "followed up once" in body_text(_sent(sink)[2])
    assert [e.reason for e in _escalations(r)] == ["participants_silent"]


async def test_the_meeting_kind_has_its_own_policy(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """Calls followed up after three working days, once; other kinds keep the default."""
    r = await daemon(preferences={"kinds": {"call": {"follow_up_days": 3, "follow_up_max": 1}}})
    await _propose(r, sink, LATER)
    await _at(r, _day(1))  # the default two working days: not for a call
    assert len(sink.messages) == 1
    await _at(r, _day(2))  # Wednesday: three working days
    assert len(sink.messages) == 2
    await _at(r, _day(7))  # Monday: three more
    assert len(sink.messages) == 3
    assert sink.messages[2].rcpt_tos == [ALICE]


def _alice_prefers(r: Running, overrides: dict[str, Any]) -> None:
    """Store Alice's own preferences, as `meetdesk customer prefs` does."""
    engine, cipher = open_store(r.settings)
    try:
        with transaction(engine) as session:
            alice = find_customer(session, cipher, ALICE)
            assert alice is not None
            set_preferences(session, cipher, alice.id, overrides)
    finally:
        engine.dispose()


async def test_a_customer_who_wants_no_follow_ups_gets_none(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """The customer's own follow_up_max = 0 wins over the defaults: silence stays silent."""
    r = await daemon()
    _alice_prefers(r, {"follow_up_max": 0})
    await _propose(r, sink)
    await _at(r, _day(21))
    assert len(sink.messages) == 1
    assert _escalations(r) == []


async def test_follow_ups_turned_off_after_the_proposal_are_not_sent(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """A follow-up already scheduled reads the customer's policy when it is due."""
    r = await daemon()
    await _propose(r, sink)
    _alice_prefers(r, {"follow_up_max": 0})
    await _at(r, _day(21))
    assert len(sink.messages) == 1
    assert _escalations(r) == []


async def test_the_customer_own_days_are_honoured(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """Alice's own follow_up_days = 1 over the config's 2: the reminder comes on Monday."""
    r = await daemon()
    _alice_prefers(r, {"follow_up_days": 1})
    await _propose(r, sink)
    await _at(r, _day(30))
    assert len(sink.messages) == 2


async def test_follow_ups_count_again_in_a_new_round(
    daemon: Callable[..., Any], sink: SmtpSink
) -> None:
    """Bob declines after a reminder: the new proposal's first reminder is number one."""
    r = await daemon(preferences={"follow_up_days": 1, "follow_up_max": 1})
    proposal = await _propose(r, sink)
    await _at(r, _day(30))
    assert len(sink.messages) == 2
    await r.send(reply_to(proposal, "None of these work for me, sorry.").as_bytes())
    await r.idle()
    assert len(sink.messages) == 3
    again = _sent(sink)[2]
    assert _states(r) == ["proposed"]
    await _at(r, _day(1))  # the old round's notice is void; the new round's reminder
    assert len(sink.messages) == 4
    reminder = _sent(sink)[3]
    assert reminder["In-Reply-To"] == again["Message-ID"]
    assert "following up on my message of Monday 30 November" in body_text(reminder)
    assert _escalations(r) == []


def test_start_is_a_friday() -> None:
    """The scenario's dates assume a Friday start."""
    assert FRIDAY.weekday() == 4 and _day(1).weekday() == 1 and _day(7).weekday() == 0
    assert FRIDAY + timedelta(days=4) == _day(1)
