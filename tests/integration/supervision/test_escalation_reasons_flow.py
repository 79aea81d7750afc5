"""A message the daemon is unsure of reaches the queue with its reasons: which fields
were below their threshold, each field's confidence and rules, a family and a due time
from the configured SLA; never the message's words."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import Running, settings_for, start
from tests.integration.flow.messages import request


@pytest.fixture
async def running(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Running]:
    settings = settings_for(tmp_path, db_url, sink.port, supervision={"sla": {"reading": 45}})
    r = await start(settings)
    try:
        yield r
    finally:
        await r.stop()


async def test_an_unsure_reading_is_escalated_with_its_fields(running: Running) -> None:
    text = "Julie, please find 30 minutes for a call with Bob on 31 February."
    await running.send(request(text).as_bytes())
    await running.idle()
    with transaction(running.engine) as session:
        [row] = session.exec(select(Escalation)).all()
    details = json.loads(row.details)
    assert row.kind == "reading" and row.due_at == row.created_at + timedelta(minutes=45)
    assert "windows" in details["unsure"]
    windows = details["fields"]["windows"]
    assert windows["confidence"] < 0.9 and windows["rules"]
    assert "February" not in row.details and "Bob" not in row.details
