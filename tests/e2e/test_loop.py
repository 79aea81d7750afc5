"""The whole loop against the real daemon, per database: request, proposals, choice,
booking in Radicale, invitation with the same UID; and nothing private leaks."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from meetdesk.testing.daemon import DaemonProcess
from meetdesk.testing.smtp_sink import SmtpSink
from tests.e2e.world import (
    ALICE,
    ASSISTANT,
    BOB,
    SECRET_TITLES,
    World,
    answer,
    request_message,
    seed_calendar,
    write_config,
)

TIMINGS: dict[str, list[float]] = {"proposal": [], "invitation": []}


@pytest.fixture
def world(tmp_path: Path, db_url: str, radicale, sink: SmtpSink) -> Iterator[World]:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    calendar_url = radicale.make_calendar(f"alice-{tmp_path.name}")
    radicale.seed(calendar_url, seed_calendar(now))
    password_file = tmp_path / "caldav-password"
    password_file.write_text(radicale.password)
    config = write_config(tmp_path, store_url=db_url, sink_port=sink.port)
    daemon = DaemonProcess(config, tmp_path / "daemon.log")
    daemon.cli("customer", "add", ALICE, "--name", "Alice Martin", "--timezone", "Europe/Paris",
               "--caldav-url", calendar_url, "--caldav-username", radicale.username,
               "--caldav-password-file", str(password_file))
    daemon.start()
    w = World(root=tmp_path, config=config, daemon=daemon, sink_port=sink.port)
    w.calendar_url = calendar_url  # type: ignore[attr-defined]
    try:
        yield w
    finally:
        daemon.kill()
