"""The ``purge`` job: one retention pass per period, cluster-wide (``store.periodic``).

Periods are fixed slices of UTC time (``[privacy.retention] period_hours`` long, counted
from the epoch), and each period's job has the dedupe key ``purge:<hours>h:<n>``: however
many daemons start or finish a pass, the queue holds at most one job per period, and
only the worker that claimed it runs the pass. The pass commits in its own batches
(``meetdesk.privacy.purge``); the job's final transaction queues the next period's job.
A job retried after a crash simply runs the (idempotent) pass again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from meetdesk.flow.services import Services
from meetdesk.privacy.purge import run_pass, summary
from meetdesk.privacy.retention import parse_policy
from meetdesk.store import jobs
from meetdesk.store.periodic import Periodic
from meetdesk.worker import JobContext

KIND = "purge"
log = logging.getLogger(__name__)


def _periodic(hours: int) -> Periodic:
    return Periodic(KIND, timedelta(hours=hours), f"{hours}h")


def period(now: datetime, hours: int) -> tuple[str, datetime, datetime]:
    """(dedupe key, start, end) of the period ``now`` falls in."""
    return _periodic(hours).period(now)


def enqueue_period(session: Session, *, now: datetime, hours: int, after: bool) -> str:
    """Queue the purge of the current period (or, with ``after``, of the next one)."""
    return _periodic(hours).enqueue(session, now=now, after=after)


def schedule(engine: Engine, *, now: datetime, hours: int) -> None:
    """At daemon start: make sure this period's purge is queued (once, cluster-wide)."""
    _periodic(hours).schedule(engine, now=now)


async def purge(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    """Run one pass, then queue the next period's."""
    policy = parse_policy(s.settings.privacy.retention)
    now = s.clock.now()
    result = await asyncio.to_thread(run_pass, s.engine, s.cipher, policy, now=now)
    log.info(
        "purge pass %s removed %d rows, kept %d held conversations: %s",
        result.pass_id,
        result.total,
        result.held,
        summary(sorted(result.counts.items())),
    )
    await ctx.commit(
        lambda session: enqueue_period(
            session, now=s.clock.now(), hours=policy.period_hours, after=True
        )
    )
