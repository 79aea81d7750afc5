"""The durable job queue: leases, recovery, per-conversation exclusion, retries."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from meetdesk.store import jobs
from meetdesk.store.conversations import new_conversation
from meetdesk.store.engine import transaction
from meetdesk.store.models import Job

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


def _conversation(engine: Engine) -> str:
    with transaction(engine) as session:
        conv = new_conversation(session, now=T0)
        return conv.id


def _enqueue(engine: Engine, kind: str = "k", conv: str | None = None, **kw: object) -> str:
    with transaction(engine) as session:
        return jobs.enqueue(session, kind, now=T0, conversation_id=conv, **kw)  # type: ignore[arg-type]


def _status(engine: Engine, job_id: str) -> str:
    with transaction(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job.status


def test_claim_finish_round_trip(engine: Engine) -> None:
    """A queued job is claimed once, and finishing it marks it done."""
    job_id = _enqueue(engine, payload={"x": 1})
    claimed = jobs.claim(engine, "w1", now=T0, lease=LEASE)
    assert claimed is not None and claimed.id == job_id and claimed.payload == {"x": 1}
    assert jobs.claim(engine, "w2", now=T0, lease=LEASE) is None
    with transaction(engine) as session:
        jobs.finish(session, claimed, now=T0)
    assert _status(engine, job_id) == "done"


def test_run_after_is_respected(engine: Engine) -> None:
    """A job scheduled for later is not claimable before its time."""
    _enqueue(engine, run_after=T0 + timedelta(minutes=5))
    assert jobs.claim(engine, "w", now=T0, lease=LEASE) is None
    assert jobs.claim(engine, "w", now=T0 + timedelta(minutes=5), lease=LEASE) is not None


def test_expired_lease_is_recovered(engine: Engine) -> None:
    """A job whose worker died is claimed again after its lease expires."""
    job_id = _enqueue(engine)
    first = jobs.claim(engine, "dead", now=T0, lease=LEASE)
    assert first is not None
    assert jobs.claim(engine, "alive", now=T0 + timedelta(seconds=30), lease=LEASE) is None
    again = jobs.claim(engine, "alive", now=T0 + timedelta(seconds=61), lease=LEASE)
    assert again is not None and again.id == job_id and again.attempts == 2


def test_lost_lease_cannot_finish(engine: Engine) -> None:
    """The worker that lost its lease cannot commit its results."""
    _enqueue(engine)
    first = jobs.claim(engine, "slow", now=T0, lease=LEASE)
    second = jobs.claim(engine, "fast", now=T0 + timedelta(seconds=61), lease=LEASE)
    assert first is not None and second is not None
    with pytest.raises(jobs.LeaseLost), transaction(engine) as session:
        jobs.finish(session, first, now=T0)
    with transaction(engine) as session:
        jobs.finish(session, second, now=T0)


def test_one_worker_per_conversation(engine: Engine) -> None:
    """A second job of a conversation waits while the first one runs."""
    conv = _conversation(engine)
    _enqueue(engine, "a", conv)
    _enqueue(engine, "b", conv)
    other = _enqueue(engine, "c", None)
    first = jobs.claim(engine, "w1", now=T0, lease=LEASE)
    assert first is not None and first.kind == "a"
    second = jobs.claim(engine, "w2", now=T0, lease=LEASE)
    assert second is not None and second.id == other
    assert jobs.claim(engine, "w3", now=T0, lease=LEASE) is None
    with transaction(engine) as session:
        jobs.finish(session, first, now=T0)
    third = jobs.claim(engine, "w3", now=T0, lease=LEASE)
    assert third is not None and third.kind == "b"


def test_retry_with_backoff_then_fail(engine: Engine) -> None:
    """Transient failures back off exponentially; the last attempt fails the job."""
    job_id = _enqueue(engine, max_attempts=2)
    claimed = jobs.claim(engine, "w", now=T0, lease=LEASE)
    assert claimed is not None
    with transaction(engine) as session:
        assert not jobs.retry_or_fail(
            session, claimed, error="E: x", permanent=False, now=T0, backoff_seconds=10
        )
    assert jobs.claim(engine, "w", now=T0 + timedelta(seconds=9), lease=LEASE) is None
    claimed = jobs.claim(engine, "w", now=T0 + timedelta(seconds=10), lease=LEASE)
    assert claimed is not None and claimed.attempts == 2
    with transaction(engine) as session:
        assert jobs.retry_or_fail(
            session, claimed, error="E: x", permanent=False, now=T0, backoff_seconds=10
        )
    assert _status(engine, job_id) == "failed"


def test_release_makes_job_claimable_without_using_an_attempt(engine: Engine) -> None:
    """A job handed back at shutdown is claimable at once with its attempt restored."""
    _enqueue(engine)
    claimed = jobs.claim(engine, "w", now=T0, lease=LEASE)
    assert claimed is not None
    jobs.release(engine, claimed, now=T0)
    again = jobs.claim(engine, "w2", now=T0, lease=LEASE)
    assert again is not None and again.attempts == 1


def test_dedupe_key_enqueues_once(engine: Engine) -> None:
    """Enqueueing twice with the same key yields one job."""
    a = _enqueue(engine, dedupe_key="same")
    b = _enqueue(engine, dedupe_key="same")
    assert a == b


def test_concurrent_claims_never_share_a_job(engine: Engine) -> None:
    """Many threads claiming at once each get distinct jobs, and conversations stay exclusive."""
    convs = [_conversation(engine) for _ in range(5)]
    for i in range(40):
        _enqueue(engine, "k", convs[i % 5] if i % 2 else None)
    claimed: list[jobs.ClaimedJob] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while True:
            job = jobs.claim(engine, name, now=T0, lease=LEASE)
            if job is None:
                return
            with lock:
                claimed.append(job)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = [j.id for j in claimed]
    assert len(ids) == len(set(ids))
    running_convs = [j.conversation_id for j in claimed if j.conversation_id]
    assert len(running_convs) == len(set(running_convs))  # one running job per conversation
    with transaction(engine) as session:
        queued = session.scalars(select(Job).where(Job.status == "queued")).all()
    assert len(queued) + len(claimed) == 40
