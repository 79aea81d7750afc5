"""What the grades say: error rates overall, per customer and per decision rule.

Numbers only, from the plain columns of ``quality_sample`` (grade, reason, rules, times,
customer row id): nothing is decrypted. The small-group rule is the one
``meetdesk.privacy.statistics`` applies to requests, counted in graded samples: a
customer with fewer than ``k`` graded samples is pooled with the other small customers
in one row, and any row (that pool, a rule, the overall one) with fewer than ``k``
graded samples shows no figure at all, not even how many.

A sample's error rate counts ``wrong`` among the graded; time to resolution runs from
when the sample was taken to its (latest) grade. A sample counts for every rule its
decision names, so the per-rule rows do not add up to the overall one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from meetdesk.privacy.statistics import (
    MIN_GROUP,
    OVERALL,
    UNASSIGNED,
    Measure,
    percentile,
    pooled_groups,
)
from meetdesk.store.models import QualitySample


@dataclass(frozen=True)
class _Sample:
    customer: str
    rules: tuple[str, ...]
    grade: str | None
    reason: str | None
    sampled_at: datetime
    graded_at: datetime | None


@dataclass(frozen=True)
class QualityGroup:
    """One row: a customer, the pool, everything, or one rule. Suppressed rows carry
    only their name (and for the pool how many customers it holds)."""

    name: str
    suppressed: bool
    customers: int = 0
    sampled: int | None = None
    graded: int | None = None
    wrong: int | None = None
    reasons: dict[str, int] | None = None
    resolution: Measure | None = None

    @property
    def error_rate(self) -> float | None:
        if not self.graded or self.wrong is None:
            return None
        return self.wrong / self.graded

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.name,
            "customers": self.customers,
            "suppressed": self.suppressed,
            "sampled": self.sampled,
            "graded": self.graded,
            "wrong": self.wrong,
            "error_rate": self.error_rate,
            "reasons": self.reasons,
            "time_to_resolution": None if self.resolution is None else self.resolution.to_json(),
        }


@dataclass(frozen=True)
class QualityStatistics:
    start: datetime | None
    end: datetime | None
    min_group: int
    customers: tuple[QualityGroup, ...]
    overall: QualityGroup
    rules: tuple[QualityGroup, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": None if self.start is None else self.start.isoformat(),
            "to": None if self.end is None else self.end.isoformat(),
            "min_group": self.min_group,
            "groups": [g.to_json() for g in self.customers],
            "overall": self.overall.to_json(),
            "rules": [g.to_json() for g in self.rules],
        }


def compute_quality(
    session: Session,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    min_group: int = MIN_GROUP,
    customers: Collection[str] | None = None,
) -> QualityStatistics:
    """The grades of samples taken in ``[start, end)``, of ``customers`` by row id (None:
    every sample)."""
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    samples = _samples(session, start, end, customers)
    rows = [
        _group(name, members, customers=count, k=min_group)
        for name, members, count in pooled_groups(
            samples, customer=lambda s: s.customer, size=_graded, k=min_group
        )
    ]
    overall = _group(
        OVERALL, samples, customers=len({s.customer for s in samples} - {UNASSIGNED}), k=min_group
    )
    by_rule: dict[str, list[_Sample]] = {}
    for s in samples:
        for rule in dict.fromkeys(s.rules):
            by_rule.setdefault(rule, []).append(s)
    rules = tuple(_group(rule, by_rule[rule], customers=0, k=min_group) for rule in sorted(by_rule))
    return QualityStatistics(start, end, min_group, tuple(rows), overall, rules)


def _graded(members: Iterable[_Sample]) -> int:
    return sum(s.grade is not None for s in members)


def _group(name: str, members: list[_Sample], *, customers: int, k: int) -> QualityGroup:
    graded = [s for s in members if s.grade is not None]
    if len(graded) < k:
        return QualityGroup(name=name, suppressed=True, customers=customers)
    wrong = [s for s in graded if s.grade == "wrong"]
    durations = [
        (s.graded_at - s.sampled_at).total_seconds() for s in graded if s.graded_at is not None
    ]
    return QualityGroup(
        name=name,
        suppressed=False,
        customers=customers,
        sampled=len(members),
        graded=len(graded),
        wrong=len(wrong),
        reasons=dict(sorted(Counter(s.reason or "other" for s in wrong).items())),
        resolution=Measure(
            len(durations),
            percentile(durations, 0.5) if durations else None,
            percentile(durations, 0.9) if durations else None,
        ),
    )


def _samples(
    session: Session,
    start: datetime | None,
    end: datetime | None,
    customers: Collection[str] | None,
) -> list[_Sample]:
    where: list[ColumnElement[bool]] = []
    if customers is not None:
        where.append(col(QualitySample.customer_id).in_(sorted(customers)))
    if start is not None:
        where.append(col(QualitySample.sampled_at) >= start)
    if end is not None:
        where.append(col(QualitySample.sampled_at) < end)
    query = select(QualitySample).where(*where)
    return [
        _Sample(
            r.customer_id or UNASSIGNED,
            tuple(json.loads(r.rules)),
            r.grade,
            r.reason,
            r.sampled_at,
            r.graded_at,
        )
        for r in session.exec(query).all()
    ]
