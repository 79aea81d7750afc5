"""``meetdesk demo``: play the customer and the participant against the running daemon.

It lets someone who just typed ``make run`` watch the whole loop without a mail client:
``demo`` sends a request dated now, from a customer to a participant with the assistant
in Cc; ``demo --answer "The second one works"`` replies, as the participant, to the
latest proposal found in the outbound Maildir.
"""

from __future__ import annotations

import mailbox
import smtplib
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, make_msgid

from meetdesk.clock import SystemClock
from meetdesk.errors import ConfigError
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


def latest_proposal(settings: Settings, participant: str) -> EmailMessage:
    """The newest message in the outbound Maildir addressed to ``participant``."""
    if settings.mail.outbound.transport != "maildir":
        raise ConfigError('demo --answer reads the outbox Maildir: use transport = "maildir"')
    box = mailbox.Maildir(settings.path(settings.mail.outbound.maildir), create=False)
    found: list[tuple[float, EmailMessage]] = []
    for key in box.keys():
        entry = box.get_message(key)
        if participant.lower() in str(entry.get("To", "")).lower():
            found.append((entry.get_date(), _as_email(bytes(entry))))
    if not found:
        raise ConfigError(f"no message to {participant} in the outbox yet; run `demo` first")
    return max(found, key=lambda pair: pair[0])[1]


def _as_email(raw: bytes) -> EmailMessage:
    import email

    return email.message_from_bytes(raw, policy=default)  # type: ignore[return-value]


def demo_answer(settings: Settings, text: str, *, sender: str, participant: str) -> EmailMessage:
    parent = latest_proposal(settings, participant)
    msg = EmailMessage()
    msg["From"] = f"Bob Durand <{participant}>"
    msg["To"] = f"{settings.assistant.name} <{settings.assistant.address}>"
    msg["Cc"] = f"Alice Martin <{sender}>"
    msg["Subject"] = "Re: " + str(parent["Subject"]).removeprefix("Re: ")
    msg["Date"] = format_datetime(SystemClock().now())
    msg["Message-ID"] = make_msgid(domain=participant.rsplit("@", 1)[-1])
    msg["In-Reply-To"] = parent["Message-ID"]
    msg["References"] = f"{parent.get('References', '')} {parent['Message-ID']}".strip()
    msg.set_content(f"{text}\n")
    return msg


def send_demo(settings: Settings, *, sender: str, participant: str, answer: str | None) -> None:
    host, port = parse_listen(settings.mail.inbound.smtp_listen, "mail.inbound.smtp_listen")
    if answer is None:
        msg = demo_request(settings, sender=sender, participant=participant)
        what = f"a request from {sender}"
    else:
        msg = demo_answer(settings, answer, sender=sender, participant=participant)
        what = f"{participant}'s answer to the latest proposal"
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        smtp.send_message(msg, to_addrs=[settings.assistant.address])
    print(f"sent {what} to {settings.assistant.address}; watch the daemon's log, then the outbox")
