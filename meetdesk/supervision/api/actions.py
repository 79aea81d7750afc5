"""``/api/escalations/{id}/<action>``: what a supervisor does so the conversation carries
on by itself: ``correct`` the reading, ``propose`` chosen times, ``reply`` in the
thread, ``ask`` the customer, mark it ``not-scheduling``, or ``hand-back`` the thread.

Each calls ``meetdesk.supervision.actions`` in one transaction with the caller's user
name and actor (a live claim by the caller is needed; the queue's scope checks apply),
which queues mail and jobs for the daemon; the answer is the escalation's new state,
read through the access function in that same transaction. A refusal changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from meetdesk.calendar.base import Interval
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.models import Escalation
from meetdesk.supervision import actions
from meetdesk.supervision.web.auth import QUEUE_ACT, Caller, api_caller, require
from meetdesk.supervision.web.context import context

from .escalations import EscalationId, change, check_handle
from .schemas import (
    AskIn,
    CorrectIn,
    EscalationState,
    NoteIn,
    ProposeIn,
    ReplyIn,
    Span,
    errors,
)

router = APIRouter(prefix="/escalations", tags=["supervisor actions"])
F = TypeVar("F", bound=Callable[..., Any])


def post(path: str, summary: str) -> Callable[[F], F]:
    return router.post(
        f"/{{escalation_id}}/{path}",
        summary=summary,
        response_model=EscalationState,
        response_model_exclude_unset=True,
        responses=errors(401, 403, 404, 409, 422),
    )


async def act(
    request: Request,
    caller: Caller,
    escalation_id: str,
    action: str,
    said: str,
    call: Callable[..., Escalation],
    **given: Any,
) -> EscalationState:
    """Run ``call`` (one of ``meetdesk.supervision.actions``) as ``caller`` with the
    action's own arguments ``given``, then wake the daemon's workers for what it queued."""
    require(caller, QUEUE_ACT)
    check_handle(caller)
    ctx = context(request)

    def run(session: Session, _cipher: Cipher, who: Caller, now: datetime) -> Escalation:
        return call(
            session, ctx.services, escalation_id, user=who.username, actor=who.actor, now=now,
            **given,
        )  # fmt: skip

    state = await asyncio.to_thread(change, ctx, caller, escalation_id, action, run, said)
    ctx.services.notify()  # on the loop: the daemon's pool wakes for the queued jobs
    return state


def _spans(spans: list[Span] | None) -> list[tuple[datetime, datetime]] | None:
    return None if spans is None else [(s.start, s.end) for s in spans]


@post("correct", "Correct the reading")
async def correct(
    request: Request,
    escalation_id: EscalationId,
    body: CorrectIn,
    caller: Annotated[Caller, Depends(api_caller)],
) -> EscalationState:
    """Replace what the reading found with the supervisor's values (duration, kind, time
    frames, place, participants, language, the option chosen, the intent). With
    ``resume`` the message is read again and the assistant goes on (proposes, books...);
    without, the values are only saved and the escalation stays claimed."""
    correction = actions.Correction(
        duration_minutes=body.duration_minutes,
        meeting_kind=body.meeting_kind,
        windows=_spans(body.windows),
        exclusions=_spans(body.exclusions),
        location=body.location,
        asap=body.asap,
        participants=None
        if body.participants is None
        else [(p.email, p.name) for p in body.participants],
        language=body.language,
        chosen_option=body.chosen_option,
        intent=body.intent,
    )
    return await act(
        request, caller, escalation_id, "correct", "corrected", actions.correct,
        correction=correction, note=body.note, resume=body.resume,
    )  # fmt: skip


@post("propose", "Propose chosen times")
async def propose(
    request: Request,
    escalation_id: EscalationId,
    body: ProposeIn,
    caller: Annotated[Caller, Depends(api_caller)],
) -> EscalationState:
    """Offer the participants exactly these times (those still free when the proposal
    goes out), all of one length."""
    if any(s.end <= s.start for s in body.slots):
        raise ValueError("slots: each must end after it starts")
    slots = [Interval(s.start, s.end) for s in body.slots]
    return await act(
        request, caller, escalation_id, "propose", "answered with the times chosen",
        actions.propose_slots,
        slots=slots, note=body.note,
    )  # fmt: skip


@post("reply", "Reply in the thread")
async def reply(
    request: Request,
    escalation_id: EscalationId,
    body: ReplyIn,
    caller: Annotated[Caller, Depends(api_caller)],
) -> EscalationState:
    """Send these words from the assistant's address, signed, to the escalated message's
    sender or to everyone in the thread."""
    return await act(
        request, caller, escalation_id, "reply", "answered", actions.reply,
        text=body.text, to=body.to, note=body.note,
    )  # fmt: skip


@post("ask", "Ask the customer")
async def ask(
    request: Request,
    escalation_id: EscalationId,
    body: AskIn,
    caller: Annotated[Caller, Depends(api_caller)],
) -> EscalationState:
    """Ask the customer alone one question; their answer is read by the assistant."""
    return await act(
        request, caller, escalation_id, "ask_customer", "answered with a question to the customer",
        actions.ask_customer,
        question=body.question, note=body.note,
    )  # fmt: skip


@post("not-scheduling", "Not a scheduling request")
async def not_scheduling(
    request: Request,
    escalation_id: EscalationId,
    caller: Annotated[Caller, Depends(api_caller)],
    body: NoteIn | None = None,
) -> EscalationState:
    """Set the message aside: nothing is sent; a new request is closed as such."""
    return await act(
        request, caller, escalation_id, "not_scheduling", "set aside", actions.not_scheduling,
        note=body.note if body else None,
    )  # fmt: skip


@post("hand-back", "Hand the thread back")
async def hand_back(
    request: Request,
    escalation_id: EscalationId,
    caller: Annotated[Caller, Depends(api_caller)],
    body: NoteIn | None = None,
) -> EscalationState:
    """Tell the customer the thread is theirs; the assistant does nothing more in it."""
    return await act(
        request, caller, escalation_id, "hand_back", "handed back", actions.hand_back,
        note=body.note if body else None,
    )  # fmt: skip
