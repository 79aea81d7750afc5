"""Stage 4, book: write the chosen meeting into the customer's calendar and invite.

The event's UID is derived from the conversation, so a retried booking replaces the
same event instead of creating a second one. After the calendar write, one transaction
records the booking and queues a confirmation to the customer and an iMIP invitation
(``METHOD:REQUEST``, same UID) to each participant.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk import failpoints
from meetdesk.assistant.wording import confirmation_text
from meetdesk.calendar.base import Interval
from meetdesk.calendar.itip import Meeting, event_ics, meeting_uid, request_ics
from meetdesk.flow.outgoing import Draft, advance
from meetdesk.flow.propose import Loaded, load_conversation
from meetdesk.flow.services import Services
from meetdesk.mail.parse import Address
from meetdesk.store import jobs
from meetdesk.store.conversations import ConversationData
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)

KIND_TITLES = {"en": "Meeting", "fr": "Rendez-vous"}


def meeting_for(s: Services, conv_id: str, loaded: Loaded, now: datetime) -> Meeting:
    data, customer = loaded.data, loaded.customer
    assert data.chosen is not None
    start, end = (datetime.fromisoformat(x) for x in data.proposals[data.chosen])
    names = " / ".join([customer.name, *(p.display for p in data.participants)])
    return Meeting(
        uid=meeting_uid(conv_id, s.settings.assistant.domain),
        summary=f"{KIND_TITLES.get(data.language, 'Meeting')}: {names}",
        start=start,
        end=end,
        organizer_email=customer.email,
        organizer_name=customer.name,
        attendees=[(p.email, p.name or None) for p in data.participants],
        sequence=0,
        dtstamp=now,
    )


async def book(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    conv_id = job.conversation_id
    assert conv_id is not None
    loaded: Loaded = await ctx.read(lambda session: load_conversation(session, s, conv_id))
    if loaded.state != "booking":
        log.info("conversation %s is %s; nothing to book", conv_id, loaded.state)
        return
    now = s.clock.now()
    meeting = meeting_for(s, conv_id, loaded, now)
    await s.calendar_for(loaded.customer).put_event(meeting.uid, event_ics(meeting))
    failpoints.hit("book.after_calendar_write")
    drafts = _drafts(s, conv_id, loaded.data, loaded, meeting, now)

    booking = {
        "uid": meeting.uid,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
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
    )

    def draft(key: str, purpose: str, person: Address, calendar: bytes | None = None) -> Draft:
        return Draft(
            s,
            key=f"{conv_id}:{key}",
            purpose=purpose,
            to=[person],
            subject=data.subject,
            text=text,
            reply_to=data.last_inbound,
            language=data.language,
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
