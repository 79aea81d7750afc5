"""The ``follow_up`` job: remind participants who stay silent, then tell the customer.

A human assistant who proposed times and heard nothing writes again after a couple of
working days, once or twice, then tells the person they work for. The propose stage
schedules the first follow-up of each proposal round; each follow-up schedules the
next. The policy (working days of silence, most reminders) is the customer's, per
meeting kind (``Preferences.follow_up_for``), and "working days" are the customer's own
working weekdays, so a Friday proposal is not chased on Sunday.

A follow-up that finds the conversation moved on (booked, re-proposed, cancelled, in
human hands) or every required participant answered does nothing: the round number and
the reminder count in its payload must still match the conversation. After the last
reminder the customer is told, and an escalation lets a supervisor see the silence; the
conversation stays ``proposed`` so a late answer is still handled by itself. Every
message and job carries a key naming the conversation, the round and the reminder, so
a retried job never writes twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.assistant.follow_up_wording import reminder_text, silence_notice_text
from meetdesk.calendar.preferences import Preferences
from meetdesk.flow.again import propose_again
from meetdesk.flow.holds import enqueue_sync
from meetdesk.flow.keys import proposal_key
from meetdesk.flow.loaded import Loaded, load_conversation
from meetdesk.flow.outgoing import Draft, advance, enqueue_step, thread_draft
from meetdesk.flow.services import Services
from meetdesk.mail.compose import make_message_id
from meetdesk.mail.parse import Address
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.store import holds, jobs
from meetdesk.store.conversations import (
    ConversationData,
    MessageRef,
    Person,
    from_pairs,
    load_data,
)
from meetdesk.store.customers import get_customer
from meetdesk.store.models import Conversation
from meetdesk.supervision.escalations import escalate
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)

KIND = "follow_up"
_ASKED = ("required", "optional")  # informed people are told of the booking, never asked


def working_days_after(
    start: datetime, days: int, tz: ZoneInfo, preferences: Preferences
) -> datetime:
    """The moment ``days`` working days after ``start``, at the same local time.

    Only the weekdays the customer works (``preferences.working_hours``) count; the
    local wall time is kept across a DST change (the UTC offset is the new day's). A
    customer with no working day at all gets calendar days, rather than never.
    """
    local = start.astimezone(tz)
    worked = set(preferences.working_hours)
    day = local.date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if not worked or day.weekday() in worked:
            counted += 1
    wall = datetime.combine(day, local.time().replace(tzinfo=None, fold=0), tzinfo=tz)
    # A wall time skipped by a spring-forward change is normalised to the real moment.
    return wall.astimezone(UTC).astimezone(tz)


def schedule_follow_up(
    session: Session,
    s: Services,
    conv_id: str,
    data: ConversationData,
    preferences: Preferences,
    now: datetime,
    *,
    proposed_at: datetime | None = None,
) -> None:
    """Queue the next follow-up of ``data``'s current round (``data.follow_ups`` sent so
    far), due the customer's follow-up delay in working days from ``now``. The proposal
    was sent at ``proposed_at`` (default ``now``: called right after proposing). Nothing
    is queued when the customer wants no follow-ups."""
    days, most = preferences.follow_up_for(data.kind)
    if most <= 0:
        return
    conv = session.get(Conversation, conv_id)
    if conv is None or conv.customer_id is None:
        raise LookupError(f"conversation {conv_id} has no customer")
    tz = ZoneInfo(get_customer(session, s.cipher, conv.customer_id).timezone)
    number = data.follow_ups + 1
    enqueue_step(
        session,
        s,
        KIND,
        conv_id,
        key=f"round:{data.rounds}:{number}",
        now=now,
        payload={
            "round": data.rounds,
            "number": number,
            "proposed_at": (proposed_at or now).isoformat(),
        },
        run_after=working_days_after(now, days, tz, preferences).astimezone(UTC),
    )


def silent(data: ConversationData) -> list[Person]:
    """The participants to remind, or none when the answers already decide.

    With required participants, the round waits for each of them: once all answered
    nobody is reminded. Without any, the first answer decides. Optional participants who
    have not answered are reminded along with the required ones.
    """
    answered = set(data.answers)
    needed = [p for p in data.participants if p.role == "required"]
    if needed and all(p.email.lower() in answered for p in needed):
        return []
    if not needed and answered:
        return []
    return [p for p in data.participants if p.role in _ASKED and p.email.lower() not in answered]


@dataclass
class _Step:
    """What one follow-up does, decided outside the transaction."""

    draft: Draft
    notice: bool  # True: the customer's notice, the reminders are used up
    snapshot: tuple[int, int, dict[str, int]]  # rounds, follow-ups, answers when decided


def _snapshot(data: ConversationData) -> tuple[int, int, dict[str, int]]:
    return data.rounds, data.follow_ups, dict(data.answers)


async def follow_up(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    conv_id = job.conversation_id
    assert conv_id is not None
    loaded: Loaded = await ctx.read(lambda session: load_conversation(session, s, conv_id))
    round_, number = int(job.payload["round"]), int(job.payload["number"])
    data = loaded.data
    if not _due(loaded.state, data, round_, number):
        log.info("conversation %s moved on; follow-up %d not needed", conv_id, number)
        return
    people = silent(data)
    if not people:
        log.info("conversation %s: every answer needed is in; no follow-up", conv_id)
        return
    now = s.clock.now()
    proposed_at = datetime.fromisoformat(str(job.payload["proposed_at"]))
    preferences = effective_preferences(s.settings, loaded.customer)
    _days, most = preferences.follow_up_for(data.kind)
    if most <= 0:  # the customer turned follow-ups off since this one was scheduled
        log.info("conversation %s: follow-ups are off; follow-up %d not sent", conv_id, number)
        return
    if not any(slot.start > now for slot in from_pairs(data.proposals)):
        # Every time offered has passed: a reminder would be absurd, new times are not.
        await ctx.commit(
            lambda session: propose_again(
                session, s, conv_id, reason="passed", rule="follow_up.times_passed", now=now
            )
        )
        log.info("conversation %s: the proposed times have passed; proposing again", conv_id)
        return
    held = await ctx.read(lambda session: _still_held(session, conv_id, now))
    notice = data.follow_ups >= most
    if notice:
        draft = _notice(s, conv_id, loaded, people, proposed_at, held, now)
    else:
        draft = _reminder(s, conv_id, loaded, people, proposed_at, number, now)
    step = _Step(draft, notice, _snapshot(data))

    def commit(session: Session) -> bool:
        conv = session.get(Conversation, conv_id)
        if conv is None or conv.state != "proposed":
            return False
        if _snapshot(load_data(s.cipher, conv)) != step.snapshot:  # an answer came meanwhile
            return False
        if step.notice:
            escalate(
                session,
                sla=s.settings.supervision,
                now=now,
                reason="participants_silent",
                conversation_id=conv_id,
                details={"rule": "follow_up.customer_told", "reminders": data.follow_ups},
            )
            # The supervisor is told, but the assistant keeps the conversation: a late
            # answer is still booked without anyone's help.
            advance(
                session,
                s,
                conv_id,
                state="proposed",
                update=lambda d: None,
                drafts=[step.draft],
                rule="follow_up.customer_told",
                now=now,
            )
            return True

        def count(d: ConversationData) -> None:
            d.follow_ups = number

        # Asking again about the times, the assistant keeps them free a while longer.
        hold_until = now + timedelta(hours=preferences.hold_hours)
        holds.renew(session, conv_id, expires_at=hold_until, now=now)
        enqueue_sync(session, s, conv_id, now=now, key=f"renewed:{data.rounds}:{number}")

        after = advance(
            session,
            s,
            conv_id,
            state="proposed",
            update=count,
            drafts=[step.draft],
            rule="follow_up.participants_silent",
            now=now,
        )
        schedule_follow_up(
            session,
            s,
            conv_id,
            load_data(s.cipher, after),
            preferences,
            now,
            proposed_at=proposed_at,
        )
        return True

    done = await ctx.commit(commit)
    if not done:
        log.info("conversation %s changed meanwhile; follow-up %d dropped", conv_id, number)
    elif notice:
        log.info("conversation %s: participants silent, customer told, escalated", conv_id)
    else:
        log.info("conversation %s: follow-up %d sent to %d", conv_id, number, len(people))


def _due(state: str, data: ConversationData, round_: int, number: int) -> bool:
    """The job is still the conversation's next follow-up of the same round."""
    return state == "proposed" and data.rounds == round_ and data.follow_ups == number - 1


def _still_held(session: Session, conv_id: str, now: datetime) -> bool:
    """Whether some proposed time is still kept free in the customer's calendar."""
    return any(
        h.status == "held" and h.expires_at > now for h in holds.of_conversation(session, conv_id)
    )


def _thread(s: Services, conv_id: str, data: ConversationData) -> MessageRef | None:
    """A reply to our proposal of this round, inside the conversation's thread.

    The proposal's Message-ID is derived from its key (``propose._draft``: the key
    names the round before it, numbered from 0); its ancestors are the thread's.
    """
    base = data.last_inbound or data.request
    proposal = make_message_id(proposal_key(conv_id, data.rounds - 1), s.settings.assistant.domain)
    if base is None:
        return MessageRef(proposal)
    return MessageRef(proposal, [*base.references, base.message_id])


def _reminder(
    s: Services,
    conv_id: str,
    loaded: Loaded,
    people: list[Person],
    proposed_at: datetime,
    number: int,
    now: datetime,
) -> Draft:
    data, customer = loaded.data, loaded.customer
    tz = ZoneInfo(customer.timezone)
    text = reminder_text(
        data.language,
        assistant_name=s.settings.assistant.name,
        customer_name=customer.name,
        participant_names=[p.display for p in people],
        slots=from_pairs(data.proposals),
        tz=tz,
        proposed_at=proposed_at,
        number=number,
        subject=data.subject,
        participant_zones=[ZoneInfo(z) for z in sorted(set(data.zones.values()))],
        now=now,
    )
    return thread_draft(
        s,
        data,
        key=f"{conv_id}:follow_up:{data.rounds}:{number}",
        purpose="follow_up",
        to=[Address(name=p.name, email=p.email) for p in people],
        cc=[Address(name=customer.name, email=customer.email)],
        text=text,
        reply_to=_thread(s, conv_id, data),
        now=now,
    )


def _notice(
    s: Services,
    conv_id: str,
    loaded: Loaded,
    people: list[Person],
    proposed_at: datetime,
    held: bool,
    now: datetime,
) -> Draft:
    data, customer = loaded.data, loaded.customer
    text = silence_notice_text(
        data.language,
        assistant_name=s.settings.assistant.name,
        customer_name=customer.name,
        silent_names=[p.display for p in people],
        slots=from_pairs(data.proposals),
        tz=ZoneInfo(customer.timezone),
        proposed_at=proposed_at,
        reminders=data.follow_ups,
        subject=data.subject,
        held=held,
    )
    return thread_draft(
        s,
        data,
        key=f"{conv_id}:follow_up:{data.rounds}:customer",
        purpose="follow_up_notice",
        to=[Address(name=customer.name, email=customer.email)],
        text=text,
        reply_to=_thread(s, conv_id, data),
        now=now,
    )
