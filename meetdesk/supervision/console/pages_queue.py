"""The queue page: open and claimed escalations, most urgent first, with filters.

The listing is the command line's (``views.escalation_records`` with the queue's
filters) read through the access function as the caller's actor, so a processor sees
only the escalations of customers it serves, each one shown audited
(``read.escalations``), and those left out are counted, never named. Filters come as a
GET form; a value the queue does not know is a 422 page saying which.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse

from meetdesk.errors import AccessDenied
from meetdesk.privacy.access import Actor, Disclosure, Shown, read
from meetdesk.supervision import queue
from meetdesk.supervision.api.common import queue_purpose
from meetdesk.supervision.api.escalations import BadFilter, customer_filter
from meetdesk.supervision.reasons import KINDS
from meetdesk.supervision.views import escalation_records
from meetdesk.supervision.web.auth import Caller, console_caller
from meetdesk.supervision.web.context import WebContext, context

from .capabilities import QUEUE, refused, require_page
from .render import field, page, when

router = APIRouter()

STATUSES = (
    (queue.ACTIVE, "open or claimed"),
    (queue.OPEN, "open"),
    (queue.CLAIMED, "claimed"),
    (queue.RESOLVED, "resolved"),
    (queue.DISCARDED, "discarded"),
    ("all", "all"),
)


@dataclass(frozen=True)
class QueueFilters:
    status: str = queue.ACTIVE
    kind: str = ""
    reason: str = ""
    customer: str = ""
    overdue: bool = False


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/escalations", status_code=303)


@router.get("/escalations", response_model=None)
async def escalations_page(
    request: Request,
    caller: Annotated[Caller, Depends(console_caller)],
    status: Annotated[str, Query(max_length=20)] = queue.ACTIVE,
    kind: Annotated[str, Query(max_length=40)] = "",
    reason: Annotated[str, Query(max_length=80)] = "",
    customer: Annotated[str, Query(max_length=320)] = "",
    overdue: Annotated[str, Query(max_length=5)] = "",
) -> HTMLResponse:
    not_for_role = require_page(caller, QUEUE)
    if not_for_role is not None:
        return not_for_role
    ctx = context(request)
    filters = QueueFilters(status, kind.strip(), reason.strip(), customer.strip(), bool(overdue))
    now = ctx.clock.now()
    try:
        disclosure = await run_in_threadpool(_read_queue, ctx, caller.actor, filters, now)
    except AccessDenied as exc:
        return refused(caller, str(exc))
    except BadFilter as exc:
        return page(
            caller,
            "queue.html",
            status=422,
            section="/escalations",
            error=str(exc),
            **_listing(Disclosure([]), filters, now),
        )
    return page(caller, "queue.html", section="/escalations", **_listing(disclosure, filters, now))


def _read_queue(ctx: WebContext, actor: Actor, filters: QueueFilters, now: datetime) -> Disclosure:
    if filters.status not in {value for value, _ in STATUSES}:
        known = ", ".join(value for value, _ in STATUSES)
        raise BadFilter(f"status {filters.status!r}: unknown (known: {known})")
    if filters.kind and filters.kind not in KINDS:
        raise BadFilter(f"family {filters.kind!r}: unknown (known: {', '.join(KINDS)})")
    status = None if filters.status == "all" else filters.status

    def load(session: Session) -> list[Any]:
        wanted = queue.Filters(
            status=status,
            kind=filters.kind or None,
            reason=filters.reason or None,
            customer_id=customer_filter(session, ctx.cipher, actor, filters.customer),
            overdue=filters.overdue,
        )
        return escalation_records(session, ctx.cipher, status=status, filters=wanted, now=now)

    return read(
        ctx.engine,
        ctx.cipher,
        actor=actor,
        purpose=queue_purpose(actor),
        action="read.escalations",
        load=load,
        now=now,
    )


def _listing(disclosure: Disclosure, filters: QueueFilters, now: datetime) -> dict[str, Any]:
    return {
        "filters": filters,
        "statuses": STATUSES,
        "kinds": KINDS,
        "rows": [_row(r, now) for r in disclosure.records],
        "left_out": disclosure.left_out,
    }


def _row(record: Shown, now: datetime) -> dict[str, Any]:
    due = field(record, "due_at")
    status = field(record, "status")
    live = status in (queue.OPEN, queue.CLAIMED)
    details = field(record, "details")
    rule = ""
    if isinstance(details, str):
        try:
            rule = str(json.loads(details).get("rule", ""))
        except (ValueError, AttributeError):
            rule = ""
    elif isinstance(details, dict):
        rule = str(details.get("rule", ""))
    return {
        "id": record.fields.get("id"),
        "due": when(due),
        "overdue": isinstance(due, datetime) and due <= now and live,
        "priority": field(record, "priority"),
        "kind": field(record, "kind"),
        "reason": field(record, "reason"),
        "status": status,
        "claimed_by": field(record, "claimed_by") if status == queue.CLAIMED else None,
        "created": when(field(record, "created_at")),
        "rule": rule,
    }
