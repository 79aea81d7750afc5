"""Reading the statistics through the access function: one way for the CLI, the API and
the console.

The figures are computed in the read's transaction, and each customer's row is a record
of that customer, so a processor serving some customers is given their rows only (it
counts only theirs to begin with) and the overall and per-rule rows only if it serves
every customer; the read is audited as ``read.statistics``. Rows are counts and
durations (``system.operations``): no name, address or content.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from meetdesk.privacy.access import OPERATIONS, Actor, Disclosure, Item, Record, read
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.processors import ALL_CUSTOMERS
from meetdesk.privacy.statistics import MIN_GROUP, POOLED, UNASSIGNED, Statistics, compute
from meetdesk.store.customers import list_customers
from meetdesk.supervision.quality_stats import QualityStatistics, compute_quality


@dataclass(frozen=True)
class ShownStatistics:
    """What the reader was given: the request and quality figures trimmed to the rows
    its scope allows, and whether it may see the overall (and per-rule) rows."""

    disclosure: Disclosure
    requests: Statistics
    quality: QualityStatistics
    overall: bool

    def to_json(self) -> dict[str, Any]:
        document = self.requests.to_json()
        document["overall"] = document["overall"] if self.overall else None
        document["quality"] = {
            "groups": [g.to_json() for g in self.quality.customers],
            "overall": self.quality.overall.to_json() if self.overall else None,
            "rules": [g.to_json() for g in self.quality.rules] if self.overall else [],
        }
        return document


def read_statistics(
    engine: Engine,
    cipher: Cipher,
    actor: Actor,
    *,
    purpose: str,
    now: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
    min_group: int = MIN_GROUP,
) -> ShownStatistics:
    computed: list[tuple[Statistics, QualityStatistics]] = []

    def load(session: Session) -> list[Record]:
        # a processor serving some customers (named by address or id) counts theirs only
        emails: dict[str, str] | None = None
        if actor.processor is not None and ALL_CUSTOMERS not in actor.processor.customers:
            emails = {
                c.id: c.email
                for c in list_customers(session, cipher)
                if actor.serves(c.id, c.email)
            }
        span: dict[str, Any] = {"start": start, "end": end, "min_group": min_group}
        stats = compute(session, **span, customers=emails)
        graded = compute_quality(session, **span, customers=emails)
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
        engine, cipher, actor=actor, purpose=purpose, action="read.statistics", load=load, now=now
    )
    stats, graded = computed[0]
    rows = {str(r.fields["row"]) for r in disclosure.records if "row" in r.fields}
    quality_rows = {str(r.fields["quality"]) for r in disclosure.records if "quality" in r.fields}
    return ShownStatistics(
        disclosure,
        replace(stats, customers=tuple(g for g in stats.customers if g.name in rows)),
        replace(graded, customers=tuple(g for g in graded.customers if g.name in quality_rows)),
        overall=stats.overall.name in rows,
    )
