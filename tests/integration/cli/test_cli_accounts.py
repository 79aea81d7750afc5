"""``meetdesk account``: adding with a password from stdin, listing, lock-out and unlock,
disable and enable, and API tokens; every error is one line and exit status 2."""

from __future__ import annotations

import subprocess
from pathlib import Path

from meetdesk.accounts.errors import Refused
from meetdesk.accounts.login import authenticate_password
from meetdesk.accounts.tokens import authenticate_token
from meetdesk.clock import SystemClock
from meetdesk.settings import load_settings
from meetdesk.store.opening import open_store
from tests.integration.cli.runner import run_cli
from tests.integration.cli.test_cli import config  # noqa: F401  (the fixture)

PASSWORD = "Correct-Horse-7"
HELPDESK = """
[[privacy.processors]]
id = "helpdesk"
name = "Helpdesk GmbH"
country = "DE"
purposes = ["supervision"]
allow = ["user.contact"]
customers = ["*"]

[accounts]
lockout_failures = 2
lockout_minutes = 10
"""


def account(
    config: Path, *args: str, stdin: str | None = None  # noqa: F811
) -> subprocess.CompletedProcess[str]:
    return run_cli(["--config", str(config), "account", *args], stdin=stdin)


def failed(result: subprocess.CompletedProcess[str], message: str) -> bool:
    return (
        result.returncode == 2
        and result.stderr.count("\n") == 1
        and message in result.stderr
        and PASSWORD not in result.stderr
    )


def try_login(config: Path, password: str) -> str:  # noqa: F811
    settings = load_settings(config)
    engine, cipher = open_store(settings)
    try:
        authenticate_password(
            engine, cipher, settings.accounts, username="sam", password=password,
            now=SystemClock().now(), via="test",
        )  # fmt: skip
        return "ok"
    except Refused as exc:
        return str(exc)
    finally:
        engine.dispose()


def test_add_list_and_bad_input(config: Path) -> None:  # noqa: F811
    """The password comes from stdin, never argv; bad roles, processors and passwords are
    one-line errors; list shows role, processor and state."""
    config.write_text(config.read_text() + HELPDESK)
    added = account(config, "add", "Sam", "--role", "supervisor", "--processor", "helpdesk",
                    stdin=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "account Sam added: supervisor for processor helpdesk" in added.stdout
    admin = account(config, "add", "root", "--role", "admin", stdin=PASSWORD + "\n")
    assert admin.returncode == 0, admin.stderr
    listed = account(config, "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:3] == ["root", "admin", "-"] and "active" in lines[0]
    assert lines[1].split()[:4] == ["Sam", "supervisor", "helpdesk", "active"]
    for args, stdin, message in [
        (["add", "sam", "--role", "support", "--processor", "helpdesk"], PASSWORD, "exists"),
        (["add", "kim", "--role", "support", "--processor", "acme"], PASSWORD, "no such proc"),
        (["add", "kim", "--role", "cook", "--processor", "helpdesk"], PASSWORD, "unknown"),
        (["add", "kim", "--role", "support", "--processor", "helpdesk"], "short", "too short"),
        (["add", "kim", "--role", "support", "--processor", "helpdesk"], "", "no password"),
        (["passwd", "nobody"], "Battery-Staple-9", "no such account"),
        (["unlock", "nobody"], None, "no such account"),
    ]:
        result = account(config, *args, stdin=None if stdin is None else stdin + "\n")
        assert failed(result, message), (args, result.stderr)
    assert len(account(config, "list").stdout.splitlines()) == 2


def test_lock_out_unlock_disable_enable_and_passwd(config: Path) -> None:  # noqa: F811
    """Two failures lock (per [accounts]); unlock lifts it; disable refuses; passwd works."""
    config.write_text(config.read_text() + HELPDESK)
    account(config, "add", "sam", "--role", "support", "--processor", "helpdesk",
            stdin=PASSWORD + "\n")  # fmt: skip
    assert try_login(config, "Wrong-Horse-77") == "user name or password not accepted"
    assert "locked" in try_login(config, "Wrong-Horse-77")
    assert "locked" in try_login(config, PASSWORD)
    assert "locked until" in account(config, "list").stdout
    assert account(config, "unlock", "sam").stdout == "account sam unlocked\n"
    assert try_login(config, PASSWORD) == "ok"
    assert account(config, "disable", "sam").returncode == 0
    assert "disabled" in account(config, "list").stdout
    assert try_login(config, PASSWORD) == "account disabled"
    assert account(config, "enable", "sam").returncode == 0
    changed = account(config, "passwd", "sam", stdin="Battery-Staple-9\n")
    assert changed.returncode == 0, changed.stderr
    assert try_login(config, "Battery-Staple-9") == "ok"


def test_tokens_create_list_revoke(config: Path) -> None:  # noqa: F811
    """The secret is printed once; list shows name and state, never a secret."""
    config.write_text(config.read_text() + HELPDESK)
    account(config, "add", "sam", "--role", "support", "--processor", "helpdesk",
            stdin=PASSWORD + "\n")  # fmt: skip
    created = account(config, "token", "create", "sam", "--name", "nightly", "--days", "7")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.splitlines()[-1]
    token_id = created.stdout.split()[1]
    assert secret.startswith("mdt_")
    settings = load_settings(config)
    engine, cipher = open_store(settings)
    try:
        assert authenticate_token(engine, cipher, secret, now=SystemClock().now()).role == "support"
    finally:
        engine.dispose()
    listed = account(config, "token", "list", "sam")
    assert "nightly" in listed.stdout and "active" in listed.stdout
    assert secret not in listed.stdout and "last used 20" in listed.stdout
    assert account(config, "token", "revoke", token_id).stdout == f"token {token_id} revoked\n"
    assert "revoked" in account(config, "token", "list", "sam").stdout
    assert failed(account(config, "token", "revoke", "nope"), "no such token")
    assert failed(account(config, "token", "create", "sam", "--name", "x", "--days", "0"), "days")
