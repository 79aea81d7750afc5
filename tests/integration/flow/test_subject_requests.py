"""Data-subject requests by e-mail, end to end: acknowledgement with the deadline, the
one-time code and its reply, DKIM, objections that silence an address, and traps."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlmodel import select

from meetdesk.assistant.wording import format_day
from meetdesk.mail import dkim_check
from meetdesk.privacy.subject_requests import RequestView, list_requests
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation, Outbox
from meetdesk.store.opening import open_store
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, ASSISTANT, BOB, Running, settings_for, start
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import body_text, messages_sent

DANA = "dana@elsewhere.example"


def _mail(text: str, *, sender: str = DANA, subject: str = "My data") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"Dana Roux <{sender}>"
    msg["To"] = f"Julie <{ASSISTANT}>"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=sender.split("@")[1])
    msg.set_content(f"{text}\n")
    return msg


def _requests(running: Running) -> list[RequestView]:
    engine, cipher = open_store(running.settings)
    try:
        with transaction(engine) as session:
            return list_requests(session, cipher, now=datetime.now(UTC))
    finally:
        engine.dispose()


def _code(text: str) -> str:
    found = re.search(r"\b(\d{8})\b", text)
    assert found, text
    return found.group(1)


async def test_english_erasure_request_gets_code_and_is_verified_by_reply(
    running: Running, sink: SmtpSink
) -> None:
    """'Please delete my data' -> an acknowledgement with the deadline and a code; the
    reply carrying the code verifies the request and is acknowledged in turn."""
    asked = _mail("Hello, please delete my data. Thanks, Dana")
    await running.send(asked.as_bytes())
    await running.idle()
    [ack] = messages_sent(sink)
    assert ack["To"].addresses[0].addr_spec == DANA
    assert ack["In-Reply-To"] == asked["Message-ID"]
    text = body_text(ack)
    assert "erasure of your personal data" in text and "at the latest" in text
    [req] = _requests(running)
    assert (req.kind, req.state, req.channel, req.email) == ("erasure", "received", "email", DANA)
    assert f"We will answer by {format_day(req.deadline, 'en')}" in text

    await running.send(reply_to(ack, f"Here is the code: {_code(text)}", sender=DANA).as_bytes())
    await running.idle()
    [req] = _requests(running)
    assert (req.state, req.verification) == ("verified", "code")
    assert len(sink.messages) == 2
    assert "We will answer by" in body_text(messages_sent(sink, 1)[0])


async def test_french_request_is_answered_in_french_and_a_wrong_code_verifies_nothing(
    running: Running, sink: SmtpSink
) -> None:
    """« Merci de supprimer mes données » gets a French answer; a reply with another
    number is not taken as the code."""
    await running.send(_mail("Bonjour, merci de supprimer mes données.", subject="RGPD").as_bytes())
    await running.idle()
    [ack] = messages_sent(sink)
    text = body_text(ack)
    assert "Nous avons bien reçu votre demande" in text and "au plus tard le" in text
    wrong = "12345678" if _code(text) != "12345678" else "87654321"
    await running.send(reply_to(ack, f"Voici le code : {wrong}", sender=DANA).as_bytes())
    await running.idle()
    [req] = _requests(running)
    assert req.state == "received"


async def test_dkim_signed_request_is_verified_at_once(
    running: Running, sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request DKIM-signed by the sender's own domain needs no code."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    def dns(name: bytes, timeout: int = 5) -> bytes | None:
        return record if name == b"sel._domainkey.elsewhere.example." else None

    monkeypatch.setattr(dkim_check, "lookup_key", dns)
    raw = _mail("Send me what you hold about me, please.").as_bytes().replace(b"\n", b"\r\n")
    signature = dkim.sign(
        raw,
        b"sel",
        b"elsewhere.example",
        private,
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
    )
    await running.send(signature + raw)
    await running.idle()
    [req] = _requests(running)
    assert (req.kind, req.state, req.verification) == ("access", "verified", "dkim")
    text = body_text(messages_sent(sink)[0])
    assert "copy of the personal data" in text and "code" not in text


async def test_stop_mid_thread_is_an_objection_and_silences_the_participant(
    running: Running, sink: SmtpSink
) -> None:
    """Bob answers our proposal with 'STOP': he is acknowledged once, Alice is told a
    human must take over, and a later request naming Bob sends him nothing."""
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    await running.send(reply_to(proposal, "STOP").as_bytes())
    await running.idle()
    sent = messages_sent(sink, 1)
    to_bob = [m for m in sent if BOB in str(m["To"])]
    to_alice = [m for m in sent if ALICE in str(m["To"])]
    assert len(to_bob) == 1 and "no further messages" in body_text(to_bob[0])
    assert len(to_alice) == 1 and "a human needs to take this thread over" in body_text(to_alice[0])
    [req] = _requests(running)
    assert (req.kind, req.state, req.verification) == ("objection", "done", "sender")

    before = len(sink.messages)
    await running.send(request(subject="Second meeting").as_bytes())
    await running.idle()
    later = messages_sent(sink, before)
    assert all(BOB not in str(m["To"]) + str(m.get("Cc", "")) for m in later)
    assert len(later) == 1 and ALICE in str(later[0]["To"])
    with transaction(running.engine) as session:
        reasons = sorted(e.reason for e in session.exec(select(Escalation)).all())
        statuses = {o.purpose: o.status for o in session.exec(select(Outbox)).all()}
    assert reasons == ["participant_objected", "subject_objected"]
    assert statuses["subject_request"] == "sent"


@pytest.mark.parametrize(
    "text",
    [
        "Feel free to stop by my office on Tuesday.",
        "Please delete the Tuesday slot, the second one works for me.",
    ],
)
async def test_traps_are_not_requests(running: Running, sink: SmtpSink, text: str) -> None:
    """'stop by my office', 'delete the Tuesday slot': scheduling talk, no request."""
    await running.send(request().as_bytes())
    await running.idle()
    proposal = messages_sent(sink)[0]
    await running.send(reply_to(proposal, text).as_bytes())
    await running.idle()
    assert _requests(running) == []


async def test_the_privacy_address_takes_requests_too(
    tmp_path: Path, db_url: str, sink: SmtpSink
) -> None:
    """Mail to [privacy] requests_address is accepted and read as a request."""
    privacy = "privacy@assistant.example"
    settings = settings_for(
        tmp_path,
        db_url,
        sink.port,
        privacy={"key_file": "master.key", "requests_address": privacy},
    )
    running = await start(settings)
    try:
        asked = _mail("Bonjour, merci de ne plus me contacter.")
        del asked["To"]
        asked["To"] = privacy
        await running.send(asked.as_bytes(), rcpt=privacy)
        await running.idle()
        [req] = _requests(running)
        assert (req.kind, req.state) == ("objection", "done")
        [ack] = messages_sent(sink)
        assert "vous ne recevrez plus de message" in body_text(ack)
    finally:
        await running.stop()
