"""A realistic scheduling scenario shared by the end-to-end tests and the benchmarks.

Alice (a customer in Europe/Paris) asks Julie (the assistant) to find a slot with Bob;
her calendar holds private events whose titles must never reach a participant.
"""

from __future__ import annotations

import smtplib
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from meetdesk.clock import SystemClock
from meetdesk.settings import Settings
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.opening import open_store
from meetdesk.testing import free_port
from meetdesk.testing.daemon import DaemonProcess

PARIS = ZoneInfo("Europe/Paris")
ASSISTANT = "julie@assistant.example"
ALICE = "alice@customer.example"
BOB = "bob@partner.example"
SECRET_TITLES = ("Board meeting ACME takeover", "Dentist Dr Moreau", "Weekly sync with Zed")


def next_monday(now: datetime) -> datetime:
    local = now.astimezone(PARIS).date()
    monday = local + timedelta(days=7 - local.weekday())
    return datetime.combine(monday, time(0), tzinfo=PARIS)


def seed_calendar(now: datetime) -> bytes:
    """Alice's busy week: a long meeting, an appointment and a weekly recurring sync."""
    monday = next_monday(now)

    def stamp(dt: datetime) -> str:
        return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    events = [
        ("ev-board", SECRET_TITLES[0], monday + timedelta(hours=9), timedelta(hours=3), ""),
        (
            "ev-dentist",
            SECRET_TITLES[1],
            monday + timedelta(days=1, hours=9),
            timedelta(hours=2),
            "",
        ),
        (
            "ev-sync",
            SECRET_TITLES[2],
            monday - timedelta(days=7) + timedelta(hours=14),
            timedelta(hours=1),
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\n",
        ),
    ]
    body = "".join(
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:{stamp(now)}\nDTSTART:{stamp(start)}\n"
        f"DTEND:{stamp(start + length)}\nSUMMARY:{title}\nLOCATION:Secret place\n"
        f"{rrule}END:VEVENT\n"
        for uid, title, start, length, rrule in events
    )
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tests//EN\n{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


@dataclass
class World:
    root: Path
    config: Path
    daemon: DaemonProcess
    sink_port: int
    sent: list[EmailMessage] = field(default_factory=list)

    def deliver(self, msg: EmailMessage) -> None:
        with smtplib.SMTP(self.daemon.host, self.daemon.port, timeout=30) as smtp:
            smtp.send_message(msg, to_addrs=[ASSISTANT])
        self.sent.append(msg)


def write_config(root: Path, *, store_url: str, sink_port: int, lease_seconds: int = 120) -> Path:
    config = root / "config.toml"
    config.write_text(
        textwrap.dedent(f"""\
        [assistant]
        name = "Julie"
        address = "{ASSISTANT}"
        timezone = "Europe/Paris"
        [store]
        url = "{store_url}"
        [mail.inbound]
        smtp_listen = "127.0.0.1:{free_port()}"
        [mail.outbound]
        transport = "smtp"
        smtp_host = "127.0.0.1"
        smtp_port = {sink_port}
        timeout_seconds = 10.0
        [privacy]
        key_file = "master.key"
        [worker]
        lease_seconds = {lease_seconds}
        poll_seconds = 0.2
        backoff_seconds = 0.5
        shutdown_grace_seconds = 5.0
        """)
    )
    return config


def request_message(now: datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"Alice Martin <{ALICE}>"
    msg["To"] = f"Bob Durand <{BOB}>"
    msg["Cc"] = f"Julie <{ASSISTANT}>"
    msg["Subject"] = "Project kickoff"
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain="customer.example")
    msg.set_content(
        "Hi Bob,\n\nJulie, could you please find 30 minutes for a call with Bob next week?\n\n"
        "Best,\nAlice\n"
    )
    return msg


def answer(to: EmailMessage, text: str, now: datetime) -> EmailMessage:
    """Bob's reply-all to the assistant's proposal."""
    msg = EmailMessage()
    msg["From"] = f"Bob Durand <{BOB}>"
    msg["To"] = f"Julie <{ASSISTANT}>"
    msg["Cc"] = f"Alice Martin <{ALICE}>"
    msg["Subject"] = "Re: " + str(to["Subject"]).removeprefix("Re: ")
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain="partner.example")
    msg["In-Reply-To"] = to["Message-ID"]
    msg["References"] = f"{to.get('References', '')} {to['Message-ID']}".strip()
    body = to.get_body(("plain",))
    previous = body.get_content() if body is not None else ""
    quoted = "\n".join("> " + line for line in previous.splitlines())
    msg.set_content(f"{text}\n\nOn a day, Julie wrote:\n{quoted}\n")
    return msg


def onboard_alice(settings: Settings, calendar_kind: str, calendar: dict[str, Any]) -> None:
    """Store Alice as a customer (creating the database and key if needed)."""
    engine, cipher = open_store(settings)
    with transaction(engine) as session:
        add_customer(
            session,
            cipher,
            email=ALICE,
            name="Alice Martin",
            timezone="Europe/Paris",
            calendar_kind=calendar_kind,
            calendar=calendar,
            now=SystemClock().now(),
        )
    engine.dispose()
