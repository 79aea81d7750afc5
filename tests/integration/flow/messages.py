"""Building the messages the flow tests send."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from tests.integration.flow.harness import ALICE, ASSISTANT, BOB

REQUEST_TEXT = "Julie, could you please find 30 minutes for a call with Bob next week?"


def request(
    text: str = REQUEST_TEXT,
    *,
    sender: str = ALICE,
    message_id: str | None = None,
    date: datetime | None = None,
    **headers: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"Alice Martin <{sender}>"
    msg["To"] = f"Bob Durand <{BOB}>"
    msg["Cc"] = f"Julie <{ASSISTANT}>"
    msg["Subject"] = "Project kickoff"
    msg["Date"] = format_datetime(date or datetime.now(UTC))
    msg["Message-ID"] = message_id or make_msgid(domain="customer.example")
    for name, value in headers.items():
        del msg[name.replace("_", "-")]
        msg[name.replace("_", "-")] = value
    msg.set_content(f"Hi Bob,\n\n{text}\n\nBest,\nAlice\n")
    return msg


def reply_to(
    parent: EmailMessage, text: str, *, sender: str = BOB, name: str = "Bob Durand"
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = f"Julie <{ASSISTANT}>"
    msg["Cc"] = f"Alice Martin <{ALICE}>"
    msg["Subject"] = "Re: Project kickoff"
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain="partner.example")
    msg["In-Reply-To"] = parent["Message-ID"]
    msg["References"] = f"{parent.get('References', '')} {parent['Message-ID']}".strip()
    msg.set_content(f"{text}\n")
    return msg


def raw_request_without_message_id() -> bytes:
    msg = request()
    del msg["Message-ID"]
    return msg.as_bytes()
