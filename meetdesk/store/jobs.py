"""The durable job queue, kept in the store itself.

Why in the database: a job is enqueued in the same transaction as the data it is about
(an accepted message, a decision), so work is never lost or invented by a crash between
two systems. Semantics:

- A job is *claimed* with a lease. A worker that dies simply stops renewing it; once the
  lease has expired any worker may claim the job again.
- One conversation is handled by one worker at a time: a job is not claimable while
  another job of the same conversation holds a live lease. On PostgreSQL the claim locks
  the candidate job (``FOR UPDATE SKIP LOCKED``) and then the conversation row, so two
  workers can never both pass that check; on SQLite every write transaction is
  ``BEGIN IMMEDIATE`` and therefore already serial.
- A handler commits its results and ``finish()`` in one transaction; ``finish`` checks
  the lease is still ours, so a worker that lost its lease cannot commit twice.
- Failures are retried with exponential backoff; a permanent failure, or the last
  allowed attempt, marks the job failed and the caller turns it into an escalation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, exists, or_, text, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from meetdesk.store.engine import is_postgres, transaction
from meetdesk.store.models import Job, new_id

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class LeaseLost(Exception):
    """The job's lease was taken over by another worker; the caller must roll back."""


@dataclass(frozen=True)
class ClaimedJob:
    id: str
    kind: str
    conversation_id: str | None
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    worker: str


def enqueue(
    session: Session,
    kind: str,
    *,
    now: datetime,
    conversation_id: str | None = None,
    payload: dict[str, Any] | None = None,
    run_after: datetime | None = None,
    dedupe_key: str | None = None,
    max_attempts: int = 6,
) -> str:
    """Add a job inside the caller's transaction; with ``dedupe_key``, at most one exists."""
    if dedupe_key is not None:
        existing = session.exec(select(Job.id).where(col(Job.dedupe_key) == dedupe_key)).first()
        if existing is not None:
            return existing
    job = Job(
        id=new_id(),
        kind=kind,
        conversation_id=conversation_id,
        payload=json.dumps(payload or {}, sort_keys=True),
        dedupe_key=dedupe_key,
        status=QUEUED,
        max_attempts=max_attempts,
        run_after=run_after or now,
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    return job.id


def _claimable(now: datetime) -> Any:
    sibling = aliased(Job)
    busy_sibling = exists().where(
        and_(
            col(sibling.conversation_id) == col(Job.conversation_id),
            col(sibling.id) != col(Job.id),
            col(sibling.status) == RUNNING,
            col(sibling.lease_until) >= now,
        )
    )
    ready = or_(
        and_(col(Job.status) == QUEUED, col(Job.run_after) <= now),
        and_(col(Job.status) == RUNNING, col(Job.lease_until) < now),
    )
    return and_(ready, or_(col(Job.conversation_id).is_(None), ~busy_sibling))


def claim(engine: Engine, worker: str, *, now: datetime, lease: timedelta) -> ClaimedJob | None:
    """Claim the next runnable job for ``worker``, or return None if there is none."""
    with transaction(engine) as session:
        query = (
            select(Job)
            .where(_claimable(now))
            .order_by(col(Job.run_after), col(Job.created_at))
            .limit(10)
        )
        if is_postgres(engine):
            query = query.with_for_update(skip_locked=True, of=Job)  # type: ignore[arg-type]
        for job in session.scalars(query).all():
            if job.conversation_id and is_postgres(engine):
                locked = session.execute(
                    text("SELECT id FROM conversation WHERE id = :c FOR UPDATE SKIP LOCKED"),
                    {"c": job.conversation_id},
                ).first()
                if locked is None:
                    continue
                # Re-check under the conversation lock: a sibling may have been claimed
                # and committed after our snapshot of the candidates was taken.
                still = session.scalars(
                    select(Job.id).where(col(Job.id) == job.id, _claimable(now))
                ).first()
                if still is None:
                    continue
            job.status = RUNNING
            job.worker = worker
            job.lease_until = now + lease
            job.attempts += 1
            job.updated_at = now
            return ClaimedJob(
                id=job.id,
                kind=job.kind,
                conversation_id=job.conversation_id,
                payload=json.loads(job.payload),
                attempts=job.attempts,
                max_attempts=job.max_attempts,
                worker=worker,
            )
    return None


def _owned(job: ClaimedJob) -> Any:
    """The job row, as long as ``job.worker`` still holds it."""
    return and_(col(Job.id) == job.id, col(Job.worker) == job.worker, col(Job.status) == RUNNING)


def finish(session: Session, job: ClaimedJob, *, now: datetime) -> None:
    """Mark the job done inside the caller's result transaction; raise LeaseLost if stolen."""
    result = session.execute(
        update(Job)
        .where(_owned(job))
        .values(status=DONE, lease_until=None, updated_at=now, last_error=None)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(job.id)


def extend(engine: Engine, job: ClaimedJob, *, now: datetime, lease: timedelta) -> bool:
    """Renew the lease of a long-running job; False if it is no longer ours."""
    with transaction(engine) as session:
        result = session.execute(
            update(Job).where(_owned(job)).values(lease_until=now + lease, updated_at=now)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def backoff_delay(attempts: int, base_seconds: float, cap_seconds: float = 3600.0) -> timedelta:
    """Exponential backoff: base, 2*base, 4*base, ... capped."""
    return timedelta(seconds=min(cap_seconds, base_seconds * (2 ** max(0, attempts - 1))))


def retry_or_fail(
    session: Session,
    job: ClaimedJob,
    *,
    error: str,
    permanent: bool,
    now: datetime,
    backoff_seconds: float,
) -> bool:
    """Record a failure in the caller's transaction. Returns True if the job is now failed.

    Only the worker holding the lease may record it; otherwise nothing changes.
    """
    give_up = permanent or job.attempts >= job.max_attempts
    values: dict[str, Any] = {"lease_until": None, "worker": None, "updated_at": now}
    values["last_error"] = error[:500]
    if give_up:
        values["status"] = FAILED
    else:
        values["status"] = QUEUED
        values["run_after"] = now + backoff_delay(job.attempts, backoff_seconds)
    result = session.execute(update(Job).where(_owned(job)).values(**values))
    return give_up and result.rowcount == 1  # type: ignore[attr-defined]


def release(engine: Engine, job: ClaimedJob, *, now: datetime) -> None:
    """Give a claimed job back untouched (graceful shutdown): claimable again at once."""
    with transaction(engine) as session:
        session.execute(
            update(Job)
            .where(_owned(job))
            .values(
                status=QUEUED,
                lease_until=None,
                worker=None,
                attempts=Job.attempts - 1,
                run_after=now,
                updated_at=now,
            )
        )
