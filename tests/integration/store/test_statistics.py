"""Pseudonymised statistics on both databases: correct figures on known rows, the period,
and small groups pooled and suppressed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from meetdesk.privacy.statistics import OVERALL, POOLED, UNASSIGNED, compute, percentile
from meetdesk.store.engine import transaction
from tests.integration.store.statistics_data import T0, populate


def _populate(engine: Engine) -> dict[str, str]:
    with transaction(engine) as session:
        return populate(session)


def test_figures_per_customer_and_overall(engine: Engine) -> None:
    """Requests (ignored mail left out), booked, automated, escalations by reason, median
    and p90 of the first reply and the booking, on known rows; small customers pooled and
    suppressed."""
    ids = _populate(engine)
    with transaction(engine) as session:
        stats = compute(session, start=T0 - timedelta(days=1), end=T0 + timedelta(days=1))
    assert [g.name for g in stats.customers] == [ids["a"], POOLED]
    a, pool = stats.customers
    assert (a.requests, a.booked, a.automated, a.automation_rate) == (5, 2, 1, 0.2)
    assert a.escalations == {"low_confidence": 2, "no_free_slot": 1}
    assert a.first_reply is not None and a.booking is not None
    assert (a.first_reply.count, a.first_reply.median) == (4, 1500.0)
    assert a.first_reply.p90 == pytest.approx(2220.0)
    assert (a.booking.count, a.booking.median, a.booking.p90) == (2, 10800.0, 13680.0)
    assert pool.suppressed and pool.customers == 1 and pool.requests is None
    overall = stats.overall
    assert overall.name == OVERALL and not overall.suppressed and overall.customers == 2
    assert (overall.requests, overall.booked, overall.automated) == (8, 4, 3)
    assert overall.escalations == {"low_confidence": 2, "no_free_slot": 1, "unknown_sender": 1}
    assert overall.first_reply is not None and overall.first_reply.count == 6


def test_a_lower_k_lists_smaller_customers(engine: Engine) -> None:
    """With k = 2 the second customer has its own row; the single unassigned request stays
    pooled and suppressed."""
    ids = _populate(engine)
    with transaction(engine) as session:
        stats = compute(session, start=T0 - timedelta(days=1), min_group=2)
    names = [g.name for g in stats.customers]
    assert names == [*sorted([ids["a"], ids["b"]]), POOLED]
    b = next(g for g in stats.customers if g.name == ids["b"])
    assert (b.requests, b.booked, b.automated, b.automation_rate) == (2, 2, 2, 1.0)
    assert b.first_reply is not None and b.first_reply.median == 300.0
    pool = stats.customers[-1]
    assert pool.suppressed and pool.customers == 0  # requests from no customer
    assert UNASSIGNED not in names


def test_the_period_selects_requests_by_creation(engine: Engine) -> None:
    """Without bounds the old request counts too; a period with too few requests is
    suppressed whole, and an empty one has nothing to show."""
    _populate(engine)
    with transaction(engine) as session:
        everything = compute(session)
        old = compute(session, end=T0 - timedelta(days=1))
        empty = compute(session, start=T0 + timedelta(days=10))
    assert everything.overall.requests == 9
    assert old.overall.suppressed and old.overall.requests is None
    assert [g.suppressed for g in old.customers] == [True]
    assert empty.overall.suppressed and empty.customers == ()


def test_percentile_interpolates_between_ranks() -> None:
    """The median of an even count is the midpoint; p90 interpolates; one value is itself."""
    assert percentile([4, 1, 3, 2], 0.5) == 2.5
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9) == pytest.approx(91.0)
    assert percentile([7], 0.9) == 7
