"""Data-subject requests arriving by e-mail, taken out of the scheduling flow.

Called by the understand stage before the decision rules. A message to the assistant
(or to ``[privacy] requests_address``) that exercises a right ("please delete my data",
"merci de supprimer mes données", "send me what you hold about me", "unsubscribe",
"stop", "ne plus me contacter") is not a scheduling message: the request is recorded
with its deadline and the sender gets an acknowledgement in the thread's language.

Identity (art. 12(6)): a DKIM signature of the sender's own domain verifies at once;
otherwise the acknowledgement carries a one-time code, and a later message from the
same address containing that code verifies the request. An objection ("stop",
"unsubscribe") needs no proof, since acting on it only stops our mail to the address
that asked: the address is suppressed at once, the request closed, and a thread in
progress handed to a human, its customer told so.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from meetdesk.assistant.interpret import Interpretation
from meetdesk.assistant.subject_request_intent import find_codes, request_kind
from meetdesk.assistant.subject_request_wording import acknowledgement_text
from meetdesk.flow.outgoing import Draft, queue
from meetdesk.flow.services import Services
from meetdesk.flow.takeover import hand_over
from meetdesk.mail.dkim_check import signed_by_sender
from meetdesk.mail.parse import Address, ParsedMessage
from meetdesk.privacy import subject_requests as dsr
from meetdesk.privacy.suppression import suppress, suppressed
from meetdesk.store.conversations import MessageRef, Person, load_data, save_data
from meetdesk.store.customers import CustomerRecord
from meetdesk.store.models import Conversation, InboundMessage
from meetdesk.store.models import Decision as DecisionRow
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)

OBJECTIONS = ("objection", "consent_withdrawal")


@dataclass(frozen=True)
class _Seen:
    sender: str
    name: str
    kind: str | None
    rule: str
    code_request: str | None  # the pending request a code in the message confirms


async def take_subject_request(
    ctx: JobContext,
    s: Services,
    *,
    conv_id: str,
    inbound_id: str,
    raw: bytes,
    parsed: ParsedMessage,
    seen: Interpretation,
    customer: CustomerRecord | None,
) -> bool:
    """Handle the message as a data-subject request (True) or leave it to the rules."""
    sender = parsed.from_addr.email if parsed.from_addr else ""
    if not sender or seen.is_auto or seen.sender_role == "self":
        return False
    found = request_kind(seen.reading.rules, seen.text)
    codes = find_codes(seen.text) if found is None else []
    now = s.clock.now()
    code_request = None
    if codes:
        code_request = await ctx.read(
            lambda session: dsr.matching_request(session, s.cipher, sender, codes, now=now)
        )
    if found is None and code_request is None:
        return False
    # the DKIM check looks the key up in the DNS: off the event loop
    dkim_ok = found is not None and await asyncio.to_thread(signed_by_sender, raw, sender)
    name = parsed.from_addr.name if parsed.from_addr else ""
    kind, rule = found if found is not None else (None, "privacy.code")
    what = _Seen(sender, name or "", kind, rule, code_request)
    ref = MessageRef(parsed.message_id, list(parsed.references))
    language = seen.reading.language

    def commit(session: Session) -> None:
        conv = session.get(Conversation, conv_id)
        msg = session.get(InboundMessage, inbound_id)
        assert conv is not None and msg is not None
        data = load_data(s.cipher, conv)
        data.last_inbound = ref
        if conv.state == "new":  # a message of its own, not a scheduling thread
            conv.state = "subject_request"
            conv.language = language
            data.subject, data.language = parsed.subject, language
        if customer is not None and conv.customer_id is None and customer.email == sender:
            conv.customer_id = customer.id
        save_data(s.cipher, conv, data)
        conv.updated_at = now
        msg.status = "done"
        if what.kind is None:
            assert what.code_request is not None
            _confirm(session, s, what.code_request, codes, conv, what, ref, language)
        else:
            _open(session, s, conv, what, ref, language, dkim_ok)
        session.add(
            DecisionRow(
                conversation_id=conv_id,
                inbound_message_id=inbound_id,
                action="subject_request",
                rules=json.dumps([what.rule]),
                created_at=now,
            )
        )

    await ctx.commit(commit)
    log.info("conversation %s: data-subject request by rule %s", conv_id, what.rule)
    return True


def _open(
    session: Session,
    s: Services,
    conv: Conversation,
    what: _Seen,
    ref: MessageRef,
    language: str,
    dkim_ok: bool,
) -> None:
    now = s.clock.now()
    assert what.kind is not None
    request = dsr.open_request(
        session,
        s.cipher,
        kind=what.kind,
        email=what.sender,
        channel="email",
        now=now,
        conversation_id=conv.id,
        customer_id=conv.customer_id,
    )
    code = expires = None
    done = False
    if what.kind in OBJECTIONS:
        dsr.mark_verified(
            session, s.cipher, request.id, method="dkim" if dkim_ok else "sender", now=now
        )
        suppress(session, s.cipher, what.sender, reason=what.kind, now=now, request_id=request.id)
        handed = hand_over(
            session,
            s,
            conv,
            reason="subject_objected",
            key=request.id,
            now=now,
            request_id=request.id,
        )
        dsr.close(
            session,
            s.cipher,
            request.id,
            summary={"suppressed": 1, "handed_over": int(handed)},
            now=now,
        )
        done = True
    elif dkim_ok:
        dsr.mark_verified(session, s.cipher, request.id, method="dkim", now=now)
    else:
        hours = s.settings.privacy.request_code_hours
        code = dsr.issue_code(session, s.cipher, request.id, now=now, hours=hours)
        expires = now + timedelta(hours=hours)
    _acknowledge(
        session, s, conv, what, ref, language, request.id, request.deadline, code, expires, done
    )


def _confirm(
    session: Session,
    s: Services,
    request_id: str,
    codes: list[str],
    conv: Conversation,
    what: _Seen,
    ref: MessageRef,
    language: str,
) -> None:
    now = s.clock.now()
    if not any(dsr.check_code(session, s.cipher, request_id, c, now=now) for c in codes):
        return  # the code expired between reading and writing: nothing verified
    request = dsr.get_request(session, s.cipher, request_id)
    what = _Seen(what.sender, what.name, request.kind, "privacy.code_verified", request_id)
    _acknowledge(
        session,
        s,
        conv,
        what,
        ref,
        language,
        request.id,
        request.deadline,
        None,
        None,
        False,
        key=f"dsr-verified:{request.id}",
    )


def _acknowledge(
    session: Session,
    s: Services,
    conv: Conversation,
    what: _Seen,
    ref: MessageRef,
    language: str,
    request_id: str,
    deadline: datetime,
    code: str | None,
    expires: datetime | None,
    done: bool,
    *,
    key: str | None = None,
) -> None:
    assert what.kind is not None
    draft = Draft(
        s,
        key=key or f"dsr-ack:{request_id}",
        purpose="subject_request",
        to=[Address(name=what.name, email=what.sender)],
        subject=load_data(s.cipher, conv).subject,
        text=acknowledgement_text(
            language=language,
            assistant_name=s.settings.assistant.name,
            kind=what.kind,
            deadline=deadline,
            code=code,
            code_expires=expires,
            done=done,
        ),
        reply_to=ref,
        language=language,
        now=s.clock.now(),
    )
    queue(session, s, draft, conversation_id=conv.id, now=s.clock.now())


async def take_objected_participants(
    ctx: JobContext,
    s: Services,
    *,
    conv_id: str,
    inbound_id: str,
    parsed: ParsedMessage,
    language: str,
    participants: list[Person],
    customer: CustomerRecord | None,
) -> bool:
    """A new request naming someone who objected: they are sent nothing, and the
    customer is told a human must take over (True); False when nobody objected."""
    if customer is None:
        return False
    emails = [p.email for p in participants]
    blocked = await ctx.read(lambda session: suppressed(session, s.cipher, emails))
    if not blocked:
        return False
    now = s.clock.now()
    ref = MessageRef(parsed.message_id, list(parsed.references))

    def commit(session: Session) -> None:
        conv = session.get(Conversation, conv_id)
        msg = session.get(InboundMessage, inbound_id)
        assert conv is not None and msg is not None
        data = load_data(s.cipher, conv)
        data.subject, data.language, data.last_inbound, data.request = (
            parsed.subject,
            language,
            ref,
            ref,
        )
        data.participants = [p for p in participants if p.email not in blocked]
        conv.customer_id, conv.language = customer.id, language
        save_data(s.cipher, conv, data)
        msg.status = "escalated"
        hand_over(session, s, conv, reason="participant_objected", key=inbound_id, now=now)
        session.add(
            DecisionRow(
                conversation_id=conv_id,
                inbound_message_id=inbound_id,
                action="escalate",
                rules=json.dumps(["privacy.participant_objected"]),
                created_at=now,
            )
        )

    await ctx.commit(commit)
    log.info("conversation %s: a participant objected; handed to a human", conv_id)
    return True
