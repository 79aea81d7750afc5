"""What a supervisor does with an escalation so the conversation carries on by itself.

Six actions (``ACTIONS``), called the same way by the command line, the JSON API and
the web console. Each runs in the caller's transaction and opens no calendar or mail
connection: messages are queued in the outbox and jobs enqueued, and the daemon's
workers do the I/O afterwards. Each one:

- needs the escalation active and claimed by ``user`` (a live lease), and an actor that
  serves the customer for ``supervision`` (the queue's own checks);
- checks its input before touching anything, so a refusal (``QueueError`` or
  ``ValueError``, saying why) changes nothing;
- does its work, resolves the escalation (resolution code, ``closed_by``,
  ``resolved_at``, the note sealed, ``action``) and audits it as
  ``escalation.<action>``, all in that one transaction.

``correct``: the supervisor's values replace the reading's and the message is read
again (``meetdesk.supervision.resume``); with ``resume=False`` they are only saved into
the request, and the escalation stays claimed. ``propose_slots``: the propose stage
offers exactly the times chosen, those still free. ``reply``: the supervisor's words go
out from the assistant's address, signed. ``ask_customer``: a question to the customer
alone. ``not_scheduling``: the message is set aside (a new request is closed as such).
``hand_back``: the customer is told the thread is theirs, and the assistant stops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel import Session

from meetdesk.assistant.action_wording import (
    customer_question_text,
    hand_back_text,
    supervisor_reply_text,
)
from meetdesk.calendar.base import Interval
from meetdesk.flow.holds import enqueue_sync
from meetdesk.flow.outgoing import Draft, advance, enqueue_step, thread_draft
from meetdesk.flow.services import Services
from meetdesk.mail.parse import Address, ParsedMessage, parse_message
from meetdesk.privacy.access import Actor
from meetdesk.privacy.restrictions import ESCALATION_REASON
from meetdesk.privacy.suppression import suppressed
from meetdesk.store import holds
from meetdesk.store.conversations import ConversationData, MessageRef, load_data, save_data
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Conversation, Escalation, InboundMessage
from meetdesk.supervision import queue
from meetdesk.supervision.correction import (
    MAX_MINUTES,
    MIN_MINUTES,
    Correction,
    apply_to_data,
    check,
    check_span,
)
from meetdesk.supervision.queue import QueueError
from meetdesk.supervision.reasons import POLICY
from meetdesk.supervision.resume import (
    HANDED_BACK,
    NOT_SCHEDULING,
    TERMINAL,
    carry_out,
    reading_state,
    reread,
    state_of,
)

__all__ = [
    "ACTIONS",
    "Correction",
    "ask_customer",
    "correct",
    "hand_back",
    "not_scheduling",
    "propose_slots",
    "reply",
]

ACTIONS = ("correct", "propose", "reply", "ask_customer", "not_scheduling", "hand_back")
# The resolution each action closes its escalation with.
RESOLUTION = {
    "correct": "handled",
    "propose": "handled",
    "reply": "answered",
    "ask_customer": "answered",
    "not_scheduling": NOT_SCHEDULING,
    "hand_back": HANDED_BACK,
}
# What each action writes or sends of the conversation, for its audit entry.
_CALENDAR, _CONTACT = "user.content.private.calendar", "user.contact.email"
_MAIL = "user.content.private.email_body"
_TOUCHED: dict[str, tuple[str, ...]] = {
    "correct": (_CALENDAR, _CONTACT, "user.contact.name", "user.location"),
    "propose": (_CALENDAR,),
    "reply": (_MAIL, _CONTACT),
    "ask_customer": (_MAIL, _CONTACT),
    "not_scheduling": (),
    "hand_back": (_MAIL, _CONTACT),
}
# On a privacy policy's escalation (a person objected, was erased) the assistant must
# not carry on with the thread: it may only be handed back or set aside.
_AFTER_POLICY = ("not_scheduling", "hand_back")
_MAX_TEXT = 10_000
_MAX_SLOTS = 10


@dataclass
class _Case:
    """The escalation being acted on, locked and checked, with its conversation."""

    row: Escalation
    conv: Conversation
    data: ConversationData
    customer: CustomerRecord
    msg: InboundMessage | None
    parsed: ParsedMessage | None
    state: str  # the conversation's state before the escalation


def correct(
    session: Session,
    s: Services,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    correction: Correction,
    note: str | None = None,
    resume: bool = True,
) -> Escalation:
    """Replace the reading's values with the supervisor's; with ``resume`` the message
    is read again and the assistant goes on, else the values are only saved."""
    check(correction, now)
    if not correction.given():
        raise ValueError("nothing to correct: give at least one value")
    case = _open(session, s, escalation_id, user, actor, now, "correct", note)
    data = case.data
    if not resume:
        if correction.of_message:
            raise ValueError(
                "the intent and the chosen option say what the message means: "
                "give them with the correction that resumes the conversation"
            )
        _refuse_suppressed(session, s, [p for p, _ in correction.participants or ()])
        apply_to_data(data, correction)
        save_data(s.cipher, case.conv, data)
        case.conv.updated_at = now
        queue.seal_note(session, s.cipher, case.row, note)
        _audit(session, s, case, actor, user, "correct", now)
        return case.row
    _refuse_suppressed(session, s, [p for p, _ in correction.participants or ()])
    if case.msg is None or case.parsed is None:
        if correction.of_message:
            raise QueueError(
                f"escalation {case.row.id} has no message to read again: correct the "
                "request's values only"
            )
        if not data.participants and correction.participants is None:
            raise QueueError("nobody to meet: correct the participants")
        apply_to_data(data, correction)
        _requested(session, s, case, data, now, rule="supervisor.corrected")
    else:
        if correction.chosen_option is not None:
            _check_option(case, correction.chosen_option)
        found = reread(s, case.parsed, case.state, data, case.customer, correction, now)
        carry_out(
            session, s, case.conv, case.msg, data, case.customer, case.parsed, case.state,
            found, now,
        )  # fmt: skip
        save_data(s.cipher, case.conv, data)
        case.conv.updated_at = now
    return _resolve(session, s, case, actor, user, "correct", note, now)


def propose_slots(
    session: Session,
    s: Services,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    slots: list[Interval],
    note: str | None = None,
) -> Escalation:
    """Offer exactly ``slots`` (the propose stage drops any no longer free)."""
    length = _check_slots(slots, now)
    case = _open(session, s, escalation_id, user, actor, now, "propose", note)
    data = case.data
    if not [p for p in data.participants if p.role != "customer"]:
        raise QueueError("nobody to propose times to: correct the participants first")
    if case.state in TERMINAL:
        raise QueueError(f"the conversation is {case.state}: there is nothing to propose for")
    data.chosen_slots = [[i.start.isoformat(), i.end.isoformat()] for i in sorted(slots, key=_at)]
    data.duration_minutes = length
    booked = data.booking is not None and data.booking.get("status") != "cancelled"
    data.reproposal = "reschedule" if booked else data.reproposal if data.rounds else None
    _requested(session, s, case, data, now, rule="supervisor.propose")
    return _resolve(session, s, case, actor, user, "propose", note, now)


def reply(
    session: Session,
    s: Services,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    text: str,
    to: str = "sender",
    note: str | None = None,
) -> Escalation:
    """Send the supervisor's ``text`` in the thread from the assistant, signed: to the
    escalated message's sender, or ``all`` (everyone in the thread)."""
    words = _check_text(text, "reply")
    if to not in ("sender", "all"):
        raise ValueError(f"send a reply to 'sender' or 'all', not {to!r}")
    case = _open(session, s, escalation_id, user, actor, now, "reply", note)
    main, others = _recipients(s, case, to)
    _refuse_suppressed(session, s, [a.email for a in (*main, *others)])
    data = _with_subject(case)
    draft = _draft(
        s, case, data, "reply", "supervisor_reply", main, others, now,
        supervisor_reply_text(language=data.language, assistant_name=s.assistant.name, text=words),
    )  # fmt: skip
    _resume(session, s, case, [draft], now, rule="supervisor.reply")
    return _resolve(session, s, case, actor, user, "reply", note, now)


def ask_customer(
    session: Session,
    s: Services,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    question: str,
    note: str | None = None,
) -> Escalation:
    """Ask the customer alone one question; their answer is read by the normal flow."""
    words = _check_text(question, "question")
    case = _open(session, s, escalation_id, user, actor, now, "ask_customer", note)
    customer = case.customer
    data = _with_subject(case)
    text = customer_question_text(
        language=data.language,
        assistant_name=s.assistant.name,
        customer_name=customer.name,
        question=words,
    )
    me = [Address(name=customer.name, email=customer.email)]
    draft = _draft(s, case, data, "ask", "customer_question", me, [], now, text)
    _resume(session, s, case, [draft], now, rule="supervisor.ask_customer")
    return _resolve(session, s, case, actor, user, "ask_customer", note, now)


def not_scheduling(
    session: Session,
    s: Services,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    note: str | None = None,
) -> Escalation:
    """The message asked nothing of the assistant: it is set aside, nothing is sent. A
    new request is closed as ``not_scheduling``; a message in a running conversation
    is ignored and the conversation goes on."""
    case = _open(session, s, escalation_id, user, actor, now, "not_scheduling", note)
    if case.msg is not None:
        case.msg.status = "ignored"
    if case.state == "new":
        holds.release(session, case.conv.id, now=now)
        _advance(session, s, case, NOT_SCHEDULING, [], now, rule="supervisor.not_scheduling")
    else:
        _resume(session, s, case, [], now, rule="supervisor.not_scheduling")
    return _resolve(session, s, case, actor, user, "not_scheduling", note, now)


def hand_back(
    session: Session,
    s: Services,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    note: str | None = None,
) -> Escalation:
    """Leave the thread with the customer: one message to them, its holds released,
    and nothing more done in it automatically."""
    case = _open(session, s, escalation_id, user, actor, now, "hand_back", note)
    customer = case.customer
    data = _with_subject(case)
    text = hand_back_text(
        language=data.language,
        assistant_name=s.assistant.name,
        customer_name=customer.name,
        subject=data.subject,
    )
    me = [Address(name=customer.name, email=customer.email)]
    draft = _draft(s, case, data, "hand_back", "hand_back", me, [], now, text)
    if case.msg is not None:
        case.msg.status = "done"
    holds.release(session, case.conv.id, now=now)
    enqueue_sync(session, s, case.conv.id, now=now, key=f"supervisor:{case.row.id}")
    _advance(session, s, case, HANDED_BACK, [draft], now, rule="supervisor.hand_back")
    return _resolve(session, s, case, actor, user, "hand_back", note, now)


# The shared steps ---------------------------------------------------------------


def _open(
    session: Session,
    s: Services,
    escalation_id: str,
    user: str,
    actor: Actor,
    now: datetime,
    action: str,
    note: str | None,
) -> _Case:
    """The escalation locked, claimed by ``user``, in the actor's scope, and fit for
    ``action``; with its conversation, customer and message."""
    queue.check_note(note)
    row = queue.locked(session, s.cipher, escalation_id, user, actor)
    queue.require_claim(row, user, now)
    if row.reason == ESCALATION_REASON:
        raise QueueError(
            f"escalation {row.id} concerns a restricted subject (GDPR art. 18): the "
            "assistant may not act on it; resolve it instead"
        )
    if row.kind == POLICY and action not in _AFTER_POLICY:
        raise QueueError(
            f"escalation {row.id} stopped the assistant for a privacy reason "
            f"({row.reason}): it may only be handed back or set aside"
        )
    conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    if conv is None or conv.customer_id is None:
        raise QueueError(f"escalation {row.id} has no customer's conversation to act on")
    if conv.state != "escalated":
        raise QueueError(
            f"the conversation of escalation {row.id} is {conv.state}, no longer escalated: "
            "resolve the escalation instead"
        )
    data = load_data(s.cipher, conv)
    msg = session.get(InboundMessage, row.inbound_message_id) if row.inbound_message_id else None
    parsed = None
    if msg is not None:
        raw = s.cipher.decrypt(msg.raw_enc, table="inbound_message", column="raw", row_id=msg.id)
        parsed = parse_message(raw)
    customer = get_customer(session, s.cipher, conv.customer_id)
    return _Case(row, conv, data, customer, msg, parsed, state_of(row, data))


def _resolve(
    session: Session,
    s: Services,
    case: _Case,
    actor: Actor,
    user: str,
    action: str,
    note: str | None,
    now: datetime,
) -> Escalation:
    queue.close(
        session, s.cipher, case.row, status=queue.RESOLVED, resolution=RESOLUTION[action],
        note=note, user=user, now=now, action=action,
    )  # fmt: skip
    _audit(session, s, case, actor, user, action, now)
    return case.row


def _audit(
    session: Session, s: Services, case: _Case, actor: Actor, user: str, action: str, now: datetime
) -> None:
    queue.audit_transition(
        session, s.cipher, case.row, actor, user, action, now, touched=_TOUCHED[action]
    )


def _requested(
    session: Session, s: Services, case: _Case, data: ConversationData, now: datetime, rule: str
) -> None:
    """The request goes back to the propose stage with ``data`` as it now stands."""
    if case.msg is not None:
        case.msg.status = "done"
    data.chosen, data.answers = None, {}
    save_data(s.cipher, case.conv, data)
    _advance(session, s, case, "requested", [], now, rule)
    enqueue_step(session, s, "propose", case.conv.id, key=f"supervisor:{case.row.id}", now=now)


def _resume(
    session: Session,
    s: Services,
    case: _Case,
    drafts: Sequence[Draft],
    now: datetime,
    rule: str,
) -> None:
    """Back to where the next message is read, with ``drafts`` queued."""
    if case.msg is not None and case.msg.status == "escalated":
        case.msg.status = "done"
    _advance(session, s, case, reading_state(case.state, case.data), drafts, now, rule)


def _advance(
    session: Session,
    s: Services,
    case: _Case,
    state: str,
    drafts: Sequence[Draft],
    now: datetime,
    rule: str,
) -> None:
    advance(session, s, case.conv.id, state=state, update=_same, drafts=drafts, rule=rule, now=now)


def _same(_data: ConversationData) -> None:
    return None


def _draft(
    s: Services,
    case: _Case,
    data: ConversationData,
    key: str,
    purpose: str,
    to: Sequence[Address],
    cc: Sequence[Address],
    now: datetime,
    text: str,
) -> Draft:
    """A message in the thread, in reply to the escalated message when there is one."""
    parsed = case.parsed
    reply_to = MessageRef(parsed.message_id, list(parsed.references)) if parsed else None
    return thread_draft(
        s,
        data,
        key=f"supervisor:{case.row.id}:{key}",
        purpose=purpose,
        to=to,
        cc=cc,
        text=text,
        now=now,
        reply_to=reply_to,
    )


def _with_subject(case: _Case) -> ConversationData:
    """The conversation's data, with the escalated message's subject if it had none
    (a message from a stranger never filled a request)."""
    if case.data.subject or case.parsed is None:
        return case.data
    return replace(case.data, subject=case.parsed.subject)


def _recipients(s: Services, case: _Case, to: str) -> tuple[list[Address], list[Address]]:
    """(To, Cc) of a reply: the escalated message's sender; with ``all``, the others
    in the thread too (the customer and the participants, never a Bcc'd one)."""
    sender = case.parsed.from_addr if case.parsed is not None else None
    if sender is not None and s.is_assistant(sender.email):
        sender = None
    customer = Address(name=case.customer.name, email=case.customer.email)
    if to == "sender" and sender is None:
        raise QueueError(
            f"escalation {case.row.id} has no message with a sender to reply to: "
            "reply to all, or ask the customer"
        )
    main = [sender] if sender is not None else [customer]
    if to == "sender":
        return main, []
    seen = {a.email.lower() for a in main}
    others: list[Address] = []
    people = [
        customer,
        *(Address(p.name, p.email) for p in case.data.participants if p.role != "informed"),
    ]
    for person in people:
        if person.email.lower() not in seen and not s.is_assistant(person.email):
            seen.add(person.email.lower())
            others.append(person)
    return main, others


def _refuse_suppressed(session: Session, s: Services, emails: Sequence[str]) -> None:
    blocked = suppressed(session, s.cipher, emails)
    if blocked:
        raise QueueError(
            f"{sorted(blocked)[0]} asked not to be contacted by the assistant: leave them out"
        )


def _check_text(text: str, what: str) -> str:
    words = text.strip()
    if not words:
        raise ValueError(f"the {what} is empty: write what the assistant should send")
    if len(words) > _MAX_TEXT:
        raise ValueError(f"the {what} is too long ({len(words)} characters, at most {_MAX_TEXT})")
    return words


def _check_slots(slots: Sequence[Interval], now: datetime) -> int:
    """The slots' common length in minutes, once each is checked."""
    if not slots:
        raise ValueError("choose at least one slot to propose")
    if len(slots) > _MAX_SLOTS:
        raise ValueError(f"{len(slots)} slots: propose at most {_MAX_SLOTS}")
    for slot in slots:
        check_span("slot", slot.start, slot.end)
        if slot.start <= now:
            raise ValueError(f"slot: {slot.start.isoformat()} has already started")
    lengths = {slot.end - slot.start for slot in slots}
    if len(lengths) > 1:
        raise ValueError("slot: the slots must all last as long as the meeting (they differ)")
    (length,) = lengths
    minutes = int(length / timedelta(minutes=1))
    if length % timedelta(minutes=1) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(
            f"slot: a meeting of {length} is outside {MIN_MINUTES}..{MAX_MINUTES} whole minutes"
        )
    ordered = sorted(slots, key=_at)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.overlaps(b):
            raise ValueError(f"slot: {a.start.isoformat()} and {b.start.isoformat()} overlap")
    return minutes


def _check_option(case: _Case, option: int) -> None:
    if case.state != "proposed" or not case.data.proposals:
        raise QueueError("nothing was proposed in this conversation: there is no option to choose")
    if option > len(case.data.proposals):
        raise ValueError(f"option: {option} is not among the {len(case.data.proposals)} proposals")


def _at(slot: Interval) -> datetime:
    return slot.start
