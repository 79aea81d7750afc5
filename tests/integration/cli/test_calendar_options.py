"""How `customer add` reads several calendars from its options: order, credentials that
go with the URL before them, and the one-calendar command lines written before."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetdesk.cli import build_parser
from meetdesk.errors import ConfigError
from meetdesk.onboarding import calendars_from_options


def parsed(*options: str) -> list[dict[str, str]]:
    args = build_parser().parse_args(
        ["customer", "add", "a@example.com", "--name", "A", "--timezone", "UTC", *options]
    )
    return calendars_from_options(args.calendar_options)


def test_order_is_kept_across_flags_and_credentials_follow_their_url(tmp_path: Path) -> None:
    (tmp_path / "w").write_text("work-pw\n")
    (tmp_path / "t").write_text("team-pw")
    got = parsed(
        "--caldav-url", "https://dav.example.com/work/",
        "--caldav-username", "alice", "--caldav-password-file", str(tmp_path / "w"),
        "--ics-dir", str(tmp_path / "home"),
        "--caldav-url", "https://dav.example.org/team/",
        "--caldav-password-file", str(tmp_path / "t"), "--caldav-username", "al",
        "--caldav-url", "http://open.example/cal/",
    )  # fmt: skip
    assert got == [
        {"kind": "caldav", "url": "https://dav.example.com/work/", "username": "alice",
         "password": "work-pw"},
        {"kind": "local", "path": str((tmp_path / "home").resolve())},
        {"kind": "caldav", "url": "https://dav.example.org/team/", "username": "al",
         "password": "team-pw"},
        {"kind": "caldav", "url": "http://open.example/cal/", "username": "", "password": ""},
    ]  # fmt: skip
    assert not (tmp_path / "home").exists()  # parsing creates nothing


def test_credentials_before_the_only_url_still_belong_to_it(tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("secret")
    got = parsed(
        "--caldav-username", "bob", "--caldav-password-file", str(tmp_path / "pw"),
        "--caldav-url", "https://dav.example.com/bob/",
    )  # fmt: skip
    assert got == [
        {"kind": "caldav", "url": "https://dav.example.com/bob/", "username": "bob",
         "password": "secret"}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ((), "a calendar is required"),
        (("--caldav-url", "http://x/", "--caldav-username", "u"), "needs --caldav-password-file"),
        (
            ("--caldav-url", "http://x/", "--caldav-username", "u", "--caldav-username", "v"),
            "--caldav-username given twice",
        ),
        (("--caldav-url", "http://x/", "--caldav-url", "http://x/"), "repeats calendar 1"),
        (("--ics-dir", "d", "--caldav-url", "mailto:x"), r"expected an http\(s\) URL"),
    ],
)
def test_bad_options_name_the_problem(options: tuple[str, ...], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parsed(*options)
