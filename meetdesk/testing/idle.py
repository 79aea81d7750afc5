"""Waiting for the daemon to have nothing left to do, instead of sleeping blindly."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import Engine, func
from sqlmodel import col, select

from meetdesk.store.engine import transaction
from meetdesk.store.models import Job


def pending_jobs(engine: Engine) -> int:
    with transaction(engine) as session:
        query = select(func.count()).where(col(Job.status).in_(["queued", "running"]))
        return int(session.exec(query).one())


async def wait_until_idle(engine: Engine, within: float = 30, interval: float = 0.05) -> None:
    """Return once no job is queued or running; raise TimeoutError after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        if await asyncio.to_thread(pending_jobs, engine) == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"jobs still pending after {within}s")
        await asyncio.sleep(interval)
