"""meetdesk keys: list without secrets, rotate the master and the data keys, shred."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.integration.cli.test_cli import config, meetdesk, onboard  # noqa: F401  (the fixture)


def _add(config: Path, tmp_path: Path, who: str) -> None:  # noqa: F811
    onboard(config, tmp_path / who, f"{who}@example.com", zone="UTC")


def _keys(config: Path) -> list[dict[str, Any]]:  # noqa: F811
    listed = meetdesk("keys", "list", "--json", config=config)
    assert listed.returncode == 0, listed.stderr
    return [json.loads(line) for line in listed.stdout.splitlines()]


def test_keys_list_and_rotations(config: Path, tmp_path: Path) -> None:  # noqa: F811
    """Each customer has a data key; the listing has no key material; a master rotation
    re-wraps them all and retires the old master; a customer's data key rotation
    retires just theirs; customers read the same throughout."""
    _add(config, tmp_path, "alice")
    _add(config, tmp_path, "bob")
    keys = _keys(config)
    assert len({k["owner"] for k in keys if k["use"] == "data"} - {None}) == 2
    assert all(set(k) >= {"id", "owner", "use", "state", "master"} for k in keys)
    assert not any("wrapped" in name for k in keys for name in k)
    old_master = {k["master"] for k in keys}

    rotated = meetdesk("keys", "rotate", config=config)
    assert rotated.returncode == 0, rotated.stderr
    assert f"{len(keys)} data keys re-wrapped" in rotated.stdout
    assert f"retired master key {old_master.pop()}" in rotated.stdout
    assert len((tmp_path / "data" / "master.key").read_text().split()) == 1
    assert len({k["master"] for k in _keys(config)}) == 1

    data = meetdesk("keys", "rotate", "--data", "--customer", "alice@example.com", config=config)
    assert data.returncode == 0, data.stderr
    assert "retired 1 data keys" in data.stdout
    done = meetdesk("keys", "reencrypt", config=config)
    assert done.returncode == 0, done.stderr
    assert "re-encrypted 3 values" in done.stdout
    assert [k["state"] for k in _keys(config)].count("retired") == 1
    listed = meetdesk("customer", "list", config=config)
    assert listed.returncode == 0, listed.stderr
    assert "alice@example.com" in listed.stdout and "bob@example.com" in listed.stdout


def test_keys_shred(config: Path, tmp_path: Path) -> None:  # noqa: F811
    """Shredding asks for --yes, names an unknown customer in one line, then destroys the
    customer's keys, rotates the master, and their data no longer reads."""
    _add(config, tmp_path, "alice")
    unconfirmed = meetdesk("keys", "shred", "alice@example.com", config=config)
    assert unconfirmed.returncode == 2 and "--yes" in unconfirmed.stderr
    unknown = meetdesk("keys", "shred", "nobody@example.com", "--yes", config=config)
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == [
        "meetdesk: error: no customer with the address nobody@example.com"
    ]
    before = {k["master"] for k in _keys(config)}
    shred = meetdesk("keys", "shred", "alice@example.com", "--yes", config=config)
    assert shred.returncode == 0, shred.stderr
    assert "destroyed 1 data keys" in shred.stdout and "master key rotated" in shred.stdout
    keys = _keys(config)
    assert [k["state"] for k in keys if k["owner"]] == ["destroyed"]
    assert not before & {k["master"] for k in keys if k["state"] != "destroyed"}
    # the row is still listed for the operator, its address and name unreadable
    listed = meetdesk("customer", "list", config=config)
    assert listed.returncode == 0, listed.stderr
    assert "alice@example.com" not in listed.stdout
    assert "(data keys destroyed)" in listed.stdout
