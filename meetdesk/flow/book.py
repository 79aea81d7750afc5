"""Stage 4, book: write the chosen meeting into the customer's calendar and invite.

First the time is claimed under the customer's lock (no other request holds it, it has
not passed) and the calendars are read once more: a time taken meanwhile brings an
apology and fresh proposals instead of a double booking. The event's UID is derived
from the conversation, so a retried booking replaces the same event instead of creating
a second one, and moving a meeting rewrites it with the next SEQUENCE. After the
calendar write, one transaction records the booking and queues a confirmation to the
customer and an iMIP invitation (``METHOD:REQUEST``, same UID) to each participant.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk import failpoints
from meetdesk.assistant.wording import confirmation_text
from meetdesk.calendar.base import Interval
from meetdesk.calendar.itip import Meeting, event_ics, request_ics
from meetdesk.flow.again import propose_again
from meetdesk.flow.colleagues import colleagues_of, with_colleagues
from meetdesk.flow.holds import enqueue_sync
from meetdesk.flow.keys import hold_uid
from meetdesk.flow.loaded import Loaded, load_in_state
from meetdesk.flow.meeting import build_meeting, chosen_slot
from meetdesk.flow.outgoing import Draft, advance, thread_draft
from meetdesk.flow.propose import own_calendar_uids
from meetdesk.flow.search import meeting_padding, still_free
from meetdesk.flow.services import Services
from meetdesk.mail.parse import Address
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.store import holds, jobs
from meetdesk.store.conversations import ConversationData
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)


async def book(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    current = await load_in_state(job, ctx, s, "booking", "book")
    if current is None:
        return
    conv_id, loaded = current
    now = s.clock.now()
    data = loaded.data
    preferences = effective_preferences(s.settings, loaded.customer)
    slot = chosen_slot(data)
    # Moving a booked meeting updates the same event: the next SEQUENCE (RFC 5546).
    sequence = data.booking.get("sequence", 0) + 1 if data.booking is not None else 0
    meeting = build_meeting(
        s, conv_id, data, loaded.customer, preferences, slot=slot, sequence=sequence, now=now
    )
    customer_id = loaded.customer.id
    team = await ctx.read(lambda session: colleagues_of(session, s, data, loaded.customer))
    everyone = sorted([customer_id, *(c.id for c in team)])

    def claim(session: Session) -> bool:
        # Other requests' holds (the organiser's and any colleague's in the meeting) are
        # checked and the time marked booked under their locks, before the calendar is
        # written: from here on no other request can offer it, even if our own hold had
        # expired.
        taken: list[Interval] = []
        for who in everyone:
            holds.lock_customer(session, who)
            taken += holds.taken(session, who, now=now, besides=conv_id)
        if slot.start <= now or any(slot.overlaps(t) for t in taken):
            return False  # chosen too late (the time has passed), or held by another
        holds.book(
            session,
            customer_id=customer_id,
            conversation_id=conv_id,
            slot=slot,
            uid=meeting.uid,
            now=now,
        )
        for colleague in everyone:  # a time never held (accepted directly) blocks theirs too
            if colleague != customer_id:
                uid = hold_uid(s, conv_id, slot, colleague)
                holds.book(
                    session,
                    customer_id=colleague,
                    conversation_id=conv_id,
                    slot=slot,
                    uid=uid,
                    now=now,
                )
        return True

    calendar = s.calendar_for(loaded.customer)
    free = await ctx.write(claim)
    if free:
        # Right before booking, the calendars themselves are read again: the customer,
        # a colleague or another tool may have taken the time, or its buffers, since.
        padding = meeting_padding(preferences, data)
        span = padding.around(slot)
        ignore = await ctx.read(lambda session: own_calendar_uids(session, s, conv_id))
        found = await calendar.availability(span.start, span.end, ignore=ignore)
        found = await with_colleagues(s, found, team, span, ignore)
        free = still_free(slot, found, padding)
    if not free:
        await ctx.commit(
            lambda session: propose_again(
                session, s, conv_id, reason="taken", rule="book.slot_taken", now=now
            )
        )
        log.info("conversation %s: the chosen time was taken meanwhile; proposing again", conv_id)
        return
    await calendar.put_event(meeting.uid, event_ics(meeting))
    failpoints.hit("book.after_calendar_write")
    drafts = _drafts(s, conv_id, loaded.data, loaded, meeting, now)

    booking = {
        "uid": meeting.uid,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "sequence": meeting.sequence,
    }

    def record(data: ConversationData) -> None:
        data.booking = booking

    def commit(session: Session) -> None:
        conv = advance(
            session,
            s,
            conv_id,
            state="booked",
            update=record,
            drafts=drafts,
            rule="book.chosen_slot",
            now=now,
        )
        conv.event_uid = meeting.uid
        enqueue_sync(session, s, conv_id, now=now, key=f"booked:{meeting.sequence}")

    await ctx.commit(commit)
    log.info("conversation %s: booked, %d message(s) queued", conv_id, len(drafts))


def _drafts(
    s: Services,
    conv_id: str,
    data: ConversationData,
    loaded: Loaded,
    meeting: Meeting,
    now: datetime,
) -> list[Draft]:
    customer = loaded.customer
    tz = ZoneInfo(customer.timezone)
    text = confirmation_text(
        data.language,
        assistant_name=s.settings.assistant.name,
        customer_name=customer.name,
        participant_names=[p.display for p in data.participants],
        slot=Interval(meeting.start, meeting.end),
        tz=tz,
        kind=data.kind,
        moved=meeting.sequence > 0,
    )

    def draft(key: str, purpose: str, person: Address, calendar: bytes | None = None) -> Draft:
        return thread_draft(
            s,
            data,
            # A moved meeting's messages are new messages: the key names the version.
            key=f"{conv_id}:{key}" + (f":{meeting.sequence}" if meeting.sequence else ""),
            purpose=purpose,
            to=[person],
            text=text,
            now=now,
            calendar=calendar,
        )

    drafts = [draft("confirmation", "confirmation", Address(customer.name, customer.email))]
    invitation = request_ics(meeting)
    for n, person in enumerate(data.participants):
        drafts.append(
            draft(f"invitation:{n}", "invitation", Address(person.name, person.email), invitation)
        )
    return drafts
