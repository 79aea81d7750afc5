"""The checkpoint signing key file and checkpoint signatures, without a database."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meetdesk.errors import ConfigError
from meetdesk.privacy.audit_checkpoints import (
    Checkpoint,
    export_document,
    load_or_create_signing_key,
    load_public_key,
    public_key_hex,
    read_export,
)

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_key_is_created_once_with_owner_only_permissions(tmp_path: Path) -> None:
    """First use creates a 0600 file; later uses read the same key; open files are refused."""
    path = tmp_path / "data" / "audit-signing.key"
    assert load_public_key(path) is None
    key = load_or_create_signing_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    again = load_public_key(path)
    assert again is not None and public_key_hex(again) == public_key_hex(key.public_key())
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="too open"):
        load_or_create_signing_key(path)
    path.chmod(0o600)
    path.write_text("not a key\n")
    with pytest.raises(ConfigError, match="not a base64 Ed25519 key"):
        load_public_key(path)


def test_signature_covers_sequence_hash_and_time(tmp_path: Path) -> None:
    """Any change to a signed checkpoint, or another key, fails the signature."""
    key = load_or_create_signing_key(tmp_path / "k")
    other = load_or_create_signing_key(tmp_path / "other")
    point = Checkpoint(3, "a" * 64, T0, "")
    point = Checkpoint(3, "a" * 64, T0, key.sign(point.message()).hex())
    assert point.signed_by(key.public_key())
    assert not point.signed_by(other.public_key())
    for changed in (
        Checkpoint(4, point.entry_hash, point.at, point.signature),
        Checkpoint(3, "b" * 64, point.at, point.signature),
        Checkpoint(3, point.entry_hash, T0.replace(second=1), point.signature),
        Checkpoint(3, point.entry_hash, point.at, "zz"),
    ):
        assert not changed.signed_by(key.public_key())


def test_export_round_trips_and_rejects_other_files(tmp_path: Path) -> None:
    """An exported document reads back to the same key and checkpoints."""
    key = load_or_create_signing_key(tmp_path / "k")
    unsigned = Checkpoint(1, "c" * 64, T0, "")
    point = Checkpoint(1, "c" * 64, T0, key.sign(unsigned.message()).hex())
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_document([point], key.public_key())))
    public, points = read_export(path)
    assert public_key_hex(public) == public_key_hex(key.public_key())
    assert points == [point] and points[0].signed_by(public)
    path.write_text('{"format": "something else"}')
    with pytest.raises(ConfigError, match="not a MeetDesk checkpoint export"):
        read_export(path)
