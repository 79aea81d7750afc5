"""An in-process daemon for flow tests: real SMTP listener, real store, local calendar,
outbound mail to a capturing SMTP sink."""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from meetdesk.clock import Clock
from meetdesk.daemon import Daemon
from meetdesk.settings import Settings, parse_listen, parse_settings
from meetdesk.store.engine import make_engine
from meetdesk.testing import free_port
from meetdesk.testing.idle import wait_until_idle
from meetdesk.testing.scenario import onboard_alice

ASSISTANT = "julie@assistant.example"
ALICE = "alice@customer.example"
BOB = "bob@partner.example"


def settings_for(root: Path, store_url: str, sink_port: int, **extra: object) -> Settings:
    data: dict[str, object] = {
        "assistant": {"name": "Julie", "address": ASSISTANT, "timezone": "Europe/Paris"},
        "store": {"url": store_url},
        "mail": {
            "inbound": {"smtp_listen": f"127.0.0.1:{free_port()}"},
            "outbound": {
                "transport": "smtp",
                "smtp_host": "127.0.0.1",
                "smtp_port": sink_port,
                "timeout_seconds": 10.0,
            },
        },
        "privacy": {"key_file": "master.key"},
        "worker": {
            "poll_seconds": 0.1,
            "backoff_seconds": 0.2,
            "max_attempts": 3,
            "shutdown_grace_seconds": 5.0,
        },
    }
    data.update(extra)
    return parse_settings(data, base_dir=root)


@dataclass
class Running:
    settings: Settings
    daemon: Daemon
    task: asyncio.Task[None]
    engine: Engine
    calendar_dir: Path
    clock: Clock | None = None

    @property
    def address(self) -> tuple[str, int]:
        return parse_listen(self.settings.mail.inbound.smtp_listen, "smtp_listen")

    def deliver(self, raw: bytes, rcpt: str = ASSISTANT) -> None:
        """Send ``raw`` as an SMTP client would: lines end in CRLF on the wire."""
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        host, port = self.address
        with smtplib.SMTP(host, port, timeout=30) as smtp:
            smtp.sendmail("sender@example.org", [rcpt], raw)

    async def send(self, raw: bytes, rcpt: str = ASSISTANT) -> None:
        await asyncio.to_thread(self.deliver, raw, rcpt)

    async def idle(self, within: float = 30) -> None:
        await wait_until_idle(self.engine, within, now=self.clock.now if self.clock else None)

    async def stop(self) -> None:
        self.daemon.stop()
        await asyncio.wait_for(self.task, 30)
        self.engine.dispose()


async def start(
    settings: Settings,
    clock: Clock | None = None,
    calendar: tuple[str, dict[str, object]] | None = None,
) -> Running:
    """Onboard Alice with a local-folder calendar (or ``calendar``: kind and config, e.g.
    a CalDAV collection), then start the daemon in this loop."""
    calendar_dir = settings.base_dir / "calendars" / "alice"
    calendar_dir.mkdir(parents=True, exist_ok=True)
    kind, config = calendar or ("local", {"path": str(calendar_dir)})
    await asyncio.to_thread(onboard_alice, settings, kind, config)
    daemon = Daemon(settings, clock)
    task = asyncio.create_task(daemon.run())
    ready = asyncio.create_task(daemon.ready.wait())
    await asyncio.wait({task, ready}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()
    engine = make_engine(settings.database_url)
    return Running(settings, daemon, task, engine, calendar_dir, clock)
