"""meetdesk customer prefs: show, set, unset, and clear errors that store nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.cli.test_cli import config, meetdesk  # noqa: F401  (the fixture)

ALICE = "alice@example.com"


@pytest.fixture
def onboarded(config: Path, tmp_path: Path) -> Path:  # noqa: F811
    result = meetdesk(
        "customer",
        "add",
        ALICE,
        "--name",
        "Alice",
        "--timezone",
        "Europe/Paris",
        "--ics-dir",
        str(tmp_path / "cal"),
        config=config,
    )
    assert result.returncode == 0, result.stderr
    return config


def prefs(path: Path, *args: str) -> dict[str, object]:
    result = meetdesk("customer", "prefs", ALICE, "--json", *args, config=path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_defaults_then_own_values(onboarded: Path) -> None:
    """A new customer has the config's defaults; --set changes one day and one cap only."""
    shown = prefs(onboarded)
    assert shown["own"] == []
    changed = prefs(onboarded, "--set", "working_hours.mon=09:30-17:00", "--set", "max_per_day=4")
    hours = changed["preferences"]["working_hours"]  # type: ignore[index]
    assert hours["mon"] == "09:30-17:00" and hours["tue"] == "09:00-18:00"
    assert changed["preferences"]["max_per_day"] == 4  # type: ignore[index]
    assert changed["own"] == ["working_hours.mon", "max_per_day"]
    assert prefs(onboarded)["own"] == ["working_hours.mon", "max_per_day"]  # stored


def test_unset_goes_back_to_the_default(onboarded: Path) -> None:
    """--unset removes the customer's own value."""
    prefs(onboarded, "--set", "kinds.lunch.hours=12:30-14:00")
    back = prefs(onboarded, "--unset", "kinds.lunch.hours")
    assert back["own"] == []
    assert back["preferences"]["kinds"]["lunch"]["hours"] == "12:00-14:30"  # type: ignore[index]


def test_text_output_marks_own_keys(onboarded: Path) -> None:
    """Without --json, one line per key, the customer's own starred."""
    result = meetdesk(
        "customer", "prefs", ALICE, "--set", "min_notice_minutes=120", config=onboarded
    )
    assert result.returncode == 0, result.stderr
    assert "* min_notice_minutes = 120" in result.stdout
    assert "  working_hours.mon = 09:00-18:00" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "colour=blue"], "colour"),
        (["--set", "working_hours.moon=09:00-18:00"], "moon"),
        (["--set", "max_per_day=zero"], "max_per_day"),
        (["--set", "kinds.lunch.hours=14:00-12:00"], "ends before it starts"),
        (["--set", "novalue"], "KEY=VALUE"),
    ],
)
def test_bad_changes_are_one_line_and_store_nothing(
    onboarded: Path, args: list[str], message: str
) -> None:
    """A bad key or value: exit 2, one error line naming it, the stored values unchanged."""
    result = meetdesk("customer", "prefs", ALICE, *args, config=onboarded)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("meetdesk: error:") and message in lines[0]
    assert prefs(onboarded)["own"] == []


def test_unknown_customer(onboarded: Path) -> None:
    """Asking for someone who is not a customer is a clear error."""
    result = meetdesk("customer", "prefs", "nobody@example.com", config=onboarded)
    assert result.returncode == 2 and "no customer" in result.stderr


def test_new_keys_set_show_and_unset(onboarded: Path) -> None:
    """Buffers, an address as the default place, sharing and holds through the CLI."""
    shown = prefs(
        onboarded,
        "--set",
        "buffers.in_person.after=15",
        "--set",
        "addresses.hq.street=10 rue de Rivoli, Paris",
        "--set",
        "default_address=hq",
        "--set",
        "share.dial_in=+33 1 23 45 67 89",
        "--set",
        "hold_hours=48",
    )
    effective: dict[str, Any] = shown["preferences"]  # type: ignore[assignment]
    assert effective["buffers"]["in_person"] == {"before": 0, "after": 15}
    assert effective["addresses"]["hq"] == {
        "street": "10 rue de Rivoli, Paris",
        "travel_minutes": None,
    }
    assert effective["default_address"] == "hq" and effective["hold_hours"] == 48
    assert "addresses.hq.street" in shown["own"]  # type: ignore[operator]
    text = meetdesk("customer", "prefs", ALICE, config=onboarded).stdout
    assert "* buffers.in_person.after = 15" in text and "  buffers.virtual.before = 0" in text
    assert "* share.dial_in = +33 1 23 45 67 89" in text and "  share.video_link = none" in text
    back = prefs(onboarded, "--unset", "default_address", "--unset", "addresses.hq")
    assert back["preferences"]["addresses"] == {}  # type: ignore[index]


def test_an_address_in_use_cannot_go(onboarded: Path) -> None:
    """Removing the default address is refused with the key that still names it."""
    prefs(onboarded, "--set", "addresses.hq.street=Paris", "--set", "default_address=hq")
    result = meetdesk("customer", "prefs", ALICE, "--unset", "addresses.hq", config=onboarded)
    assert result.returncode == 2 and "default_address: no address named 'hq'" in result.stderr
