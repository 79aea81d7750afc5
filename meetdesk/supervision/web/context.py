"""What every request of the web application works with, handed over once.

``create_app`` stores a :class:`WebContext` on ``app.state.ctx``; routes reach it through
:func:`context` rather than any global, so the daemon, ``meetdesk console`` and the tests
each build their own with their own engine, cipher and clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from starlette.requests import HTTPConnection

from meetdesk.clock import Clock
from meetdesk.flow.services import Services
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings


@dataclass(frozen=True)
class WebContext:
    """The store, clock and services the API and the console use.

    ``services`` queues mail and jobs in the caller's transaction (a supervisor's reply,
    a resumed conversation): the daemon passes its own, ``meetdesk console`` builds one
    like ``meetdesk.flow.takeover.queueing_services`` so the daemon sends what it queues.
    """

    settings: Settings
    engine: Engine
    cipher: Cipher
    clock: Clock
    services: Services


def context(request: HTTPConnection) -> WebContext:
    """The application's context (a FastAPI dependency)."""
    ctx: WebContext = request.app.state.ctx
    return ctx
