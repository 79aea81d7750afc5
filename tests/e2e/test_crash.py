"""Crash recovery: SIGKILL while jobs are in flight, restart, and the conversation still
completes with exactly one booking and no duplicate message."""

from __future__ import annotations

import email
from collections import Counter
from datetime import UTC, datetime
from email.policy import default

from meetdesk.store.engine import make_engine
from meetdesk.testing.idle import pending_jobs
from meetdesk.testing.scenario import BOB, answer, request_message
from meetdesk.testing.smtp_sink import SmtpSink


def _wait_idle(world, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    import time

    from meetdesk.settings import load_settings

    engine = make_engine(load_settings(world.config).database_url)
    deadline = time.monotonic() + timeout
    try:
        while pending_jobs(engine):
            assert time.monotonic() < deadline, "jobs still pending"
            time.sleep(0.1)
    finally:
        engine.dispose()


def test_sigkill_in_flight_then_restart(make_world, sink: SmtpSink, radicale) -> None:  # type: ignore[no-untyped-def]
    """Kills during understanding and right after the calendar write lose and repeat nothing."""
    world = make_world(lease_seconds=3)
    daemon = world.daemon

    # 1. Killed as soon as the request is acknowledged: its job is queued or running.
    world.deliver(request_message(datetime.now(UTC)))
    daemon.kill()
    daemon.start()
    [proposal_msg] = sink.wait_for_sync(1, timeout=60)
    proposal = email.message_from_bytes(proposal_msg.raw, policy=default)

    # 2. Killed by a failpoint between the calendar write and its commit. (Wait for the
    # proposal's send to be recorded first: a kill between an SMTP server's 250 and that
    # record is the one window where a message goes out twice, with the same Message-ID.)
    _wait_idle(world)
    daemon.kill()
    daemon.start(failpoints="book.after_calendar_write")
    world.deliver(answer(proposal, "The first one works for me.", datetime.now(UTC)))
    assert daemon.wait_exit(timeout=60) != 0
    daemon.start(failpoints="send.before_transport")  # 3. and again before each send
    assert daemon.wait_exit(timeout=60) != 0
    daemon.start()
    sink.wait_for_sync(3, timeout=60)
    _wait_idle(world)

    messages = [email.message_from_bytes(m.raw, policy=default) for m in sink.messages]
    ids = Counter(str(m["Message-ID"]) for m in messages)
    assert all(n == 1 for n in ids.values()), ids
    invitations = [
        m for m in messages if any(p.get_content_type() == "text/calendar" for p in m.walk())
    ]
    assert len(messages) == 3 and len(invitations) == 1
    assert BOB in str(invitations[0]["To"])
    uid = next(
        str(p.get_payload(decode=True).decode()).split("UID:")[1].split("\r\n")[0].strip()
        for p in invitations[0].walk()
        if p.get_content_type() == "text/calendar"
    )
    events = [e for e in radicale.events(world.calendar_url) if str(e["UID"]) == uid]
    assert len(events) == 1


def test_sigterm_is_graceful(make_world) -> None:  # type: ignore[no-untyped-def]
    """SIGTERM stops the daemon cleanly with exit status 0."""
    world = make_world()
    assert world.daemon.stop() == 0
