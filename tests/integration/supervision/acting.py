"""A supervisor's desk over the in-process daemon: escalations made the way the flow
makes them (a message sent to the daemon and understood), then acted on as the command
line does (``queueing_services``: the action queues, the daemon's workers send)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from meetdesk.clock import SystemClock
from meetdesk.flow.services import Services
from meetdesk.flow.takeover import queueing_services
from meetdesk.privacy.access import Actor
from meetdesk.store.conversations import ConversationData, load_data
from meetdesk.store.engine import transaction
from meetdesk.store.models import AuditEntry, Conversation, Escalation, InboundMessage
from meetdesk.store.opening import open_store
from meetdesk.supervision import queue
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import Running, settings_for, start
from tests.integration.flow.messages import request
from tests.integration.flow.reading import body_text, messages_sent

ADMIN = Actor.admin()
SUPERVISOR = "sam"
# Only the duration is unsure: two are mentioned.
UNSURE_DURATION = "Julie, please set up a call with Bob next week, maybe 20 minutes or an hour."


@dataclass
class Desk:
    running: Running
    services: Services
    sink: SmtpSink

    @property
    def engine(self) -> Any:
        return self.running.engine

    def now(self) -> datetime:
        return SystemClock().now()

    async def escalated(self, msg: EmailMessage | None = None) -> str:
        """Send ``msg`` (by default a request whose duration is unsure) and return the
        escalation the daemon opened for it."""
        await self.running.send((msg or request(UNSURE_DURATION)).as_bytes())
        await self.running.idle()
        with transaction(self.engine) as session:
            rows = session.exec(
                select(Escalation)
                .where(col(Escalation.status) == "open")
                .order_by(col(Escalation.created_at).desc())
            ).all()
        assert rows, "the daemon opened no escalation"
        return rows[0].id

    def claim(self, eid: str, user: str = SUPERVISOR, minutes: float = 15) -> Escalation:
        with transaction(self.engine) as session:
            return queue.claim(
                session,
                self.services.cipher,
                eid,
                user=user,
                actor=ADMIN,
                now=self.now(),
                lease=timedelta(minutes=minutes),
            )

    def act(
        self,
        action: Callable[..., Escalation],
        eid: str,
        *,
        user: str = SUPERVISOR,
        actor: Actor = ADMIN,
        now: datetime | None = None,
        **values: Any,
    ) -> Escalation:
        with transaction(self.engine) as session:
            return action(
                session,
                self.services,
                eid,
                user=user,
                actor=actor,
                now=now or self.now(),
                **values,
            )

    def row(self, eid: str) -> Escalation:
        with transaction(self.engine) as session:
            found = session.get(Escalation, eid)
            assert found is not None
            return found

    def conversation(self, eid: str) -> tuple[str, ConversationData]:
        with transaction(self.engine) as session:
            row = session.get(Escalation, eid)
            assert row is not None and row.conversation_id is not None
            conv = session.get(Conversation, row.conversation_id)
            assert conv is not None
            return conv.state, load_data(self.services.cipher, conv)

    def message_status(self, eid: str) -> str:
        with transaction(self.engine) as session:
            row = session.get(Escalation, eid)
            assert row is not None and row.inbound_message_id is not None
            msg = session.get(InboundMessage, row.inbound_message_id)
            assert msg is not None
            return msg.status

    def audit(self) -> list[tuple[str, str, list[str]]]:
        with transaction(self.engine) as session:
            rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
            return [(e.actor, e.action, json.loads(e.categories)) for e in rows]

    def sent(self, since: int = 0) -> list[EmailMessage]:
        return messages_sent(self.sink, since)


def text_of(msg: EmailMessage) -> str:
    """The plain-text body with its line ends as written."""
    return body_text(msg).replace("\r\n", "\n")


@asynccontextmanager
async def open_desk(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Desk]:
    """The daemon running with Alice onboarded, and the services a supervisor acts with."""
    running = await start(settings_for(tmp_path, db_url, sink.port))
    engine, cipher = open_store(running.settings)
    try:
        yield Desk(running, queueing_services(running.settings, cipher), sink)
    finally:
        await running.stop()
        engine.dispose()
