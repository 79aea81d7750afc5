"""Failpoints: named places where a test can make the daemon die abruptly.

Crash-recovery tests must hit the narrowest windows (after a calendar write, before
its commit) deterministically rather than by luck. ``MEETDESK_FAILPOINTS`` lists the
names, comma-separated; at a listed point the process kills itself with SIGKILL, exactly
as a power cut would. Unset (always, in production) this costs one dict lookup.
"""

from __future__ import annotations

import os
import signal

ENV = "MEETDESK_FAILPOINTS"


def hit(name: str) -> None:
    armed = os.environ.get(ENV)
    if armed and name in armed.split(","):
        os.kill(os.getpid(), signal.SIGKILL)
