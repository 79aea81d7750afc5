"""Outbound transports against real servers: SmtpTransport -> SmtpSink, MaildirTransport."""

from __future__ import annotations

import asyncio
import mailbox
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meetdesk.errors import MailRejected, MailUnavailable
from meetdesk.mail.compose import compose, make_message_id
from meetdesk.mail.outbound import MaildirTransport, MemoryTransport, SmtpTransport, Transport
from meetdesk.mail.parse import Address, parse_message
from meetdesk.testing import free_port
from meetdesk.testing.smtp_sink import SmtpSink, self_signed_tls

FROM = "julie@assistant.example"
TO = ["bob@example.org", "cust@example.com"]


def message(key: str = "k1", text: str = "Hello Bob — mardi ?\n.\nnot the end\n") -> bytes:
    return compose(
        sender=Address("Julie", FROM),
        to=[Address("Bob", TO[0])],
        cc=[Address("", TO[1])],
        subject="Meeting",
        text=text,
        message_id=make_message_id(key, "assistant.example"),
        in_reply_to=None,
        references=[],
        date=datetime(2024, 3, 5, 9, tzinfo=UTC),
    )


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    with SmtpSink() as s:
        yield s


@pytest.fixture
def auth_sink() -> Iterator[SmtpSink]:
    with SmtpSink(username="julie", password="s3cret") as s:
        yield s


def transport(s: SmtpSink, **kw: object) -> SmtpTransport:
    return SmtpTransport(s.host, s.port, timeout=5, local_hostname="assistant.example", **kw)  # type: ignore[arg-type]


async def test_plain_delivery_reaches_the_sink_intact(sink: SmtpSink) -> None:
    raw = message()
    t = transport(sink)
    assert isinstance(t, Transport)
    await t.check()
    await t.send(FROM, TO, raw)
    [(envelope_from, rcpts, got)] = await sink.wait_for(1)
    assert envelope_from == FROM and rcpts == TO
    assert got.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert parse_message(got).text == "Hello Bob — mardi ?\n.\nnot the end\n"
    assert sink.messages[0].message["Subject"] == "Meeting"


async def test_sends_do_not_block_the_loop(sink: SmtpSink) -> None:
    t = transport(sink)
    await asyncio.gather(*(t.send(FROM, TO[:1], message(f"k{n}")) for n in range(5)))
    assert len(await sink.wait_for(5)) == 5


async def test_auth_is_used_and_wrong_password_is_rejected(auth_sink: SmtpSink) -> None:
    await transport(auth_sink, username="julie", password="s3cret").send(FROM, TO, message())
    await auth_sink.wait_for(1)
    assert auth_sink.logins == ["julie"]
    with pytest.raises(MailRejected) as err:
        await transport(auth_sink, username="julie", password="wrong").send(FROM, TO, message())
    assert "535" in str(err.value)
    with pytest.raises(MailRejected):  # the sink requires AUTH: 530 without it
        await transport(auth_sink).send(FROM, TO, message())
    with pytest.raises(MailRejected):
        await transport(auth_sink, username="julie", password="wrong").check()


async def test_4xx_is_transient_and_5xx_is_permanent(sink: SmtpSink) -> None:
    t = transport(sink)
    sink.fail_next(451)
    with pytest.raises(MailUnavailable) as transient:
        await t.send(FROM, TO, message())
    assert "451" in str(transient.value) and "bob" not in str(transient.value)
    sink.fail_next(550)
    with pytest.raises(MailRejected) as permanent:
        await t.send(FROM, TO, message())
    assert "550" in str(permanent.value)
    sink.fail_next(452, at="mail")
    with pytest.raises(MailUnavailable):
        await t.send(FROM, TO, message())
    await t.send(FROM, TO, message())  # failures were one-shot
    assert len(await sink.wait_for(1)) == 1


async def test_refused_recipients(sink: SmtpSink) -> None:
    t = transport(sink)
    sink.fail_next(550, at="rcpt")
    with pytest.raises(MailRejected):
        await t.send(FROM, TO[:1], message())
    sink.fail_next(450, at="rcpt")
    with pytest.raises(MailUnavailable):
        await t.send(FROM, TO[:1], message())
    sink.fail_next(550, at="rcpt")  # one of two refused: the other still gets it
    await t.send(FROM, TO, message())
    [(_, rcpts, _)] = await sink.wait_for(1)
    assert rcpts == TO[1:]


async def test_connection_refused_is_transient() -> None:
    port = free_port()
    t = SmtpTransport("127.0.0.1", port, timeout=2)
    with pytest.raises(MailUnavailable) as err:
        await t.send(FROM, TO, message())
    assert f"127.0.0.1:{port}" in str(err.value)
    with pytest.raises(MailUnavailable):
        await t.check()


async def test_silent_server_times_out_as_transient() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        with pytest.raises(MailUnavailable):
            await SmtpTransport("127.0.0.1", port, timeout=0.3).send(FROM, TO, message())


async def test_envelope_injection_is_refused(sink: SmtpSink) -> None:
    t = transport(sink)
    for sender, rcpts in (
        (FROM + "\r\nRCPT TO:<eve@evil.example>", TO),
        (FROM, []),
        (FROM, ["bob@example.org\r\nDATA"]),
        (FROM, "bob@example.org"),
    ):
        with pytest.raises(MailRejected):
            await t.send(sender, rcpts, message())  # type: ignore[arg-type]
    assert sink.messages == []


async def test_starttls_with_self_signed_certificate() -> None:
    server_ctx, client_ctx = self_signed_tls()
    with SmtpSink(tls_context=server_ctx, username="julie", password="pw") as tls_sink:
        t = transport(
            tls_sink, starttls=True, ssl_context=client_ctx, username="julie", password="pw"
        )
        await t.check()
        await t.send(FROM, TO, message())
        assert len(await tls_sink.wait_for(1)) == 1
        with pytest.raises(MailRejected):  # the default trust store does not know this cert
            await transport(tls_sink, starttls=True).send(FROM, TO, message())


async def test_maildir_delivery_is_complete_and_keeps_the_envelope(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    t = MaildirTransport(folder)
    await t.check()
    raw = message()
    await t.send(FROM, TO, raw)
    await t.send(FROM, TO[:1], message("k2"))
    box = mailbox.Maildir(folder, create=False)
    assert len(box) == 2 and os.listdir(folder / "tmp") == []
    delivered = sorted((bytes(m) for m in box), key=len, reverse=True)
    texts = [parse_message(m) for m in delivered]
    assert {p.message_id for p in texts} == {
        make_message_id("k1", "assistant.example"),
        make_message_id("k2", "assistant.example"),
    }
    first = box.get_message(
        next(k for k in box.keys() if len(box.get_message(k).get_all("Delivered-To") or []) == 2)
    )
    assert first["Return-Path"] == f"<{FROM}>"
    assert b"\r\n" not in bytes(first)


async def test_maildir_unwritable_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    t = MaildirTransport(blocker / "outbox")
    with pytest.raises((MailUnavailable, MailRejected)):
        await t.check()
    with pytest.raises((MailUnavailable, MailRejected)):
        await t.send(FROM, TO, message())


async def test_memory_transport_records_and_fails_once() -> None:
    t = MemoryTransport()
    t.fail_with = MailUnavailable("simulated")
    with pytest.raises(MailUnavailable):
        await t.send(FROM, TO, b"x")
    await t.send(FROM, TO, b"x")
    assert t.sent == [(FROM, TO, b"x")]


def test_sink_is_usable_from_sync_code(sink: SmtpSink) -> None:
    import smtplib

    with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
        client.sendmail(FROM, TO[:1], message())
    [captured] = sink.wait_for_sync(1, timeout=5)
    assert captured.rcpt_tos == TO[:1]
    with pytest.raises(TimeoutError):
        sink.wait_for_sync(2, timeout=0.2)
