"""meetdesk incident and meetdesk stats: the register at the terminal, audited reads, and
one-line refusals with exit status 2."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from meetdesk.store.engine import make_engine
from tests.integration.cli.test_cli import config, meetdesk  # noqa: F401  (the fixture)

SUPERVISION = """
[[privacy.processors]]
id = "supervision"
name = "Example Supervision Ltd"
country = "GB"
safeguard = "adequacy"
purposes = ["supervision"]
allow = ["user.contact"]
customers = ["*"]
"""


@pytest.fixture
def register(config: Path) -> Path:  # noqa: F811
    """The CLI config with the supervision processor the incidents name declared."""
    config.write_text(config.read_text() + SUPERVISION)
    return config


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="minutes")


def _open(config: Path, aware: datetime, title: str) -> str:  # noqa: F811
    result = meetdesk(
        "incident", "open", "--title", title, "--aware-at", _iso(aware),
        "--from", _iso(aware - timedelta(days=2)), "--to", _iso(aware - timedelta(hours=1)),
        "--actor", "supervision", "--severity", "high",
        config=config,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("incident ") and "opened" in result.stdout
    return result.stdout.split()[1]


def test_incident_lifecycle_from_the_command_line(register: Path, db_url: str) -> None:
    """open -> list (hours left, OVERDUE) -> notify -> show -> close; each command writes
    one audit entry for security, and the database holds no title or name in clear."""
    now = datetime.now(UTC)
    fresh = _open(register, now - timedelta(hours=2), "Laptop of a supervisor stolen")
    old = _open(register, now - timedelta(hours=80), "Backup disk lost")

    listed = meetdesk("incident", "list", config=register)
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert "69h left" in lines[fresh] or "70h left" in lines[fresh]
    assert "OVERDUE by 8h" in lines[old] and "notified: nobody" in lines[old]

    told = meetdesk(
        "incident", "notify", old, "--to", "authority", "--at", _iso(now - timedelta(hours=1)),
        "--by", "Dana Officer", "--via", "portal",
        config=register,
    )  # fmt: skip
    assert told.returncode == 0, told.stderr
    assert "notified late" in told.stdout
    customer = meetdesk(
        "incident", "notify", old, "--to", "customer:alice@customer.example",
        "--at", _iso(now - timedelta(minutes=30)), "--by", "Dana Officer",
        config=register,
    )  # fmt: skip
    assert customer.returncode == 0, customer.stderr

    shown = meetdesk("incident", "show", old, "--json", config=register)
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    assert document["deadline_state"] == "notified late" and not document["overdue"]
    assert [n["to"] for n in document["notifications"]] == [
        "authority",
        "customer:alice@customer.example",
    ]
    assert document["reach"]["audit_entries"] == 0 and document["actors"] == ["supervision"]
    assert (
        "notified:      authority at" in meetdesk("incident", "show", old, config=register).stdout
    )

    closed = meetdesk(
        "incident", "close", fresh, "--summary", "Disk was encrypted", config=register
    )
    assert closed.returncode == 0, closed.stderr
    still_open = meetdesk("incident", "list", "--open", "--json", config=register)
    assert [json.loads(line)["id"] for line in still_open.stdout.splitlines()] == [old]

    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT action, purpose FROM audit_entry ORDER BY seq")).all()
        blobs = conn.execute(text("SELECT title_enc FROM incident")).scalars().all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("incident.open", "security"),
        ("incident.open", "security"),
        ("incident.list", "security"),
        ("incident.notify", "security"),
        ("incident.notify", "security"),
        ("incident.show", "security"),
        ("incident.show", "security"),
        ("incident.close", "security"),
        ("incident.list", "security"),
    ]
    assert all(b"Laptop" not in bytes(b) and b"Backup" not in bytes(b) for b in blobs)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--aware-at", "yesterday"], "--aware-at 'yesterday': not an ISO 8601 time"),
        (["--aware-at", "2026-11-30T09:00"], "give the offset"),
        (["--from", "2026-11-29T00:00Z", "--to", "2026-11-28T00:00Z"], "ends before it starts"),
    ],
)
def test_bad_incident_input_is_one_line_and_exit_2(
    config: Path,  # noqa: F811
    args: list[str],
    message: str,
) -> None:
    """Bad dates and a window ending before it starts are refused before anything is kept."""
    base = {
        "--aware-at": "2026-11-30T09:00Z",
        "--from": "2026-11-29T00:00Z",
        "--to": "2026-11-30T00:00Z",
    }
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flags = [item for pair in base.items() for item in pair]
    result = meetdesk("incident", "open", "--title", "T", *flags, config=config)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert meetdesk("incident", "list", config=config).stdout == "no incidents\n"


def test_unknown_id_and_second_close_are_refused(register: Path) -> None:
    """Each is one line on stderr and exit status 2; so is an actor nobody knows."""
    typo = meetdesk(
        "incident", "open", "--title", "T", "--aware-at", "2026-11-30T09:00Z",
        "--from", "2026-11-29T00:00Z", "--to", "2026-11-30T00:00Z", "--actor", "supervison",
        config=register,
    )  # fmt: skip
    assert typo.returncode == 2 and "actor 'supervison': not a processor" in typo.stderr
    assert "(known: supervision)" in typo.stderr
    unknown = meetdesk("incident", "show", "no-such-id", config=register)
    assert (unknown.returncode, unknown.stderr.count("\n")) == (2, 1)
    assert "no incident 'no-such-id'" in unknown.stderr
    incident = _open(register, datetime.now(UTC) - timedelta(hours=1), "Mail sent to wrong list")
    bad_to = meetdesk(
        "incident", "notify", incident, "--to", "press", "--at", _iso(datetime.now(UTC)),
        "--by", "D", config=register,
    )  # fmt: skip
    assert bad_to.returncode == 2 and "expected authority, subjects or customer:EMAIL" in (
        bad_to.stderr
    )
    assert (
        meetdesk("incident", "close", incident, "--summary", "ok", config=register).returncode == 0
    )
    again = meetdesk("incident", "close", incident, "--summary", "ok", config=register)
    assert again.returncode == 2 and "already closed" in again.stderr


def test_stats_command_json_and_errors(config: Path, db_url: str) -> None:  # noqa: F811
    """stats --json prints the document (empty database: everything suppressed) and is
    audited with its purpose; a bad period or k is one line and exit 2."""
    result = meetdesk("stats", "--json", "--purpose", "billing", config=config)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["min_group"] == 5 and document["groups"] == []
    assert document["overall"]["suppressed"] is True
    plain = meetdesk("stats", "--from", "2026-01-01T00:00Z", config=config)
    assert plain.returncode == 0 and "all (0 customers)" in plain.stdout
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT action, purpose FROM audit_entry ORDER BY seq")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("read.statistics", "billing"),
        ("read.statistics", "quality_review"),
    ]
    for args, message in [
        (["--from", "2026-02-01T00:00Z", "--to", "2026-01-01T00:00Z"], "--to must be after"),
        (["--to", "soon"], "not an ISO 8601 time"),
        (["--min-group", "1"], "at least 2"),
    ]:
        bad = meetdesk("stats", *args, config=config)
        assert bad.returncode == 2 and bad.stderr.count("\n") == 1, bad.stderr
        assert message in bad.stderr


def test_show_reports_the_reach_and_whether_a_person_is_in_it(register: Path) -> None:
    """Entries a processor wrote in the window make the reach; --subject answers for one
    address by its pseudonym, and the output never prints the addresses read."""
    from meetdesk.privacy import audit
    from meetdesk.settings import load_settings
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    now = datetime.now(UTC)
    engine, cipher = open_store(load_settings(register))
    with transaction(engine) as session:
        for hours, actor, subject in [(30, "supervision", "bob@partner.example"), (20, "qa", None)]:
            audit.record(
                session, cipher, actor=actor, action="read.conversation",
                categories=["user.contact.email"], purpose="supervision",
                subject_email=subject, now=now - timedelta(hours=hours),
            )  # fmt: skip
    engine.dispose()
    incident = _open(register, now - timedelta(hours=1), "Supervision password reused")
    bob = meetdesk(
        "incident", "show", incident, "--subject", "Bob@Partner.example", config=register
    )
    assert bob.returncode == 0, bob.stderr
    assert "1 audit entries by supervision" in bob.stdout
    assert "subjects:      1 " in bob.stdout and "is in the reach" in bob.stdout
    assert bob.stdout.lower().count("partner.example") == 1  # only the address asked about
    carol = meetdesk(
        "incident", "show", incident, "--json", "--subject", "carol@other.example", config=register
    )
    document = json.loads(carol.stdout)
    assert document["subject"] == {"email": "carol@other.example", "touched": False}
    assert document["reach"]["categories"] == ["user.contact.email"]
    assert document["reach"]["subjects"] == 1


READERS = """
[[privacy.processors]]
id = "quality"
name = "Review Partners BV"
country = "NL"
purposes = ["quality_review"]
allow = ["system.operations"]
customers = ["*"]

[[privacy.processors]]
id = "billing-a"
name = "Invoicing Oy"
country = "FI"
purposes = ["billing"]
allow = ["system.operations"]
customers = ["a@customer.example"]
"""


def test_stats_as_a_processor_stay_within_its_customers(
    config: Path,  # noqa: F811
    db_url: str,
) -> None:
    """A processor for every customer sees every row; one serving customer a sees a's row
    only (the pooled and overall rows name no customer); a purpose the processor lacks
    is refused with exit 2. Each shown row is audited under the processor's id."""
    from meetdesk.settings import load_settings
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store
    from tests.integration.store.statistics_data import populate

    config.write_text(config.read_text() + READERS)
    engine, cipher = open_store(load_settings(config))
    with transaction(engine) as session:
        ids = populate(session, cipher)
    engine.dispose()
    period = ["--from", "2026-11-01T00:00Z", "--to", "2026-11-03T00:00Z", "--min-group", "2"]

    everyone = meetdesk("stats", "--json", "--as", "quality", *period, config=config)
    assert everyone.returncode == 0, everyone.stderr
    document = json.loads(everyone.stdout)
    assert [g["group"] for g in document["groups"]] == [*sorted(ids.values()), "other"]
    assert document["overall"]["requests"] == 8

    billing = meetdesk(
        "stats", "--json", "--as", "billing-a", "--purpose", "billing", *period, config=config
    )
    assert billing.returncode == 0, billing.stderr
    document = json.loads(billing.stdout)
    assert [g["group"] for g in document["groups"]] == [ids["a"]]
    assert document["groups"][0]["requests"] == 5 and document["overall"] is None
    assert "left out" in billing.stderr

    refused = meetdesk("stats", "--as", "billing-a", *period, config=config)
    assert refused.returncode == 2 and "may not read for quality_review" in refused.stderr

    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT actor, action, customer_id FROM audit_entry ORDER BY seq")
        ).all()
    engine.dispose()
    assert [(r[0], r[2]) for r in rows if r[1] == "read.statistics"] == [
        *(("quality", c) for c in sorted(ids.values())),
        ("quality", None),
        ("quality", None),
        ("billing-a", ids["a"]),
    ]
    assert [tuple(r) for r in rows if r[1] != "read.statistics"] == [
        ("billing-a", "denied.read.statistics", None)
    ]
