"""Stage 3, propose: find free slots in the customer's calendar and offer them.

Reads busy time from the customer's calendar (the only I/O), searches slots (pure),
then commits in one transaction: the proposals, the reply-all to the participants in
the outbox, the conversation state ``proposed``, and the send job. The reply lists only
the proposed times: nothing of the customer's other events ever reaches a message.

When a supervisor chose the times (``ConversationData.chosen_slots``), those are offered
instead of a search: each one still free of the freshly read busy time (with its
buffers) and of other requests' holds; if none is left, the conversation goes back to
the queue as ``no_free_slot`` with the rule ``escalate.supervisor_slots_taken``. Either
way the chosen times are then forgotten.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.assistant.wording import proposal_text
from meetdesk.calendar.availability import Availability
from meetdesk.calendar.base import Interval
from meetdesk.calendar.buffers import Padding
from meetdesk.calendar.itip import meeting_uid
from meetdesk.flow.colleagues import colleagues_of, members, with_colleagues
from meetdesk.flow.follow_up import schedule_follow_up
from meetdesk.flow.holds import enqueue_sync
from meetdesk.flow.keys import hold_uid, proposal_key
from meetdesk.flow.loaded import load_in_state
from meetdesk.flow.outgoing import Draft, advance, enqueue_step
from meetdesk.flow.search import plan_search, still_free
from meetdesk.flow.services import Services
from meetdesk.mail.parse import Address
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.store import holds, jobs
from meetdesk.store.conversations import (
    ConversationData,
    from_pairs,
    load_data,
    save_data,
    to_pairs,
)
from meetdesk.store.customers import CustomerRecord
from meetdesk.store.models import Conversation
from meetdesk.supervision.escalations import escalate
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)

# The rule of the escalation when none of the times a supervisor chose is free any more.
CHOSEN_TAKEN = "escalate.supervisor_slots_taken"


async def propose(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    current = await load_in_state(job, ctx, s, "requested", "propose")
    if current is None:
        return
    conv_id, loaded = current
    data, customer = loaded.data, loaded.customer
    tz = ZoneInfo(customer.timezone)
    now = s.clock.now()
    preferences = effective_preferences(s.settings, customer)
    team = await ctx.read(lambda session: colleagues_of(session, s, data, customer))
    plan = replace(
        plan_search(now, tz, preferences, data, s.settings.scheduling),
        colleagues=tuple(members(s, team)),
    )
    chosen = from_pairs(data.chosen_slots)  # a supervisor's times: exactly those, if free
    found = Availability()
    if chosen or plan.window.end > plan.not_before:
        # The conversation's own holds and meeting are not busy for it: re-proposing or
        # moving a meeting may offer the same times again.
        ignore = await ctx.read(lambda session: own_calendar_uids(session, s, conv_id))
        span = plan.padding.around(hull(chosen) if chosen else plan.window)
        found = await s.calendar_for(customer).availability(span.start, span.end, ignore=ignore)
        found = await with_colleagues(s, found, team, span, ignore)
    everyone = sorted([customer.id, *(c.id for c in team)])

    def commit(session: Session) -> int:
        # Under the customers' locks (in id order, so two requests never deadlock): the
        # holds of their other requests are read and ours added in this one transaction,
        # so no two requests offer the same time.
        taken: list[Interval] = []
        for customer_id in everyone:
            holds.lock_customer(session, customer_id)
            taken += holds.taken(session, customer_id, now=now, besides=conv_id)
        suggested = None if chosen else plan.suggested_time()
        if suggested is not None and plan.accepts(suggested, found, taken):
            _accept_directly(session, s, conv_id, suggested, now)
            return -1
        if chosen:
            slots = [c for c in chosen if _free(c, found, taken, plan.padding, now)]
        else:
            slots = plan.search(found, taken)
        if not slots:
            if chosen:
                _forget_chosen(session, s, conv_id)
            escalate(
                session,
                sla=s.settings.supervision,
                now=now,
                reason="no_free_slot",
                conversation_id=conv_id,
                details={"rule": CHOSEN_TAKEN if chosen else "escalate.no_free_slot"},
            )
            return 0
        holds.hold(  # in the organiser's calendar and in each colleague's
            session,
            conversation_id=conv_id,
            slots=[
                (who, slot, hold_uid(s, conv_id, slot, None if who == customer.id else who))
                for who in everyone
                for slot in slots
            ],
            expires_at=now + timedelta(hours=preferences.hold_hours),
            now=now,
        )
        proposed = advance(
            session,
            s,
            conv_id,
            state="proposed",
            update=lambda d: _record(d, slots),
            drafts=[_draft(s, conv_id, data, customer, slots, tz, now)],
            rule="propose.free_slots",
            now=now,
        )
        schedule_follow_up(session, s, conv_id, load_data(s.cipher, proposed), preferences, now)
        enqueue_sync(session, s, conv_id, now=now, key=f"round:{data.rounds + 1}")
        return len(slots)

    count = await ctx.commit(commit)
    if count < 0:
        log.info("conversation %s: the suggested time is free; booking it", conv_id)
    elif count:
        log.info("conversation %s: proposed %d slot(s)", conv_id, count)
    else:
        log.info("conversation %s: no free slot, escalated", conv_id)


def _accept_directly(
    session: Session, s: Services, conv_id: str, time: Interval, now: datetime
) -> None:
    """The time a participant suggested is free: book it, without another round."""

    def accept(data: ConversationData) -> None:
        data.proposals = to_pairs([time])
        data.chosen = 0
        data.rounds += 1

    conv = advance(
        session,
        s,
        conv_id,
        state="booking",
        update=accept,
        drafts=[],
        rule="negotiate.suggested_time_free",
        now=now,
    )
    key = f"suggested:{load_data(s.cipher, conv).rounds}"
    enqueue_step(session, s, "book", conv_id, key=key, now=now)


def own_calendar_uids(session: Session, s: Services, conv_id: str) -> list[str]:
    """The calendar UIDs that are this conversation's own: its holds and its meeting
    (derived from the conversation, so it is known even before the booking commits)."""
    meeting = meeting_uid(conv_id, s.settings.assistant.domain)
    return sorted({*holds.own_uids(session, conv_id), meeting})


def hull(slots: list[Interval]) -> Interval:
    """The span from the first slot's start to the last one's end."""
    return Interval(min(i.start for i in slots), max(i.end for i in slots))


def _free(
    slot: Interval, found: Availability, taken: list[Interval], padding: Padding, now: datetime
) -> bool:
    """A supervisor's time is offered if it has not started and it is still free, with
    its buffers, of busy time and of other requests' holds."""
    return (
        slot.start > now
        and still_free(slot, found, padding)
        and not any(slot.overlaps(t) for t in taken)
    )


def _forget_chosen(session: Session, s: Services, conv_id: str) -> None:
    conv = session.get(Conversation, conv_id)
    if conv is not None:
        data = load_data(s.cipher, conv)
        data.chosen_slots = []
        save_data(s.cipher, conv, data)


def _record(data: ConversationData, slots: list[Interval]) -> None:
    data.proposals = to_pairs(slots)
    data.chosen_slots = []
    data.rounds += 1
    data.answers = {}
    data.follow_ups = 0
    data.reproposal = None


def _draft(
    s: Services,
    conv_id: str,
    data: ConversationData,
    customer: CustomerRecord,
    slots: list[Interval],
    tz: ZoneInfo,
    now: datetime,
) -> Draft:
    text = proposal_text(
        data.language,
        assistant_name=s.settings.assistant.name,
        customer_name=customer.name,
        participant_names=[p.display for p in data.participants],
        slots=slots,
        tz=tz,
        duration_minutes=data.duration_minutes,
        kind=data.kind,
        reason=data.reproposal,
        participant_zones=[ZoneInfo(z) for z in sorted(set(data.zones.values()))],
    )
    return Draft(
        s,
        key=proposal_key(conv_id, data.rounds),
        purpose="proposal",
        to=[
            Address(name=p.name, email=p.email)
            for p in data.participants
            if p.role != "informed"  # Bcc'd people are told of the booking, not asked
        ],
        cc=[Address(name=customer.name, email=customer.email)],
        subject=data.subject,
        text=text,
        reply_to=data.last_inbound if data.rounds else data.request,
        language=data.language,
        now=now,
    )
