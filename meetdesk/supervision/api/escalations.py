"""``/api/escalations``: the supervisor queue, one escalation, and its transitions.

Listing and showing read through the access function exactly as ``meetdesk escalations
list`` and ``show`` do (``supervision.views``), so a processor sees the escalations of
the customers it serves, each field only if its scope allows it, and every read is
audited. ``claim``, ``release``, ``resolve`` and ``discard`` call
``supervision.queue`` as the caller's user name; the escalation's new state is answered
through the access function too, in the transition's own transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from sqlmodel import Session

from meetdesk.errors import AccessDenied
from meetdesk.privacy.access import Actor, Record, Shown, item, read
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.customers import find_customer, get_customer
from meetdesk.store.models import Customer, Escalation
from meetdesk.supervision import queue
from meetdesk.supervision.escalation_read import read_escalation
from meetdesk.supervision.escalation_view import view_record
from meetdesk.supervision.reasons import KINDS
from meetdesk.supervision.views import escalation_records
from meetdesk.supervision.web.auth import QUEUE_ACT, QUEUE_READ, Caller, api_caller, require
from meetdesk.supervision.web.context import WebContext, context

from .common import queue_purpose, shown_as
from .schemas import (
    Discard,
    EscalationDetail,
    EscalationList,
    EscalationState,
    EscalationSummary,
    Resolve,
    errors,
)

router = APIRouter(prefix="/escalations", tags=["escalations"])

StatusFilter = Literal["active", "open", "claimed", "resolved", "discarded", "all"]
KindFilter = Literal[KINDS]  # type: ignore[valid-type]
EscalationId = Annotated[str, Path(min_length=1, max_length=64, description="an escalation id")]
STATE_FIELDS = ("id", "status", "claimed_by", "lease_until", "resolution")
Step = Callable[[Session, Cipher, Caller, datetime], Escalation]
F = TypeVar("F", bound=Callable[..., Any])


class BadFilter(ValueError):
    """A listing filter that names nothing the caller may filter on (422)."""


class _Denied(Exception):
    """A refusal raised by the queue inside a read's transaction, audited after it."""

    def __init__(self, refusal: AccessDenied) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal


def customer_filter(session: Session, cipher: Cipher, actor: Actor, customer: str) -> str | None:
    """The row id of the customer a filter names (address or id) among those ``actor``
    serves; any other is answered as unknown, so nothing is learnt of it."""
    if not customer:
        return None
    unknown = BadFilter(f"customer {customer!r}: no such customer among those you serve")
    if "@" in customer:
        found = find_customer(session, cipher, customer)
        if found is None or not actor.serves(found.id, found.email):
            raise unknown
        return found.id
    if session.get(Customer, customer) is None:
        raise unknown
    if not actor.is_admin and not actor.serves(
        customer, get_customer(session, cipher, customer).email
    ):
        raise unknown
    return customer


@router.get(
    "",
    summary="List the queue",
    response_model=EscalationList,
    response_model_exclude_unset=True,
    responses=errors(401, 403, 422),
)
async def list_escalations(
    request: Request,
    caller: Annotated[Caller, Depends(api_caller)],
    status: Annotated[StatusFilter, Query(description="active = open or claimed")] = "active",
    kind: Annotated[KindFilter | None, Query(description="a reason family")] = None,
    reason: Annotated[str | None, Query(max_length=80, description="a reason code")] = None,
    customer: Annotated[
        str | None, Query(max_length=320, description="a customer's address or id")
    ] = None,
    overdue: Annotated[bool, Query(description="only those past their due time")] = False,
) -> EscalationList:
    """The escalations the caller may see, most urgent first (as ``meetdesk escalations
    list``); those of customers its processor does not serve are left out and counted."""
    require(caller, QUEUE_READ)
    ctx = context(request)
    now = ctx.clock.now()
    wanted = None if status == "all" else status

    def load(session: Session) -> list[Record]:
        filters = queue.Filters(
            status=wanted,
            kind=kind,
            reason=reason or None,
            customer_id=customer_filter(session, ctx.cipher, caller.actor, customer or ""),
            overdue=overdue,
        )
        return escalation_records(session, ctx.cipher, status=wanted, filters=filters, now=now)

    disclosure = await asyncio.to_thread(
        lambda: read(
            ctx.engine,
            ctx.cipher,
            actor=caller.actor,
            purpose=queue_purpose(caller.actor),
            action="read.escalations",
            load=load,
            now=now,
        )
    )
    rows = [shown_as(EscalationSummary, r, **_overdue(r, now)) for r in disclosure.records]
    return EscalationList(escalations=rows, left_out=disclosure.left_out)


@router.get(
    "/{escalation_id}",
    summary="Show one escalation",
    response_model=EscalationDetail,
    response_model_exclude_unset=True,
    responses=errors(401, 403, 404, 422),
)
async def show_escalation(
    request: Request,
    escalation_id: EscalationId,
    caller: Annotated[Caller, Depends(api_caller)],
    full: Annotated[bool, Query(description="the whole message, quoted history too")] = False,
) -> EscalationDetail:
    """What a supervisor needs to decide it (as ``meetdesk escalations show``): the
    message's new text, the reading, candidate slots, the thread and the customer's busy
    time for the week, each field only if the caller's scope allows it."""
    require(caller, QUEUE_READ)
    ctx = context(request)
    now = ctx.clock.now()
    found = await read_escalation(
        ctx.settings, ctx.engine, ctx.cipher, escalation_id,
        actor=caller.actor, purpose=queue_purpose(caller.actor), now=now, full=full,
    )  # fmt: skip
    return shown_as(EscalationDetail, found.record, **_overdue(found.record, now))


def _overdue(record: Shown, now: datetime) -> dict[str, bool]:
    """Whether a live escalation is past due, when both facts were shown."""
    if "due_at" not in record.fields or "status" not in record.fields:
        return {}
    due, status = record.fields["due_at"], record.fields["status"]
    live = status in (queue.OPEN, queue.CLAIMED)
    return {"overdue": live and isinstance(due, datetime) and due <= now}


def state_record(session: Session, cipher: Cipher, row: Escalation, now: datetime) -> Record:
    """An escalation's state after a change, about the same customer and people as its
    full view (so the same scope and restrictions apply)."""
    full = view_record(session, cipher, row.id, now=now, week=None)
    fields = {k: v for k, v in full.fields.items() if k in STATE_FIELDS}
    fields["action"] = item("escalation", "action", row.action)
    return Record(
        fields=fields,
        customer_id=full.customer_id,
        customer_email=full.customer_email,
        subjects=full.subjects,
        conversation_id=full.conversation_id,
        admin_only=full.admin_only,
    )


def change(
    ctx: WebContext, caller: Caller, escalation_id: str, action: str, step: Step, said: str
) -> EscalationState:
    """Run ``step`` (a transition or an action) in a read's transaction and answer the
    new state; a refusal by the queue is audited (``denied.escalation.<action>``)."""
    now = ctx.clock.now()

    def load(session: Session) -> list[Record]:
        try:
            row = step(session, ctx.cipher, caller, now)
        except AccessDenied as refused:
            raise _Denied(refused) from None
        session.flush()
        return [state_record(session, ctx.cipher, row, now)]

    try:
        disclosure = read(
            ctx.engine,
            ctx.cipher,
            actor=caller.actor,
            purpose=queue.PURPOSE,
            action="read.escalation",
            load=load,
            now=now,
            one=True,
        )
    except _Denied as denied:
        queue.audit_refusal(ctx.engine, ctx.cipher, caller.actor, action, now)
        raise denied.refusal from None
    [record] = disclosure.records
    return shown_as(EscalationState, record, detail=f"escalation {escalation_id} {said}")


def check_handle(caller: Caller) -> None:
    """The caller's user name is its handle on the queue; one that cannot be is 403."""
    try:
        queue.check_handle(caller.username)
    except queue.QueueError:
        raise HTTPException(
            status_code=403,
            detail=f"user name {caller.username!r} cannot be a queue handle "
            "(letters, digits, '.', '_' or '-', at most 48)",
        ) from None


async def run_change(
    request: Request, caller: Caller, escalation_id: str, action: str, step: Step, said: str
) -> EscalationState:
    require(caller, QUEUE_ACT)
    check_handle(caller)
    ctx = context(request)
    return await asyncio.to_thread(change, ctx, caller, escalation_id, action, step, said)


def _lease(ctx: WebContext) -> timedelta:
    return timedelta(minutes=ctx.settings.supervision.lease_minutes)


def post(path: str, summary: str) -> Callable[[F], F]:
    """A state-changing endpoint answering the escalation's new state."""
    return router.post(
        path,
        summary=summary,
        response_model=EscalationState,
        response_model_exclude_unset=True,
        responses=errors(401, 403, 404, 409, 422),
    )


@post("/{escalation_id}/claim", "Claim an escalation")
async def claim(
    request: Request, escalation_id: EscalationId, caller: Annotated[Caller, Depends(api_caller)]
) -> EscalationState:
    """Take the escalation for ``[supervision] lease_minutes`` (or extend your own claim);
    409 when another supervisor holds it, naming them."""
    lease = _lease(context(request))
    return await run_change(
        request,
        caller,
        escalation_id,
        "claim",
        lambda s, c, who, now: queue.claim(
            s, c, escalation_id, user=who.username, actor=who.actor, now=now, lease=lease
        ),
        "claimed",
    )


@post("/{escalation_id}/release", "Release a claim")
async def release(
    request: Request, escalation_id: EscalationId, caller: Annotated[Caller, Depends(api_caller)]
) -> EscalationState:
    """Give your claim back: the escalation is open again."""
    return await run_change(
        request,
        caller,
        escalation_id,
        "release",
        lambda s, c, who, now: queue.release(
            s, c, escalation_id, user=who.username, actor=who.actor, now=now
        ),
        "released",
    )


@post("/{escalation_id}/resolve", "Resolve an escalation")
async def resolve(
    request: Request,
    escalation_id: EscalationId,
    body: Resolve,
    caller: Annotated[Caller, Depends(api_caller)],
) -> EscalationState:
    """Close it as dealt with, with a resolution code and an optional note (stored
    encrypted)."""
    return await run_change(
        request,
        caller,
        escalation_id,
        "resolve",
        lambda s, c, who, now: queue.resolve(
            s,
            c,
            escalation_id,
            user=who.username,
            actor=who.actor,
            now=now,
            resolution=body.resolution,
            note=body.note,
        ),
        "resolved",
    )


@post("/{escalation_id}/discard", "Discard an escalation")
async def discard(
    request: Request,
    escalation_id: EscalationId,
    body: Discard,
    caller: Annotated[Caller, Depends(api_caller)],
) -> EscalationState:
    """Close one that needed nothing (a duplicate, a test), saying why."""
    return await run_change(
        request,
        caller,
        escalation_id,
        "discard",
        lambda s, c, who, now: queue.discard(
            s, c, escalation_id, user=who.username, actor=who.actor, now=now, why=body.why
        ),
        "discarded",
    )
