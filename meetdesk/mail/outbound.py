"""Outbound mail transports: the ``Transport`` boundary, SMTP and Maildir adapters, a fake.

The send stage hands each outbox message to a ``Transport``; the daemon picks the adapter
from configuration. smtplib and mailbox block, so both adapters run them in a worker
thread (``asyncio.to_thread``), never on the event loop. Failures are mapped here to the
two classes the worker understands: ``MailUnavailable`` (retry: unreachable, timeout,
4xx) and ``MailRejected`` (escalate: 5xx, authentication, refused recipients). Error
messages name only host:port and the SMTP code, never addresses or content.
"""

from __future__ import annotations

import asyncio
import logging
import mailbox
import os
import re
import smtplib
import ssl as _ssl
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from meetdesk.errors import MailError, MailRejected, MailUnavailable

__all__ = ["MaildirTransport", "MemoryTransport", "SmtpTransport", "Transport"]

log = logging.getLogger(__name__)

_BAD_ENVELOPE = re.compile(r"[\x00-\x20\x7f<>]")


@runtime_checkable
class Transport(Protocol):
    """Where outbound messages go. Both methods raise only ``MailError`` subclasses."""

    async def send(self, envelope_from: str, recipients: Sequence[str], raw: bytes) -> None:
        """Deliver ``raw`` (RFC 5322 bytes) to ``recipients``, bounces to ``envelope_from``."""
        ...

    async def check(self) -> None:
        """Verify the transport is usable now (reachable, authenticated, writable)."""
        ...


def _check_envelope(envelope_from: str, recipients: Sequence[str]) -> list[str]:
    """Refuse addresses that could smuggle an SMTP command or a header (CR/LF, spaces)."""
    if isinstance(recipients, str):
        raise MailRejected("recipients must be a sequence of addresses, not one string")
    rcpts = list(recipients)
    if not rcpts:
        raise MailRejected("no recipients")
    if _BAD_ENVELOPE.search(envelope_from) or any(not r or _BAD_ENVELOPE.search(r) for r in rcpts):
        raise MailRejected("invalid envelope address")
    return rcpts


class SmtpTransport:
    """Sends through an SMTP server (submission with STARTTLS, implicit TLS, or plain)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        starttls: bool = False,
        ssl: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30,
        local_hostname: str | None = None,
        ssl_context: _ssl.SSLContext | None = None,
    ) -> None:
        if starttls and ssl:
            raise ValueError("starttls and ssl are mutually exclusive")
        self.host, self.port = host, port
        self.starttls, self.ssl = starttls, ssl
        self.username, self.password = username, password
        self.timeout = timeout
        self.local_hostname = local_hostname
        self.ssl_context = ssl_context

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    async def send(self, envelope_from: str, recipients: Sequence[str], raw: bytes) -> None:
        rcpts = _check_envelope(envelope_from, recipients)
        await asyncio.to_thread(self._guarded, self._send_sync, envelope_from, rcpts, raw)

    async def check(self) -> None:
        await asyncio.to_thread(self._guarded, self._check_sync)

    def _guarded(self, func: Callable[..., None], *args: object) -> None:
        try:
            func(*args)
        except MailError:
            raise
        except Exception as exc:
            raise self._map(exc) from None

    def _connect(self) -> smtplib.SMTP:
        context = self.ssl_context or _ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.ssl:
            smtp = smtplib.SMTP_SSL(
                self.host,
                self.port,
                local_hostname=self.local_hostname,
                timeout=self.timeout,
                context=context,
            )
        else:
            smtp = smtplib.SMTP(
                self.host, self.port, local_hostname=self.local_hostname, timeout=self.timeout
            )
        try:
            smtp.ehlo_or_helo_if_needed()
            if self.starttls:
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _send_sync(self, envelope_from: str, rcpts: list[str], raw: bytes) -> None:
        smtp = self._connect()
        try:
            options = ["BODY=8BITMIME"] if not raw.isascii() and smtp.has_extn("8bitmime") else []
            refused = smtp.sendmail(envelope_from, rcpts, raw, mail_options=options)
            if refused:  # others got it: a retry would duplicate, so report and go on
                log.warning(
                    "SMTP %s refused %d of %d recipients", self.where, len(refused), len(rcpts)
                )
        finally:
            _quit(smtp)
        log.debug("sent %d bytes to %d recipients via %s", len(raw), len(rcpts), self.where)

    def _check_sync(self) -> None:
        smtp = self._connect()
        try:
            code, _ = smtp.noop()
            if code != 250:
                raise smtplib.SMTPResponseException(code, b"NOOP")
        finally:
            _quit(smtp)

    def _map(self, exc: Exception) -> MailError:
        """Transient or permanent, by exception class and SMTP code; no server text."""
        where = self.where
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codes = sorted({code for code, _ in exc.recipients.values()})
            text = f"SMTP {where} refused all recipients ({', '.join(map(str, codes))})"
            return (
                MailUnavailable(text)
                if codes and all(400 <= c < 500 for c in codes)
                else MailRejected(text)
            )
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return MailUnavailable(f"SMTP {where} closed the connection")
        if isinstance(exc, smtplib.SMTPResponseException):
            code = exc.smtp_code
            if 500 <= code < 600:
                return MailRejected(f"SMTP {where} answered {code}")
            return MailUnavailable(f"SMTP {where} answered {code}")
        if isinstance(exc, smtplib.SMTPException):  # no AUTH method, no STARTTLS: config
            return MailRejected(f"SMTP {where}: {type(exc).__name__}")
        if isinstance(exc, _ssl.SSLCertVerificationError):
            return MailRejected(f"SMTP {where}: TLS certificate not trusted")
        if isinstance(exc, OSError | TimeoutError):
            return MailUnavailable(f"SMTP {where} unreachable ({type(exc).__name__})")
        return MailUnavailable(f"SMTP {where}: {type(exc).__name__}")


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


class MaildirTransport:
    """Delivers into a local Maildir (development, air-gapped setups, a mail pickup dir).

    ``mailbox.Maildir`` writes to ``tmp/`` and moves into ``new/``, so a reader never sees
    half a message. The envelope is kept as ``Return-Path`` and ``Delivered-To`` headers,
    as a local delivery agent would.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    async def send(self, envelope_from: str, recipients: Sequence[str], raw: bytes) -> None:
        rcpts = _check_envelope(envelope_from, recipients)
        trace = f"Return-Path: <{envelope_from}>\n" + "".join(f"Delivered-To: {r}\n" for r in rcpts)
        data = trace.encode("ascii") + raw.replace(b"\r\n", b"\n")
        await asyncio.to_thread(self._run, self._deliver, data)

    async def check(self) -> None:
        await asyncio.to_thread(self._run, self._probe)

    def _run(self, func: Callable[..., None], *args: object) -> None:
        try:
            func(*args)
        except PermissionError:
            raise MailRejected("maildir: permission denied") from None
        except OSError as exc:  # disk full, NFS hiccup: may pass later
            raise MailUnavailable(f"maildir: {type(exc).__name__}") from None

    def _deliver(self, data: bytes) -> None:
        mailbox.Maildir(self.path, create=True).add(data)

    def _probe(self) -> None:
        mailbox.Maildir(self.path, create=True)
        for sub in ("tmp", "new"):
            if not os.access(self.path / sub, os.W_OK):
                raise PermissionError(sub)
        with tempfile.NamedTemporaryFile(dir=self.path / "tmp", prefix=".probe-"):
            pass


class MemoryTransport:
    """The in-memory fake: records what was sent; ``fail_with`` makes the next send fail."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[str], bytes]] = []
        self.fail_with: MailError | None = None

    async def send(self, envelope_from: str, recipients: Sequence[str], raw: bytes) -> None:
        rcpts = _check_envelope(envelope_from, recipients)
        if self.fail_with is not None:
            error, self.fail_with = self.fail_with, None
            raise error
        self.sent.append((envelope_from, rcpts, bytes(raw)))

    async def check(self) -> None:
        return None
