"""Helpers shipped for tests: embedded servers (Radicale, PostgreSQL, SMTP sink), clocks.

They live in the package (not under tests/) so operators can reuse them to try a
configuration against throw-away servers.
"""

from __future__ import annotations

import os
import socket


def services_required() -> bool:
    """True when a missing server must fail the test run instead of skipping (CI)."""
    return os.environ.get("MEETDESK_REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
