"""The ``purge`` job: one retention pass per period, cluster-wide.

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
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from meetdesk.flow.services import Services
from meetdesk.privacy.purge import run_pass, summary
from meetdesk.privacy.retention import parse_policy
from meetdesk.store import jobs
from meetdesk.store.engine import transaction
from meetdesk.worker import JobContext

KIND = "purge"
log = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def period(now: datetime, hours: int) -> tuple[str, datetime, datetime]:
    """(dedupe key, start, end) of the period ``now`` falls in."""
    length = timedelta(hours=hours)
    index = (now - _EPOCH) // length
    start = _EPOCH + index * length
    return f"{KIND}:{hours}h:{index}", start, start + length


def enqueue_period(session: Session, *, now: datetime, hours: int, after: bool) -> str:
    """Queue the purge of the current period (or, with ``after``, of the next one)."""
    key, start, end = period(now, hours)
    if after:
        key, start, end = period(end, hours)
    return jobs.enqueue(session, KIND, now=now, run_after=max(start, now), dedupe_key=key)


def schedule(engine: Engine, *, now: datetime, hours: int) -> None:
    """At daemon start: make sure this period's purge is queued (once, cluster-wide)."""
    try:
        with transaction(engine) as session:
            enqueue_period(session, now=now, hours=hours, after=False)
    except IntegrityError:  # another daemon queued the same period's job just now
        log.debug("purge of this period already queued by another daemon")


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
