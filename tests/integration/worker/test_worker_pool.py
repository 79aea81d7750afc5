"""The worker loop: success, retry with backoff, escalation on failure, release at shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from meetdesk.clock import SystemClock
from meetdesk.errors import CalendarRejected, CalendarUnavailable
from meetdesk.settings import WorkerSettings
from meetdesk.store import jobs
from meetdesk.store.engine import make_engine, transaction
from meetdesk.store.migrate import upgrade
from meetdesk.store.models import Escalation, Job
from meetdesk.testing.idle import wait_until_idle
from meetdesk.worker import JobContext, WorkerPool

FAST = WorkerSettings(
    concurrency=2,
    lease_seconds=30,
    max_attempts=3,
    backoff_seconds=0.05,
    poll_seconds=0.05,
    shutdown_grace_seconds=0.2,
)


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[Engine]:
    engine = make_engine(db_url)
    await asyncio.to_thread(upgrade, engine)
    yield engine
    engine.dispose()


def _enqueue(engine: Engine, kind: str) -> str:
    with transaction(engine) as session:
        return jobs.enqueue(session, kind, now=SystemClock().now(), max_attempts=3)


def _job(engine: Engine, job_id: str) -> Job:
    with transaction(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


async def _run(
    engine: Engine, handlers: dict[str, Callable[..., object]], until: Callable[[], bool]
) -> WorkerPool:
    pool = WorkerPool(engine, SystemClock(), handlers, FAST, "test")  # type: ignore[arg-type]
    task = asyncio.create_task(pool.run())
    for _ in range(400):
        if await asyncio.to_thread(until):
            break
        await asyncio.sleep(0.025)
    pool.stop()
    await asyncio.wait_for(task, 10)
    return pool


async def test_success_marks_done(engine: Engine) -> None:
    """A handler that returns normally completes its job."""
    seen: list[str] = []

    async def ok(job: jobs.ClaimedJob, ctx: JobContext) -> None:
        seen.append(job.id)

    job_id = _enqueue(engine, "ok")
    await _run(engine, {"ok": ok}, lambda: _job(engine, job_id).status == "done")
    assert seen == [job_id]


async def test_transient_error_is_retried_then_succeeds(engine: Engine) -> None:
    """A TransientError backs off and the next attempt runs."""
    attempts: list[int] = []

    async def flaky(job: jobs.ClaimedJob, ctx: JobContext) -> None:
        attempts.append(job.attempts)
        if job.attempts < 2:
            raise CalendarUnavailable("server down")

    job_id = _enqueue(engine, "flaky")
    await _run(engine, {"flaky": flaky}, lambda: _job(engine, job_id).status == "done")
    assert attempts == [1, 2]


async def test_permanent_error_escalates(engine: Engine) -> None:
    """A permanent error fails the job at once and opens an escalation naming the stage."""

    async def broken(job: jobs.ClaimedJob, ctx: JobContext) -> None:
        raise CalendarRejected("authentication refused")

    job_id = _enqueue(engine, "broken")
    await _run(engine, {"broken": broken}, lambda: _job(engine, job_id).status == "failed")
    with transaction(engine) as session:
        [escalation] = session.exec(select(Escalation)).all()
    assert escalation.reason == "job_failed:broken" and escalation.job_id == job_id
    assert "authentication refused" in escalation.details


async def test_unknown_kind_escalates(engine: Engine) -> None:
    """A job nobody handles is never dropped silently."""
    job_id = _enqueue(engine, "mystery")
    await _run(engine, {}, lambda: _job(engine, job_id).status == "failed")


async def test_shutdown_releases_a_job_that_overruns_the_grace(engine: Engine) -> None:
    """On stop, a job still running after the grace period is handed back untouched."""
    started = asyncio.Event()

    async def slow(job: jobs.ClaimedJob, ctx: JobContext) -> None:
        started.set()
        await asyncio.sleep(60)

    job_id = _enqueue(engine, "slow")
    pool = WorkerPool(engine, SystemClock(), {"slow": slow}, FAST, "test")
    task = asyncio.create_task(pool.run())
    await asyncio.wait_for(started.wait(), 10)
    pool.stop()
    await asyncio.wait_for(task, 10)
    job = _job(engine, job_id)
    assert job.status == "queued" and job.attempts == 0 and job.worker is None


async def test_shutdown_lets_a_short_job_finish(engine: Engine, tmp_path: Path) -> None:
    """On stop, a job that finishes within the grace period completes normally."""
    started = asyncio.Event()

    async def short(job: jobs.ClaimedJob, ctx: JobContext) -> None:
        started.set()
        await asyncio.sleep(0.05)

    job_id = _enqueue(engine, "short")
    pool = WorkerPool(engine, SystemClock(), {"short": short}, FAST, "test")
    task = asyncio.create_task(pool.run())
    await asyncio.wait_for(started.wait(), 10)
    pool.stop()
    await asyncio.wait_for(task, 10)
    assert _job(engine, job_id).status == "done"
    await wait_until_idle(engine, 5)
