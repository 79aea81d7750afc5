"""`meetdesk demo` walks the embedded default (Maildir outbox, local calendar) end to end."""

from __future__ import annotations

import asyncio
import mailbox
from pathlib import Path

from meetdesk.demo import send_demo
from meetdesk.settings import parse_settings
from meetdesk.testing import free_port
from tests.integration.flow.harness import ALICE, BOB, start


async def test_demo_request_then_answer_books_the_meeting(tmp_path: Path) -> None:
    """The demo request gets proposals in the Maildir; the demo answer books and invites."""
    settings = parse_settings(
        {
            "assistant": {"address": "julie@assistant.example"},
            "store": {"url": f"sqlite:///{tmp_path / 'demo.db'}"},
            "mail": {"inbound": {"smtp_listen": f"127.0.0.1:{free_port()}"}},
        },
        base_dir=tmp_path,
    )
    running = await start(settings)
    try:
        await asyncio.to_thread(send_demo, settings, sender=ALICE, participant=BOB, answer=None)
        await running.idle()
        outbox = mailbox.Maildir(tmp_path / "data" / "outbox", create=False)
        assert len(outbox) == 1
        await asyncio.to_thread(
            send_demo, settings, sender=ALICE, participant=BOB, answer="The second one works for me"
        )
        await running.idle()
        assert len(outbox) == 3
        assert sum(b"METHOD:REQUEST" in bytes(m) for m in outbox) == 1
        assert len(list(running.calendar_dir.glob("*.ics"))) == 1
    finally:
        await running.stop()
