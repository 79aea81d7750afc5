"""The ``escalation_alerts`` job: tell supervisors an escalation nears its due time.

Like the purge (``meetdesk.privacy.purge_job``), it runs once per period cluster-wide:
periods are fixed slices of UTC time ``[supervision] alert_period_minutes`` long, and
each period's job has the dedupe key ``escalation_alerts:<minutes>m:<n>``, so however
many daemons start, one job per period exists and only the worker that claimed it looks.

Each open or claimed escalation due within ``alert_lead_minutes`` and not yet alerted
gets one e-mail to the ``alert_to`` addresses, queued in the outbox (and sent by the
``send`` stage) in the job's final transaction, which also stamps ``alerted_at`` and
queues the next period's job: a retried job queues nothing twice (the outbox's dedupe
key is ``alert:<escalation id>``). The mail holds the escalation's id, reason family,
priority, due time and a console link, nothing personal (purpose ``supervision_alert``
in ``meetdesk.mail.allowed``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from meetdesk.flow.services import Services
from meetdesk.mail.compose import compose, make_message_id
from meetdesk.mail.parse import Address
from meetdesk.settings import SupervisionSettings
from meetdesk.store import jobs
from meetdesk.store.models import Escalation, Outbox, new_id
from meetdesk.store.periodic import Periodic
from meetdesk.supervision.queue import CLAIMED, OPEN, status_at
from meetdesk.worker import JobContext

KIND = "escalation_alerts"
PURPOSE = "supervision_alert"
log = logging.getLogger(__name__)


def _periodic(minutes: int) -> Periodic:
    return Periodic(KIND, timedelta(minutes=minutes), f"{minutes}m")


def period(now: datetime, minutes: int) -> tuple[str, datetime, datetime]:
    """(dedupe key, start, end) of the period ``now`` falls in."""
    return _periodic(minutes).period(now)


def enqueue_period(session: Session, *, now: datetime, minutes: int, after: bool) -> str:
    """Queue this period's look (or, with ``after``, the next period's)."""
    return _periodic(minutes).enqueue(session, now=now, after=after)


def schedule(engine: Engine, *, now: datetime, minutes: int) -> None:
    """At daemon start: make sure this period's look is queued (once, cluster-wide)."""
    _periodic(minutes).schedule(engine, now=now)


def nearing_due(session: Session, *, now: datetime, lead: timedelta) -> list[Escalation]:
    """Open or claimed escalations due by ``now + lead`` that no alert was sent for."""
    query = (
        select(Escalation)
        .where(
            col(Escalation.status).in_((OPEN, CLAIMED)),
            col(Escalation.alerted_at).is_(None),
            col(Escalation.due_at) <= now + lead,
        )
        .order_by(col(Escalation.due_at))
    )
    return list(session.exec(query).all())


def alert_text(
    *,
    escalation_id: str,
    reason: str,
    kind: str,
    priority: str,
    status: str,
    due_at: datetime,
    console_url: str,
    now: datetime,
) -> tuple[str, str]:
    """(subject, body) of one alert: ids, reason, due time and a link; nothing personal.
    Its inputs are the allow-list's ``supervision_alert`` row."""
    late = "is overdue" if due_at <= now else "is due soon"
    subject = f"[MeetDesk] escalation {escalation_id} {late} ({kind})"
    link = f"{console_url.rstrip('/')}/escalations/{escalation_id}" if console_url else "-"
    lines = [
        f"Escalation {escalation_id} {late}.",
        "",
        f"Reason:   {reason} ({kind}, priority {priority})",
        f"Status:   {status}",
        f"Due:      {due_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC",
        f"Console:  {link}",
        f"Terminal: meetdesk escalations show {escalation_id}",
    ]
    return subject, "\n".join(lines) + "\n"


def queue_alerts(session: Session, s: Services, *, now: datetime) -> int:
    """Queue one alert per escalation nearing its due time; returns how many."""
    settings: SupervisionSettings = s.settings.supervision
    if not settings.alert_to:
        return 0
    lead = timedelta(minutes=settings.alert_lead_minutes)
    to = [Address(name="", email=a) for a in settings.alert_to]
    queued = 0
    for row in nearing_due(session, now=now, lead=lead):
        subject, text = alert_text(
            escalation_id=row.id,
            reason=row.reason,
            kind=row.kind,
            priority=row.priority,
            status=status_at(row, now),
            due_at=row.due_at,
            console_url=settings.console_url,
            now=now,
        )
        key = f"alert:{row.id}"
        message_id = make_message_id(key, s.settings.assistant.domain)
        raw = compose(
            sender=s.assistant,
            to=to,
            subject=subject,
            text=text,
            message_id=message_id,
            in_reply_to=None,
            references=[],
            date=now,
            auto_submitted="auto-generated",
            language="en",
        )
        outbox_id = new_id()
        envelope = {"sender": s.settings.assistant.address, "recipients": list(settings.alert_to)}
        session.add(
            Outbox(
                id=outbox_id,
                conversation_id=None,  # about the queue, not any conversation
                dedupe_key=key,
                purpose=PURPOSE,
                message_id_index=s.cipher.message_id_index(message_id),
                raw_enc=s.cipher.encrypt(raw, table="outbox", column="raw", row_id=outbox_id),
                envelope_enc=s.cipher.encrypt_json(
                    envelope, table="outbox", column="envelope", row_id=outbox_id
                ),
                status="pending",
                created_at=now,
            )
        )
        jobs.enqueue(
            session,
            "send",
            now=now,
            payload={"outbox_id": outbox_id},
            dedupe_key=f"send:{outbox_id}",
            max_attempts=s.settings.worker.max_attempts,
        )
        row.alerted_at = now
        queued += 1
    return queued


async def escalation_alerts(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    """Queue this period's alerts, then the next period's look."""
    minutes = s.settings.supervision.alert_period_minutes

    def commit(session: Session) -> int:
        now = s.clock.now()
        queued = queue_alerts(session, s, now=now)
        enqueue_period(session, now=now, minutes=minutes, after=True)
        return queued

    queued = await ctx.commit(commit)
    if queued:
        log.info("queued %d escalation alert(s)", queued)
