"""After a supervisor's action the daemon carries on by itself: a corrected request is
proposed, chosen slots are offered exactly (those still free), a corrected answer is
booked, and after a reply or a question the next message is read automatically again.
Real SMTP in and out; the escalations are the daemon's own."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from meetdesk.assistant.wording import format_slot
from meetdesk.calendar.base import Interval
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation
from meetdesk.supervision import actions
from meetdesk.supervision.actions import Correction
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, ASSISTANT, BOB
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import calendar_part, other_client_event
from tests.integration.supervision.acting import Desk, open_desk, text_of

PARIS = ZoneInfo("Europe/Paris")
NUMBERED = re.compile(r"^\d+\. ", re.MULTILINE)


@pytest.fixture
async def desk(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Desk]:
    async with open_desk(tmp_path, db_url, sink) as opened:
        yield opened


def _week_after_next(weekday: int, hour: int, minutes: int = 45) -> Interval:
    """A slot that weekday of the week after next, in Paris working hours."""
    today = datetime.now(PARIS).date()
    monday = today + timedelta(days=7 - today.weekday()) + timedelta(days=7)
    start = datetime.combine(monday + timedelta(days=weekday), time(hour), tzinfo=PARIS)
    return Interval(start, start + timedelta(minutes=minutes))


async def test_a_corrected_duration_brings_the_participant_proposals(desk: Desk) -> None:
    eid = await desk.escalated()
    assert desk.sent() == []
    desk.claim(eid)
    desk.act(actions.correct, eid, correction=Correction(duration_minutes=45))
    await desk.running.idle()
    [proposal] = desk.sent()
    assert BOB in proposal["To"] and ASSISTANT in proposal["From"]
    text = text_of(proposal)
    assert "45-minute call" in text and len(NUMBERED.findall(text)) >= 2


async def test_the_chosen_slots_are_proposed_exactly(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    slots = [_week_after_next(1, 10), _week_after_next(3, 15)]
    desk.act(actions.propose_slots, eid, slots=slots)
    await desk.running.idle()
    [proposal] = desk.sent()
    text = text_of(proposal)
    assert BOB in proposal["To"]
    assert NUMBERED.findall(text) == ["1. ", "2. "]
    for n, slot in enumerate(slots, 1):
        assert f"{n}. {format_slot(slot, PARIS, 'en')}" in text
    state, data = desk.conversation(eid)
    assert state == "proposed" and data.chosen_slots == []
    assert data.proposals == [[s.start.isoformat(), s.end.isoformat()] for s in slots]


async def test_a_chosen_slot_taken_meanwhile_is_dropped(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    taken, free = _week_after_next(1, 10), _week_after_next(2, 11)
    (desk.running.calendar_dir / "dentist.ics").write_bytes(
        other_client_event(taken.start.astimezone(UTC), taken.end.astimezone(UTC))
    )
    desk.act(actions.propose_slots, eid, slots=[taken, free])
    await desk.running.idle()
    [proposal] = desk.sent()
    assert NUMBERED.findall(text_of(proposal)) == ["1. "]
    assert format_slot(free, PARIS, "en") in text_of(proposal)


async def test_when_every_chosen_slot_is_taken_it_comes_back_to_the_queue(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    taken = _week_after_next(1, 10)
    (desk.running.calendar_dir / "dentist.ics").write_bytes(
        other_client_event(taken.start.astimezone(UTC), taken.end.astimezone(UTC))
    )
    desk.act(actions.propose_slots, eid, slots=[taken])
    await desk.running.idle()
    assert desk.sent() == []
    with transaction(desk.engine) as session:
        again = session.exec(select(Escalation).where(col(Escalation.status) == "open")).one()
    assert again.reason == "no_free_slot" and again.resume_state == "requested"
    assert json.loads(again.details)["rule"] == "escalate.supervisor_slots_taken"
    assert desk.conversation(eid)[1].chosen_slots == []


async def test_an_unclear_answer_corrected_with_an_option_is_booked(desk: Desk) -> None:
    await desk.running.send(request().as_bytes())
    await desk.running.idle()
    [proposal] = desk.sent()
    eid = await desk.escalated(reply_to(proposal, "Hmm, maybe?"))
    assert desk.row(eid).reason == "unclear_answer"
    desk.claim(eid)
    with pytest.raises(ValueError, match="not among the"):
        desk.act(actions.correct, eid, correction=Correction(chosen_option=9))
    desk.act(actions.correct, eid, correction=Correction(chosen_option=2))
    await desk.running.idle()
    invitations = [m for m in desk.sent(1) if calendar_part(m)]
    assert len(invitations) == 1 and BOB in invitations[0]["To"]
    state, data = desk.conversation(eid)
    assert state == "booked" and data.chosen == 1


async def test_after_a_question_the_customers_clear_answer_is_proposed(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    desk.act(actions.ask_customer, eid, question="How long should the call with Bob be?")
    await desk.running.idle()
    [question] = desk.sent()
    assert question["To"] == f"Alice Martin <{ALICE}>" and BOB not in str(question)
    answer = reply_to(
        question,
        "Julie, please find 45 minutes for a call with Bob next week.",
        sender=ALICE,
        name="Alice Martin",
    )
    del answer["Cc"]
    await desk.running.send(answer.as_bytes())
    await desk.running.idle()
    [proposal] = desk.sent(1)
    assert BOB in proposal["To"] and "45-minute call" in text_of(proposal)
    assert desk.row(eid).status == "resolved"


async def test_after_a_reply_the_next_message_is_read_automatically(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    desk.act(actions.reply, eid, text="Could you tell me how long the call should be?")
    await desk.running.idle()
    [sent] = desk.sent()
    assert sent["To"] == f"Alice Martin <{ALICE}>" and sent["From"] == f"Julie <{ASSISTANT}>"
    answer = reply_to(
        sent,
        "Julie, please find an hour for a call with Bob next week.",
        sender=ALICE,
        name="Alice Martin",
    )
    await desk.running.send(answer.as_bytes())
    await desk.running.idle()
    [proposal] = desk.sent(1)
    assert BOB in proposal["To"] and "one-hour call" in text_of(proposal)


async def test_handing_back_writes_to_the_customer_only(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    desk.act(actions.hand_back, eid)
    await desk.running.idle()
    [sent] = desk.sent()
    assert sent["To"] == f"Alice Martin <{ALICE}>" and sent["Cc"] is None
    assert BOB not in str(sent) and sent["From"] == f"Julie <{ASSISTANT}>"
