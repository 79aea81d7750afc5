"""``meetdesk explain``: several files in one process, in order, and clear per-file errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

PARIS = ZoneInfo("Europe/Paris")
SENT = datetime(2026, 11, 19, 10, 0, tzinfo=PARIS)  # a Thursday


def meetdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MEETDESK_CONFIG"}
    return subprocess.run(
        [sys.executable, "-m", "meetdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def write(path: Path, body: str, *, sender: str, to: str, **headers: str) -> Path:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Cc"] = "Julie <julie@assistant.example>"
    msg["Subject"] = "Kickoff"
    msg["Date"] = format_datetime(SENT)
    msg["Message-ID"] = f"<{path.stem}@example.com>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    path.write_bytes(msg.as_bytes())
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    config = tmp_path / "config.toml"
    config.write_text(
        '[assistant]\nname = "Julie"\naddress = "julie@assistant.example"\n'
        'timezone = "Europe/Paris"\n[understanding]\nconfidence_threshold = 0.9\n'
    )
    alice, bob = "Alice <alice@customer.example>", "Bob <bob@partner.example>"
    return {
        "config": config,
        "a": write(
            tmp_path / "a.eml",
            "Julie, could you please find 30 minutes for a call with Bob next week?\n",
            sender=alice,
            to=bob,
        ),
        "b": write(
            tmp_path / "b.eml",
            "Julie, peux-tu organiser un déjeuner d'une heure avec Bob demain ?\n",
            sender=alice,
            to=bob,
        ),
        "auto": write(
            tmp_path / "auto.eml",
            "I am out of the office until Monday.\n",
            sender=bob,
            to=alice,
            Auto_Submitted="auto-replied",
        ),
    }


def lines(stdout: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_json_one_line_per_file_in_order(files: dict[str, Path]) -> None:
    result = meetdesk(
        "explain",
        "--config",
        str(files["config"]),
        "--customer",
        "alice@customer.example",
        "--json",
        str(files["b"]),
        str(files["a"]),
        str(files["auto"]),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    b, a, auto = lines(result.stdout)
    assert [r["file"] for r in (b, a, auto)] == [str(files[k]) for k in ("b", "a", "auto")]
    for r in (a, b, auto):
        for key in (
            "language",
            "intent",
            "meeting",
            "participants",
            "windows",
            "exclusions",
            "chosen",
            "timezone",
            "confidence",
            "escalate",
            "reasons",
            "rules",
            "sender_role",
        ):
            assert key in r, key
        assert set(r["meeting"]) >= {"kind", "duration_minutes", "location"}
        assert r["timezone"] == "Europe/Paris"
        for w in r["windows"] + r["exclusions"]:
            for end in (w["start"], w["end"]):
                assert datetime.fromisoformat(end).utcoffset() is not None, end
    assert (a["language"], a["intent"], a["sender_role"]) == ("en", "schedule", "customer")
    assert a["meeting"] == {"kind": "call", "duration_minutes": 30, "location": None}
    assert a["windows"] == [
        {"start": "2026-11-23T00:00:00+01:00", "end": "2026-11-28T00:00:00+01:00"}
    ]
    assert a["participants"] == [
        {"email": "alice@customer.example", "name": "Alice", "role": "customer"},
        {"email": "bob@partner.example", "name": "Bob", "role": "required"},
    ]
    assert a["escalate"] is False and a["chosen"] is None
    assert (b["language"], b["meeting"]["kind"], b["meeting"]["duration_minutes"]) == (
        "fr",
        "lunch",
        60,
    )
    assert b["windows"] == [
        {"start": "2026-11-20T00:00:00+01:00", "end": "2026-11-21T00:00:00+01:00"}
    ]
    assert (auto["intent"], auto["escalate"], auto["sender_role"]) == (
        "auto_reply",
        False,
        "participant",
    )


def test_timezone_and_assistant_options(files: dict[str, Path]) -> None:
    """--timezone sets the customer's zone; --assistant replaces the configured address.

    The message's Date is at +01:00, not New York's offset: the sender's clock is the
    reading zone, so "next week" starts at Monday 00:00 +01:00 (Sunday 18:00 in New York).
    """
    result = meetdesk(
        "explain",
        "--json",
        "--timezone",
        "America/New_York",
        "--assistant",
        "someone@else.example",
        str(files["a"]),
    )
    assert result.returncode == 0, result.stderr
    (a,) = lines(result.stdout)
    assert a["timezone"] == "UTC+01:00"
    assert a["windows"][0]["start"] == "2026-11-22T18:00:00-05:00"
    assert "julie@assistant.example" in [p["email"] for p in a["participants"]]
    assert a["sender_role"] == "unknown"  # no --customer


def test_missing_and_unreadable_files_do_not_stop_the_others(
    files: dict[str, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.eml"
    result = meetdesk("explain", "--json", str(missing), str(files["a"]), str(tmp_path))
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2, result.stderr
    assert str(missing) in errors[0] and "No such file" in errors[0]
    assert str(tmp_path) in errors[1]
    assert all(line.startswith("meetdesk: error: ") for line in errors)
    assert "Traceback" not in result.stderr
    assert [r["file"] for r in lines(result.stdout)] == [str(files["a"])]


def test_readable_summary(files: dict[str, Path]) -> None:
    result = meetdesk(
        "explain", "--customer", "alice@customer.example", str(files["a"]), str(files["auto"])
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index(str(files["a"])) < out.index(str(files["auto"]))
    assert "intent:       schedule" in out
    assert "2026-11-23T00:00:00+01:00 -> 2026-11-28T00:00:00+01:00" in out
    assert "Bob <bob@partner.example> (required)" in out
    assert "auto_reply" in out


def test_unknown_timezone_is_a_clear_error(files: dict[str, Path]) -> None:
    result = meetdesk("explain", "--timezone", "Mars/Olympus", str(files["a"]))
    assert result.returncode == 2
    assert result.stderr.strip() == "meetdesk: error: --timezone 'Mars/Olympus': unknown time zone"
