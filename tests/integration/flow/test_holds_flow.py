"""Holds in the loop: proposed times are kept in the calendar, never offered twice, released
when one is chosen or when they expire, and checked again right before booking."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from meetdesk.calendar.itip import is_hold
from meetdesk.clock import FrozenClock
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import BOB, Running, settings_for, start
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import body_text, other_client_event, parsed

CAROL = "carol@other.example"


def _events(folder: Path) -> list[tuple[bytes, datetime, datetime]]:
    """Every stored object with its start and end, sorted by start."""
    out = []
    for path in folder.glob("*.ics"):
        raw = path.read_bytes()
        ev = next(iter(Calendar.from_ical(raw).walk("VEVENT")))
        out.append((raw, ev["DTSTART"].dt.astimezone(UTC), ev["DTEND"].dt.astimezone(UTC)))
    return sorted(out, key=lambda e: e[1])


def _holds(folder: Path) -> list[tuple[datetime, datetime]]:
    return [(s, e) for raw, s, e in _events(folder) if is_hold(raw)]


async def test_proposed_times_are_held_then_released_by_the_booking(
    running: Running, sink: SmtpSink
) -> None:
    await running.send(request().as_bytes())
    await running.idle()
    held = _events(running.calendar_dir)
    assert len(held) == 3 and all(is_hold(raw) for raw, _, _ in held)
    for raw, _, _ in held:  # the meeting's title, never a participant's address
        assert BOB.encode() not in raw and b"ATTENDEE" not in raw
        assert b"TENTATIVE" in raw
    proposal = parsed(sink.messages[0].raw)
    await running.send(reply_to(proposal, "The second one works for me.").as_bytes())
    await running.idle()
    left = _events(running.calendar_dir)
    assert len(left) == 1 and not is_hold(left[0][0])
    assert (left[0][1], left[0][2]) == (held[1][1], held[1][2])


async def test_two_requests_at_once_never_offer_the_same_time(
    running: Running, sink: SmtpSink
) -> None:
    first = request()
    second = request(To=f"Carol <{CAROL}>", Subject="Budget review")
    await asyncio.gather(running.send(first.as_bytes()), running.send(second.as_bytes()))
    await running.idle()
    assert len(sink.messages) == 2
    held = _holds(running.calendar_dir)
    assert len(held) == 6
    for (_, end), (next_start, _) in zip(held, held[1:], strict=False):
        assert end <= next_start  # sorted by start: no two holds overlap


async def test_a_time_taken_meanwhile_gets_an_apology_and_new_times(
    running: Running, sink: SmtpSink
) -> None:
    await running.send(request().as_bytes())
    await running.idle()
    first_start, first_end = _holds(running.calendar_dir)[0]
    (running.calendar_dir / "elsewhere.ics").write_bytes(
        other_client_event(first_start, first_end, "taken-meanwhile@elsewhere")
    )
    proposal = parsed(sink.messages[0].raw)
    await running.send(reply_to(proposal, "The first one works for me.").as_bytes())
    await running.idle()
    assert len(sink.messages) == 2
    again = parsed(sink.messages[1].raw)
    assert BOB in again["To"]
    assert "My apologies" in body_text(again)
    held = _holds(running.calendar_dir)
    assert len(held) == 3
    assert all(not (s < first_end and first_start < e) for s, e in held)
    booked = [raw for raw, _, _ in _events(running.calendar_dir) if not is_hold(raw)]
    assert booked == [
        other_client_event(first_start, first_end, "taken-meanwhile@elsewhere")
    ]  # nothing of ours was booked


@pytest.fixture
async def frozen(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Running]:
    clock = FrozenClock(datetime.now(UTC))
    holds_for_two_hours = {"preferences": {"hold_hours": 2}}
    r = await start(
        settings_for(tmp_path, db_url, sink.port, scheduling=holds_for_two_hours), clock
    )
    try:
        yield r
    finally:
        await r.stop()


async def test_expired_holds_leave_the_calendar_and_a_late_choice_is_checked(
    frozen: Running, sink: SmtpSink
) -> None:
    await frozen.send(request().as_bytes())
    await frozen.idle()
    held = _holds(frozen.calendar_dir)
    assert len(held) == 3
    assert frozen.clock is not None
    frozen.clock.advance(timedelta(hours=3))
    await frozen.idle()
    assert _events(frozen.calendar_dir) == []
    # The time is still free: choosing it after the expiry books it all the same.
    proposal = parsed(sink.messages[0].raw)
    await frozen.send(reply_to(proposal, "The third one works for me.").as_bytes())
    await frozen.idle()
    left = _events(frozen.calendar_dir)
    assert [(s, e) for _, s, e in left] == [held[2]]
    assert not is_hold(left[0][0])
