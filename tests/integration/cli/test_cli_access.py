"""--as PROCESSOR_ID: a processor's view of the listings, refusals, and the ledger of it."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from meetdesk.store.engine import make_engine
from tests.integration.cli.test_cli import config, meetdesk, onboard  # noqa: F401  (the fixture)

SUPPORT = """
[[privacy.processors]]
id = "support"
name = "Helpdesk GmbH"
country = "DE"
purposes = ["support"]
allow = ["user.contact"]
deny = ["user.contact.name"]
customers = ["alice@example.com"]
"""


def test_a_processor_sees_its_scope_only_and_is_ledgered(
    config: Path,  # noqa: F811
    db_url: str,
    tmp_path: Path,
) -> None:
    """Support sees Alice's address and shared dial-in but not her name, zone or hours,
    not Bob at all; other
    customers, purposes and unknown ids are refused (exit 2); its read is in the ledger."""
    config.write_text(config.read_text() + SUPPORT)
    for who in ("alice", "bob"):
        onboard(config, tmp_path / who, f"{who}@example.com")

    listed = meetdesk("customer", "list", "--as", "support", config=config)
    assert listed.returncode == 0, listed.stderr
    assert "alice@example.com" in listed.stdout and "(withheld)" in listed.stdout
    assert "Alice" not in listed.stdout and "Europe/Paris" not in listed.stdout
    assert "bob@example.com" not in listed.stdout
    assert "withheld from support's scope: name, timezone" in listed.stderr
    assert "1 record(s) left out" in listed.stderr

    prefs = meetdesk(
        "customer", "prefs", "alice@example.com", "--as", "support", "--json", config=config
    )
    assert prefs.returncode == 0, prefs.stderr
    shown = json.loads(prefs.stdout)["preferences"]
    assert shown["working_hours"] == "(withheld)" and shown["share"] != "(withheld)"

    for args, message in (
        (
            ["customer", "prefs", "bob@example.com", "--as", "support"],
            "does not serve this record's customer",
        ),
        (["escalations", "list", "--as", "support"], "may not read for supervision"),
        (["customer", "list", "--as", "reviewers"], "no such processor"),
    ):
        refused = meetdesk(*args, config=config)
        assert refused.returncode == 2 and message in refused.stderr, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1

    recipients = meetdesk("privacy", "recipients", "alice@example.com", config=config)
    assert recipients.returncode == 0, recipients.stderr
    assert "processor   support" in recipients.stdout
    assert "user.contact.email  (support, read.customers)" in recipients.stdout
    assert "user.contact.meeting_access  (support, read.preferences)" in recipients.stdout

    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, action FROM audit_entry ORDER BY seq")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("support", "read.customers"),
        ("support", "read.preferences"),
        ("support", "denied.read.preferences"),
        ("support", "denied.read.escalations"),
        ("admin-cli", "read.recipients"),  # one per ledger entry shown
        ("admin-cli", "read.recipients"),
    ]
