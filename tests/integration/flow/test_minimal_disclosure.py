"""Minimal disclosure, over generated calendars: no outbound byte names anything private.

Generalises test_loop's fixed example. Hypothesis writes a customer calendar of private
events (distinctive titles, places, attendees, descriptions; some recurring, some
all-day, many inside working hours) and opens a second, unrelated thread first; then a
request is proposed, chosen, booked and cancelled. Every part of every message of that
run, headers and calendar objects included, raw and decoded, must be free of all of it,
and the tentative holds must carry no participant address. Tokens are consonant-only,
so they cannot occur in the assistant's own wording by chance.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetdesk.calendar.itip import is_hold
from meetdesk.mail.allowed import unexpected_headers
from meetdesk.testing.scenario import next_monday
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, ASSISTANT, BOB, settings_for, start
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import calendar_part, messages_sent, parsed

TOKEN = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=8, max_size=12)


@dataclass(frozen=True)
class Private:
    """One private event of the customer's, as another calendar client stored it."""

    title: str
    location: str
    description: str
    attendees: tuple[tuple[str, str], ...]  # (display name, address)
    day: int  # days after next Monday
    hour: int
    minutes: int
    shape: str  # "timed", "all-day", "daily", "weekly"

    def secrets(self) -> list[str]:
        people = [part for pair in self.attendees for part in pair]
        return [self.title, self.location, self.description, *people]

    def ics(self, uid: str, monday: datetime) -> bytes:
        start = monday + timedelta(days=self.day, hours=self.hour)
        stamp = "%Y%m%dT%H%M%SZ"
        if self.shape == "all-day":
            when = (
                f"DTSTART;VALUE=DATE:{start:%Y%m%d}\r\n"
                f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}\r\n"
            )
        else:
            end = start + timedelta(minutes=self.minutes)
            when = f"DTSTART:{start.strftime(stamp)}\r\nDTEND:{end.strftime(stamp)}\r\n"
        rule = {"daily": "RRULE:FREQ=DAILY;COUNT=5\r\n", "weekly": "RRULE:FREQ=WEEKLY\r\n"}
        people = "".join(
            f'ATTENDEE;CN="{name}":mailto:{address}\r\n' for name, address in self.attendees
        )
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Another client//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{start.strftime(stamp)}\r\n{when}"
            f"SUMMARY:{self.title}\r\nLOCATION:{self.location}\r\n"
            f"DESCRIPTION:{self.description}\r\n{rule.get(self.shape, '')}"
            f"ORGANIZER:mailto:{ALICE}\r\n{people}END:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()


def _person() -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(
        st.builds(lambda a, b: f"{a.title()} {b.title()}", TOKEN, TOKEN),
        st.builds(lambda a, b: f"{a}@{b}.example", TOKEN, TOKEN),
    )


EVENT = st.builds(
    Private,
    title=st.builds(lambda a, b: f"{a.title()} {b}", TOKEN, TOKEN),
    location=TOKEN,
    description=st.builds(lambda a, b: f"{a} {b}", TOKEN, TOKEN),
    attendees=st.lists(_person(), min_size=1, max_size=3).map(tuple),
    day=st.integers(0, 4),
    hour=st.integers(7, 17),
    minutes=st.sampled_from([30, 60, 90, 120]),
    # Mostly timed events, so the calendar keeps free slots to propose.
    shape=st.sampled_from(["timed", "timed", "timed", "daily", "weekly", "all-day"]),
)


@dataclass(frozen=True)
class OtherThread:
    """A second conversation of the customer's, with nothing in common with the first."""

    subject: str
    person: tuple[str, str]
    text: str

    def secrets(self) -> list[str]:
        return [self.subject, *self.person, self.text]

    def message(self) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = f"Alice Martin <{ALICE}>"
        msg["To"] = f"{self.person[0]} <{self.person[1]}>"
        msg["Cc"] = f"Julie <{ASSISTANT}>"
        msg["Subject"] = self.subject
        msg["Date"] = format_datetime(datetime.now(UTC))
        msg["Message-ID"] = make_msgid(domain="customer.example")
        msg.set_content(
            f"Hello,\n\nJulie, please find an hour for us next week. {self.text}\n\nAlice\n"
        )
        return msg


OTHER = st.builds(
    OtherThread,
    subject=st.builds(lambda a, b: f"{a.title()} {b}", TOKEN, TOKEN),
    person=_person(),
    text=st.builds(lambda a, b: f"Ref {a} {b}.", TOKEN, TOKEN),
)


def _views(msg: EmailMessage, raw: bytes) -> list[str]:
    """Everything a recipient could read: the raw bytes, every header, every decoded part."""
    views = [raw.decode("utf-8", "replace"), *(f"{k}: {v}" for k, v in msg.items())]
    for part in msg.walk():
        views += [f"{k}: {v}" for k, v in part.items()]
        if not part.is_multipart():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            views.append(payload.decode("utf-8", "replace"))
    return [v.lower() for v in views]


async def _run(root: Path, events: list[Private], other: OtherThread) -> None:
    with SmtpSink() as sink:
        running = await start(settings_for(root, f"sqlite:///{root}/x.db", sink.port))
        try:
            monday = next_monday(datetime.now(UTC))
            for n, event in enumerate(events):
                (running.calendar_dir / f"private-{n}.ics").write_bytes(
                    event.ics(f"private-{n}@other.example", monday)
                )
            await running.send(other.message().as_bytes())
            await running.idle()
            since = len(sink.messages)
            assert since == 1, "the other thread is proposed to on its own"

            await running.send(request().as_bytes())
            await running.idle()
            [proposal] = messages_sent(sink, since)
            holds = [p.read_bytes() for p in running.calendar_dir.glob("*.ics")]
            holds = [ics for ics in holds if is_hold(ics)]
            assert holds, "the proposed times are held"
            for ics in holds:
                text = ics.decode().lower()
                assert "mailto:" not in text
                for address in (BOB, ALICE, other.person[1]):
                    assert address.lower() not in text

            await running.send(reply_to(proposal, "The first one works for me.").as_bytes())
            await running.idle()
            booked = messages_sent(sink, since + 1)
            assert any(calendar_part(m) for m in booked), "the choice was booked"
            confirmation = next(m for m in booked if not calendar_part(m))
            cancel = reply_to(
                confirmation,
                "Julie, please cancel my meeting with Bob: the project is on hold.",
                sender=ALICE,
                name="Alice Martin",
            )
            await running.send(cancel.as_bytes())
            await running.idle()
            raws = [m.raw for m in sink.messages[since:]]
        finally:
            await running.stop()
    assert len(raws) >= 5, "proposal, confirmation, invitation and cancellations were sent"
    secrets = [s.lower() for e in events for s in e.secrets()] + [
        s.lower() for s in other.secrets()
    ]
    for raw in raws:
        msg = parsed(raw)
        assert unexpected_headers(msg) == set()
        for view in _views(msg, raw):
            for secret in secrets:
                assert secret not in view, (secret, msg["Subject"])


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(EVENT, min_size=1, max_size=6), other=OTHER)
def test_no_outbound_message_discloses_private_events_or_other_threads(
    events: list[Private], other: OtherThread
) -> None:
    """A fresh daemon per example: the calendar, store and sink start empty each time."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_run(Path(folder), events, other))
