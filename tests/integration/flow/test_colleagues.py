"""Two customers in one meeting: proposals fall where both calendars are free and both
work, in each one's zone; only the organiser's calendar holds the proposals."""

from __future__ import annotations

import email
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from meetdesk.calendar.base import Interval
from meetdesk.calendar.itip import is_hold
from meetdesk.clock import SystemClock
from meetdesk.settings import Settings
from meetdesk.store import holds
from meetdesk.store.customers import add_customer, find_customer, set_preferences
from meetdesk.store.engine import transaction
from meetdesk.store.opening import open_store
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import Running
from tests.integration.flow.messages import reply_to, request

DAN = "dan@customer.example"
PARIS = ZoneInfo("Europe/Paris")


def _add_dan(settings: Settings, folder: Path) -> None:
    """Alice's colleague Dan, also a customer: he works 14:00-18:00 only."""
    folder.mkdir(parents=True)
    engine, cipher = open_store(settings)
    with transaction(engine) as session:
        dan = add_customer(
            session,
            cipher,
            email=DAN,
            name="Dan Roux",
            timezone="Europe/Paris",
            calendar_kind="local",
            calendar={"path": str(folder)},
            now=SystemClock().now(),
        )
        week = {d: "14:00-18:00" for d in ("mon", "tue", "wed", "thu", "fri")}
        set_preferences(session, cipher, dan.id, {"working_hours": week})
    engine.dispose()


def _busy(day: datetime) -> bytes:
    stamp = "%Y%m%dT%H%M%SZ"
    start = datetime.combine(day.date(), time(14), tzinfo=PARIS).astimezone(UTC)
    end = start + timedelta(hours=2)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Dan's diary//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:dan-busy-{day:%Y%m%d}@example\r\nDTSTAMP:{start.strftime(stamp)}\r\n"
        f"DTSTART:{start.strftime(stamp)}\r\nDTEND:{end.strftime(stamp)}\r\n"
        "SUMMARY:Dan's private appointment\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


async def test_colleagues_are_proposed_times_both_are_free_and_working(
    running: Running, sink: SmtpSink
) -> None:
    dan_folder = running.settings.base_dir / "calendars" / "dan"
    _add_dan(running.settings, dan_folder)
    today = datetime.now(PARIS)
    monday = today + timedelta(days=7 - today.weekday())
    for offset in range(5):  # Dan is busy 14:00-16:00 every day next week
        day = monday + timedelta(days=offset)
        (dan_folder / f"busy-{offset}.ics").write_bytes(_busy(day))
    await running.send(request(To=f"Dan Roux <{DAN}>").as_bytes())
    await running.idle()
    assert len(sink.messages) == 1
    proposal = email.message_from_bytes(sink.messages[0].raw, policy=default)
    assert isinstance(proposal, EmailMessage) and DAN in proposal["To"]
    assert b"private appointment" not in sink.messages[0].raw
    held = [p.read_bytes() for p in running.calendar_dir.glob("*.ics")]
    assert len(held) == 3 and all(is_hold(h) for h in held)
    for raw in held:
        start = next(iter(Calendar.from_ical(raw).walk("VEVENT")))["DTSTART"].dt
        assert 16 <= start.astimezone(PARIS).hour < 18  # Dan's hours, after his appointments
    # The same times are held in Dan's calendar, so his own requests will not offer them.
    dans = [p.read_bytes() for p in dan_folder.glob("*.ics") if not p.name.startswith("busy-")]
    assert len(dans) == 3 and all(is_hold(h) for h in dans)
    assert sorted(map(_start, dans)) == sorted(map(_start, held))
    ask = request(
        "Could you find 30 minutes for a call with Eve next week?",
        sender=DAN,
        To="Eve <eve@partner.example>",
        Subject="Budget",
    )
    del ask["From"]
    ask["From"] = f"Dan Roux <{DAN}>"
    await running.send(ask.as_bytes())
    await running.idle()
    assert len(sink.messages) == 2
    his = [p.read_bytes() for p in dan_folder.glob("*.ics") if not p.name.startswith("busy-")]
    assert len(his) == 6 and len(set(map(_start, his))) == 6  # never the same time twice


def _start(raw: bytes) -> datetime:
    return next(iter(Calendar.from_ical(raw).walk("VEVENT")))["DTSTART"].dt.astimezone(UTC)


async def test_a_time_a_colleague_suggests_is_booked_in_both_diaries(
    running: Running, sink: SmtpSink
) -> None:
    """Dan suggests one free time: it is booked directly, and it blocks Dan's own
    requests too although it was never held."""
    _add_dan(running.settings, running.settings.base_dir / "calendars" / "dan")
    await running.send(request(To=f"Dan Roux <{DAN}>").as_bytes())
    await running.idle()
    proposal = email.message_from_bytes(sink.messages[0].raw, policy=default)
    assert isinstance(proposal, EmailMessage)
    today = datetime.now(PARIS).date()
    thursday = today + timedelta(days=7 - today.weekday() + 10)
    when = datetime.combine(thursday, time(16, 30), tzinfo=PARIS)
    suggestion = f"None of these suit me. How about {when:%A} {when.day} {when:%B} at 4:30pm?"
    await running.send(reply_to(proposal, suggestion, sender=DAN, name="Dan Roux").as_bytes())
    await running.idle()
    engine, cipher = open_store(running.settings)
    with transaction(engine) as session:
        dan = find_customer(session, cipher, DAN)
        assert dan is not None
        blocked = holds.taken(session, dan.id, now=datetime.now(UTC), besides="another")
    engine.dispose()
    slot = Interval(when.astimezone(UTC), (when + timedelta(minutes=30)).astimezone(UTC))
    assert slot in blocked
    [event] = [
        next(iter(Calendar.from_ical(p.read_bytes()).walk("VEVENT")))
        for p in running.calendar_dir.glob("*.ics")
        if not is_hold(p.read_bytes())
    ]
    assert event["DTSTART"].dt.astimezone(UTC) == slot.start  # booked, without a new round
