"""The whole negotiation on a real CalDAV server, Radicale and Xandikos in turn: holds as
tentative events, a time taken meanwhile by another client, booking, moving (SEQUENCE 1)
and cancelling (STATUS:CANCELLED, SEQUENCE 2), as the server stores them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from meetdesk.testing.radicale import DavServer
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, Running, settings_for, start
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import calendar_part, messages_sent, other_client_event
from tests.integration.flow.test_itip_replies import _answer_ics, _answer_mail


@pytest.fixture
async def on_dav(
    tmp_path: Path, sink: SmtpSink, dav: DavServer
) -> AsyncIterator[tuple[Running, DavServer, str]]:
    url = dav.make_calendar()
    config: dict[str, object] = {
        "url": url,
        "username": dav.username or "",
        "password": dav.password or "",
    }
    settings = settings_for(tmp_path, f"sqlite:///{tmp_path}/meetdesk.db", sink.port)
    running = await start(settings, calendar=("caldav", config))
    try:
        yield running, dav, url
    finally:
        await running.stop()


def _ours(dav: DavServer, url: str) -> tuple[list[Any], list[Any]]:
    """(holds, meetings) MeetDesk keeps on the server, the other client's event apart."""
    events = [e for e in dav.events(url) if not str(e["UID"]).startswith("other-client")]
    holds = [e for e in events if e.get("X-MEETDESK-HOLD") is not None]
    return holds, [e for e in events if e.get("X-MEETDESK-HOLD") is None]


async def test_negotiation_on_a_caldav_server(
    on_dav: tuple[Running, DavServer, str], sink: SmtpSink
) -> None:
    running, dav, url = on_dav
    await running.send(request().as_bytes())
    await running.idle()
    holds, meetings = _ours(dav, url)
    assert len(holds) == 3 and meetings == []
    assert all(str(h["STATUS"]) == "TENTATIVE" and h.get("ATTENDEE") is None for h in holds)

    # Another client takes the first proposed time: choosing it brings an apology.
    first = min(holds, key=lambda h: h["DTSTART"].dt)
    start, end = first["DTSTART"].dt.astimezone(UTC), first["DTEND"].dt.astimezone(UTC)
    dav.put(f"{url}other-client.ics", other_client_event(start, end))  # one object, as a client
    [proposal] = messages_sent(sink, 0)
    await running.send(reply_to(proposal, "The first one works for me.").as_bytes())
    await running.idle()
    [again] = messages_sent(sink, 1)
    holds, meetings = _ours(dav, url)
    assert len(holds) == 3 and meetings == []
    assert all(not (h["DTSTART"].dt < end and start < h["DTEND"].dt) for h in holds)

    await running.send(reply_to(again, "The second one works for me.").as_bytes())
    await running.idle()
    holds, [booked] = _ours(dav, url)
    assert holds == [] and int(booked["SEQUENCE"]) == 0

    # Bob's calendar client accepts (Outlook's REPLY): the server copy records it.
    invitation = next(m for m in messages_sent(sink, 0) if calendar_part(m))
    reply = _answer_ics("outlook_reply_accepted.ics", invitation)
    await running.send(_answer_mail(reply, invitation))
    await running.idle()
    _, [answered] = _ours(dav, url)
    attendee = answered["ATTENDEE"]
    assert attendee.params["PARTSTAT"] == "ACCEPTED" and int(answered["SEQUENCE"]) == 0

    # Bob moves it; the server keeps one event, updated in place with SEQUENCE 1.
    confirmation = messages_sent(sink, len(sink.messages) - 1)[0]
    move = "Something came up on my side: could we move our call to next week? Any afternoon works."
    await running.send(reply_to(confirmation, move).as_bytes())
    await running.idle()
    offer = messages_sent(sink, len(sink.messages) - 1)[0]
    await running.send(reply_to(offer, "The first one works for me.").as_bytes())
    await running.idle()
    holds, [moved] = _ours(dav, url)
    assert holds == [] and str(moved["UID"]) == str(booked["UID"])
    assert int(moved["SEQUENCE"]) == 1 and moved["DTSTART"].dt != booked["DTSTART"].dt

    # Alice cancels: the stored copy is cancelled with the next SEQUENCE.
    cancel = reply_to(
        offer, "Julie, please cancel my meeting with Bob.", sender=ALICE, name="Alice Martin"
    )
    await running.send(cancel.as_bytes())
    await running.idle()
    _, [cancelled] = _ours(dav, url)
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 2
