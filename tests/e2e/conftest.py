"""End-to-end fixtures: the daemon as a child process against real servers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meetdesk.testing.daemon import DaemonProcess
from meetdesk.testing.scenario import ALICE, World, seed_calendar, write_config
from meetdesk.testing.smtp_sink import SmtpSink


@pytest.fixture
def make_world(
    tmp_path: Path,
    db_url: str,
    radicale,
    sink: SmtpSink,  # type: ignore[no-untyped-def]
) -> Iterator[Callable[..., World]]:
    """Build the world: Alice onboarded by CLI with a seeded Radicale calendar, daemon up."""
    daemons: list[DaemonProcess] = []

    def build(lease_seconds: int = 120, start: bool = True) -> World:
        now = datetime.now(UTC)
        calendar_url = radicale.make_calendar(f"alice-{tmp_path.name}")
        radicale.seed(calendar_url, seed_calendar(now))
        password_file = tmp_path / "caldav-password"
        password_file.write_text(radicale.password)
        config = write_config(
            tmp_path, store_url=db_url, sink_port=sink.port, lease_seconds=lease_seconds
        )
        daemon = DaemonProcess(config, tmp_path / "daemon.log")
        daemons.append(daemon)
        daemon.cli(
            "customer",
            "add",
            ALICE,
            "--name",
            "Alice Martin",
            "--timezone",
            "Europe/Paris",
            "--caldav-url",
            calendar_url,
            "--caldav-username",
            radicale.username,
            "--caldav-password-file",
            str(password_file),
        )
        if start:
            daemon.start()
        world = World(root=tmp_path, config=config, daemon=daemon, sink_port=sink.port)
        world.calendar_url = calendar_url  # type: ignore[attr-defined]
        return world

    yield build
    for d in daemons:
        d.kill()
