"""``meetdesk demo``: send the running daemon a realistic first request over SMTP.

It lets someone who just typed ``make run`` watch the whole loop without a mail client:
the request is dated now, from a customer to a participant with the assistant in Cc.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from meetdesk.clock import SystemClock
from meetdesk.settings import Settings, parse_listen


def demo_request(settings: Settings, *, sender: str, participant: str) -> EmailMessage:
    name = settings.assistant.name
    msg = EmailMessage()
    msg["From"] = f"Alice Martin <{sender}>"
    msg["To"] = f"Bob Durand <{participant}>"
    msg["Cc"] = f"{name} <{settings.assistant.address}>"
    msg["Subject"] = "Catching up"
    msg["Date"] = format_datetime(SystemClock().now())
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    msg.set_content(
        f"Hi Bob,\n\n{name}, could you please find 30 minutes for a call with Bob next week?"
        "\n\nThanks,\nAlice\n"
    )
    return msg


def send_demo_request(settings: Settings, *, sender: str, participant: str) -> None:
    listen = settings.mail.inbound.smtp_listen
    host, port = parse_listen(listen, "mail.inbound.smtp_listen")
    msg = demo_request(settings, sender=sender, participant=participant)
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        smtp.send_message(msg, to_addrs=[settings.assistant.address])
    print(
        f"sent a request from {sender} to {settings.assistant.address} (cc); "
        "watch the daemon's log, then the outbox"
    )
