"""Wiring: the only place that puts settings, store, adapters and tasks together.

``Daemon.run`` opens the key, the database (migrating it), the mail transport and the
listeners, starts the worker pool and waits for a stop request; shutdown first stops
accepting mail, then lets in-flight jobs finish (or releases them after a grace period).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Engine

from meetdesk.calendar.factory import CalendarCache
from meetdesk.clock import Clock, SystemClock
from meetdesk.errors import ConfigError
from meetdesk.flow import accept as accept_stage
from meetdesk.flow.attendance import attendance
from meetdesk.flow.book import book
from meetdesk.flow.cancel import cancel
from meetdesk.flow.follow_up import follow_up
from meetdesk.flow.holds import sync_holds
from meetdesk.flow.propose import propose
from meetdesk.flow.send import send
from meetdesk.flow.services import Services
from meetdesk.flow.understand import understand
from meetdesk.mail.inbound import InboundHandler, start_listener
from meetdesk.mail.outbound import MaildirTransport, SmtpTransport, Transport
from meetdesk.privacy import purge_job
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.reencrypt import reencrypt_job
from meetdesk.settings import Settings, parse_listen
from meetdesk.store.opening import open_store
from meetdesk.supervision import alert_job
from meetdesk.worker import WorkerPool

log = logging.getLogger(__name__)


def make_transport(settings: Settings) -> Transport:
    out = settings.mail.outbound
    if out.transport == "maildir":
        return MaildirTransport(settings.path(out.maildir))
    password = None
    if out.smtp_password_file:
        try:
            password = settings.path(out.smtp_password_file).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"mail.outbound.smtp_password_file: {exc.strerror}") from None
    return SmtpTransport(
        out.smtp_host,
        out.smtp_port,
        starttls=out.smtp_starttls,
        ssl=out.smtp_ssl,
        username=out.smtp_username or None,
        password=password,
        timeout=out.timeout_seconds,
        local_hostname=settings.assistant.domain,
    )


def make_services(settings: Settings, engine: Engine, cipher: Cipher, clock: Clock) -> Services:
    return Services(
        settings=settings,
        engine=engine,
        cipher=cipher,
        clock=clock,
        transport=make_transport(settings),
        calendar_for=CalendarCache(settings.scheduling.calendar_timeout_seconds),
    )


def _report_console(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the console stopped: %r", task.exception())


class Daemon:
    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.ready = asyncio.Event()
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        engine, cipher = await asyncio.to_thread(
            functools.partial(open_store, self.settings, clock=self.clock)
        )
        services = make_services(self.settings, engine, cipher, self.clock)
        name = f"{socket.gethostname()}:{os.getpid()}"
        handlers: dict[str, Callable[..., Awaitable[None]]] = {
            kind: functools.partial(fn, s=services)
            for kind, fn in (
                ("understand", understand),
                ("propose", propose),
                ("book", book),
                ("holds", sync_holds),
                ("follow_up", follow_up),
                ("cancel", cancel),
                ("attendance", attendance),
                ("send", send),
                ("purge", purge_job.purge),
                ("reencrypt", reencrypt_job),
                (alert_job.KIND, alert_job.escalation_alerts),
            )
        }
        pool = WorkerPool(
            engine, self.clock, handlers, self.settings.worker, name, self.settings.supervision
        )
        services.notify = pool.notify
        await asyncio.to_thread(  # this period's retention pass, once cluster-wide
            functools.partial(
                purge_job.schedule,
                engine,
                now=self.clock.now(),
                hours=self.settings.privacy.retention.period_hours,
            )
        )
        await asyncio.to_thread(  # this period's look for escalations nearing due
            functools.partial(
                alert_job.schedule,
                engine,
                now=self.clock.now(),
                minutes=self.settings.supervision.alert_period_minutes,
            )
        )

        async def accept(raw: bytes) -> Any:
            outcome = await asyncio.to_thread(accept_stage.accept_message, services, raw)
            pool.notify()
            return outcome

        # Data subjects may also write to the privacy address (subject_intake reads them).
        addresses = (*self.settings.assistant.addresses, self.settings.privacy.requests_address)
        console_sock = self._bind_console()  # before the mail: a bad address starts nothing
        try:
            listeners = await self._listen(InboundHandler([a for a in addresses if a], accept))
        except BaseException:
            if console_sock is not None:
                console_sock.close()
            raise
        console_stop = asyncio.Event()
        console = None
        if console_sock is not None:
            console = self._serve_console(engine, cipher, services, console_sock, console_stop)
        pool_task = asyncio.create_task(pool.run(), name="workers")
        self.ready.set()
        try:
            await self._stop.wait()
        finally:
            log.info("shutting down: no longer accepting mail")
            for server in listeners:
                server.close()
            console_stop.set()
            for server in listeners:
                await server.wait_closed()
            if console is not None:
                await asyncio.gather(console, return_exceptions=True)
            pool.stop()
            await pool_task
            engine.dispose()
            log.info("stopped")

    def _bind_console(self) -> socket.socket | None:
        """The console's socket when ``[console] listen`` is set (FastAPI and uvicorn are
        imported only then)."""
        if not self.settings.console.listen:
            return None
        from meetdesk.supervision.web.serve import bind

        return bind(self.settings.console.listen)

    def _serve_console(
        self,
        engine: Engine,
        cipher: Cipher,
        services: Services,
        sock: socket.socket,
        stop: asyncio.Event,
    ) -> asyncio.Task[None]:
        from meetdesk.supervision.web.context import WebContext
        from meetdesk.supervision.web.serve import serve

        ctx = WebContext(self.settings, engine, cipher, self.clock, services)
        listen = self.settings.console.listen
        task = asyncio.create_task(serve(ctx, listen, stop, sock=sock), name="console")
        task.add_done_callback(_report_console)
        log.info("serving the console and API on %s", listen)
        return task

    async def _listen(self, handler: InboundHandler) -> list[asyncio.AbstractServer]:
        inbound = self.settings.mail.inbound
        servers = []
        for key, value, lmtp in (
            ("mail.inbound.smtp_listen", inbound.smtp_listen, False),
            ("mail.inbound.lmtp_listen", inbound.lmtp_listen, True),
        ):
            if not value:
                continue
            host, port = parse_listen(value, key)
            try:
                server = await start_listener(
                    handler,
                    host,
                    port,
                    lmtp=lmtp,
                    max_bytes=inbound.max_message_bytes,
                    hostname=self.settings.assistant.domain,
                )
            except OSError as exc:
                raise ConfigError(f"{key} = {value!r}: cannot listen: {exc.strerror}") from None
            log.info("listening for %s on %s", "LMTP" if lmtp else "SMTP", value)
            servers.append(server)
        return servers
