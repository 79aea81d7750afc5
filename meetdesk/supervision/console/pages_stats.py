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
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from meetdesk.errors import AccessDenied
from meetdesk.privacy.access import Actor
from meetdesk.privacy.statistics import (
    MIN_GROUP,
    POOLED,
    Group,
    Measure,
    describe_measure,
)
from meetdesk.supervision.quality_stats import QualityGroup
from meetdesk.supervision.statistics_read import read_statistics
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
    shown = read_statistics(ctx.engine, ctx.cipher, actor, purpose=PURPOSE, now=ctx.clock.now())
    requests = list(shown.requests.customers)
    rows = [_quality(g, rule=False) for g in shown.quality.customers]
    if shown.overall:
        requests.append(shown.requests.overall)
        rows.append(_quality(shown.quality.overall, rule=False))
        rows += [_quality(g, rule=True) for g in shown.quality.rules]
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
