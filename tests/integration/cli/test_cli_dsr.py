"""meetdesk dsr: requests opened, listed with deadlines and OVERDUE, verified, extended
and closed; export, rectify, restrict, object and erase; every command audited; bad
input is one line on stderr with exit status 2."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
from sqlalchemy import text

from meetdesk.privacy.subject_export import schema
from meetdesk.store.engine import make_engine
from tests.integration.cli.test_cli import config, meetdesk, onboard  # noqa: F401  (the fixture)

DANA = "dana@example.org"


def _add_alice(config: Path, tmp_path: Path) -> None:  # noqa: F811
    onboard(config, tmp_path / "cal")


def _audited(db_url: str) -> list[str]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT action FROM audit_entry ORDER BY seq")).all()
    engine.dispose()
    return [r.action for r in rows if r.action.startswith("dsr.")]


def test_request_lifecycle_with_overdue_flag(config: Path, db_url: str) -> None:  # noqa: F811
    """open -> list (due in a month) -> overdue once past -> extend -> verify -> close."""
    opened = meetdesk("dsr", "open", "access", DANA, config=config)
    assert opened.returncode == 0, opened.stderr
    request_id = opened.stdout.split()[1]
    listed = meetdesk("dsr", "list", config=config)
    assert request_id in listed.stdout and "OVERDUE" not in listed.stdout
    assert meetdesk("dsr", "list", "--overdue", config=config).stdout == "no overdue requests\n"

    engine = make_engine(db_url)
    past = datetime.now(UTC) - timedelta(days=40)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE subject_request SET received_at = :r, due_at = :d"),
            {"r": past.replace(tzinfo=None), "d": (past + timedelta(days=31)).replace(tzinfo=None)},
        )
    engine.dispose()
    overdue = meetdesk("dsr", "list", "--overdue", config=config)
    assert request_id in overdue.stdout and "OVERDUE" in overdue.stdout

    no_reason = meetdesk("dsr", "extend", request_id, "--reason", " ", config=config)
    assert no_reason.returncode == 2 and "needs a reason" in no_reason.stderr
    extended = meetdesk("dsr", "extend", request_id, "--reason", "complex", config=config)
    assert extended.returncode == 0, extended.stderr
    assert "OVERDUE" not in meetdesk("dsr", "list", config=config).stdout

    early = meetdesk("dsr", "close", request_id, config=config)
    assert early.returncode == 2 and "not verified" in early.stderr
    wrong = meetdesk("dsr", "verify", request_id, "12345678", config=config)
    assert wrong.returncode == 2 and "wrong or expired code" in wrong.stderr
    assert meetdesk("dsr", "verify", request_id, "--checked", config=config).returncode == 0
    closed = meetdesk("dsr", "close", request_id, config=config)
    assert closed.stdout == f"request {request_id} done\n"
    shown = json.loads(meetdesk("dsr", "show", request_id, config=config).stdout)
    assert shown["state"] == "done" and shown["verification"] == "admin"
    assert shown["notes"] == {"extension_reason": "complex"}
    assert _audited(db_url) == [
        "dsr.open",
        "dsr.list",
        "dsr.list",
        "dsr.list",
        "dsr.extend",
        "dsr.list",
        "dsr.verify",
        "dsr.close",
        "dsr.show",
    ]


def test_export_writes_json_valid_against_the_schema(
    config: Path,  # noqa: F811
    tmp_path: Path,
    db_url: str,
) -> None:
    """A customer's export to a file validates and names them; it closes a request."""
    _add_alice(config, tmp_path)
    out = tmp_path / "alice.json"
    exported = meetdesk("dsr", "export", "alice@example.com", "--out", str(out), config=config)
    assert exported.returncode == 0, exported.stderr
    document = json.loads(out.read_text())
    jsonschema.Draft202012Validator(schema()).validate(document)
    assert document["customer"]["name"] == "Alice"
    listed = meetdesk("dsr", "list", "--json", config=config)
    [request] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (request["kind"], request["state"], request["channel"]) == ("access", "done", "cli")
    assert "dsr.export" in _audited(db_url)


def test_rectify_restrict_object_and_erase(config: Path, tmp_path: Path, db_url: str) -> None:  # noqa: F811
    """Rectify a customer's name, restrict and lift, object, then erase with --yes."""
    _add_alice(config, tmp_path)
    bad = meetdesk("dsr", "rectify", "alice@example.com", "--timezone", "Mars/Base", config=config)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "unknown time zone" in bad.stderr
    fixed = meetdesk("dsr", "rectify", "alice@example.com", "--name", "Alicia", config=config)
    assert fixed.returncode == 0, fixed.stderr
    assert "Alicia" in meetdesk("customer", "list", config=config).stdout

    assert meetdesk("dsr", "restrict", DANA, config=config).returncode == 0
    lifted = meetdesk("dsr", "restrict", DANA, "--lift", config=config)
    assert lifted.stdout == f"{DANA}: processing no longer restricted\n"
    objected = meetdesk("dsr", "object", DANA, config=config)
    assert objected.returncode == 0 and "will not be contacted again" in objected.stdout

    unconfirmed = meetdesk("dsr", "erase", "alice@example.com", config=config)
    assert unconfirmed.returncode == 2 and "--yes" in unconfirmed.stderr
    erased = meetdesk("dsr", "erase", "alice@example.com", "--yes", config=config)
    assert erased.returncode == 0, erased.stderr
    assert "key(s) destroyed" in erased.stdout
    # the master of the time is retired, so backups taken before lose Alice's keys too
    assert "master key rotated" in erased.stdout
    assert "alice@example.com" not in meetdesk("customer", "list", config=config).stdout
    kinds = [
        json.loads(line)["kind"]
        for line in meetdesk("dsr", "list", "--json", config=config).stdout.splitlines()
    ]
    assert sorted(kinds) == ["erasure", "objection", "rectification", "restriction", "restriction"]
    assert {"dsr.rectify", "dsr.restrict", "dsr.lift", "dsr.object", "dsr.erase"} <= set(
        _audited(db_url)
    )


def test_unknown_request_is_one_line_and_status_2(config: Path) -> None:  # noqa: F811
    shown = meetdesk("dsr", "show", "no-such-id", config=config)
    assert (shown.returncode, shown.stdout) == (2, "")
    assert shown.stderr == "meetdesk: error: no subject request 'no-such-id'\n"
