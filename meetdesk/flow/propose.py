"""Stage 3, propose: find free slots in the customer's calendar and offer them.

Reads busy time from the customer's calendar (the only I/O), searches slots (pure),
then commits in one transaction: the proposals, the reply-all to the participants in
the outbox, the conversation state ``proposed``, and the send job. The reply lists only
the proposed times: nothing of the customer's other events ever reaches a message.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.assistant.wording import proposal_text
from meetdesk.calendar.base import Interval
from meetdesk.calendar.preferences import Preferences
from meetdesk.calendar.slot_rules import default_window, earliest_start
from meetdesk.calendar.slots import find_slots
from meetdesk.flow.outgoing import Draft, advance
from meetdesk.flow.services import Services
from meetdesk.mail.parse import Address
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.store import jobs
from meetdesk.store.conversations import ConversationData, from_pairs, load_data, to_pairs
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Conversation
from meetdesk.supervision.escalations import escalate
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    state: str
    data: ConversationData
    customer: CustomerRecord


def load_conversation(session: Session, s: Services, conv_id: str) -> Loaded:
    conv = session.get(Conversation, conv_id)
    if conv is None or conv.customer_id is None:
        raise LookupError(f"conversation {conv_id} has no customer")
    return Loaded(
        conv.state, load_data(s.cipher, conv), get_customer(session, s.cipher, conv.customer_id)
    )


def search_window(
    now: datetime,
    tz: ZoneInfo,
    preferences: Preferences,
    windows: Sequence[Sequence[str]],
    exclusions: Sequence[Sequence[str]] = (),
) -> tuple[Interval, datetime, list[Interval]]:
    """The span to search, the earliest start, and the time the request rules out.

    The span is the hull of the requested windows (the customer's default window when
    none was given); what lies between the windows and every exclusion is returned as
    blocked time, which the slot search treats like busy time. The earliest start follows
    the customer's preferences: the next working day, and the minimum notice.
    """
    wanted = sorted(from_pairs(windows), key=lambda i: i.start)
    if not wanted:
        wanted = [default_window(now, tz, preferences)]
    hull = Interval(wanted[0].start, max(w.end for w in wanted))
    gaps = zip(wanted, wanted[1:], strict=False)
    blocked = [Interval(a.end, b.start) for a, b in gaps if a.end < b.start]
    return hull, earliest_start(now, tz, preferences), blocked + from_pairs(exclusions)


async def propose(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    conv_id = job.conversation_id
    assert conv_id is not None
    loaded: Loaded = await ctx.read(lambda session: load_conversation(session, s, conv_id))
    if loaded.state != "requested":
        log.info("conversation %s is %s; nothing to propose", conv_id, loaded.state)
        return
    data, customer = loaded.data, loaded.customer
    tz = ZoneInfo(customer.timezone)
    now = s.clock.now()
    cfg = s.settings.scheduling
    preferences = effective_preferences(s.settings, customer)
    window, not_before, blocked = search_window(now, tz, preferences, data.windows, data.exclusions)
    slots: list[Interval] = []
    if window.end > not_before:
        busy = await s.calendar_for(customer).busy(window.start, window.end)
        slots = find_slots(
            [*busy, *blocked],
            window,
            timedelta(minutes=data.duration_minutes),
            tz,
            count=cfg.proposals,
            not_before=not_before,
            step=timedelta(minutes=cfg.slot_step_minutes),
            earliest=data.asap,
            preferences=preferences,
            kind=data.kind,
            meetings=busy,  # merged busy time: back-to-back meetings count as one
        )
    if not slots:

        def no_slot(session: Session) -> None:
            escalate(
                session,
                now=now,
                reason="no_free_slot",
                conversation_id=conv_id,
                details={"rule": "escalate.no_free_slot"},
            )

        await ctx.commit(no_slot)
        log.info("conversation %s: no free slot, escalated", conv_id)
        return

    text = proposal_text(
        data.language,
        assistant_name=s.settings.assistant.name,
        customer_name=customer.name,
        participant_names=[p.display for p in data.participants],
        slots=slots,
        tz=tz,
        duration_minutes=data.duration_minutes,
        kind=data.kind,
    )
    draft = Draft(
        s,
        key=f"{conv_id}:proposal:{len(data.proposals)}",
        purpose="proposal",
        to=[
            Address(name=p.name, email=p.email)
            for p in data.participants
            if p.role != "informed"  # Bcc'd people are told of the booking, not asked
        ],
        cc=[Address(name=customer.name, email=customer.email)],
        subject=data.subject,
        text=text,
        reply_to=data.request,
        language=data.language,
        now=now,
    )

    def record(data: ConversationData) -> None:
        data.proposals = to_pairs(slots)

    def commit(session: Session) -> None:
        advance(
            session,
            s,
            conv_id,
            state="proposed",
            update=record,
            drafts=[draft],
            rule="propose.free_slots",
            now=now,
        )

    await ctx.commit(commit)
    log.info("conversation %s: proposed %d slot(s)", conv_id, len(slots))
