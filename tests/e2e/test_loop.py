"""The whole loop against the real daemon, per database: request, proposals, choice,
booking in Radicale, invitation with the same UID; and nothing private leaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import busy_from_ics
from meetdesk.testing.scenario import (
    ALICE,
    ASSISTANT,
    BOB,
    PARIS,
    SECRET_TITLES,
    World,
    answer,
    request_message,
    seed_calendar,
)
from meetdesk.testing.smtp_sink import SmtpSink


@pytest.fixture
def world(make_world) -> World:  # type: ignore[no-untyped-def]
    return make_world()  # type: ignore[no-any-return]


def _calendar_parts(raw: bytes) -> list[tuple[str, Calendar]]:
    import email
    from email.policy import default

    msg = email.message_from_bytes(raw, policy=default)
    return [
        (part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True)))
        for part in msg.walk()
        if part.get_content_type() == "text/calendar"
    ]


def _parsed(raw: bytes):  # type: ignore[no-untyped-def]
    import email
    from email.policy import default

    return email.message_from_bytes(raw, policy=default)


def test_request_to_invitation(world: World, sink: SmtpSink, radicale) -> None:  # type: ignore[no-untyped-def]
    """Request -> proposals -> choice -> event in Radicale -> REQUEST with the same UID."""
    now = datetime.now(UTC)
    req = request_message(now)
    world.deliver(req)
    [proposal_msg] = sink.wait_for_sync(1, timeout=60)
    proposal = _parsed(proposal_msg.raw)
    assert proposal["In-Reply-To"] == req["Message-ID"]
    assert BOB in proposal["To"] and ALICE in proposal["Cc"]
    raw = proposal_msg.raw
    for title in (*SECRET_TITLES, "Secret place"):
        assert title.encode() not in raw

    world.deliver(answer(proposal, "The second one works for me.", datetime.now(UTC)))
    messages = sink.wait_for_sync(3, timeout=60)
    invitations = [m for m in messages[1:] if _calendar_parts(m.raw)]
    assert len(invitations) == 1 and invitations[0].rcpt_tos == [BOB]
    [(method, invite)] = _calendar_parts(invitations[0].raw)
    assert method == "REQUEST"
    uid = str(next(iter(invite.walk("VEVENT")))["UID"])

    stored = radicale.events(world.calendar_url)  # type: ignore[attr-defined]
    ours = [e for e in stored if str(e["UID"]) == uid]
    assert len(ours) == 1
    attendees = ours[0].get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a).lower() for a in attendees] == [f"mailto:{BOB}"]
    assert str(ours[0]["ORGANIZER"]).lower() == f"mailto:{ALICE}"
    booked = Interval(ours[0]["DTSTART"].dt, ours[0]["DTEND"].dt)
    local = booked.start.astimezone(PARIS)
    assert local.weekday() < 5 and 9 <= local.hour and booked.end.astimezone(PARIS).hour <= 18
    seeded = busy_from_ics(
        [seed_calendar(now)],
        booked.start - timedelta(days=1),
        booked.end + timedelta(days=1),
        PARIS,
    )
    assert not any(b.overlaps(booked) for b in seeded)
    assert ASSISTANT not in [str(a).lower().removeprefix("mailto:") for a in attendees]
