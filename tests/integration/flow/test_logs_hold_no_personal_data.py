"""Logs carry ids and counts, never bodies, addresses, names or subjects.

A full loop (request, proposal, choice, booking, cancellation) runs with every meetdesk
logger at DEBUG; then no captured record, neither its formatted message nor any of its
arguments nor its exception text, may contain a piece of personal data the run used.
Logs are shipped to operators and third-party tools with none of the store's protection.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, ASSISTANT, BOB, settings_for, start
from tests.integration.flow.messages import REQUEST_TEXT, reply_to, request
from tests.integration.flow.reading import calendar_part, messages_sent

CHOICE = "The second one works for me."
CANCEL = "Julie, please cancel my meeting with Bob: the project is on hold."


def _record_text(record: logging.LogRecord) -> str:
    parts = [record.getMessage(), repr(record.args), str(record.exc_text or "")]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append(repr(record.exc_info[1]))
    return " ".join(parts).lower()


async def test_a_full_loop_logs_no_personal_data(
    tmp_path: Path, sink: SmtpSink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="meetdesk")
    running = await start(settings_for(tmp_path, f"sqlite:///{tmp_path}/x.db", sink.port))
    try:
        req = request()
        await running.send(req.as_bytes())
        await running.idle()
        [proposal] = messages_sent(sink)
        await running.send(reply_to(proposal, CHOICE).as_bytes())
        await running.idle()
        confirmation = next(m for m in messages_sent(sink, 1) if not calendar_part(m))
        cancel = reply_to(confirmation, CANCEL, sender=ALICE, name="Alice Martin")
        await running.send(cancel.as_bytes())
        await running.idle()
        assert len(sink.messages) >= 5
    finally:
        await running.stop()
    records = [r for r in caplog.records if r.name.startswith("meetdesk")]
    assert any("booked" in r.getMessage() for r in records), "the loop's logs were captured"
    personal = [
        ALICE,
        BOB,
        ASSISTANT,
        "customer.example",
        "partner.example",
        "Alice Martin",
        "Bob Durand",
        "Durand",
        "Project kickoff",
        REQUEST_TEXT[:40],
        CHOICE[:20],
        CANCEL[:30],
        "project is on hold",
        str(req["Message-ID"]).strip("<>"),
    ]
    for record in records:
        text = _record_text(record)
        for needle in personal:
            assert needle.lower() not in text, (needle, record.name, record.msg)
