"""The escalation queue on both databases: SLA due times, leases that expire, refused
concurrent claims, resolutions and discards, every transition audited."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from meetdesk.errors import AccessDenied
from meetdesk.privacy import audit
from meetdesk.privacy.access import Actor
from meetdesk.privacy.processors import Processor
from meetdesk.settings import SupervisionSettings
from meetdesk.store.engine import make_engine, transaction
from meetdesk.store.migrate import upgrade
from meetdesk.store.models import AuditEntry, Escalation
from meetdesk.supervision import queue
from meetdesk.supervision.queue import Filters, QueueError

from .queue_data import ALICE, CIPHER, T0, customer, escalation

ADMIN = Actor.admin()
LEASE = timedelta(minutes=15)


def row(engine: Engine, escalation_id: str) -> Escalation:
    with transaction(engine) as session:
        found = session.get(Escalation, escalation_id)
        assert found is not None
        return found


def claim(engine: Engine, eid: str, user: str, minutes: float = 0) -> Escalation:
    with transaction(engine) as session:
        return queue.claim(
            session,
            CIPHER,
            eid,
            user=user,
            actor=ADMIN,
            now=T0 + timedelta(minutes=minutes),
            lease=LEASE,
        )


def actions(engine: Engine) -> list[tuple[str, str, list[str]]]:
    with transaction(engine) as session:
        rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
        return [(e.actor, e.action, json.loads(e.categories)) for e in rows]


def test_due_time_follows_the_family_then_the_priority_then_the_default(engine: Engine) -> None:
    sla = SupervisionSettings(sla_minutes=240, sla={"no_free_slot": 60, "high": 30})
    cid = customer(engine)
    plain = escalation(engine, cid, reason="unclear_request", sla=sla)
    slot = escalation(engine, cid, reason="no_free_slot", sla=sla)
    policy = escalation(engine, cid, reason="subject_restricted", sla=sla)
    assert row(engine, plain).due_at == T0 + timedelta(minutes=240)
    assert (row(engine, slot).kind, row(engine, slot).due_at) == (
        "no_free_slot",
        T0 + timedelta(minutes=60),
    )
    assert (row(engine, policy).priority, row(engine, policy).due_at) == (
        "high",
        T0 + timedelta(minutes=30),
    )


def test_a_failed_calendar_job_is_a_high_priority_calendar_failure(engine: Engine) -> None:
    eid = escalation(engine, customer(engine), reason="job_failed:book")
    assert (row(engine, eid).kind, row(engine, eid).priority) == ("calendar_failure", "high")
    eid = escalation(engine, customer(engine, "c2@customer.example"), reason="job_failed:send")
    assert row(engine, eid).kind == "mail_failure"


def test_a_claim_is_refused_while_leased_and_taken_once_expired(engine: Engine) -> None:
    eid = escalation(engine, customer(engine))
    claimed = claim(engine, eid, "alice")
    assert (claimed.status, claimed.lease_until) == ("claimed", T0 + LEASE)
    with pytest.raises(QueueError, match="claimed by alice until 2026-12-02 09:15 UTC"):
        claim(engine, eid, "bruno", minutes=14)
    taken = claim(engine, eid, "bruno", minutes=15)
    assert (taken.claimed_by, taken.claimed_at) == ("bruno", T0 + timedelta(minutes=15))


def test_the_holder_extends_its_lease_and_releases_it(engine: Engine) -> None:
    eid = escalation(engine, customer(engine))
    claim(engine, eid, "alice")
    assert claim(engine, eid, "alice", minutes=10).lease_until == T0 + timedelta(minutes=25)
    with transaction(engine) as session, pytest.raises(QueueError, match="claimed by alice"):
        queue.release(session, CIPHER, eid, user="bruno", actor=ADMIN, now=T0)
    with transaction(engine) as session:
        queue.release(session, CIPHER, eid, user="alice", actor=ADMIN, now=T0)
    released = row(engine, eid)
    assert (released.status, released.claimed_by, released.lease_until) == ("open", None, None)


def test_listing_reads_a_lapsed_lease_as_open_and_filters(engine: Engine) -> None:
    cid, other = customer(engine), customer(engine, "carol@customer.example")
    first = escalation(engine, cid, reason="no_free_slot")
    second = escalation(engine, other, reason="unknown_sender", now=T0 + timedelta(minutes=1))
    claim(engine, first, "alice")

    def ids(minutes: float, **kw: object) -> list[str]:
        with transaction(engine) as session:
            now = T0 + timedelta(minutes=minutes)
            return [e.id for e in queue.list_queue(session, now=now, filters=Filters(**kw))]  # type: ignore[arg-type]

    assert ids(0, status="open") == [second]
    assert ids(0, status="claimed") == [first]
    assert ids(20, status="open") == [first, second]
    assert ids(0, status="active", kind="unknown_sender") == [second]
    assert ids(0, status=None, reason="no_free_slot") == [first]
    assert ids(0, status=None, customer_id=other) == [second]
    assert ids(0, overdue=True) == []
    assert ids(241, overdue=True) == [first, second]
    with pytest.raises(QueueError, match="unknown status 'closed'"):
        ids(0, status="closed")


def test_resolve_and_discard_close_for_good_with_sealed_notes(engine: Engine) -> None:
    cid = customer(engine)
    one, two = escalation(engine, cid), escalation(engine, cid)
    claim(engine, one, "alice")
    with transaction(engine) as session:
        done = queue.resolve(
            session,
            CIPHER,
            one,
            user="alice",
            actor=ADMIN,
            now=T0 + timedelta(minutes=5),
            resolution="answered",
            note="called Bob, he agrees to Tuesday",
        )
        assert b"Bob" not in (done.note_enc or b"")
    with transaction(engine) as session:
        queue.discard(session, CIPHER, two, user="bruno", actor=ADMIN, now=T0, why="duplicate")
    resolved, discarded = row(engine, one), row(engine, two)
    assert (resolved.status, resolved.resolution, resolved.closed_by) == (
        "resolved",
        "answered",
        "alice",
    )
    assert resolved.resolved_at == T0 + timedelta(minutes=5)
    assert queue.note_of(CIPHER, resolved) == "called Bob, he agrees to Tuesday"
    assert (discarded.status, discarded.discarded_at) == ("discarded", T0)
    with pytest.raises(QueueError, match="already resolved"):
        claim(engine, one, "bruno")


def test_a_claimed_escalation_is_closed_only_by_its_holder(engine: Engine) -> None:
    eid = escalation(engine, customer(engine))
    claim(engine, eid, "alice")
    with transaction(engine) as session, pytest.raises(QueueError, match="claimed by alice"):
        queue.resolve(session, CIPHER, eid, user="bruno", actor=ADMIN, now=T0)
    assert row(engine, eid).status == "claimed"


def test_bad_input_is_refused_and_changes_nothing(engine: Engine) -> None:
    eid = escalation(engine, customer(engine))
    for call, match in [
        (lambda s: queue.claim(s, CIPHER, eid, user="a@b.c", actor=ADMIN, now=T0, lease=LEASE),
         "not an address"),
        (lambda s: queue.claim(s, CIPHER, "nope", user="a", actor=ADMIN, now=T0, lease=LEASE),
         "no escalation nope"),
        (lambda s: queue.resolve(s, CIPHER, eid, user="a", actor=ADMIN, now=T0, resolution="x"),
         "unknown resolution"),
        (lambda s: queue.discard(s, CIPHER, eid, user="a", actor=ADMIN, now=T0, why=" "),
         "say why"),
    ]:
        with transaction(engine) as session, pytest.raises(QueueError, match=match):
            call(session)
    assert row(engine, eid).status == "open"


def test_every_transition_is_audited_with_the_supervisor(engine: Engine) -> None:
    eid = escalation(engine, customer(engine))
    claim(engine, eid, "alice")
    with transaction(engine) as session:
        queue.release(session, CIPHER, eid, user="alice", actor=ADMIN, now=T0)
    with transaction(engine) as session:
        queue.resolve(session, CIPHER, eid, user="alice", actor=ADMIN, now=T0, note="ok")
    assert actions(engine) == [
        ("admin-cli/alice", "escalation.claim", ["system.operations"]),
        ("admin-cli/alice", "escalation.release", ["system.operations"]),
        (
            "admin-cli/alice",
            "escalation.resolve",
            ["system.operations", "user.content.private.supervision_note"],
        ),
    ]
    with transaction(engine) as session:
        assert audit.verify(session).ok


def test_a_processor_works_only_the_customers_it_serves(engine: Engine) -> None:
    mine = escalation(engine, customer(engine))
    theirs = escalation(engine, customer(engine, "dora@other.example"))
    provider = Processor(
        id="provider",
        name="Supervisors Ltd",
        country="IE",
        purposes=("supervision",),
        allow=("system.operations",),
        customers=(ALICE,),
    )
    actor = Actor(id="provider", processor=provider)
    with transaction(engine) as session:
        queue.claim(session, CIPHER, mine, user="eve", actor=actor, now=T0, lease=LEASE)
    with transaction(engine) as session, pytest.raises(AccessDenied, match="does not serve"):
        queue.claim(session, CIPHER, theirs, user="eve", actor=actor, now=T0, lease=LEASE)


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def test_two_supervisors_claiming_at_once_on_postgresql_one_wins(pg_engine: Engine) -> None:
    engine = pg_engine
    eid = escalation(engine, customer(engine))
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def attempt(user: str) -> None:
        with transaction(engine) as session:
            barrier.wait()
            try:
                queue.claim(session, CIPHER, eid, user=user, actor=ADMIN, now=T0, lease=LEASE)
                outcomes[user] = "won"
            except QueueError as exc:
                outcomes[user] = str(exc)

    threads = [threading.Thread(target=attempt, args=(u,)) for u in ("alice", "bruno")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    winner = row(engine, eid).claimed_by
    loser = "bruno" if winner == "alice" else "alice"
    assert outcomes[winner] == "won"
    assert outcomes[loser].startswith(f"escalation {eid} is claimed by {winner}")
