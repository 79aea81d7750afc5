"""meetdesk customer add with several calendars, and meetdesk customer calendars:
list (no secrets), add (checked first), remove, primary, and one-line errors that
change nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from meetdesk.testing import free_port
from meetdesk.testing.radicale import DavServer
from tests.integration.cli.test_cli import config, meetdesk  # noqa: F401  (the fixture)

ALICE = "alice@example.com"


def ok(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


def refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def onboard(path: Path, *calendars: str) -> subprocess.CompletedProcess[str]:
    return meetdesk(
        "customer", "add", ALICE, "--name", "Alice", "--timezone", "Europe/Paris", *calendars,
        config=path,
    )  # fmt: skip


def calendars(path: Path, *args: str, email: str = ALICE) -> subprocess.CompletedProcess[str]:
    return meetdesk("customer", "calendars", email, *args, config=path)


def test_several_calendars_in_order_listed_without_secrets(
    config: Path,  # noqa: F811
    tmp_path: Path,
    radicale: DavServer,
) -> None:
    """Mixed --caldav-url and --ics-dir keep their order (first = primary), credentials
    go with the URL before them, and the listing shows no URL path, user or password."""
    work = radicale.make_calendar(f"work-{tmp_path.name}")
    team = radicale.make_calendar(f"team-{tmp_path.name}")
    secret = tmp_path / "pw"
    secret.write_text(radicale.password + "\n")
    login = ["--caldav-username", radicale.username, "--caldav-password-file", str(secret)]
    added = onboard(
        config,
        "--caldav-url", work, *login,
        "--ics-dir", str(tmp_path / "personal"),
        "--caldav-url", team, *login,
    )  # fmt: skip
    assert "caldav + local + caldav" in ok(added)[0]
    assert (tmp_path / "personal").is_dir()
    listed = ok(calendars(config))
    assert listed[0].split()[:3] == ["1", "primary", "caldav"]
    assert listed[1].split()[:4] == ["2", "busy", "only", "local"]
    assert listed[2].split()[:4] == ["3", "busy", "only", "caldav"]
    assert "personal" in listed[1]
    shown = "\n".join(listed)
    for secret_text in (radicale.password, radicale.username, f"work-{tmp_path.name}"):
        assert secret_text not in shown
    assert any("caldav +2" in line for line in ok(meetdesk("customer", "list", config=config)))


def test_add_primary_and_remove_folders(config: Path, tmp_path: Path) -> None:  # noqa: F811
    """Calendars are added at the end, made primary by number and removed by number."""
    ok(onboard(config, "--ics-dir", str(tmp_path / "home")))
    after_add = ok(calendars(config, "--add-ics-dir", str(tmp_path / "club")))
    assert [line.split()[-1] for line in after_add[:2]] == ["home", "club"]
    assert (tmp_path / "club").is_dir()
    after_primary = ok(calendars(config, "--primary", "2"))
    assert after_primary[0].split()[:2] == ["1", "primary"] and after_primary[0].endswith("club")
    assert after_primary[1].endswith("home")
    after_remove = ok(calendars(config, "--remove", "1"))
    assert after_remove[0].endswith("home") and after_remove[0].split()[1] == "primary"
    assert ok(calendars(config))[:-1] == after_remove[:-1]  # stored


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--remove", "3"], "--remove 3: the customer has 2 calendars (1 to 2)"),
        (["--primary", "0"], "--primary 0: the customer has 2 calendars"),
        (["--remove", "1", "--primary", "2"], "one change at a time"),
        (["--add-ics-dir", "HOME"], "is already calendar 1"),
        (["--caldav-username", "u"], "needs a CalDAV URL"),
        (["--add-caldav", "ftp://x/"], "expected an http(s) URL"),
    ],
)
def test_bad_changes_are_one_line_and_change_nothing(
    config: Path,  # noqa: F811
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    """A bad index, two changes at once, a repeat or a bad URL: exit non-zero, one line."""
    home = str(tmp_path / "home")
    ok(onboard(config, "--ics-dir", home, "--ics-dir", str(tmp_path / "club")))
    before = ok(calendars(config))
    refused(calendars(config, *[home if a == "HOME" else a for a in args]), message)
    assert ok(calendars(config)) == before


def test_last_calendar_and_unknown_customer_are_refused(
    config: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The only calendar cannot be removed; an unknown customer is named."""
    ok(onboard(config, "--ics-dir", str(tmp_path / "home")))
    refused(calendars(config, "--remove", "1"), "only calendar; add another first")
    assert len(ok(calendars(config))) == 2  # one calendar and the footnote
    refused(calendars(config, email="nobody@example.com"), "no customer 'nobody@example.com'")


def test_calendars_are_reached_before_they_are_stored(
    config: Path,  # noqa: F811
    tmp_path: Path,
    radicale: DavServer,
) -> None:
    """An unreachable server or a wrong password is refused with one line naming the
    calendar and server (not the URL), and nothing is stored; a reachable one is added."""
    port = free_port()
    down = f"http://127.0.0.1:{port}/alice/secret-path/"
    refused(onboard(config, "--caldav-url", down), f"calendar 1: CalDAV server 127.0.0.1:{port}")
    assert "no customers yet" in ok(meetdesk("customer", "list", config=config))[0]

    ok(onboard(config, "--ics-dir", str(tmp_path / "home")))
    before = ok(calendars(config))
    failed = calendars(config, "--add-caldav", down)
    refused(failed, "unreachable")
    assert "secret-path" not in failed.stderr
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password")
    url = radicale.make_calendar(f"shared-{tmp_path.name}")
    login = ["--caldav-username", radicale.username, "--caldav-password-file"]
    refused(calendars(config, "--add-caldav", url, *login, str(wrong)), "refused")
    assert ok(calendars(config)) == before

    right = tmp_path / "right"
    right.write_text(radicale.password)
    added = ok(calendars(config, "--add-caldav", url, *login, str(right)))
    assert added[1].split()[:4] == ["2", "busy", "only", "caldav"]
