"""Holds on both databases: who sees what, reuse, booking, and two concurrent requests."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import Engine, inspect

from meetdesk.calendar.base import Interval
from meetdesk.privacy.crypto import Cipher
from meetdesk.store import holds
from meetdesk.store.conversations import new_conversation
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.migrate import alembic_config

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"k" * 32)


def slot(hour: int, minutes: int = 60) -> Interval:
    start = datetime(2026, 12, 3, hour, tzinfo=UTC)
    return Interval(start, start + timedelta(minutes=minutes))


def _setup(engine: Engine, conversations: int = 2) -> tuple[str, list[str]]:
    with transaction(engine) as session:
        customer = add_customer(
            session,
            CIPHER,
            email="alice@example.com",
            name="Alice",
            timezone="Europe/Paris",
            calendar_kind="local",
            calendar={"path": "unused"},
            now=T0,
        )
        convs = [new_conversation(session, now=T0).id for _ in range(conversations)]
    return customer.id, convs


def _hold(engine: Engine, customer: str, conv: str, *hours: int, ttl: int = 72) -> None:
    with transaction(engine) as session:
        holds.hold(
            session,
            conversation_id=conv,
            slots=[(customer, slot(h), f"{conv}-{h}") for h in hours],
            expires_at=T0 + timedelta(hours=ttl),
            now=T0,
        )


def _taken(engine: Engine, customer: str, besides: str, now: datetime = T0) -> list[Interval]:
    with transaction(engine) as session:
        return holds.taken(session, customer, now=now, besides=besides)


def test_a_hold_blocks_other_conversations_not_its_own(engine: Engine) -> None:
    customer, (a, b) = _setup(engine)
    _hold(engine, customer, a, 9, 14)
    assert _taken(engine, customer, besides=b) == [slot(9), slot(14)]
    assert _taken(engine, customer, besides=a) == []


def test_expired_holds_stop_blocking_booked_ones_block_until_the_end(engine: Engine) -> None:
    customer, (a, b) = _setup(engine)
    _hold(engine, customer, a, 9, 14, ttl=2)
    later = T0 + timedelta(hours=3)
    assert _taken(engine, customer, besides=b, now=later) == []
    with transaction(engine) as session:
        holds.book(
            session, customer_id=customer, conversation_id=a, slot=slot(14), uid="ev", now=T0
        )
    assert _taken(engine, customer, besides=b, now=later) == [slot(14)]
    assert _taken(engine, customer, besides=b, now=slot(14).end) == []


def test_holding_again_reuses_the_same_time_and_releases_the_rest(engine: Engine) -> None:
    customer, (a, _b) = _setup(engine)
    _hold(engine, customer, a, 9, 14)
    with transaction(engine) as session:
        for row in holds.of_conversation(session, a):
            row.placed = True
            session.add(row)
    _hold(engine, customer, a, 14, 16)
    with transaction(engine) as session:
        rows = {r.uid: r for r in holds.of_conversation(session, a)}
        assert {u: r.status for u, r in rows.items()} == {
            f"{a}-9": "released",
            f"{a}-14": "held",
            f"{a}-16": "held",
        }
        assert [r.uid for r in holds.to_place(rows.values(), T0)] == [f"{a}-16"]
        assert [r.uid for r in holds.to_remove(rows.values(), T0)] == [f"{a}-9"]
        assert holds.next_expiry(rows.values(), T0) == T0 + timedelta(hours=72)
        assert sorted(holds.own_uids(session, a)) == sorted(rows)


def test_booking_keeps_the_chosen_time_and_frees_the_others(engine: Engine) -> None:
    customer, (a, b) = _setup(engine)
    _hold(engine, customer, a, 9, 14)
    with transaction(engine) as session:
        holds.book(session, customer_id=customer, conversation_id=a, slot=slot(9), uid="x", now=T0)
        statuses = [r.status for r in holds.of_conversation(session, a)]
    assert statuses == ["booked", "released"]
    assert _taken(engine, customer, besides=b) == [slot(9)]


def test_a_time_never_held_can_be_booked_and_then_released(engine: Engine) -> None:
    customer, (a, b) = _setup(engine)
    with transaction(engine) as session:
        holds.book(
            session, customer_id=customer, conversation_id=a, slot=slot(11), uid="ev", now=T0
        )
    assert _taken(engine, customer, besides=b) == [slot(11)]
    with transaction(engine) as session:  # rescheduled: the same event moves
        holds.book(
            session, customer_id=customer, conversation_id=a, slot=slot(15), uid="ev", now=T0
        )
    assert _taken(engine, customer, besides=b) == [slot(15)]
    with transaction(engine) as session:
        holds.release(session, a, now=T0)
    assert _taken(engine, customer, besides=b) == []


def test_two_concurrent_requests_never_hold_the_same_time(engine: Engine) -> None:
    """Each request reads the others' holds and adds its own in one locked transaction;
    the first sleeps inside it, so without the lock both would take 09:00."""
    customer, convs = _setup(engine, conversations=2)
    chosen: dict[str, int] = {}
    started = threading.Barrier(2)

    def request(conv: str, pause: float) -> None:
        started.wait()
        with transaction(engine) as session:
            holds.lock_customer(session, customer)
            busy = holds.taken(session, customer, now=T0, besides=conv)
            hour = next(h for h in (9, 10, 11) if not any(slot(h).overlaps(b) for b in busy))
            time.sleep(pause)
            holds.hold(
                session,
                conversation_id=conv,
                slots=[(customer, slot(hour), f"{conv}-{hour}")],
                expires_at=T0 + timedelta(hours=1),
                now=T0,
            )
            chosen[conv] = hour

    threads = [
        threading.Thread(target=request, args=(conv, pause))
        for conv, pause in zip(convs, (0.3, 0.0), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(chosen.values()) == [9, 10]


def test_migration_0003_down_and_up(engine: Engine) -> None:
    config = alembic_config(engine)
    command.downgrade(config, "0002")
    assert "hold" not in inspect(engine).get_table_names()
    command.upgrade(config, "head")
    assert "hold" in inspect(engine).get_table_names()


def test_renewing_keeps_free_times_held_and_gives_up_those_taken_since(engine: Engine) -> None:
    customer, (a, b) = _setup(engine)
    _hold(engine, customer, a, 9, 14, ttl=2)  # expired three hours later
    later = T0 + timedelta(hours=3)
    with transaction(engine) as session:  # meanwhile another request holds 14:00
        holds.hold(
            session,
            conversation_id=b,
            slots=[(customer, slot(14), "b-14")],
            expires_at=later + timedelta(hours=72),
            now=later,
        )
    with transaction(engine) as session:
        holds.renew(session, a, expires_at=later + timedelta(hours=72), now=later)
        rows = {r.uid: r for r in holds.of_conversation(session, a)}
    assert rows[f"{a}-9"].status == "held" and rows[f"{a}-9"].expires_at > later
    assert rows[f"{a}-14"].status == "released"
    assert _taken(engine, customer, besides=b, now=later) == [slot(9)]
