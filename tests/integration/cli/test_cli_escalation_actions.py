"""`meetdesk escalations correct | propose | reply | ask | not-scheduling | hand-back` on
both databases, on an escalation the understand stage opened: each resolves it and
resumes the conversation (a job queued, a message in the outbox); a refusal is one line
with exit status 2 and changes nothing."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from meetdesk.clock import SystemClock
from meetdesk.daemon import make_services
from meetdesk.flow.accept import accept_message
from meetdesk.flow.understand import understand
from meetdesk.settings import load_settings
from meetdesk.store import jobs
from meetdesk.store.conversations import ConversationData, load_data
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Escalation, Job, Outbox
from meetdesk.store.opening import open_store
from meetdesk.worker import JobContext
from tests.integration.cli.test_cli import config, meetdesk, onboard  # noqa: F401  (the fixture)
from tests.integration.flow.messages import request

ALICE = "alice@customer.example"
UNSURE = "Julie, please set up a call with Bob next week, maybe 20 minutes or an hour."
PARIS = ZoneInfo("Europe/Paris")


def escalated(config: Path, tmp_path: Path) -> str:  # noqa: F811
    """Alice's request, accepted and understood as the daemon does: escalated, its
    duration unsure."""
    onboard(config, tmp_path / "cal", ALICE)
    settings = load_settings(config)
    clock = SystemClock()
    engine, cipher = open_store(settings)
    try:
        services = make_services(settings, engine, cipher, clock)
        accept_message(services, request(UNSURE).as_bytes())
        job = jobs.claim(engine, "test", now=clock.now(), lease=timedelta(minutes=5))
        assert job is not None and job.kind == "understand"
        asyncio.run(understand(job, JobContext(engine, clock, job), services))
        with transaction(engine) as session:
            return session.exec(select(Escalation.id)).one()
    finally:
        engine.dispose()


def claim(config: Path, eid: str) -> None:  # noqa: F811
    claimed = meetdesk("escalations", "claim", eid, "--as-user", "sam", config=config)
    assert claimed.returncode == 0, claimed.stderr


def state(config: Path) -> tuple[str, ConversationData, list[str], list[str], str, str | None]:  # noqa: F811
    """The conversation's state and data, the queued job kinds, the outbox purposes, the
    escalation's status and action."""
    engine, cipher = open_store(load_settings(config))
    try:
        with transaction(engine) as session:
            conv = session.exec(select(Conversation)).one()
            row = session.exec(select(Escalation)).one()
            queued = session.exec(
                select(Job.kind).where(col(Job.status) == "queued").order_by(col(Job.kind))
            ).all()
            purposes = session.exec(select(Outbox.purpose)).all()
            return (
                conv.state,
                load_data(cipher, conv),
                list(queued),
                list(purposes),
                row.status,
                row.action,
            )
    finally:
        engine.dispose()


def test_correct_resumes_the_request(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    claim(config, eid)
    done = meetdesk(
        "escalations", "correct", eid, "--duration", "45", "--note", "two durations",
        config=config,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"escalation {eid} resolved (correct) by sam"
    conv_state, data, queued, _, status, action = state(config)
    assert (conv_state, data.duration_minutes, status, action) == (
        "requested",
        45,
        "resolved",
        "correct",
    )
    assert "propose" in queued


def test_correct_save_only_keeps_the_claim(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    claim(config, eid)
    start = (datetime.now(PARIS) + timedelta(days=9)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    window = f"{start:%Y-%m-%dT%H:%M}/{start + timedelta(hours=3):%Y-%m-%dT%H:%M}"
    done = meetdesk(
        "escalations", "correct", eid, "--save-only", "--duration", "40", "--window", window,
        "--participant", "Bob Durand <bob@partner.example>", "--kind", "video", config=config,
    )  # fmt: skip
    assert done.returncode == 0 and "still claimed" in done.stdout, done.stderr
    conv_state, data, _, _, status, _ = state(config)
    assert (conv_state, status, data.duration_minutes, data.kind) == (
        "escalated",
        "claimed",
        40,
        "video",
    )
    assert data.windows == [[start.isoformat(), (start + timedelta(hours=3)).isoformat()]]


def test_propose_reads_times_in_the_customers_zone(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    claim(config, eid)
    day = (datetime.now(PARIS) + timedelta(days=8)).date()
    done = meetdesk(
        "escalations", "propose", eid, "--slot", f"{day}T10:00/{day}T10:45",
        "--slot", f"{day}T15:00+01:00/{day}T15:45+01:00", config=config,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    conv_state, data, queued, _, _, action = state(config)
    assert (conv_state, action, data.duration_minutes) == ("requested", "propose", 45)
    assert [datetime.fromisoformat(a).astimezone(PARIS).hour for a, _ in data.chosen_slots] == [
        10,
        datetime.fromisoformat(f"{day}T15:00+01:00").astimezone(PARIS).hour,
    ]
    assert "propose" in queued


def test_reply_from_a_file_goes_to_the_outbox(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    claim(config, eid)
    text = tmp_path / "reply.txt"
    text.write_text("Which length would you like, 20 minutes or an hour?\n")
    done = meetdesk("escalations", "reply", eid, "--text-file", str(text), config=config)
    assert done.returncode == 0, done.stderr
    conv_state, _, queued, purposes, _, action = state(config)
    assert (conv_state, purposes, action) == ("new", ["supervisor_reply"], "reply")
    assert "send" in queued


def test_ask_not_scheduling_and_hand_back(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    claim(config, eid)
    asked = meetdesk("escalations", "ask", eid, "--question", "How long?", config=config)
    assert asked.returncode == 0, asked.stderr
    assert state(config)[3] == ["customer_question"]
    again = meetdesk("escalations", "hand-back", eid, "--as-user", "sam", config=config)
    assert again.returncode == 2 and "already resolved" in again.stderr


def test_not_scheduling(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    claim(config, eid)
    done = meetdesk("escalations", "not-scheduling", eid, config=config)
    assert done.returncode == 0, done.stderr
    assert state(config)[0] == "not_scheduling" and state(config)[3] == []


def test_hand_back(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    claim(config, eid)
    done = meetdesk("escalations", "hand-back", eid, "--note", "Alice asked", config=config)
    assert done.returncode == 0, done.stderr
    assert state(config)[0] == "handed_back" and state(config)[3] == ["hand_back"]


def test_refusals_are_one_line_and_change_nothing(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    before = state(config)
    unclaimed = meetdesk("escalations", "hand-back", eid, "--as-user", "sam", config=config)
    assert unclaimed.returncode == 2 and "claim it first" in unclaimed.stderr
    claim(config, eid)
    for args, message in (
        (["propose", eid, "--slot", "tomorrow/later"], "ISO 8601"),
        (["propose", eid, "--slot", "2020-01-01T10:00/2020-01-01T10:30"], "already started"),
        (["correct", eid, "--duration", "2"], "outside 5..720"),
        (["correct", eid, "--participant", "Bob"], "Name <email>"),
        (["correct", eid, "--kind", "video"], "still unsure of duration"),
        (["correct", eid, "--option", "1"], "nothing was proposed"),
        (["reply", eid, "--text", "   "], "is empty"),
        (["hand-back", eid, "--as-user", "other"], "claimed by sam"),
    ):
        refused = meetdesk("escalations", *args, config=config)
        assert refused.returncode == 2, (args, refused.stdout)
        assert message in refused.stderr and refused.stderr.count("\n") == 1, refused.stderr
        assert "Traceback" not in refused.stderr
    after = state(config)
    assert after[0] == before[0] and after[1].to_json() == before[1].to_json()
    assert after[3] == before[3] == [] and after[4] == "claimed"


def test_show_lists_the_candidate_slots(config: Path, tmp_path: Path) -> None:  # noqa: F811
    eid = escalated(config, tmp_path)
    shown = meetdesk("escalations", "show", eid, "--json", config=config)
    assert shown.returncode == 0, shown.stderr
    candidates = json.loads(shown.stdout.splitlines()[0])["candidates"]
    assert candidates and all(
        datetime.fromisoformat(b) - datetime.fromisoformat(a) == timedelta(minutes=20)
        for a, b in candidates
    )
