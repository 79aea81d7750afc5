"""Retention in the running daemon: the period's purge job removes what has expired,
waits for a calendar hold's event to be removed, and re-queues itself."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from meetdesk.clock import FrozenClock
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Hold, InboundMessage, Job, PurgeRecord
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import settings_for, start
from tests.integration.flow.messages import request

PARIS = ZoneInfo("Europe/Paris")
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=PARIS)
ASK = "Julie, could you please find 30 minutes for a call with Bob on Thursday 10 December?"


async def test_the_daemon_purges_a_closed_conversation(
    tmp_path: Path, db_url: str, sink: SmtpSink
) -> None:
    """100 days after a conversation was cancelled its mail and data are gone; its hold
    goes at the next period, once the holds job has taken its event out of the calendar."""
    clock = FrozenClock(FRIDAY)
    r = await start(settings_for(tmp_path, db_url, sink.port), clock)
    try:
        await r.send(request(ASK, date=FRIDAY).as_bytes())
        await r.idle()
        assert len(sink.messages) == 1
        with transaction(r.engine) as session:
            conv = session.exec(select(Conversation)).one()
            conv.state, conv.updated_at = "cancelled", FRIDAY
            session.add(conv)
            assert session.exec(select(Hold)).all()
        clock.set(FRIDAY + timedelta(days=100))
        await r.idle()
        with transaction(r.engine) as session:
            conv = session.get(Conversation, conv.id)
            assert conv is not None and conv.data_enc is None
            assert session.exec(select(InboundMessage)).all() == []
            assert session.exec(select(PurgeRecord)).all()
            # a hold whose event the holds job had not yet removed waits for the next pass
            assert not any(h.placed for h in session.exec(select(Hold)).all())
        clock.set(FRIDAY + timedelta(days=101))
        await r.idle()
        with transaction(r.engine) as session:
            assert session.exec(select(Hold)).all() == []
            purges = session.exec(select(Job).where(col(Job.kind) == "purge")).all()
        # at the start, the day after, day 101; and day 102's waiting
        assert sorted(j.status for j in purges) == ["done", "done", "done", "queued"]
    finally:
        await r.stop()
