"""``meetdesk privacy records``: the generated record, for humans and machines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CONFIG = """
[privacy]
controller = "Example SAS, privacy@example.com"

[[privacy.processors]]
id = "supervision"
name = "Watchful Ltd"
country = "GB"
safeguard = "adequacy"
purposes = ["supervision"]
allow = ["user.contact", "user.content.private.email_subject"]
deny = ["user.contact.meeting_access"]
customers = ["*"]
"""


def meetdesk(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "meetdesk", "--config", str(config), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_record_lists_a_declared_processor_and_what_it_may_read(tmp_path: Path) -> None:
    """The JSON record names the processor, its country and exactly its readable categories."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    result = meetdesk("privacy", "records", "--json", config=config)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["controller"] == "Example SAS, privacy@example.com"
    (p,) = record["processors"]
    assert (p["id"], p["country"], p["safeguard"]) == ("supervision", "GB", "adequacy")
    assert p["categories"] == [
        "user.contact.email",
        "user.contact.name",
        "user.content.private.email_subject",
    ]
    by_key = {c["category"]: c for c in record["categories"]}
    assert by_key["user.contact.email"]["processors"] == ["supervision"]
    assert by_key["user.credentials"]["processors"] == []
    assert (
        "customer.calendar_enc (calendars.url, calendars.username, calendars.password)"
        in (by_key["user.credentials"]["stored"])
    )


def test_a_bad_processor_is_one_line_and_exit_status_2(tmp_path: Path) -> None:
    """An unknown category in a processor's scope stops the command with a clear error."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.replace('"user.contact",', '"user.contacts",'))
    result = meetdesk("privacy", "records", config=config)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "meetdesk: error: privacy.processors[0] (supervision).allow: "
        "unknown category 'user.contacts'"
    ]
