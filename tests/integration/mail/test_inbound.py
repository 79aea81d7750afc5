"""The inbound SMTP/LMTP listener: reply codes, acknowledgement after accept, size limit."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import AsyncIterator, Callable

import pytest

from meetdesk.mail.inbound import InboundHandler, start_listener
from meetdesk.testing import free_port

ADDRESS = "julie@assistant.example"
MESSAGE = b"From: a@x.example\r\nTo: julie@assistant.example\r\nSubject: hi\r\n\r\nHello\r\n"


class Recorder:
    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.fail = False

    async def __call__(self, raw: bytes) -> str:
        if self.fail:
            raise RuntimeError("database unreachable")
        self.messages.append(raw)
        return "stored"


@pytest.fixture
async def listener() -> AsyncIterator[Callable[..., object]]:
    servers: list[asyncio.AbstractServer] = []

    async def start(lmtp: bool = False, max_bytes: int = 100_000) -> tuple[int, Recorder]:
        recorder = Recorder()
        port = free_port()
        server = await start_listener(
            InboundHandler([ADDRESS, "alias@assistant.example"], recorder),
            "127.0.0.1",
            port,
            lmtp=lmtp,
            max_bytes=max_bytes,
            hostname="assistant.example",
        )
        servers.append(server)
        return port, recorder

    yield start
    for s in servers:
        s.close()
        await s.wait_closed()


def _send(port: int, rcpts: list[str], data: bytes) -> object:
    with smtplib.SMTP("127.0.0.1", port) as client:
        return client.sendmail("a@x.example", rcpts, data)


async def test_accepts_for_served_address_after_storing(listener) -> None:  # type: ignore[no-untyped-def]
    """A message to the assistant is handed to accept before the 250."""
    port, recorder = await listener()
    await asyncio.to_thread(_send, port, [ADDRESS.upper()], MESSAGE)
    assert recorder.messages == [MESSAGE]


async def test_unknown_recipient_gets_550(listener) -> None:  # type: ignore[no-untyped-def]
    """Recipients the daemon does not serve are refused at RCPT with 550."""
    port, recorder = await listener()
    with pytest.raises(smtplib.SMTPRecipientsRefused) as info:
        await asyncio.to_thread(_send, port, ["someone@else.example"], MESSAGE)
    assert info.value.recipients["someone@else.example"][0] == 550
    assert recorder.messages == []


async def test_oversized_message_gets_552(listener) -> None:  # type: ignore[no-untyped-def]
    """Above the size limit the message is refused with 552 and not stored."""
    port, recorder = await listener(max_bytes=10_000)
    big = MESSAGE + b"x" * 20_000 + b"\r\n"
    with pytest.raises(smtplib.SMTPException) as info:
        await asyncio.to_thread(_send, port, [ADDRESS], big)
    assert "552" in str(info.value) or getattr(info.value, "smtp_code", None) == 552
    assert recorder.messages == []


async def test_internal_error_gets_451_and_listener_keeps_serving(listener) -> None:  # type: ignore[no-untyped-def]
    """If storing fails the sender gets 451 (retry later), and the next message works."""
    port, recorder = await listener()
    recorder.fail = True
    with pytest.raises(smtplib.SMTPDataError) as info:
        await asyncio.to_thread(_send, port, [ADDRESS], MESSAGE)
    assert info.value.smtp_code == 451
    recorder.fail = False
    await asyncio.to_thread(_send, port, [ADDRESS], MESSAGE)
    assert recorder.messages == [MESSAGE]


def _lmtp_dialog(port: int, rcpts: list[str], data: bytes) -> list[str]:
    """Speak LMTP by hand: smtplib's client reads only one reply after DATA."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        reader = sock.makefile("rb")

        def reply() -> str:
            lines = []
            while True:
                line = reader.readline().decode()
                lines.append(line.strip())
                if line[3:4] != "-":
                    return lines[-1]

        reply()
        sock.sendall(b"LHLO client.example\r\n")
        reply()
        sock.sendall(b"MAIL FROM:<a@x.example>\r\n")
        reply()
        for r in rcpts:
            sock.sendall(f"RCPT TO:<{r}>\r\n".encode())
            reply()
        sock.sendall(b"DATA\r\n")
        reply()
        sock.sendall(data + b".\r\n")
        answers = [reply() for _ in rcpts]
        sock.sendall(b"QUIT\r\n")
        return answers


async def test_lmtp_answers_once_per_recipient(listener) -> None:  # type: ignore[no-untyped-def]
    """Over LMTP each accepted recipient gets its own 250 after DATA (RFC 2033)."""
    port, recorder = await listener(lmtp=True)
    answers = await asyncio.to_thread(
        _lmtp_dialog, port, [ADDRESS, "alias@assistant.example"], MESSAGE
    )
    assert [a[:3] for a in answers] == ["250", "250"]
    assert recorder.messages == [MESSAGE]
