"""The statistics page: automation rate, escalations, error rate per rule and time to
resolution, as ``meetdesk stats`` computes them.

Numbers only (``meetdesk.privacy.statistics.compute`` and
``meetdesk.supervision.quality_stats.compute_quality``), read through the access
function for ``quality_review`` like the command line: a processor serving some
customers gets their rows alone, and the pooled, overall and per-rule rows, tied to
no single customer, only when it serves every customer. Small groups are pooled and
suppressed with the default ``k``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from meetdesk.errors import AccessDenied
from meetdesk.privacy.access import OPERATIONS, Actor, Item, Record, read
from meetdesk.privacy.processors import ALL_CUSTOMERS
from meetdesk.privacy.statistics import (
    MIN_GROUP,
    POOLED,
    UNASSIGNED,
    Group,
    Measure,
    Statistics,
    compute,
    describe_measure,
)
from meetdesk.store.customers import list_customers
from meetdesk.supervision.quality_stats import QualityGroup, QualityStatistics, compute_quality
from meetdesk.supervision.web.auth import Caller, console_caller
from meetdesk.supervision.web.context import WebContext, context

from .capabilities import STATISTICS, refused, require_page
from .render import page

router = APIRouter()
PURPOSE = "quality_review"


@router.get("/statistics", response_model=None)
async def statistics_page(
    request: Request, caller: Annotated[Caller, Depends(console_caller)]
) -> HTMLResponse:
    not_for_role = require_page(caller, STATISTICS)
    if not_for_role is not None:
        return not_for_role
    ctx = context(request)
    try:
        values = await run_in_threadpool(_read, ctx, caller.actor)
    except AccessDenied as exc:
        return refused(caller, str(exc))
    return page(caller, "statistics.html", section="/statistics", min_group=MIN_GROUP, **values)


def _read(ctx: WebContext, actor: Actor) -> dict[str, Any]:
    now = ctx.clock.now()
    computed: list[tuple[Statistics, QualityStatistics]] = []

    def load(session: Session) -> list[Record]:
        emails: dict[str, str] | None = None
        if actor.processor is not None and ALL_CUSTOMERS not in actor.processor.customers:
            emails = {
                c.id: c.email
                for c in list_customers(session, ctx.cipher)
                if actor.serves(c.id, c.email)
            }
        stats = compute(session, min_group=MIN_GROUP, customers=emails)
        graded = compute_quality(session, min_group=MIN_GROUP, customers=emails)
        computed.append((stats, graded))

        def row(kind: str, name: str) -> Record:
            return Record(
                fields={kind: Item(name, (OPERATIONS,))},  # counts and durations only
                customer_id=None if name in (POOLED, UNASSIGNED) else name,
                customer_email=(emails or {}).get(name),
            )

        return (
            [row("quality", g.name) for g in graded.customers]
            + [row("row", g.name) for g in stats.customers]
            + [Record(fields={"row": Item(stats.overall.name, (OPERATIONS,))})]
        )

    disclosure = read(
        ctx.engine, ctx.cipher, actor=actor, purpose=PURPOSE, action="read.statistics",
        load=load, now=now,
    )  # fmt: skip
    stats, graded = computed[0]
    names = {str(r.fields["row"]) for r in disclosure.records if "row" in r.fields}
    quality_names = {str(r.fields["quality"]) for r in disclosure.records if "quality" in r.fields}
    overall = stats.overall.name in names
    requests = [g for g in stats.customers if g.name in names]
    groups = [g for g in graded.customers if g.name in quality_names]
    rows = [_quality(g, rule=False) for g in groups]
    if overall:
        requests.append(stats.overall)
        rows.append(_quality(graded.overall, rule=False))
        rows += [_quality(g, rule=True) for g in graded.rules]
    return {"requests": [_request(g) for g in requests], "quality": rows}


def _request(g: Group) -> dict[str, Any]:
    name = f"{g.name} ({g.customers} customers)" if g.name in (POOLED, "all") else g.name
    rate = "-" if g.automation_rate is None else f"{g.automation_rate:.0%}"
    escalations = ", ".join(f"{r} {n}" for r, n in (g.escalations or {}).items()) or "none"
    return {
        "name": name,
        "suppressed": g.suppressed,
        "requests": g.requests,
        "booked": g.booked,
        "automation": rate,
        "first_reply": _spoken(g.first_reply),
        "booking": _spoken(g.booking),
        "escalations": escalations,
    }


def _quality(g: QualityGroup, *, rule: bool) -> dict[str, Any]:
    return {
        "name": f"rule {g.name}" if rule else g.name,
        "is_rule": rule,
        "suppressed": g.suppressed,
        "sampled": g.sampled,
        "graded": g.graded,
        "wrong": g.wrong,
        "error_rate": "-" if g.error_rate is None else f"{g.error_rate:.0%}",
        "resolution": _spoken(g.resolution),
        "reasons": ", ".join(f"{r} {n}" for r, n in (g.reasons or {}).items()) or "none",
    }


def _spoken(m: Measure | None) -> str:
    return describe_measure(m, short=False)
