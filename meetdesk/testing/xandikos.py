"""A throw-away Xandikos CalDAV server for tests.

A second, independent CalDAV implementation keeps the CalDAV adapter honest: what works
only against Radicale's quirks fails here. Xandikos serves without authentication (its
``--htpasswd`` requires TLS), which is fine on loopback in tests.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from meetdesk.testing import free_port
from meetdesk.testing.radicale import DavServer, ServerUnavailable, start_process, wait_until_up

__all__ = ["ServerUnavailable", "XandikosServer", "xandikos_server"]


@dataclass
class XandikosServer(DavServer):
    """A running Xandikos; seeding stores one object per UID (no collection PUT)."""


@contextmanager
def xandikos_server(root: Path | None = None) -> Iterator[XandikosServer]:
    """Run Xandikos on 127.0.0.1 with a ``/user/calendars/`` home until the block exits."""
    root = Path(root or tempfile.mkdtemp(prefix="meetdesk-xandikos-")) / "xandikos"
    (root / "data").mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = root / "xandikos.log"
    process = start_process(
        [
            sys.executable,
            "-m",
            "xandikos.web",
            "--directory",
            str(root / "data"),
            "--defaults",
            "--current-user-principal",
            "/user/",
            "--state-dir",
            str(root / "state"),
            "--no-detect-systemd",
            "--listen-address",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        log,
    )
    url = f"http://127.0.0.1:{port}"
    server = XandikosServer(
        base=url, username=None, password=None, calendar_home="/user/calendars/", process=process
    )
    try:
        wait_until_up(url + "/", process, log)
        yield server
    finally:
        server.stop()
