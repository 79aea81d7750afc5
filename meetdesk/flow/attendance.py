"""Participants' calendar answers to a booked meeting: taken in, then carried out.

``take_calendar_answer`` is the understand stage's hook: a mail whose calendar parts
answer our invitation (iTIP REPLY, COUNTER, REFRESH) is handled by the rules of
``itip_answers`` instead of being read as text, since the text part clients add ("Bob
has accepted this invitation") is neither a choice nor a question. It records why,
escalates what cannot be read, and queues an ``attendance`` job for the rest.

The ``attendance`` stage reads the answer again against the conversation as it is now,
rewrites the stored event with the attendees' PARTSTATs (same UID and SEQUENCE: an
attendee's answer does not make a new version, RFC 5546 2.1.4), records them, then: a
counter-proposal or a required participant's decline hands over to the propose stage
(which books a proposed time directly when it is free), a decline of a meeting that has
begun tells the customer, a REFRESH re-sends the current invitation to that attendee.
The calendar write is idempotent, so a retried job repeats it harmlessly.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.assistant.attendance_wording import declined_note, refresh_note
from meetdesk.calendar.itip import Meeting, event_ics, request_ics
from meetdesk.calendar.itip_inbound import read_itip
from meetdesk.flow.itip_answers import (
    COUNTER,
    DECLINED,
    IGNORED,
    RECORD_ONLY,
    REFRESH,
    REPROPOSE,
    TELL_CUSTOMER,
    UNREADABLE,
    Booked,
    ItipAnswer,
    is_calendar_answer,
    read_answers,
)
from meetdesk.flow.loaded import Loaded, load_conversation
from meetdesk.flow.meeting import booked_slot, sent_meeting
from meetdesk.flow.outgoing import Draft, advance, enqueue_step, thread_draft
from meetdesk.flow.services import Services
from meetdesk.mail.parse import Address, ParsedMessage, parse_message
from meetdesk.scheduling_preferences import effective_preferences
from meetdesk.store import jobs
from meetdesk.store.conversations import ConversationData, Person
from meetdesk.store.models import Conversation, InboundMessage
from meetdesk.store.models import Decision as DecisionRow
from meetdesk.supervision.escalations import escalate
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)

RECORDED = frozenset({"ACCEPTED", "TENTATIVE", "DECLINED"})


def booked_of(data: ConversationData) -> Booked | None:
    """The meeting as last sent (booked, being moved or cancelled), or None."""
    booking = data.booking
    if booking is None:
        return None
    slot = booked_slot(data)
    return Booked(
        uid=str(booking["uid"]),
        sequence=int(booking.get("sequence", 0)),
        start=slot.start,
        end=slot.end,
        attendees={p.email.lower(): p.role for p in _attendees(data)},
    )


def answers_in(
    parsed: ParsedMessage, state: str, data: ConversationData, now: datetime
) -> list[ItipAnswer] | None:
    """The meaning of a calendar answer to the meeting; None when the mail is no such
    answer (nothing was ever booked, or no answering calendar part) and is read as text.
    While the meeting is being moved or once it is cancelled, an answer to it is still a
    calendar answer, never text, but there is nothing left for it to change."""
    booked = booked_of(data)
    if booked is None or not parsed.calendar_parts:
        return None
    messages = read_itip(parsed.calendar_parts)
    if not is_calendar_answer(messages):
        return None
    sender = parsed.from_addr.email if parsed.from_addr else ""
    found = read_answers(messages, booked, sender=sender, now=now)
    if state == "booked":
        return found
    return [
        a if a.meaning == UNREADABLE else ItipAnswer(IGNORED, "itip.ignored.not_booked")
        for a in found
    ]


async def take_calendar_answer(
    ctx: JobContext,
    s: Services,
    *,
    conv_id: str,
    inbound_id: str,
    state: str,
    data: ConversationData,
    parsed: ParsedMessage,
) -> bool:
    """The understand stage's hook: True when the mail was a calendar answer, taken here."""
    now = s.clock.now()
    found = answers_in(parsed, state, data, now)
    if found is None:
        return False
    acting = any(a.changes_something for a in found)
    unreadable = any(a.meaning == UNREADABLE for a in found)

    def commit(session: Session) -> None:
        msg = session.get(InboundMessage, inbound_id)
        assert msg is not None
        msg.status = "escalated" if unreadable else ("done" if acting else "ignored")
        session.add(
            DecisionRow(
                conversation_id=conv_id,
                inbound_message_id=inbound_id,
                action="attendance" if acting else "ignore",
                rules=json.dumps([a.rule for a in found]),
                created_at=now,
            )
        )
        if acting:
            enqueue_step(
                session,
                s,
                "attendance",
                conv_id,
                key=inbound_id,
                now=now,
                payload={"inbound_id": inbound_id},
            )
        if unreadable:
            escalate(
                session,
                sla=s.settings.supervision,
                now=now,
                reason="unreadable_calendar_reply",
                conversation_id=conv_id,
                inbound_message_id=inbound_id,
                details={"rule": "escalate.unreadable_calendar_reply"},
            )

    await ctx.commit(commit)
    log.info("conversation %s: calendar answer %s", conv_id, ",".join(a.rule for a in found))
    return True


@dataclass
class _Answered:
    loaded: Loaded
    parsed: ParsedMessage


async def attendance(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    conv_id = job.conversation_id
    inbound_id = job.payload["inbound_id"]
    assert conv_id is not None

    def load(session: Session) -> _Answered:
        msg = session.get(InboundMessage, inbound_id)
        if msg is None:
            raise LookupError(f"inbound message {inbound_id} is gone")
        raw = s.cipher.decrypt(msg.raw_enc, table="inbound_message", column="raw", row_id=msg.id)
        return _Answered(load_conversation(session, s, conv_id), parse_message(raw))

    got: _Answered = await ctx.read(load)
    loaded, now = got.loaded, s.clock.now()
    found = answers_in(got.parsed, loaded.state, loaded.data, now) or []
    acting = [a for a in found if a.changes_something]
    if not acting:  # moved or cancelled meanwhile: the answer no longer applies
        log.info("conversation %s is %s; answer no longer applies", conv_id, loaded.state)
        return
    data, customer = loaded.data, loaded.customer
    partstats = {**data.partstats}
    partstats.update({a.email: a.partstat for a in acting if a.email and a.partstat in RECORDED})
    preferences = effective_preferences(s.settings, customer)
    sent = sent_meeting(s, conv_id, data, customer, preferences, now)
    known = {email for email, _ in sent.attendees}
    meeting = dataclasses.replace(
        sent, partstats={e: p for e, p in partstats.items() if e in known}
    )
    await s.calendar_for(customer).put_event(meeting.uid, event_ics(meeting))
    counter = next((a for a in acting if a.meaning == COUNTER), None)
    decline = next((a for a in acting if a.meaning == DECLINED and a.then != RECORD_ONLY), None)
    drafts = [
        *_refreshes(s, conv_id, inbound_id, loaded, meeting, acting, now),
        *_declined_notes(s, conv_id, inbound_id, loaded, decline, now),
    ]
    handover = counter is not None or (decline is not None and decline.then == REPROPOSE)

    def update(d: ConversationData) -> None:
        d.partstats = partstats
        if counter is not None:
            assert counter.start is not None and counter.end is not None
            d.windows = [[counter.start.isoformat(), counter.end.isoformat()]]
            _repropose(d, "counter")
        elif handover:
            d.exclusions = [*d.exclusions, *_ruled_out(d)]
            _repropose(d, "declined")

    rule = counter.rule if counter else (decline.rule if decline else acting[0].rule)

    def commit(session: Session) -> None:
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        state = "requested" if handover else conv.state
        advance(session, s, conv_id, state=state, update=update, drafts=drafts, rule=rule, now=now)
        if handover:
            key = f"attendance:{inbound_id}"
            enqueue_step(session, s, "propose", conv_id, key=key, now=now)

    await ctx.commit(commit)
    log.info("conversation %s: attendance %s, %d message(s) queued", conv_id, rule, len(drafts))


def _attendees(data: ConversationData) -> list[Person]:
    return [p for p in data.participants if p.role != "customer"]


def _repropose(d: ConversationData, reason: str) -> None:
    """Hand over to the propose stage, as a counter-proposal or a decline in text does.
    The answers recorded were for the version being replaced: a moved meeting is
    answered afresh."""
    d.reproposal = reason
    d.chosen = None
    d.answers = {}
    d.partstats = {}


def _ruled_out(d: ConversationData) -> list[list[str]]:
    """A decline rules out the declined time and the times offered with it."""
    declined = [d.booking["start"], d.booking["end"]] if d.booking else []
    return [p for p in [*d.proposals, declined] if p and p not in d.exclusions]


def _person(data: ConversationData, email: str) -> Person:
    return next(p for p in _attendees(data) if p.email.lower() == email)


def _refreshes(
    s: Services,
    conv_id: str,
    inbound_id: str,
    loaded: Loaded,
    meeting: Meeting,
    acting: Sequence[ItipAnswer],
    now: datetime,
) -> list[Draft]:
    """The current invitation again, to each attendee whose calendar asked for it."""
    data, tz = loaded.data, ZoneInfo(loaded.customer.timezone)
    drafts = []
    for n, answer in enumerate(a for a in acting if a.meaning == REFRESH):
        assert answer.email is not None
        person = _person(data, answer.email)
        text = refresh_note(
            data.language,
            assistant_name=s.settings.assistant.name,
            participant_name=person.display,
            start=meeting.start,
            end=meeting.end,
            tz=tz,
        )
        drafts.append(
            thread_draft(
                s,
                data,
                key=f"{conv_id}:refresh:{inbound_id}:{n}",
                purpose="invitation",
                to=[Address(person.name, person.email)],
                text=text,
                now=now,
                calendar=request_ics(meeting),
            )
        )
    return drafts


def _declined_notes(
    s: Services,
    conv_id: str,
    inbound_id: str,
    loaded: Loaded,
    decline: ItipAnswer | None,
    now: datetime,
) -> list[Draft]:
    """A short note to the customer when a participant who was needed declined."""
    if decline is None or decline.then not in (REPROPOSE, TELL_CUSTOMER):
        return []
    assert decline.email is not None
    data, customer = loaded.data, loaded.customer
    text = declined_note(
        data.language,
        assistant_name=s.settings.assistant.name,
        customer_name=customer.name,
        participant_name=_person(data, decline.email).display,
        slot=booked_slot(data),
        tz=ZoneInfo(customer.timezone),
        reproposing=decline.then == REPROPOSE,
    )
    return [
        thread_draft(
            s,
            data,
            key=f"{conv_id}:declined:{inbound_id}",
            purpose="attendance",
            to=[Address(customer.name, customer.email)],
            text=text,
            now=now,
        )
    ]
