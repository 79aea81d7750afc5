"""``/api/statistics``: automation rate, time to first reply and to booking, and the
quality review's error rates overall, per customer and per decision rule.

The same numbers as ``meetdesk stats --json``: computed from plain columns, nothing
decrypted, small groups pooled and suppressed (``privacy.statistics``,
``supervision.quality_stats``). The read passes the access function: each row is a
record of the customer it is about, so a processor serving some customers would get
their rows only, and the pooled, overall and per-rule rows (tied to no one customer)
only when it serves every customer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from meetdesk.privacy.statistics import MIN_GROUP
from meetdesk.supervision.statistics_read import read_statistics
from meetdesk.supervision.web.auth import STATISTICS, Caller, api_caller, require
from meetdesk.supervision.web.context import WebContext, context

from .schemas import StatisticsOut, errors

router = APIRouter(tags=["statistics"])


@dataclass(frozen=True)
class Period:
    start: datetime | None
    end: datetime | None
    min_group: int
    purpose: str


@router.get(
    "/statistics",
    summary="Pseudonymised statistics",
    response_model=StatisticsOut,
    responses=errors(401, 403, 422),
)
async def statistics(
    request: Request,
    caller: Annotated[Caller, Depends(api_caller)],
    start: Annotated[
        datetime | None, Query(alias="from", description="requests created from then")
    ] = None,
    end: Annotated[datetime | None, Query(alias="to", description="created before then")] = None,
    min_group: Annotated[
        int, Query(ge=2, le=1000, description="suppress groups smaller than this")
    ] = MIN_GROUP,
    purpose: Annotated[Literal["quality_review", "billing"], Query()] = "quality_review",
) -> dict[str, Any]:
    """Requests, bookings, automation rate, escalations by reason and time to first
    reply and to booking, per customer (by pseudonymous row id) and overall; the quality
    review's grades per customer, overall and per rule."""
    require(caller, STATISTICS)
    for name, value in (("from", start), ("to", end)):
        if value is not None and value.tzinfo is None:
            raise ValueError(f"{name}: give a time zone (2026-12-01T00:00:00Z)")
    if start is not None and end is not None and end <= start:
        raise ValueError("'to' must be after 'from'")
    ctx = context(request)
    period = Period(start, end, min_group, purpose)
    return await asyncio.to_thread(_read, ctx, caller, period)


def _read(ctx: WebContext, caller: Caller, period: Period) -> dict[str, Any]:
    shown = read_statistics(
        ctx.engine, ctx.cipher, caller.actor, purpose=period.purpose, now=ctx.clock.now(),
        start=period.start, end=period.end, min_group=period.min_group,
    )  # fmt: skip
    return shown.to_json()
