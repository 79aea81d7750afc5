"""The command line: onboarding, check, escalations, and clear one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from meetdesk.testing import free_port
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.cli.runner import run_cli


def meetdesk(
    *args: str, config: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one command in this process (see ``runner.py``)."""
    prefix = [] if config is None else ["--config", str(config)]
    return run_cli([*prefix, *args], env=env)


def onboard(
    config: Path, folder: Path, email: str = "alice@example.com", *, zone: str = "Europe/Paris"
) -> None:
    """Add a customer with a local-folder calendar, named after the address."""
    name = email.split("@")[0].title()
    added = meetdesk(
        "customer", "add", email, "--name", name, "--timezone", zone, "--ics-dir", str(folder),
        config=config,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr


@pytest.fixture
def config(tmp_path: Path, db_url: str, sink: SmtpSink) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[assistant]\naddress = "julie@assistant.example"\n'
        f'[store]\nurl = "{db_url}"\n'
        f'[mail.inbound]\nsmtp_listen = "127.0.0.1:{free_port()}"\n'
        f'[mail.outbound]\ntransport = "smtp"\nsmtp_host = "127.0.0.1"\n'
        f"smtp_port = {sink.port}\n"
    )
    return path


def test_the_entry_point_runs_as_a_program(config: Path, tmp_path: Path) -> None:
    """`python -m meetdesk` for real: the other tests call main() in-process."""
    base = [sys.executable, "-m", "meetdesk", "--config", str(config)]
    added = subprocess.run(
        [*base, "customer", "add", "alice@example.com", "--name", "Alice", "--timezone",
         "Europe/Paris", "--ics-dir", str(tmp_path / "cal")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = subprocess.run(
        [*base, "customer", "list"], capture_output=True, text=True, timeout=120
    )
    assert listed.returncode == 0 and "alice@example.com" in listed.stdout, listed.stderr
    bad = subprocess.run(
        [*base, "customer", "prefs", "nobody@example.com"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1, bad.stderr


def test_customer_add_and_list_with_local_folder(config: Path, tmp_path: Path) -> None:
    """A customer onboarded with --ics-dir is listed, and adding again is refused."""
    folder = tmp_path / "cal"
    result = meetdesk(
        "customer",
        "add",
        "alice@example.com",
        "--name",
        "Alice",
        "--timezone",
        "Europe/Paris",
        "--ics-dir",
        str(folder),
        config=config,
    )
    assert result.returncode == 0, result.stderr
    assert folder.is_dir()
    listed = meetdesk("customer", "list", config=config)
    assert "alice@example.com" in listed.stdout and "local" in listed.stdout
    again = meetdesk(
        "customer",
        "add",
        "alice@example.com",
        "--name",
        "Alice",
        "--timezone",
        "Europe/Paris",
        "--ics-dir",
        str(folder),
        config=config,
    )
    assert again.returncode != 0 and "already exists" in again.stderr
    quiet = meetdesk(
        "customer",
        "add",
        "alice@example.com",
        "--name",
        "Alice",
        "--timezone",
        "Europe/Paris",
        "--ics-dir",
        str(folder),
        "--if-missing",
        config=config,
    )
    assert quiet.returncode == 0


def test_caldav_password_is_read_from_file_and_stored_encrypted(
    config: Path, tmp_path: Path, radicale
) -> None:  # type: ignore[no-untyped-def]
    """CalDAV onboarding reads the password file; the password never lands in the database."""
    url = radicale.make_calendar(f"cli-{tmp_path.name}")
    secret = tmp_path / "pw"
    secret.write_text(radicale.password + "\n")
    result = meetdesk(
        "customer",
        "add",
        "bob@example.com",
        "--name",
        "Bob",
        "--timezone",
        "Europe/London",
        "--caldav-url",
        url,
        "--caldav-username",
        radicale.username,
        "--caldav-password-file",
        str(secret),
        config=config,
    )
    assert result.returncode == 0, result.stderr
    checked = meetdesk("check", config=config)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for db in tmp_path.glob("meetdesk.db*"):
        assert radicale.password.encode() not in db.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timezone", "Mars/Base", "--ics-dir", "x"], "unknown time zone"),
        (["--timezone", "UTC"], "a calendar is required"),
        (["--timezone", "UTC", "--caldav-url", "ftp://x"], "expected an http(s) URL"),
        (["--timezone", "UTC", "--caldav-url", "http://u:p@x/"], "must not contain a password"),
        (
            [
                "--timezone",
                "UTC",
                "--caldav-url",
                "http://x/",
                "--caldav-username",
                "u",
                "--caldav-password-file",
                "/nonexistent/pw",
            ],
            "--caldav-password-file",
        ),
        # Several calendars may be mixed, and each is reached before anything is stored.
        (["--timezone", "UTC", "--caldav-url", "http://x/", "--ics-dir", "d"], "unreachable"),
    ],
)
def test_bad_onboarding_input_is_one_clear_line(
    config: Path, args: list[str], message: str
) -> None:
    """Invalid onboarding input exits non-zero with one line naming the problem."""
    result = meetdesk(
        "customer", "add", "carol@example.com", "--name", "Carol", *args, config=config
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr


def test_check_reports_each_problem_on_one_line(tmp_path: Path) -> None:
    """`check` names the unreachable SMTP server and the missing key, one line each."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'[store]\nurl = "sqlite:///{tmp_path}/x.db"\n'
        f'[mail.outbound]\ntransport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {free_port()}\n'
    )
    result = meetdesk("check", config=path)
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if line.startswith("problem:")]
    assert any("key_file" in p for p in problems)
    assert any("mail.outbound" in p for p in problems)


def test_invalid_config_is_a_clear_error(tmp_path: Path) -> None:
    """An unknown key stops every command with exit 2 and names the key."""
    path = tmp_path / "config.toml"
    path.write_text("[assistant]\nadress = 'typo@example.com'\n")
    result = meetdesk("check", config=path)
    assert result.returncode == 2
    assert "assistant.adress" in result.stderr and "Traceback" not in result.stderr


def test_config_from_environment(tmp_path: Path, config: Path) -> None:
    """MEETDESK_CONFIG is honoured when --config is absent."""
    import os

    env = {**os.environ, "MEETDESK_CONFIG": str(config)}
    result = meetdesk("escalations", "list", env=env)
    assert result.returncode == 0 and "no open escalations" in result.stdout


def test_escalations_list_json(config: Path) -> None:
    """`escalations list --json` prints one object per line with reason and rule."""
    from meetdesk.settings import load_settings
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store
    from meetdesk.supervision.escalations import escalate

    engine, _ = open_store(load_settings(config))
    with transaction(engine) as session:
        from meetdesk.clock import SystemClock

        escalate(
            session,
            now=SystemClock().now(),
            reason="unclear_request",
            details={"rule": "escalate.unclear_request", "confidence": 0.5},
        )
    engine.dispose()
    result = meetdesk("escalations", "list", "--json", config=config)
    [line] = result.stdout.strip().splitlines()
    row = json.loads(line)
    assert (
        row["reason"] == "unclear_request" and row["details"]["rule"] == "escalate.unclear_request"
    )
