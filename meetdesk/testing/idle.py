"""Waiting for the daemon to have nothing left to do, instead of sleeping blindly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, and_, func, or_
from sqlmodel import col, select

from meetdesk.store.engine import transaction
from meetdesk.store.models import Job


def pending_jobs(engine: Engine, now: datetime | None = None) -> int:
    """Jobs running, queued and due, or waiting to be retried: a job first scheduled for
    a later time (a hold's expiry, a follow-up in two days) is not pending work."""
    due = now or datetime.now(UTC)
    with transaction(engine) as session:
        query = select(func.count()).where(
            or_(
                col(Job.status) == "running",
                and_(
                    col(Job.status) == "queued",
                    or_(
                        col(Job.run_after) <= col(Job.created_at),  # to run at once
                        col(Job.run_after) <= due,
                        col(Job.attempts) > 0,  # a retry is pending
                    ),
                ),
            )
        )
        return int(session.exec(query).one())


async def wait_until_idle(
    engine: Engine,
    within: float = 30,
    interval: float = 0.05,
    now: Callable[[], datetime] | None = None,
) -> None:
    """Return once no job is running or due (by ``now``, the daemon's clock, default the
    wall clock); raise TimeoutError after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        if await asyncio.to_thread(pending_jobs, engine, now() if now else None) == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"jobs still pending after {within}s")
        await asyncio.sleep(interval)
