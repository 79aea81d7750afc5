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
from sqlmodel import Session

from meetdesk.privacy.access import OPERATIONS, Item, Record, read
from meetdesk.privacy.processors import ALL_CUSTOMERS
from meetdesk.privacy.statistics import MIN_GROUP, POOLED, UNASSIGNED, Statistics, compute
from meetdesk.store.customers import list_customers
from meetdesk.supervision.quality_stats import QualityStatistics, compute_quality
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
    actor = caller.actor
    computed: list[tuple[Statistics, QualityStatistics]] = []

    def load(session: Session) -> list[Record]:
        emails: dict[str, str] | None = None
        if actor.processor is not None and ALL_CUSTOMERS not in actor.processor.customers:
            emails = {
                c.id: c.email
                for c in list_customers(session, ctx.cipher)
                if actor.serves(c.id, c.email)
            }
        span: dict[str, Any] = {"start": period.start, "end": period.end}
        stats = compute(session, **span, min_group=period.min_group, customers=emails)
        graded = compute_quality(session, **span, min_group=period.min_group, customers=emails)
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
        ctx.engine, ctx.cipher, actor=actor, purpose=period.purpose, action="read.statistics",
        load=load, now=ctx.clock.now(),
    )  # fmt: skip
    stats, graded = computed[0]
    names = {str(r.fields["row"]) for r in disclosure.records if "row" in r.fields}
    quality_names = {str(r.fields["quality"]) for r in disclosure.records if "quality" in r.fields}
    overall = stats.overall.name in names
    document = stats.to_json()
    document["groups"] = [g.to_json() for g in stats.customers if g.name in names]
    document["overall"] = document["overall"] if overall else None
    document["quality"] = {
        "groups": [g.to_json() for g in graded.customers if g.name in quality_names],
        "overall": graded.overall.to_json() if overall else None,
        "rules": [g.to_json() for g in graded.rules] if overall else [],
    }
    return document
