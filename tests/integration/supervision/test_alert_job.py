"""The escalation alerts on both databases, sent through a real SMTP sink: one job per
period cluster-wide, one mail per escalation nearing its due time, nothing personal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from meetdesk.clock import FrozenClock
from meetdesk.daemon import make_services
from meetdesk.flow.send import send
from meetdesk.flow.services import Services
from meetdesk.privacy.access import Actor
from meetdesk.settings import Settings, parse_settings
from meetdesk.store import jobs
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation, Job
from meetdesk.supervision import alert_job, queue
from meetdesk.supervision.queue import CLAIMED
from meetdesk.testing.smtp_sink import SmtpSink
from meetdesk.worker import JobContext

from .queue_data import ALICE, BOB, CIPHER, T0, customer, escalation

LEASE = timedelta(minutes=5)
ADMIN = Actor.admin()


def settings_for(sink: SmtpSink, tmp_path: Path) -> Settings:
    return parse_settings(
        {
            "mail": {"outbound": {"transport": "smtp", "smtp_host": "127.0.0.1",
                                  "smtp_port": sink.port}},
            "supervision": {
                "sla_minutes": 240,
                "sla": {"no_free_slot": 20},
                "alert_to": ["desk@supervisors.example", "lead@supervisors.example"],
                "alert_lead_minutes": 30,
                "alert_period_minutes": 5,
                "console_url": "https://console.example/",
            },
        },
        base_dir=tmp_path,
    )  # fmt: skip


async def run_all(engine: Engine, clock: FrozenClock, services: Services) -> list[str]:
    """Run every runnable job of the alert and send kinds; their kinds, in order."""
    ran = []
    while (claimed := jobs.claim(engine, "w1", now=clock.now(), lease=LEASE)) is not None:
        handler = alert_job.escalation_alerts if claimed.kind == alert_job.KIND else send
        await handler(claimed, JobContext(engine, clock, claimed), s=services)
        ran.append(claimed.kind)
    return ran


def test_daemons_starting_together_queue_one_look_per_period(engine: Engine) -> None:
    for minutes in (0.0, 1.0, 4.9):
        alert_job.schedule(engine, now=T0 + timedelta(minutes=minutes), minutes=5)
    with transaction(engine) as session:
        (job,) = session.exec(select(Job).where(col(Job.kind) == alert_job.KIND)).all()
    assert job.dedupe_key == alert_job.period(T0, 5)[0]


async def test_one_mail_per_escalation_nearing_due_without_personal_data(
    engine: Engine, sink: SmtpSink, tmp_path: Path
) -> None:
    clock = FrozenClock(T0)
    settings = settings_for(sink, tmp_path)
    services = make_services(settings, engine, CIPHER, clock)
    cid = customer(engine)
    soon = escalation(engine, cid, reason="no_free_slot", sla=settings.supervision)
    later = escalation(engine, cid, reason="unclear_request", sla=settings.supervision)
    closed = escalation(engine, cid, reason="no_free_slot", sla=settings.supervision)
    with transaction(engine) as session:
        queue.discard(session, CIPHER, closed, user="alice", actor=ADMIN, now=T0, why="test")
        queue.claim(session, CIPHER, soon, user="bruno", actor=ADMIN, now=T0, lease=LEASE)

    alert_job.schedule(engine, now=clock.now(), minutes=5)
    assert await run_all(engine, clock, services) == [alert_job.KIND, "send"]
    [mail] = sink.wait_for_sync(1)
    assert sorted(mail.rcpt_tos) == ["desk@supervisors.example", "lead@supervisors.example"]
    message = mail.message
    body = message.get_content()
    assert f"escalation {soon} is due soon (no_free_slot)" in message["subject"]
    assert f"https://console.example/escalations/{soon}" in body
    assert "Due:      2026-12-02 09:20 UTC" in body and f"Status:   {CLAIMED}" in body
    for personal in (ALICE, BOB, "alice", "bruno", cid):
        assert personal not in mail.raw.decode()

    clock.set(T0 + timedelta(minutes=5))  # the next period: nothing new to say
    assert await run_all(engine, clock, services) == [alert_job.KIND]
    clock.set(T0 + timedelta(hours=3, minutes=40))  # the other one is now within the lead
    await run_all(engine, clock, services)
    [_, second] = sink.wait_for_sync(2)
    assert f"escalation {later} is due soon" in second.message["subject"]
    with transaction(engine) as session:
        alerted = {e.id: e.alerted_at for e in session.exec(select(Escalation)).all()}
    assert alerted[soon] == T0 and alerted[closed] is None


async def test_no_addresses_means_no_alerts(engine: Engine, sink: SmtpSink, tmp_path: Path) -> None:
    clock = FrozenClock(T0)
    settings = parse_settings({}, base_dir=tmp_path)
    services = make_services(settings, engine, CIPHER, clock)
    escalation(engine, customer(engine), now=T0 - timedelta(hours=5))
    alert_job.schedule(engine, now=clock.now(), minutes=5)
    assert await run_all(engine, clock, services) == [alert_job.KIND]
    assert sink.messages == []
