"""The ``holds`` job: make the customer's calendar show exactly the conversation's live holds.

The hold rows (``store/holds.py``) decide; this job mirrors them as tentative events so
the customer, and any other tool reading the calendar, sees the time as taken while the
participants decide: live holds not yet in the calendar are written, holds booked,
released or expired are removed. Writes and deletes are idempotent by UID, so a retry
or a crash half-way only repeats them. The job runs again when the next hold expires.
Tentative events carry the meeting's title and nothing else about the participants; a
colleague in the meeting (a customer too) gets them in their own calendar.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.calendar.itip_hold import hold_ics
from meetdesk.flow.loaded import load_conversation
from meetdesk.flow.outgoing import enqueue_step
from meetdesk.flow.services import Services
from meetdesk.flow.titles import hold_title
from meetdesk.store import holds, jobs
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Hold
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)


@dataclass
class _Work:
    place: list[Hold]
    remove: list[Hold]
    title: str
    customers: dict[str, CustomerRecord]  # whose calendar each row's event is in


def enqueue_sync(
    session: Session,
    s: Services,
    conv_id: str,
    *,
    now: datetime,
    key: str,
    run_after: datetime | None = None,
) -> None:
    """Queue a reconciliation of this conversation's holds, once per ``key`` (the event
    that made it necessary: a proposal round, a booking, an expiry time)."""
    enqueue_step(session, s, "holds", conv_id, key=key, now=now, run_after=run_after)


async def sync_holds(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    conv_id = job.conversation_id
    assert conv_id is not None
    now = s.clock.now()

    def load(session: Session) -> _Work:
        loaded = load_conversation(session, s, conv_id)
        rows = holds.of_conversation(session, conv_id)
        data = loaded.data
        title = hold_title(
            data.language, loaded.customer.name, [p.display for p in data.participants]
        )
        place, remove = holds.to_place(rows, now), holds.to_remove(rows, now)
        # The organiser's holds, and a colleague's in the meeting, each in their calendar.
        owners = {r.customer_id for r in (*place, *remove)}
        customers = {c: get_customer(session, s.cipher, c) for c in owners}
        return _Work(place, remove, title, customers)

    work: _Work = await ctx.read(load)
    for row in work.place:
        owner = work.customers[row.customer_id]
        await s.calendar_for(owner).put_event(
            row.uid,
            hold_ics(
                uid=row.uid,
                start=row.starts_at,
                end=row.ends_at,
                summary=work.title,
                conversation_ref=conv_id,
                expires=row.expires_at,
                dtstamp=now,
                tz=ZoneInfo(owner.timezone),
            ),
        )
    for row in work.remove:
        await s.calendar_for(work.customers[row.customer_id]).delete_event(row.uid)

    def commit(session: Session) -> None:
        done = {r.id: True for r in work.place} | {r.id: False for r in work.remove}
        rows = holds.of_conversation(session, conv_id)
        for row in rows:
            if row.id in done:
                row.placed = done[row.id]
                session.add(row)
        expiry = holds.next_expiry(rows, now)
        if expiry is not None:
            key = f"expiry:{expiry.isoformat()}"
            enqueue_sync(session, s, conv_id, now=now, key=key, run_after=expiry)

    await ctx.commit(commit)
    log.info(
        "conversation %s: %d hold(s) placed, %d removed", conv_id, len(work.place), len(work.remove)
    )
