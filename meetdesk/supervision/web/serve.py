"""Serving the web application with uvicorn, inside a running event loop.

Whoever calls :func:`serve` owns the process's signals (the daemon, or ``meetdesk
console``): uvicorn installs none of its own and stops when ``stop`` is set. The socket
is bound before uvicorn starts, so an address that cannot be listened on is one clear
:class:`~meetdesk.errors.ConfigError` rather than uvicorn exiting the process. Uvicorn
keeps its logging quiet (warnings only, no access log: request lines would carry ids
of people's records) and leaves the process's logging configuration alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Generator

import uvicorn

from meetdesk.errors import ConfigError
from meetdesk.settings import parse_listen

from .app import create_app
from .context import WebContext

KEY = "console.listen"
GRACE_SECONDS = 5


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to its caller."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def bind(listen: str, key: str = KEY) -> socket.socket:
    """A listening TCP socket on ``host:port``; ConfigError naming ``key`` if it cannot."""
    host, port = parse_listen(listen, key)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"{key} = {listen!r}: cannot listen: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"{key} = {listen!r}: cannot listen: {exc.strerror}") from None
    sock.setblocking(False)
    return sock


async def serve(
    ctx: WebContext, listen: str, stop: asyncio.Event, *, sock: socket.socket | None = None
) -> None:
    """Serve the API and console on ``listen`` (or the already bound ``sock``) until
    ``stop`` is set; requests in flight get :data:`GRACE_SECONDS` to finish."""
    sock = sock or bind(listen)
    config = uvicorn.Config(
        create_app(ctx),
        log_level="warning",
        log_config=None,
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=GRACE_SECONDS,
    )
    server = _Server(config)

    async def stopper() -> None:
        await stop.wait()
        server.should_exit = True

    watch = asyncio.create_task(stopper(), name="console-stop")
    try:
        await server.serve(sockets=[sock])
    finally:
        watch.cancel()
        sock.close()
