"""A capturing SMTP server for tests: the fake MTA that outbound mail is sent to.

It runs aiosmtpd's ``Controller`` in its own thread on 127.0.0.1, so synchronous tests,
async tests and a daemon in another process can all send to it. Tests wait on a
condition (``wait_for`` / ``wait_for_sync``), never sleep. ``fail_next`` makes it answer
a chosen code (451, 550, ...) to exercise retry and escalation; ``username``/``password``
turn on AUTH (PLAIN/LOGIN over loopback without TLS); ``tls_context`` offers STARTTLS
(``self_signed_tls`` builds a throw-away certificate).
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import ipaddress
import ssl
import threading
import warnings
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any, NamedTuple, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from meetdesk.testing import free_port

__all__ = ["CapturedMessage", "SmtpSink", "self_signed_tls"]


class CapturedMessage(NamedTuple):
    """One accepted message: unpacks as ``(envelope_from, rcpt_tos, raw)``."""

    envelope_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        """The message parsed with the modern ``email`` API."""
        parsed = BytesParser(policy=policy.default).parsebytes(self.raw)
        assert isinstance(parsed, EmailMessage)
        return parsed


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        failure = self.sink._take_failure("mail")
        if failure:
            return failure
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        failure = self.sink._take_failure("rcpt")
        if failure:
            return failure
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        failure = self.sink._take_failure("data")
        if failure:
            return failure
        raw = envelope.original_content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        self.sink._record(CapturedMessage(envelope.mail_from or "", list(envelope.rcpt_tos), raw))
        return "250 2.0.0 OK: captured"


class _Controller(Controller):
    def factory(self) -> SMTP:
        # AUTH without TLS is the point on loopback (auth_require_tls=False); the warning
        # aiosmtpd gives for it would only be noise in every test that uses it.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            return super().factory()


class SmtpSink:
    """Capturing SMTP server on 127.0.0.1; use as a (sync) context manager."""

    def __init__(
        self,
        *,
        port: int | None = None,
        username: str | None = None,
        password: str | None = None,
        tls_context: ssl.SSLContext | None = None,
        hostname: str = "sink.test",
    ) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.username, self.password = username, password
        self.messages: list[CapturedMessage] = []
        self.logins: list[str] = []
        self._failures: list[tuple[str, str]] = []
        self._lock = threading.Condition()
        kwargs: dict[str, Any] = {"server_hostname": hostname, "ready_timeout": 5.0}
        if username is not None:
            kwargs.update(
                authenticator=self._authenticate, auth_required=True, auth_require_tls=False
            )
        if tls_context is not None:
            kwargs.update(tls_context=tls_context)
        self._controller = _Controller(_Handler(self), hostname=self.host, port=self.port, **kwargs)

    def start(self) -> Self:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(self, code: int = 451, *, at: str = "data", text: str = "") -> None:
        """Answer ``code`` once, at MAIL, RCPT or DATA, instead of accepting."""
        if at not in ("mail", "rcpt", "data"):
            raise ValueError("at must be 'mail', 'rcpt' or 'data'")
        status = "4.3.0" if 400 <= code < 500 else "5.0.0"
        with self._lock:
            self._failures.append((at, f"{code} {status} {text or 'simulated failure'}"))

    def clear(self) -> None:
        """Forget captured messages, logins and pending failures."""
        with self._lock:
            self.messages.clear()
            self.logins.clear()
            self._failures.clear()

    def wait_for_sync(self, count: int, timeout: float = 10) -> list[CapturedMessage]:
        """The first ``count`` messages, once that many have arrived; TimeoutError if not."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.messages) >= count, timeout):
                raise TimeoutError(f"{len(self.messages)} of {count} messages after {timeout}s")
            return list(self.messages[:count])

    # Same signature as wait_for_sync on purpose, hence the noqa.
    async def wait_for(self, count: int, timeout: float = 10) -> list[CapturedMessage]:  # noqa: ASYNC109
        """``wait_for_sync`` without blocking the event loop."""
        return await asyncio.to_thread(self.wait_for_sync, count, timeout)

    def _take_failure(self, stage: str) -> str | None:
        with self._lock:
            for i, (at, reply) in enumerate(self._failures):
                if at == stage:
                    del self._failures[i]
                    return reply
        return None

    def _record(self, captured: CapturedMessage) -> None:
        with self._lock:
            self.messages.append(captured)
            self._lock.notify_all()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        ok = login == self.username and auth_data.password.decode("utf-8", "replace") == (
            self.password or ""
        )
        if ok:
            with self._lock:
                self.logins.append(login)
        return AuthResult(success=ok, handled=False)


def self_signed_tls(hostname: str = "localhost") -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server, client) TLS contexts around a fresh self-signed cert for 127.0.0.1."""
    import tempfile
    from pathlib import Path

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = _dt.datetime.now(_dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _dt.timedelta(minutes=5))
        .not_valid_after(now + _dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName(hostname),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    with tempfile.TemporaryDirectory() as tmp:  # load_cert_chain reads only from files
        (Path(tmp) / "cert.pem").write_bytes(cert_pem)
        (Path(tmp) / "key.pem").write_bytes(key_pem)
        server.load_cert_chain(Path(tmp) / "cert.pem", Path(tmp) / "key.pem")
    client = ssl.create_default_context(cadata=cert_pem.decode("ascii"))
    return server, client
