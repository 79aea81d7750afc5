"""meetdesk retention and meetdesk legal-hold: rules shown, a pass run, holds audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from meetdesk.settings import load_settings
from meetdesk.store.engine import make_engine
from meetdesk.store.opening import open_store
from tests.integration.cli.test_cli import config, meetdesk, onboard  # noqa: F401  (the fixture)
from tests.integration.store.retention_data import conversation, customer, rows_of

LONG_AGO = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)


def test_show_prints_each_category_and_a_contract(config: Path) -> None:  # noqa: F811
    """show: every category's rule; with --customer the contract's rules come first."""
    with config.open("a") as f:
        f.write(
            '[privacy.retention.customers."ops@dialonce.example"]\n'
            'cap = "12 months"\n'
            'rules = { "user.content.private.calendar" = "7 days after meeting" }\n'
        )
    shown = meetdesk("retention", "show", config=config)
    assert shown.returncode == 0, shown.stderr
    assert "user.content.private.email_body: 90 days after closed" in shown.stdout
    assert "customer" in shown.stdout.splitlines()[-1]  # not purged by time
    mine = meetdesk("retention", "show", "--customer", "ops@dialonce.example", config=config)
    assert "cap: 12 months" in mine.stdout
    assert "user.content.private.calendar: 7 days after meeting (contract rule" in mine.stdout
    assert "user.contact.email: 12 months after closed (global rule user)" in mine.stdout


def test_a_bad_rule_is_one_line_and_exit_status_2(config: Path) -> None:  # noqa: F811
    """A contract longer than the cap is refused at load, naming the key."""
    with config.open("a") as f:
        f.write('[privacy.retention]\ncap = "6 months"\n')
        f.write('[privacy.retention.rules]\n"user" = "1 year after closed"\n')
    shown = meetdesk("retention", "show", config=config)
    assert shown.returncode == 2
    assert shown.stderr.count("\n") == 1
    assert "privacy.retention.rules.user = '1 year after closed' is longer than" in shown.stderr


def test_run_purges_old_data_and_log_lists_it(config: Path, tmp_path: Path) -> None:  # noqa: F811
    """run removes a long-closed conversation's data and prints counts; a second run has
    nothing to do; log lists the records."""
    engine, cipher = open_store(load_settings(config))
    alice = customer(engine, "alice@example.com", LONG_AGO, cipher)
    thread = conversation(engine, alice, state="cancelled", at=LONG_AGO, cipher=cipher)
    engine.dispose()
    ran = meetdesk("retention", "run", config=config)
    assert ran.returncode == 0, ran.stderr
    assert "purged 1 from inbound_message: user.content.private.email_body" in ran.stdout
    assert "alice" not in ran.stdout and "Lunch" not in ran.stdout
    again = meetdesk("retention", "run", config=config)
    assert again.stdout == "nothing to purge\n"
    log = meetdesk("retention", "log", config=config)
    assert log.returncode == 0, log.stderr
    assert re.search(r"1 from inbound_message: user.content.private.email_body", log.stdout)
    engine = make_engine(load_settings(config).database_url)
    assert rows_of(engine, thread.id)["conversation"] == 0
    engine.dispose()


def test_legal_hold_place_list_release_audited(config: Path, tmp_path: Path) -> None:  # noqa: F811
    """A hold is placed on an onboarded customer, listed with its reason, released once;
    each step is audited; errors are one line with exit status 2."""
    onboard(config, tmp_path / "cal")
    placed = meetdesk(
        "legal-hold", "place", "--customer", "alice@example.com", "--reason", "case 7",
        config=config,
    )  # fmt: skip
    assert placed.returncode == 0, placed.stderr
    hold_id = placed.stdout.split()[2]
    subject = meetdesk(
        "legal-hold", "place", "--subject", "dave@x.example", "--reason", "order", config=config
    )
    assert subject.returncode == 0, subject.stderr
    listed = meetdesk("legal-hold", "list", config=config)
    assert hold_id in listed.stdout and "reason: case 7" in listed.stdout
    assert "dave" not in listed.stdout
    released = meetdesk("legal-hold", "release", hold_id, config=config)
    assert released.returncode == 0, released.stderr
    twice = meetdesk("legal-hold", "release", hold_id, config=config)
    assert twice.returncode == 2 and "already released" in twice.stderr
    assert twice.stderr.count("\n") == 1
    unknown = meetdesk(
        "legal-hold", "place", "--customer", "eve@example.com", "--reason", "x", config=config
    )
    assert unknown.returncode == 2 and "no customer eve@example.com" in unknown.stderr
    everything = meetdesk("legal-hold", "list", "--all", config=config)
    assert "released" in everything.stdout and "active" in everything.stdout
    engine = make_engine(load_settings(config).database_url)
    with engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_entry ORDER BY seq"))]
    engine.dispose()
    assert actions == [
        "legal_hold.place",
        "legal_hold.place",
        "read.legal_holds",
        "legal_hold.release",
        "read.legal_holds",
    ]
