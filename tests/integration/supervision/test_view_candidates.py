"""The supervisor's view holds candidate slots while nothing is proposed: the free times
the propose stage would offer for the request as it now stands, so correcting the
duration gives new candidates of the new length, then proposing them sends exactly those."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from meetdesk.calendar.base import Interval
from meetdesk.privacy.access import Actor, read
from meetdesk.store.engine import transaction
from meetdesk.supervision import actions
from meetdesk.supervision.actions import Correction
from meetdesk.supervision.escalation_view import target, week_busy
from meetdesk.supervision.views import escalation_view
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.supervision.acting import Desk, open_desk, text_of


@pytest.fixture
async def desk(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Desk]:
    async with open_desk(tmp_path, db_url, sink) as opened:
        yield opened


async def _shown(d: Desk, eid: str) -> dict[str, Any]:
    now = d.now()
    with transaction(d.engine) as session:
        found = target(session, d.services.cipher, eid, now)
    week = await week_busy(d.running.settings, found, now)
    disclosure = read(
        d.engine,
        d.services.cipher,
        actor=Actor.admin(),
        purpose="supervision",
        action="read.escalation",
        load=lambda session: [escalation_view(session, d.services.cipher, eid, now=now, week=week)],
        now=now,
        one=True,
    )
    return disclosure.records[0].fields


def _lengths(candidates: list[list[datetime]]) -> set[timedelta]:
    return {end - start for start, end in candidates}


async def test_candidates_follow_the_corrected_duration_and_can_be_proposed(desk: Desk) -> None:
    eid = await desk.escalated()
    fields = await _shown(desk, eid)
    first = fields["candidates"]
    assert first and _lengths(first) == {timedelta(minutes=20)}
    assert fields["week"][0] <= first[0][0] < fields["week"][1]
    desk.claim(eid)
    desk.act(actions.correct, eid, correction=Correction(duration_minutes=45), resume=False)
    again = (await _shown(desk, eid))["candidates"]
    assert again and _lengths(again) == {timedelta(minutes=45)}
    chosen = [Interval(start, end) for start, end in again[:2]]
    desk.act(actions.propose_slots, eid, slots=chosen)
    await desk.running.idle()
    [proposal] = desk.sent()
    assert text_of(proposal).count("\n1. ") + text_of(proposal).count("\n2. ") == 2
    assert "candidates" not in await _shown(desk, eid)
