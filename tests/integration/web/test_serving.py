"""The application over real HTTP: served by the daemon when ``[console] listen`` is set,
stopped with it, and a clear error when the address cannot be listened on."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest

from meetdesk.daemon import Daemon
from meetdesk.errors import ConfigError
from meetdesk.settings import parse_settings
from meetdesk.supervision.web.serve import bind
from meetdesk.testing import free_port
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import settings_for, start


async def test_the_daemon_serves_the_api_on_its_console_port_and_stops_cleanly(
    tmp_path: Path, db_url: str, sink: SmtpSink
) -> None:
    port = free_port()
    settings = settings_for(tmp_path, db_url, sink.port, console={"listen": f"127.0.0.1:{port}"})
    running = await start(settings)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            response = await client.get("/api/session")
            assert response.status_code == 401
            assert response.json()["detail"].startswith("not signed in")
            assert response.headers["x-frame-options"] == "DENY"
            schema = await client.get("/api/openapi.json")
            assert schema.status_code == 200 and "/api/escalations" in schema.json()["paths"]
    finally:
        await running.stop()
    assert running.task.done() and running.task.exception() is None
    with pytest.raises(httpx.ConnectError):  # nothing listens once it stopped
        async with httpx.AsyncClient(timeout=5) as client:
            await client.get(f"http://127.0.0.1:{port}/api/session")


async def test_a_console_address_in_use_stops_the_daemon_with_a_clear_error(
    tmp_path: Path, sink: SmtpSink
) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        url = f"sqlite:///{tmp_path / 'meetdesk.db'}"
        settings = settings_for(tmp_path, url, sink.port, console={"listen": f"127.0.0.1:{port}"})
        daemon = Daemon(settings)
        with pytest.raises(
            ConfigError, match=rf"console.listen = '127.0.0.1:{port}': cannot listen"
        ):
            await asyncio.wait_for(daemon.run(), 30)
    finally:
        taken.close()


def test_bind_refuses_a_malformed_address_naming_the_key() -> None:
    with pytest.raises(ConfigError, match="--listen = 'nowhere': expected \"host:port\""):
        bind("nowhere", "--listen")


def test_console_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="console.listen"):
        parse_settings({"console": {"listen": "localhost"}}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="console.secure_cookies must be true or false"):
        parse_settings({"console": {"secure_cookies": "no"}}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="unknown config key 'console.port'"):
        parse_settings({"console": {"port": 1}}, base_dir=tmp_path)
    default = parse_settings({}, base_dir=tmp_path).console
    assert default.listen == "" and default.secure_cookies is True
