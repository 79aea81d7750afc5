"""Pseudonymised statistics: what the quality and billing processes see.

Numbers only, computed from plain columns (states, reasons, times, row ids): no
ciphertext is decrypted, so no address, name, subject or body can reach the output.
A customer is named by its row id, the same pseudonymous id the audit trail uses.

A conversation is a request once the assistant decided anything for it but ignoring
it (auto-replies, bounces and lists in a thread of their own are no requests); it is
*booked* once a ``booked`` decision was recorded for it, and *automated* when it was
booked with no escalation at all. Time to first reply runs from the first message
received in the thread to the first message the assistant sent in it; time to booking
from that same first message to the first ``booked`` decision.

Small groups are suppressed (k-anonymity, ``k = min_group``): a customer with fewer than
``k`` requests in the period gets no row of its own, its requests are pooled with the
other small customers' in one row, and any row (that pool, or the overall one) with
fewer than ``k`` requests shows its request count as suppressed and no other figure.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from meetdesk.store.models import Conversation, Decision, Escalation, InboundMessage, Outbox

T = TypeVar("T")
MIN_GROUP = 5  # the default k
POOLED = "other"  # the row of customers below k
OVERALL = "all"
UNASSIGNED = "unassigned"  # requests from senders who are no customer


@dataclass
class _Request:
    """One conversation's measures, before grouping."""

    customer: str
    booked: bool = False
    escalations: Counter[str] = field(default_factory=Counter)
    first_in: datetime | None = None
    first_out: datetime | None = None
    booked_at: datetime | None = None


@dataclass(frozen=True)
class Measure:
    """The median and 90th percentile of a duration, in seconds; None with no data."""

    count: int
    median: float | None
    p90: float | None

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "median_seconds": self.median, "p90_seconds": self.p90}

    def describe(self, *, short: bool = True) -> str:
        """ "median / p90" for people: ``12m / 2.5h`` (``short``) or ``12 min / 2.5 h``."""
        if self.count == 0:
            return "-"
        return f"{_spoken(self.median, short)} / {_spoken(self.p90, short)}"


def describe_measure(m: Measure | None, *, short: bool = True) -> str:
    return "-" if m is None else m.describe(short=short)


def _spoken(seconds: float | None, short: bool) -> str:
    if seconds is None:
        return "-"
    minutes, hours, days = ("m", "h", "d") if short else (" min", " h", " days")
    if seconds < 3600:
        return f"{seconds / 60:.0f}{minutes}"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f}{hours}"
    return f"{seconds / 86400:.1f}{days}"


@dataclass(frozen=True)
class Group:
    """One row: a customer, the pool of small customers, or everything.

    ``suppressed`` rows carry no figure but their name (and, for the pool, how many
    customers it holds)."""

    name: str
    suppressed: bool
    customers: int
    requests: int | None = None
    booked: int | None = None
    automated: int | None = None
    escalations: dict[str, int] | None = None
    first_reply: Measure | None = None
    booking: Measure | None = None

    @property
    def automation_rate(self) -> float | None:
        if self.requests is None or self.automated is None or not self.requests:
            return None
        return self.automated / self.requests

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.name,
            "customers": self.customers,
            "suppressed": self.suppressed,
            "requests": self.requests,
            "booked": self.booked,
            "automated": self.automated,
            "automation_rate": self.automation_rate,
            "escalations": self.escalations,
            "time_to_first_reply": None if self.first_reply is None else self.first_reply.to_json(),
            "time_to_booking": None if self.booking is None else self.booking.to_json(),
        }


@dataclass(frozen=True)
class Statistics:
    start: datetime | None
    end: datetime | None
    min_group: int
    customers: tuple[Group, ...]  # customers with at least min_group requests, then the pool
    overall: Group

    def to_json(self) -> dict[str, Any]:
        return {
            "from": None if self.start is None else self.start.isoformat(),
            "to": None if self.end is None else self.end.isoformat(),
            "min_group": self.min_group,
            "groups": [g.to_json() for g in self.customers],
            "overall": self.overall.to_json(),
        }


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _measure(values: Iterable[float]) -> Measure:
    data = list(values)
    if not data:
        return Measure(0, None, None)
    return Measure(len(data), percentile(data, 0.5), percentile(data, 0.9))


def pooled_groups(
    items: Sequence[T],
    *,
    customer: Callable[[T], str],
    size: Callable[[list[T]], int],
    k: int,
) -> list[tuple[str, list[T], int]]:
    """(name, members, customers) per customer whose ``size`` reaches ``k``, then one
    POOLED row of all the others (if any): no customer is ever shown alone below k."""
    by_customer: dict[str, list[T]] = {}
    for item in items:
        by_customer.setdefault(customer(item), []).append(item)
    rows: list[tuple[str, list[T], int]] = []
    pooled: list[T] = []
    pooled_customers = 0
    for name in sorted(by_customer):
        members = by_customer[name]
        if size(members) >= k:
            rows.append((name, members, 1))
        else:
            pooled += members
            pooled_customers += name != UNASSIGNED
    if pooled:
        rows.append((POOLED, pooled, pooled_customers))
    return rows


def compute(
    session: Session,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    min_group: int = MIN_GROUP,
    customers: Collection[str] | None = None,
) -> Statistics:
    """Statistics of the requests (conversations) created in ``[start, end)``, of the
    ``customers`` given by row id (None: every request, customers' or not)."""
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    requests = _requests(session, start, end, customers)
    rows = [
        _group(name, members, customers=count, min_group=min_group)
        for name, members, count in pooled_groups(
            list(requests.values()), customer=lambda r: r.customer, size=len, k=min_group
        )
    ]
    overall = _group(
        OVERALL,
        list(requests.values()),
        customers=len({r.customer for r in requests.values()} - {UNASSIGNED}),
        min_group=min_group,
    )
    return Statistics(start, end, min_group, tuple(rows), overall)


def _group(name: str, members: list[_Request], *, customers: int, min_group: int) -> Group:
    if len(members) < min_group:
        return Group(name=name, suppressed=True, customers=customers)
    reasons: Counter[str] = Counter()
    for r in members:
        reasons.update(r.escalations)
    return Group(
        name=name,
        suppressed=False,
        customers=customers,
        requests=len(members),
        booked=sum(r.booked for r in members),
        automated=sum(r.booked and not r.escalations for r in members),
        escalations=dict(sorted(reasons.items())),
        first_reply=_measure(
            (r.first_out - r.first_in).total_seconds()
            for r in members
            if r.first_in is not None and r.first_out is not None
        ),
        booking=_measure(
            (r.booked_at - r.first_in).total_seconds()
            for r in members
            if r.first_in is not None and r.booked_at is not None
        ),
    )


def _requests(
    session: Session,
    start: datetime | None,
    end: datetime | None,
    customers: Collection[str] | None,
) -> dict[str, _Request]:
    """Each conversation in the window with its measures, read from plain columns only."""
    window: list[ColumnElement[bool]] = []
    if customers is not None:
        window.append(col(Conversation.customer_id).in_(sorted(customers)))
    if start is not None:
        window.append(col(Conversation.created_at) >= start)
    if end is not None:
        window.append(col(Conversation.created_at) < end)
    acted = select(Decision.conversation_id).where(col(Decision.action) != "ignore")
    window.append(col(Conversation.id).in_(acted))
    query = select(Conversation.id, Conversation.customer_id).where(*window)
    found = {cid: _Request(customer or UNASSIGNED) for cid, customer in session.exec(query).all()}
    if not found:
        return found
    ids = select(Conversation.id).where(*window)  # a subquery: no list of ids to bind
    for cid, reason in session.exec(
        select(Escalation.conversation_id, Escalation.reason).where(
            col(Escalation.conversation_id).in_(ids)
        )
    ).all():
        if cid is not None:
            found[cid].escalations[reason] += 1
    for cid, at in session.exec(
        select(InboundMessage.conversation_id, func.min(InboundMessage.received_at))
        .where(col(InboundMessage.conversation_id).in_(ids))
        .group_by(col(InboundMessage.conversation_id))
    ).all():
        found[cid].first_in = at
    for cid, at in session.exec(
        select(Decision.conversation_id, func.min(Decision.created_at))
        .where(col(Decision.conversation_id).in_(ids), col(Decision.action) == "booked")
        .group_by(col(Decision.conversation_id))
    ).all():
        found[cid].booked = True
        found[cid].booked_at = at
    for cid, sent in session.exec(
        select(Outbox.conversation_id, Outbox.sent_at).where(
            col(Outbox.conversation_id).in_(ids), col(Outbox.sent_at).is_not(None)
        )
    ).all():
        r = found[cid] if cid is not None else None
        if r is None or sent is None or r.first_in is None or sent < r.first_in:
            continue
        if r.first_out is None or sent < r.first_out:
            r.first_out = sent
    return found
