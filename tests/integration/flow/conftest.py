"""The in-process daemon every flow test talks to (see harness.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import Running, settings_for, start


@pytest.fixture
async def running(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Running]:
    r = await start(settings_for(tmp_path, db_url, sink.port))
    try:
        yield r
    finally:
        await r.stop()
