"""Handing a thread to a human because a person in it objected or was erased.

The assistant stops at once: the conversation is escalated (so no stage acts on it by
itself any more) and the customer receives one message, in the thread's language,
saying a human must take over. The dedupe key makes it one message per conversation
and occasion, however often the step is retried.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from meetdesk.assistant.subject_request_wording import takeover_text
from meetdesk.calendar.base import CalendarBackend
from meetdesk.clock import SystemClock
from meetdesk.flow.outgoing import queue, thread_draft
from meetdesk.flow.services import Services
from meetdesk.mail.parse import Address
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings
from meetdesk.store.conversations import load_data
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Conversation
from meetdesk.supervision.escalations import escalate

# States in which the assistant is still arranging or keeping a meeting by itself.
ACTIVE = frozenset({"new", "requested", "proposed", "booking", "booked", "cancelling"})


def hand_over(
    session: Session,
    s: Services,
    conv: Conversation,
    *,
    reason: str,
    key: str,
    now: datetime,
    request_id: str | None = None,
) -> bool:
    """Escalate ``conv`` and tell its customer; False when there is nothing to hand over
    (no customer, or the thread is already with a human or finished)."""
    if conv.customer_id is None or conv.state not in ACTIVE:
        return False
    customer = get_customer(session, s.cipher, conv.customer_id)
    data = load_data(s.cipher, conv)
    if customer is not None:
        draft = thread_draft(
            s,
            data,
            key=f"takeover:{conv.id}:{key}",
            purpose="human_takeover",
            to=[Address(name=customer.name, email=customer.email)],
            text=takeover_text(
                language=data.language,
                assistant_name=s.settings.assistant.name,
                customer_name=customer.name,
                subject=data.subject,
            ),
            now=now,
        )
        queue(session, s, draft, conversation_id=conv.id, now=now)
    escalate(
        session,
        sla=s.settings.supervision,
        now=now,
        reason=reason,
        conversation_id=conv.id,
        details={"rule": f"privacy.{reason}", **({"request": request_id} if request_id else {})},
    )
    return True


def queueing_services(settings: Settings, cipher: Cipher) -> Services:
    """What a hand-over needs outside the daemon (the command line): composing and
    queueing in the caller's transaction. The daemon sends what is queued; nothing here
    opens a calendar or a mail connection."""
    from meetdesk.daemon import make_transport

    def no_calendar(_customer: CustomerRecord) -> CalendarBackend:
        raise RuntimeError("a hand-over opens no calendar")

    return Services(
        settings=settings,
        engine=None,  # type: ignore[arg-type]  # queueing uses the caller's session only
        cipher=cipher,
        clock=SystemClock(),
        transport=make_transport(settings),
        calendar_for=no_calendar,
    )
