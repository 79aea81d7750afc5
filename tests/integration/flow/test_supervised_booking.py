"""End to end, with a supervisor in the loop over real HTTP: the running daemon escalates
a request whose duration it cannot tell; a supervisor, with an API token against the
daemon's console port, lists the queue, claims the escalation and corrects the
duration; the participant gets the proposals by e-mail, answers choosing one, and the
meeting is booked (calendar and invitations) with no further human action."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

import httpx
from icalendar import Calendar

from meetdesk.accounts.registry import add_account
from meetdesk.accounts.tokens import create_token
from meetdesk.calendar.itip import is_hold
from meetdesk.clock import SystemClock
from meetdesk.settings import Settings
from meetdesk.store.opening import open_store
from meetdesk.testing import free_port
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, BOB, settings_for, start
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import body_text, calendar_part, messages_sent

# Two durations are mentioned: the assistant may not guess which.
UNSURE_DURATION = "Julie, please set up a call with Bob next week, maybe 20 minutes or an hour."
PROVIDER = {
    "id": "provider",
    "name": "Supervisors Ltd",
    "country": "IE",
    "purposes": ["supervision"],
    "allow": ["user"],
    "customers": [ALICE],
}
PASSWORD = "Correct-Horse-Battery-9"


def _supervisor_token(settings: Settings) -> str:
    """A supervisor account bound to the provider, and an API token for its script."""
    engine, cipher = open_store(settings, clock=SystemClock())
    try:
        now = SystemClock().now()
        add_account(
            engine, cipher, settings.privacy.processors, username="eve", role="supervisor",
            processor_id="provider", password=PASSWORD, min_length=12, now=now,
        )  # fmt: skip
        return create_token(engine, cipher, username="eve", name="queue", days=1, now=now).secret
    finally:
        engine.dispose()


async def test_a_supervisor_corrects_over_http_and_the_meeting_books_itself(
    tmp_path: Path, db_url: str, sink: SmtpSink
) -> None:
    port = free_port()
    settings = settings_for(
        tmp_path, db_url, sink.port,
        privacy={"key_file": "master.key", "processors": [PROVIDER]},
        console={"listen": f"127.0.0.1:{port}", "secure_cookies": False},
    )  # fmt: skip
    running = await start(settings)
    try:
        token = await asyncio.to_thread(functools.partial(_supervisor_token, settings))
        await running.send(request(UNSURE_DURATION).as_bytes())
        await running.idle()
        assert not [m for m in messages_sent(sink) if BOB in m["To"]]  # nothing guessed
        headers = {"Authorization": f"Bearer {token}"}
        base = f"http://127.0.0.1:{port}/api"
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as api:
            queue = (await api.get("/escalations")).json()["escalations"]
            [escalation] = queue
            assert escalation["kind"] == "reading" and escalation["status"] == "open"
            url = f"/escalations/{escalation['id']}"
            shown = (await api.get(url)).json()
            assert "20 minutes or an hour" in shown["message"]
            claimed = await api.post(f"{url}/claim")
            assert claimed.status_code == 200 and claimed.json()["claimed_by"] == "eve"
            corrected = await api.post(f"{url}/correct", json={"duration_minutes": 45})
            assert corrected.status_code == 200, corrected.text
            assert corrected.json()["status"] == "resolved"
            assert corrected.json()["action"] == "correct"
        await running.idle()
        [proposal] = [m for m in messages_sent(sink) if BOB in m["To"]]
        assert "45-minute call" in body_text(proposal)
        seen = len(sink.messages)
        await running.send(reply_to(proposal, "The second one works for me.").as_bytes())
        await running.idle()
        booked = [
            Calendar.from_ical(p.read_bytes())
            for p in running.calendar_dir.glob("*.ics")
            if not is_hold(p.read_bytes())
        ]
        assert len(booked) == 1
        event = next(iter(booked[0].walk("VEVENT")))
        assert (event["DTEND"].dt - event["DTSTART"].dt).total_seconds() == 45 * 60
        invitations = [m for m in messages_sent(sink, seen) if calendar_part(m)]
        assert invitations, "no invitation was sent"
        method, invite = calendar_part(invitations[0])  # type: ignore[misc]
        assert method == "REQUEST"
        assert str(next(iter(invite.walk("VEVENT")))["UID"]) == str(event["UID"])
    finally:
        await running.stop()
