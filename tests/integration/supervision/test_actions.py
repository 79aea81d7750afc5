"""The supervisor actions on both databases, on escalations the daemon opened: each one
resolves the escalation (code, who, when, the note sealed, the action) and audits it in
the same transaction; every refusal changes nothing; the conversation resumes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, func, select

from meetdesk.calendar.base import Interval
from meetdesk.errors import AccessDenied
from meetdesk.privacy.access import Actor
from meetdesk.privacy.processors import Processor
from meetdesk.store.engine import transaction
from meetdesk.store.models import Decision, Outbox
from meetdesk.supervision import actions, queue
from meetdesk.supervision.actions import Correction
from meetdesk.supervision.queue import QueueError
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, BOB
from tests.integration.flow.messages import reply_to, request
from tests.integration.supervision.acting import SUPERVISOR, Desk, open_desk, text_of


@pytest.fixture
async def desk(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Desk]:
    async with open_desk(tmp_path, db_url, sink) as opened:
        yield opened


OTHERS = Actor(
    id="provider",
    processor=Processor(
        id="provider",
        purposes=("supervision",),
        allow=("user", "system"),
        customers=("carol@customer.example",),
    ),
)


def _outbox(d: Desk) -> int:
    with transaction(d.engine) as session:
        return int(session.exec(select(func.count()).select_from(Outbox)).one())


def _snapshot(d: Desk, eid: str) -> tuple[Any, ...]:
    row = d.row(eid)
    state, data = d.conversation(eid)
    return (
        row.status,
        row.claimed_by,
        row.action,
        row.note_enc,
        state,
        data.to_json(),
        len(d.audit()),
        _outbox(d),
    )


async def test_correct_resumes_the_request_and_resolves_with_its_fields(desk: Desk) -> None:
    eid = await desk.escalated()
    assert desk.row(eid).resume_state == "new"
    desk.claim(eid)
    done = desk.act(
        actions.correct, eid, correction=Correction(duration_minutes=45), note="two durations"
    )
    assert (done.status, done.resolution, done.action) == ("resolved", "handled", "correct")
    assert done.closed_by == SUPERVISOR and done.resolved_at is not None
    assert done.claimed_by is None
    assert queue.note_of(desk.services.cipher, done) == "two durations"
    state, data = desk.conversation(eid)
    assert (state, data.duration_minutes, [p.email for p in data.participants]) == (
        "requested",
        45,
        [BOB],
    )
    assert desk.message_status(eid) == "done"
    with transaction(desk.engine) as session:
        last = session.exec(select(Decision).order_by(col(Decision.created_at).desc())).first()
    assert last is not None and "supervisor.corrected" in last.rules
    actor, action, categories = desk.audit()[-1]
    assert (actor, action) == (f"admin-cli/{SUPERVISOR}", "escalation.correct")
    assert "user.content.private.supervision_note" in categories
    await desk.running.idle()
    assert desk.conversation(eid)[0] == "proposed"
    [proposal] = desk.sent()
    assert BOB in proposal["To"] and "45-minute call" in text_of(proposal)


async def test_correct_without_resume_saves_the_request_and_keeps_the_claim(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    row = desk.act(actions.correct, eid, correction=Correction(duration_minutes=40), resume=False)
    assert (row.status, row.claimed_by, row.action) == ("claimed", SUPERVISOR, None)
    state, data = desk.conversation(eid)
    assert (state, data.duration_minutes) == ("escalated", 40)
    assert desk.audit()[-1][1] == "escalation.correct"
    with pytest.raises(ValueError, match="intent and the chosen option"):
        desk.act(actions.correct, eid, correction=Correction(intent="schedule"), resume=False)


async def test_a_correction_that_leaves_a_field_unsure_is_refused(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    before = _snapshot(desk, eid)
    with pytest.raises(QueueError, match="still unsure of duration"):
        desk.act(actions.correct, eid, correction=Correction(meeting_kind="video"))
    assert _snapshot(desk, eid) == before


def _slot(d: Desk, days: int, hour: int = 10, minutes: int = 30) -> Interval:
    day = (d.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return Interval(day, day + timedelta(minutes=minutes))


Attempt = Callable[[Desk, str], Any]

BAD_INPUT: dict[str, tuple[Attempt, type[Exception], str]] = {
    "empty reply": (
        lambda d, e: d.act(actions.reply, e, text="  \n"),
        ValueError,
        "the reply is empty",
    ),
    "empty question": (
        lambda d, e: d.act(actions.ask_customer, e, question=""),
        ValueError,
        "the question is empty",
    ),
    "reply to nobody known": (
        lambda d, e: d.act(actions.reply, e, text="Hello", to="bob"),
        ValueError,
        "'sender' or 'all'",
    ),
    "slot in the past": (
        lambda d, e: d.act(actions.propose_slots, e, slots=[_slot(d, -1)]),
        ValueError,
        "already started",
    ),
    "slots of two lengths": (
        lambda d, e: d.act(actions.propose_slots, e, slots=[_slot(d, 3), _slot(d, 4, 11, 45)]),
        ValueError,
        "differ",
    ),
    "no slot": (
        lambda d, e: d.act(actions.propose_slots, e, slots=[]),
        ValueError,
        "at least one slot",
    ),
    "duration too short": (
        lambda d, e: d.act(actions.correct, e, correction=Correction(duration_minutes=3)),
        ValueError,
        "outside 5..720",
    ),
    "window ending before it starts": (
        lambda d, e: d.act(
            actions.correct,
            e,
            correction=Correction(windows=[(_slot(d, 3).end, _slot(d, 3).start)]),
        ),
        ValueError,
        "ends before it starts",
    ),
    "not an address": (
        lambda d, e: d.act(
            actions.correct, e, correction=Correction(participants=[("bob at partner", "Bob")])
        ),
        ValueError,
        "not an e-mail address",
    ),
    "an option when nothing was proposed": (
        lambda d, e: d.act(actions.correct, e, correction=Correction(chosen_option=1)),
        QueueError,
        "nothing was proposed",
    ),
    "nothing to correct": (
        lambda d, e: d.act(actions.correct, e, correction=Correction()),
        ValueError,
        "nothing to correct",
    ),
    "an unknown kind": (
        lambda d, e: d.act(actions.correct, e, correction=Correction(meeting_kind="party")),
        ValueError,
        "kind",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
async def test_bad_input_is_refused_and_changes_nothing(desk: Desk, case: str) -> None:
    attempt, error, message = BAD_INPUT[case]
    eid = await desk.escalated()
    desk.claim(eid)
    before = _snapshot(desk, eid)
    with pytest.raises(error, match=message):
        attempt(desk, eid)
    assert _snapshot(desk, eid) == before


async def test_acting_needs_a_live_claim_of_ones_own_in_scope(desk: Desk) -> None:
    eid = await desk.escalated()
    before = _snapshot(desk, eid)
    with pytest.raises(QueueError, match="not claimed: claim it first"):
        desk.act(actions.hand_back, eid)
    desk.claim(eid, user="other")
    with pytest.raises(QueueError, match="claimed by other"):
        desk.act(actions.hand_back, eid)
    with transaction(desk.engine) as session:
        queue.release(
            session, desk.services.cipher, eid, user="other", actor=actor_admin(), now=desk.now()
        )
    desk.claim(eid, minutes=1)
    with pytest.raises(QueueError, match="ran out"):
        desk.act(actions.not_scheduling, eid, now=desk.now() + timedelta(minutes=2))
    with pytest.raises(AccessDenied, match="does not serve"):
        desk.act(actions.not_scheduling, eid, actor=OTHERS)
    assert _snapshot(desk, eid)[4:6] == before[4:6]  # the conversation is as it was
    desk.act(actions.not_scheduling, eid)
    with pytest.raises(QueueError, match="already resolved"):
        desk.act(actions.hand_back, eid)


def actor_admin() -> Actor:
    return Actor.admin()


async def test_propose_stores_the_chosen_slots_and_queues_the_proposal(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    slots = [_slot(desk, 8, 14, 45), _slot(desk, 7, 9, 45)]
    done = desk.act(actions.propose_slots, eid, slots=slots)
    assert (done.resolution, done.action) == ("handled", "propose")
    state, data = desk.conversation(eid)
    assert state == "requested" and data.duration_minutes == 45
    assert data.chosen_slots == [[s.start.isoformat(), s.end.isoformat()] for s in slots[::-1]]
    assert desk.audit()[-1][1] == "escalation.propose"


async def test_reply_goes_to_the_sender_signed_and_the_thread_reads_on(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    done = desk.act(actions.reply, eid, text="Which of the two lengths would you like?")
    assert (done.resolution, done.action) == ("answered", "reply")
    assert desk.conversation(eid)[0] == "new"
    await desk.running.idle()
    [sent] = desk.sent()
    assert sent["From"] == "Julie <julie@assistant.example>" and ALICE in sent["To"]
    assert BOB not in str(sent) and sent["Cc"] is None
    assert text_of(sent).endswith(
        "Which of the two lengths would you like?\n\nBest regards,\nJulie\n"
    )


async def test_reply_to_all_copies_everyone_in_the_thread(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    desk.act(actions.reply, eid, text="We will confirm the length shortly.", to="all")
    await desk.running.idle()
    [sent] = desk.sent()
    assert ALICE in sent["To"] and BOB in sent["Cc"]


async def test_ask_customer_writes_to_the_customer_alone(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    done = desk.act(actions.ask_customer, eid, question="how long should the call be?")
    assert (done.resolution, done.action) == ("answered", "ask_customer")
    assert desk.conversation(eid)[0] == "new"
    await desk.running.idle()
    [sent] = desk.sent()
    assert ALICE in sent["To"] and BOB not in str(sent)
    assert "Before I go on: how long should the call be?" in text_of(sent)


async def test_not_scheduling_closes_a_new_request_and_sends_nothing(desk: Desk) -> None:
    eid = await desk.escalated()
    desk.claim(eid)
    done = desk.act(actions.not_scheduling, eid, note="a newsletter")
    assert (done.resolution, done.action) == ("not_scheduling", "not_scheduling")
    assert desk.conversation(eid)[0] == "not_scheduling"
    assert desk.message_status(eid) == "ignored"
    await desk.running.idle()
    assert desk.sent() == [] and desk.audit()[-1][1] == "escalation.not_scheduling"


async def test_hand_back_tells_the_customer_and_later_messages_are_left_alone(
    desk: Desk,
) -> None:
    first = request("Julie, please set up a call with Bob next week, maybe 20 minutes or an hour.")
    eid = await desk.escalated(first)
    desk.claim(eid)
    done = desk.act(actions.hand_back, eid)
    assert (done.resolution, done.action) == ("handed_back", "hand_back")
    assert desk.conversation(eid)[0] == "handed_back"
    await desk.running.idle()
    [sent] = desk.sent()
    assert ALICE in sent["To"] and BOB not in str(sent)
    assert "I am leaving the thread" in text_of(sent)
    await desk.running.send(reply_to(first, "Any news, Julie?").as_bytes())
    await desk.running.idle()
    assert len(desk.sent()) == 1 and desk.conversation(eid)[0] == "handed_back"
    assert desk.row(eid).status == "resolved"


async def test_a_later_escalation_keeps_the_state_before_the_first(desk: Desk) -> None:
    first = request("Julie, please set up a call with Bob next week, maybe 20 minutes or an hour.")
    eid = await desk.escalated(first)
    later = await desk.escalated(reply_to(first, "Any news?"))
    assert later != eid
    assert (desk.row(later).reason, desk.row(later).resume_state) == (
        "conversation_escalated",
        "new",
    )
