"""Bad input never loses mail nor stops the daemon: each case has a defined outcome."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import select

from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation, InboundMessage
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, Running
from tests.integration.flow.messages import raw_request_without_message_id, request


def _inbound(r: Running) -> list[str]:
    with transaction(r.engine) as session:
        return [m.status for m in session.scalars(select(InboundMessage)).all()]


def _reasons(r: Running) -> list[str]:
    with transaction(r.engine) as session:
        return [e.reason for e in session.scalars(select(Escalation)).all()]


async def _still_serving(r: Running, sink: SmtpSink) -> None:
    """A good request after the bad input still gets its proposal."""
    before = len(sink.messages)
    await r.send(request().as_bytes())
    await r.idle()
    assert len(sink.messages) == before + 1


async def test_malformed_mime_is_stored_and_handled(running: Running, sink: SmtpSink) -> None:
    """A multipart message whose boundary never appears is stored and gets an outcome."""
    raw = (
        f"From: Alice <{ALICE}>\r\nTo: bob@partner.example\r\nCc: julie@assistant.example\r\n"
        "Subject: broken\r\nMessage-ID: <broken-1@customer.example>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="never-there"\r\n\r\n'
        "Julie, please find 30 minutes for a call with Bob next week.\r\n"
    ).encode()
    await running.send(raw)
    await running.idle()
    assert _inbound(running) in (["done"], ["escalated"])
    await _still_serving(running, sink)


async def test_unknown_charset_is_read(running: Running, sink: SmtpSink) -> None:
    """A body in an unknown charset is decoded leniently and the request proceeds."""
    raw = request().as_bytes().replace(b'charset="utf-8"', b'charset="x-no-such-charset"')
    await running.send(raw)
    await running.idle()
    assert _inbound(running) == ["done"]
    assert len(sink.messages) == 1


async def test_empty_body_escalates(running: Running, sink: SmtpSink) -> None:
    """A request with no text is handed to a human and nothing is sent."""
    msg = request()
    msg.set_content("")
    await running.send(msg.as_bytes())
    await running.idle()
    assert _reasons(running) == ["unclear_request"]
    assert sink.messages == []
    await _still_serving(running, sink)


async def test_twenty_megabytes_is_refused_with_552(running: Running, sink: SmtpSink) -> None:
    """Over the size limit the sender gets 552 and nothing is stored."""
    msg = request()
    msg.add_attachment(
        b"\0" * (20 * 1024 * 1024),
        maintype="application",
        subtype="octet-stream",
        filename="big.bin",
    )
    with pytest.raises(smtplib.SMTPException) as info:
        await running.send(msg.as_bytes())
    assert "552" in str(info.value) or getattr(info.value, "smtp_code", 0) == 552
    assert _inbound(running) == []
    await _still_serving(running, sink)


async def test_missing_message_id_is_processed_once(running: Running, sink: SmtpSink) -> None:
    """Without a Message-ID the message is still processed, and a redelivery is recognised."""
    raw = raw_request_without_message_id()
    await running.send(raw)
    await running.send(raw)
    await running.idle()
    assert _inbound(running) == ["done"]
    assert len(sink.messages) == 1


async def test_duplicate_delivery_is_processed_once(running: Running, sink: SmtpSink) -> None:
    """The same Message-ID delivered twice gives one proposal."""
    raw = request().as_bytes()
    await running.send(raw)
    await running.send(raw)
    await running.idle()
    assert len(_inbound(running)) == 1
    assert len(sink.messages) == 1


async def test_auto_reply_is_never_answered(running: Running, sink: SmtpSink) -> None:
    """An RFC 3834 auto-reply is recorded as ignored: no answer, no escalation."""
    await running.send(request(Auto_Submitted="auto-replied").as_bytes())
    await running.idle()
    assert _inbound(running) == ["ignored"]
    assert sink.messages == [] and _reasons(running) == []


async def test_unknown_sender_escalates(running: Running, sink: SmtpSink) -> None:
    """Someone who is not a customer cannot make the assistant act."""
    await running.send(request(sender="mallory@elsewhere.example").as_bytes())
    await running.idle()
    assert _reasons(running) == ["unknown_sender"]
    assert sink.messages == []


async def test_binary_junk_is_stored_and_escalated(running: Running, sink: SmtpSink) -> None:
    """Bytes that are not a message at all still get a defined outcome."""
    junk = bytes(b for b in range(256) if b not in b"\r\n.") * 4
    await running.send(b"\r\n".join(junk[i : i + 60] for i in range(0, len(junk), 60)) + b"\r\n")
    await running.idle()
    assert _inbound(running) == ["escalated"]
    await _still_serving(running, sink)


async def test_out_of_office_without_headers_is_never_answered(
    running: Running, sink: SmtpSink
) -> None:
    """An absence notice with no RFC 3834 header is recognised by its words and ignored."""
    await running.send(
        request(
            "Je suis actuellement absente, avec un accès limité.",
            Subject="Réponse automatique : Project kickoff",
        ).as_bytes()
    )
    await running.idle()
    assert _inbound(running) == ["ignored"]
    assert sink.messages == [] and _reasons(running) == []
