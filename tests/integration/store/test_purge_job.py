"""The purge job: one per period cluster-wide, each queuing the next period's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from meetdesk.clock import FrozenClock
from meetdesk.daemon import make_services
from meetdesk.privacy import purge_job
from meetdesk.settings import parse_settings
from meetdesk.store import jobs
from meetdesk.store.engine import transaction
from meetdesk.store.models import Job
from meetdesk.worker import JobContext
from tests.integration.store.retention_data import CIPHER, conversation, customer, rows_of

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def purge_jobs(engine: Engine) -> list[Job]:
    with transaction(engine) as session:
        query = select(Job).where(col(Job.kind) == "purge").order_by(col(Job.run_after))
        return list(session.exec(query).all())


def test_periods_are_fixed_slices_of_utc_time() -> None:
    """Every moment of a day has the same key; the next day has the next one."""
    key, start, end = purge_job.period(T0, 24)
    assert start == datetime(2026, 1, 5, tzinfo=UTC) and end == start + timedelta(days=1)
    assert purge_job.period(start + timedelta(hours=23, minutes=59), 24)[0] == key
    assert purge_job.period(end, 24)[0] != key


def test_daemons_starting_together_queue_one_purge(engine: Engine) -> None:
    """Any number of daemon starts in one period leave one purge job for it."""
    for minutes in (0, 5, 600):
        purge_job.schedule(engine, now=T0 + timedelta(minutes=minutes), hours=24)
    (job,) = purge_jobs(engine)
    assert job.dedupe_key == purge_job.period(T0, 24)[0]


async def test_the_job_purges_and_queues_the_next_period(engine: Engine, tmp_path: Path) -> None:
    """Running the claimed job purges old data, marks it done and queues tomorrow's."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    thread = conversation(engine, alice, state="cancelled", at=T0)
    clock.set(T0 + timedelta(days=100))
    settings = parse_settings({"mail": {"outbound": {"maildir": "out"}}}, base_dir=tmp_path)
    services = make_services(settings, engine, CIPHER, clock)
    purge_job.schedule(engine, now=clock.now(), hours=24)
    claimed = jobs.claim(engine, "w1", now=clock.now(), lease=timedelta(minutes=5))
    while claimed is not None and claimed.kind != "purge":  # the conversation's done job
        claimed = jobs.claim(engine, "w1", now=clock.now(), lease=timedelta(minutes=5))
    assert claimed is not None
    await purge_job.purge(claimed, JobContext(engine, clock, claimed), s=services)
    assert rows_of(engine, thread.id)["inbound_message"] == 0
    done, following = purge_jobs(engine)
    assert done.status == jobs.DONE
    _, _, end = purge_job.period(clock.now(), 24)
    assert following.status == jobs.QUEUED and following.run_after == end
    assert following.dedupe_key == purge_job.period(end, 24)[0]
