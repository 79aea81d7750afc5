"""Holds: the slots a conversation has proposed, kept free while participants decide.

Two requests for the same customer may be worked on at once, by two workers or two
daemons. Each proposes only after reading every live hold of the customer inside the
transaction that adds its own, with the customer's row locked (``FOR UPDATE`` on
PostgreSQL; SQLite transactions are already serial), so the second request sees the
first one's holds and never offers the same time. A hold lives until it is booked,
released (another slot was chosen, the request was cancelled or re-proposed) or expires;
a booked hold keeps blocking until the meeting ends, covering the moment between the
booking and the event reaching the calendar.

The calendar mirror of a hold (a tentative event, ``uid``) is reconciled by the
``holds`` job from these rows: ``to_place`` and ``to_remove`` say what the calendar
lacks or still shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from meetdesk.calendar.base import Interval
from meetdesk.store.models import Hold

HELD, BOOKED, RELEASED = "held", "booked", "released"


def lock_customer(session: Session, customer_id: str) -> None:
    """Serialise hold changes per customer until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT id FROM customer WHERE id = :id FOR UPDATE"), {"id": customer_id}
        )


def _live(hold: Hold, now: datetime) -> bool:
    if hold.status == HELD:
        return hold.expires_at > now
    return hold.status == BOOKED and hold.ends_at > now


def taken(session: Session, customer_id: str, *, now: datetime, besides: str) -> list[Interval]:
    """The customer's time held or booked by conversations other than ``besides``."""
    rows = session.exec(
        select(Hold).where(
            col(Hold.customer_id) == customer_id,
            col(Hold.conversation_id) != besides,
            col(Hold.status) != RELEASED,
            col(Hold.ends_at) > now,
        )
    ).all()
    return [Interval(h.starts_at, h.ends_at) for h in rows if _live(h, now)]


def of_conversation(session: Session, conversation_id: str) -> list[Hold]:
    return list(
        session.exec(
            select(Hold)
            .where(col(Hold.conversation_id) == conversation_id)
            .order_by(col(Hold.starts_at))
        ).all()
    )


def own_uids(session: Session, conversation_id: str) -> list[str]:
    """Every calendar UID this conversation's holds use: ignored when it reads busy time."""
    return [h.uid for h in of_conversation(session, conversation_id)]


Held = tuple[str, Interval, str]  # (customer id, slot, the tentative event's UID)


def hold(
    session: Session,
    *,
    conversation_id: str,
    slots: Sequence[Held],
    expires_at: datetime,
    now: datetime,
) -> None:
    """Hold exactly ``slots`` for the conversation: each time in the calendar of each
    customer it concerns (the organiser's, and any colleague's in the meeting).

    A slot held before (same UID: the same time re-proposed) is reused and its expiry
    renewed; the conversation's other holds are released.
    """
    wanted = {uid: (customer_id, slot) for customer_id, slot, uid in slots}
    for row in of_conversation(session, conversation_id):
        if row.uid in wanted:
            wanted.pop(row.uid)
            row.status, row.expires_at, row.updated_at = HELD, expires_at, now
        elif row.status == HELD:
            row.status, row.updated_at = RELEASED, now
        session.add(row)
    for uid, (customer_id, slot) in wanted.items():
        session.add(_row(customer_id, conversation_id, uid, slot, expires_at, HELD, now))


def _row(
    customer_id: str,
    conversation_id: str,
    uid: str,
    slot: Interval,
    expires_at: datetime,
    status: str,
    now: datetime,
) -> Hold:
    return Hold(
        customer_id=customer_id,
        conversation_id=conversation_id,
        uid=uid,
        starts_at=slot.start,
        ends_at=slot.end,
        expires_at=expires_at,
        status=status,
        created_at=now,
        updated_at=now,
    )


def book(
    session: Session,
    *,
    customer_id: str,
    conversation_id: str,
    slot: Interval,
    uid: str,
    now: datetime,
) -> None:
    """Mark the holds of the booked slot as booked (they block until the meeting ends,
    in every calendar that held it) and release the others. A time that was never held
    (a counter-proposal accepted directly) gets a booked row for ``customer_id`` under
    ``uid``, so it blocks other requests the same way."""
    found = False
    for row in of_conversation(session, conversation_id):
        if (row.starts_at, row.ends_at) == (slot.start, slot.end):
            row.status, found = BOOKED, found or row.customer_id == customer_id
        elif not found and row.uid == uid:
            row.starts_at, row.ends_at, row.status, found = slot.start, slot.end, BOOKED, True
        elif row.status != RELEASED:
            row.status = RELEASED
        row.updated_at = now
        session.add(row)
    if not found:
        session.add(_row(customer_id, conversation_id, uid, slot, slot.end, BOOKED, now))


def renew(session: Session, conversation_id: str, *, expires_at: datetime, now: datetime) -> None:
    """Keep the conversation's held times free until ``expires_at``: a reminder asks
    about them again. A time that expired and was taken by another request since is
    released instead; a time already past is left to expire."""
    rows = [r for r in of_conversation(session, conversation_id) if r.status == HELD]
    for customer_id in sorted({r.customer_id for r in rows}):
        lock_customer(session, customer_id)
    for row in rows:
        if row.starts_at <= now:
            continue
        span = Interval(row.starts_at, row.ends_at)
        others = taken(session, row.customer_id, now=now, besides=conversation_id)
        if row.expires_at <= now and any(span.overlaps(t) for t in others):
            row.status = RELEASED
        else:
            row.expires_at = expires_at
        row.updated_at = now
        session.add(row)


def release(session: Session, conversation_id: str, *, now: datetime) -> None:
    """Release every hold and booking of the conversation (cancelled, or re-proposing)."""
    for row in of_conversation(session, conversation_id):
        if row.status != RELEASED:
            row.status, row.updated_at = RELEASED, now
            session.add(row)


def to_place(rows: Iterable[Hold], now: datetime) -> list[Hold]:
    """Live holds whose tentative event is not in the calendar yet."""
    return [h for h in rows if h.status == HELD and h.expires_at > now and not h.placed]


def to_remove(rows: Iterable[Hold], now: datetime) -> list[Hold]:
    """Tentative events the calendar still shows for holds that are no longer live holds
    (a booked hold's event is replaced by the meeting itself)."""
    return [h for h in rows if h.placed and not (h.status == HELD and h.expires_at > now)]


def next_expiry(rows: Iterable[Hold], now: datetime) -> datetime | None:
    """When the next live hold expires: the ``holds`` job runs again then."""
    ahead = [h.expires_at for h in rows if h.status == HELD and h.expires_at > now]
    return min(ahead, default=None)
