"""`meetdesk escalations list | show | claim | release | resolve | discard` on both
databases: filters, refusals as one line with exit status 2, and the audit of each step."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlmodel import col, select

from meetdesk.clock import SystemClock
from meetdesk.settings import load_settings
from meetdesk.store.conversations import ConversationData, Person, save_data
from meetdesk.store.customers import find_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import AuditEntry, Conversation
from meetdesk.store.opening import open_store
from meetdesk.supervision.escalations import escalate
from tests.integration.cli.test_cli import config, meetdesk, onboard  # noqa: F401  (the fixture)

ALICE = "alice@example.com"
PROVIDER = """
[[privacy.processors]]
id = "provider"
name = "Supervisors Ltd"
country = "IE"
purposes = ["support"]
allow = ["user"]
customers = ["*"]
"""


def seed(config: Path, tmp_path: Path) -> tuple[str, str]:  # noqa: F811
    """Alice's two escalations: one opened five hours ago (overdue), one just now."""
    onboard(config, tmp_path / "cal", ALICE)
    engine, cipher = open_store(load_settings(config))
    now = SystemClock().now()
    ids = []
    with transaction(engine) as session:
        customer = find_customer(session, cipher, ALICE)
        assert customer is not None
        five_hours_ago = now - timedelta(hours=5)
        for reason, opened in (("unclear_request", five_hours_ago), ("no_free_slot", now)):
            conv = Conversation(created_at=opened, updated_at=opened, customer_id=customer.id)
            session.add(conv)
            save_data(cipher, conv, ConversationData(participants=[Person("bob@partner.example")]))
            session.flush()
            ids.append(
                escalate(
                    session,
                    now=opened,
                    reason=reason,
                    conversation_id=conv.id,
                    details={"rule": f"escalate.{reason}"},
                )
            )
    engine.dispose()
    return ids[0], ids[1]


def listed(config: Path, *args: str) -> list[dict[str, object]]:  # noqa: F811
    result = meetdesk("escalations", "list", "--json", *args, config=config)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_list_filters_and_flags_overdue(config: Path, tmp_path: Path) -> None:  # noqa: F811
    old, new = seed(config, tmp_path)
    rows = listed(config)
    assert [r["id"] for r in rows] == [old, new]
    assert [(r["kind"], r["priority"], r["overdue"]) for r in rows] == [
        ("reading", "normal", True),
        ("no_free_slot", "normal", False),
    ]
    assert [r["id"] for r in listed(config, "--overdue")] == [old]
    assert [r["id"] for r in listed(config, "--kind", "no_free_slot")] == [new]
    assert [r["id"] for r in listed(config, "--reason", "unclear_request")] == [old]
    assert len(listed(config, "--customer", ALICE)) == 2
    text = meetdesk("escalations", "list", config=config)
    assert text.returncode == 0 and "OVERDUE" in text.stdout and "no_free_slot" in text.stdout
    bad = meetdesk("escalations", "list", "--customer", "nobody@example.com", config=config)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1, bad.stderr


def test_claim_release_resolve_discard(config: Path, tmp_path: Path) -> None:  # noqa: F811
    old, new = seed(config, tmp_path)
    claimed = meetdesk("escalations", "claim", old, "--as-user", "alice", config=config)
    assert claimed.returncode == 0 and "claimed until" in claimed.stdout, claimed.stderr
    refused = meetdesk("escalations", "claim", old, "--as-user", "bruno", config=config)
    assert refused.returncode == 2 and "is claimed by alice until" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert [r["claimed_by"] for r in listed(config, "--status", "claimed")] == ["alice"]
    released = meetdesk("escalations", "release", old, config=config)
    assert released.returncode == 0 and "released by alice" in released.stdout
    resolved = meetdesk(
        "escalations", "resolve", old, "--as-user", "bruno", "--resolution", "answered",
        "--note", "phoned Bob", config=config,
    )  # fmt: skip
    assert resolved.returncode == 0 and "resolved (answered) by bruno" in resolved.stdout
    unnamed = meetdesk("escalations", "discard", new, "--why", "duplicate", config=config)
    assert unnamed.returncode == 2 and "say who with --as-user" in unnamed.stderr
    discarded = meetdesk(
        "escalations", "discard", new, "--why", "duplicate", "--as-user", "bruno", config=config
    )
    assert discarded.returncode == 0, discarded.stderr
    assert listed(config) == []
    assert {r["status"] for r in listed(config, "--all")} == {"resolved", "discarded"}
    again = meetdesk("escalations", "claim", old, "--as-user", "alice", config=config)
    assert again.returncode == 2 and "already resolved" in again.stderr
    engine, _ = open_store(load_settings(config))
    with transaction(engine) as session:
        actions = [
            (e.actor, e.action)
            for e in session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
            if e.action.startswith("escalation.")
        ]
    engine.dispose()
    assert actions == [
        ("admin-cli/alice", "escalation.claim"),
        ("admin-cli/alice", "escalation.release"),
        ("admin-cli/bruno", "escalation.resolve"),
        ("admin-cli/bruno", "escalation.discard"),
    ]


def test_show_and_as_a_processor(config: Path, tmp_path: Path) -> None:  # noqa: F811
    config.write_text(config.read_text() + PROVIDER)
    old, _ = seed(config, tmp_path)
    shown = meetdesk("escalations", "show", old, "--json", config=config)
    assert shown.returncode == 0, shown.stderr
    fields = json.loads(shown.stdout)
    assert (fields["reason"], fields["status"], fields["busy"]) == ("unclear_request", "open", [])
    assert fields["participants"][0]["email"] == "bob@partner.example"
    text = meetdesk("escalations", "show", old, config=config)
    assert text.returncode == 0 and "kind: reading" in text.stdout
    for args in (["show", old], ["list"]):
        denied = meetdesk("escalations", *args, "--as", "provider", config=config)
        assert denied.returncode == 2 and "may not read for supervision" in denied.stderr
    claim = meetdesk(
        "escalations", "claim", old, "--as-user", "eve", "--as", "provider", config=config
    )
    assert claim.returncode == 2 and "no supervision purpose" in claim.stderr
    missing = meetdesk("escalations", "show", "no-such-id", config=config)
    assert missing.returncode == 2 and "no escalation no-such-id" in missing.stderr
