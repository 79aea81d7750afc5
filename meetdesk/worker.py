"""The worker loop: claims jobs, runs their handler, records the outcome.

This is the one place that catches every exception (convention 7): a ``TransientError``
is retried with backoff, anything else -- or the last allowed attempt -- fails the job
and opens an escalation, so no work is ever silently dropped. Handlers commit their
results through ``JobContext.commit`` which marks the job done in the same transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from meetdesk.clock import Clock
from meetdesk.errors import TransientError
from meetdesk.privacy.scrub import without_addresses
from meetdesk.settings import WorkerSettings
from meetdesk.store import jobs
from meetdesk.store.engine import transaction
from meetdesk.supervision.escalations import escalate
from meetdesk.supervision.reasons import Sla

log = logging.getLogger(__name__)


class JobContext:
    """Given to a handler for one claimed job."""

    def __init__(self, engine: Engine, clock: Clock, job: jobs.ClaimedJob) -> None:
        self.engine, self.clock, self.job = engine, clock, job
        self.committed = False

    async def _run(self, fn: Callable[[Session], Any]) -> Any:
        def run() -> Any:
            with transaction(self.engine) as session:
                return fn(session)

        return await asyncio.to_thread(run)

    async def read(self, fn: Callable[[Session], Any]) -> Any:
        """Run ``fn`` in a short transaction in a thread (loading, no side effects)."""
        return await self._run(fn)

    async def write(self, fn: Callable[[Session], Any]) -> Any:
        """Run ``fn`` in its own transaction without finishing the job: a step whose
        result must be durable before the job's external side effect (a booking claims
        its time before it writes the calendar)."""
        return await self._run(fn)

    async def commit(self, fn: Callable[[Session], Any]) -> Any:
        """Write the job's results and mark it done, atomically."""

        def run() -> Any:
            with transaction(self.engine) as session:
                result = fn(session)
                jobs.finish(session, self.job, now=self.clock.now())
                return result

        result = await asyncio.to_thread(run)
        self.committed = True
        return result


Handler = Callable[[jobs.ClaimedJob, JobContext], Awaitable[None]]


class WorkerPool:
    """``concurrency`` worker tasks sharing one wake-up event."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        handlers: Mapping[str, Handler],
        settings: WorkerSettings,
        name: str,
        sla: Sla | None = None,
    ) -> None:
        self.engine, self.clock, self.handlers, self.settings = engine, clock, handlers, settings
        self.name = name
        self.sla = sla  # the [supervision] SLA a failed job's escalation is due by
        self.wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._lease = timedelta(seconds=settings.lease_seconds)

    def notify(self) -> None:
        """New work may be waiting: wake idle workers now rather than at the next poll."""
        self.wake.set()

    async def run(self) -> None:
        tasks = [
            asyncio.create_task(self._loop(f"{self.name}/{i}"), name=f"worker-{i}")
            for i in range(self.settings.concurrency)
        ]
        try:
            await asyncio.gather(*tasks)
        finally:
            for t in tasks:
                t.cancel()

    def stop(self) -> None:
        self._stopping.set()
        self.wake.set()

    async def _loop(self, worker: str) -> None:
        while not self._stopping.is_set():
            try:
                job = await asyncio.to_thread(
                    jobs.claim, self.engine, worker, now=self.clock.now(), lease=self._lease
                )
            except Exception:  # the database may be briefly unreachable
                log.exception("claiming a job failed; will retry")
                job = None
            if job is None:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), self.settings.poll_seconds)
                continue
            await self._run_one(job)
            self.wake.set()  # the job may have enqueued follow-up work

    async def _run_one(self, job: jobs.ClaimedJob) -> None:
        if job.attempts > job.max_attempts:  # its worker died on the last attempt
            await asyncio.to_thread(self._record_failure, job, "worker died repeatedly", True)
            return
        handler = self.handlers.get(job.kind)
        task = asyncio.create_task(self._invoke(handler, job))
        heartbeat = asyncio.create_task(self._heartbeat(job))
        try:
            stop_wait = asyncio.create_task(self._stopping.wait())
            await asyncio.wait({task, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
            if not task.done():  # shutting down: give the job a grace period to finish
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        asyncio.shield(task), self.settings.shutdown_grace_seconds
                    )
            stop_wait.cancel()
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
                await asyncio.to_thread(jobs.release, self.engine, job, now=self.clock.now())
                log.info("released job %s (%s) at shutdown", job.id, job.kind)
                return
            error = task.exception()
            if error is not None:
                permanent = not isinstance(error, TransientError)
                if permanent:
                    log.error(
                        "job %s (%s) failed: %s", job.id, job.kind, _describe(error), exc_info=error
                    )
                else:
                    log.warning(
                        "job %s (%s) will be retried: %s", job.id, job.kind, _describe(error)
                    )
                await asyncio.to_thread(self._record_failure, job, _describe(error), permanent)
        finally:
            heartbeat.cancel()

    async def _invoke(self, handler: Handler | None, job: jobs.ClaimedJob) -> None:
        if handler is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        ctx = JobContext(self.engine, self.clock, job)
        await handler(job, ctx)
        if not ctx.committed:
            await ctx.commit(lambda _session: None)

    async def _heartbeat(self, job: jobs.ClaimedJob) -> None:
        interval = max(1.0, self.settings.lease_seconds / 3)
        while True:
            await asyncio.sleep(interval)
            await asyncio.to_thread(
                jobs.extend, self.engine, job, now=self.clock.now(), lease=self._lease
            )

    def _record_failure(self, job: jobs.ClaimedJob, error: str, permanent: bool) -> None:
        now = self.clock.now()
        with transaction(self.engine) as session:
            failed = jobs.retry_or_fail(
                session,
                job,
                error=error,
                permanent=permanent,
                now=now,
                backoff_seconds=self.settings.backoff_seconds,
            )
            if failed:
                escalate(
                    session,
                    sla=self.sla,
                    now=now,
                    reason=f"job_failed:{job.kind}",
                    conversation_id=job.conversation_id,
                    job_id=job.id,
                    details={"error": error, "attempts": job.attempts},
                )


def _describe(error: BaseException) -> str:
    """Class and message; our own errors never carry content or addresses, and those a
    server's answer repeats (a refused recipient) are taken out."""
    return without_addresses(f"{type(error).__name__}: {error}")[:500]
