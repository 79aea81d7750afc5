"""The cancel stage: a meeting (or a request still being arranged) is called off.

A booked meeting is marked cancelled in the customer's calendar (STATUS:CANCELLED, the
next SEQUENCE) and every attendee receives an iTIP CANCEL with the same UID, so it
leaves their calendars too; the customer gets a note. A request still at the proposal
stage releases its holds and tells the participants. Then the conversation is
``cancelled``. The calendar write is idempotent, so a retried cancellation repeats it
harmlessly.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.assistant.wording import cancellation_text
from meetdesk.calendar.itip import Meeting, cancel_ics, cancellation, event_ics
from meetdesk.flow.holds import enqueue_sync
from meetdesk.flow.loaded import Loaded, load_in_state
from meetdesk.flow.meeting import booked_slot, sent_meeting
from meetdesk.flow.outgoing import Draft, advance, thread_draft
from meetdesk.flow.services import Services
from meetdesk.mail.parse import Address
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.store import holds, jobs
from meetdesk.store.conversations import ConversationData
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)


async def cancel(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    current = await load_in_state(job, ctx, s, "cancelling", "cancel")
    if current is None:
        return
    conv_id, loaded = current
    now = s.clock.now()
    data, customer = loaded.data, loaded.customer
    cancelled: Meeting | None = None
    if data.booking is not None:
        preferences = effective_preferences(s.settings, customer)
        sent = sent_meeting(s, conv_id, data, customer, preferences, now)
        cancelled = cancellation(sent, now)
        await s.calendar_for(customer).put_event(cancelled.uid, event_ics(cancelled))
    drafts = _drafts(s, conv_id, loaded, cancelled, now)

    def record(d: ConversationData) -> None:
        if d.booking is not None and cancelled is not None:
            d.booking = {**d.booking, "sequence": cancelled.sequence, "status": "cancelled"}

    def commit(session: Session) -> None:
        holds.release(session, conv_id, now=now)
        advance(
            session,
            s,
            conv_id,
            state="cancelled",
            update=record,
            drafts=drafts,
            rule="cancel.requested",
            now=now,
        )
        enqueue_sync(session, s, conv_id, now=now, key="cancelled")

    await ctx.commit(commit)
    log.info("conversation %s: cancelled, %d message(s) queued", conv_id, len(drafts))


def _drafts(
    s: Services, conv_id: str, loaded: Loaded, cancelled: Meeting | None, now: datetime
) -> list[Draft]:
    data, customer = loaded.data, loaded.customer
    people = [p for p in data.participants if p.role != "customer"]
    text = cancellation_text(
        data.language,
        assistant_name=s.settings.assistant.name,
        customer_name=customer.name,
        participant_names=[p.display for p in people],
        slot=booked_slot(data) if cancelled is not None else None,
        tz=ZoneInfo(customer.timezone),
        kind=data.kind,
    )
    me = Address(customer.name, customer.email)

    def draft(key: str, to: list[Address], cc: list[Address], calendar: bytes | None) -> Draft:
        return thread_draft(
            s,
            data,
            key=f"{conv_id}:{key}",
            purpose="cancellation",
            to=to,
            cc=cc,
            text=text,
            now=now,
            calendar=calendar,
            calendar_method="CANCEL",
        )

    if cancelled is None:  # nothing was booked: one reply-all, no calendar object
        return [draft("cancellation", [Address(p.name, p.email) for p in people], [me], None)]
    ics = cancel_ics(cancelled)
    return [
        draft("cancellation:customer", [me], [], None),
        *(
            draft(f"cancellation:{n}", [Address(p.name, p.email)], [], ics)
            for n, p in enumerate(people)
        ),
    ]
