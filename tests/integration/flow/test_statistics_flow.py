"""Statistics over conversations the daemon really handled: right figures, and no address,
name, subject or body anywhere in the output."""

from __future__ import annotations

import json

from meetdesk.cli_stats import render_text
from meetdesk.privacy.statistics import compute
from meetdesk.store.engine import transaction
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, ASSISTANT, BOB, Running
from tests.integration.flow.messages import REQUEST_TEXT, reply_to, request
from tests.integration.flow.reading import parsed

STRANGER = "mallory@unknown.example"


async def test_statistics_of_real_conversations_hold_no_personal_data(
    running: Running, sink: SmtpSink
) -> None:
    """One booked request, one from a stranger (escalated): counted right, and neither
    the JSON nor the text form contains an address, a name, the subject or the body."""
    await running.send(request().as_bytes())
    await running.idle()
    await running.send(reply_to(parsed(sink.messages[0].raw), "The second one works.").as_bytes())
    await running.idle()
    await running.send(request("Julie, lunch with me on Friday?", sender=STRANGER).as_bytes())
    await running.idle()

    with transaction(running.engine) as session:
        stats = compute(session, min_group=1)
    overall = stats.overall
    assert (overall.requests, overall.booked, overall.automated) == (2, 1, 1)
    assert overall.escalations and sum(overall.escalations.values()) == 1
    assert overall.first_reply is not None and overall.first_reply.count == 1
    assert overall.booking is not None and overall.booking.count == 1
    assert overall.first_reply.median is not None and overall.first_reply.median >= 0

    output = json.dumps(stats.to_json()) + "\n" + render_text(stats)
    forbidden = [
        ALICE, BOB, ASSISTANT, STRANGER, "alice", "bob", "mallory", "Alice Martin",
        "Bob Durand", "Project kickoff", REQUEST_TEXT, "lunch", "second one",
        "customer.example", "partner.example",
    ]  # fmt: skip
    for secret in forbidden:
        assert secret.lower() not in output.lower(), secret
