"""Encryption at rest and blind indexes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from meetdesk.errors import ConfigError, CryptoError
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.keys import load_key, load_or_create_key

KEY = bytes(range(32))


def test_round_trip_and_ciphertext_hides_plaintext() -> None:
    """A value decrypts to itself and its ciphertext does not contain it."""
    cipher = Cipher(KEY)
    blob = cipher.encrypt_text("Bob <bob@example.com>", table="t", column="c", row_id="1")
    assert b"bob@example.com" not in blob
    assert cipher.decrypt_text(blob, table="t", column="c", row_id="1") == "Bob <bob@example.com>"


@pytest.mark.parametrize("where", [("t", "c", "2"), ("t", "d", "1"), ("u", "c", "1")])
def test_value_is_bound_to_its_row_and_column(where: tuple[str, str, str]) -> None:
    """A ciphertext moved to another row, column or table does not decrypt."""
    cipher = Cipher(KEY)
    blob = cipher.encrypt(b"secret", table="t", column="c", row_id="1")
    table, column, row = where
    with pytest.raises(CryptoError):
        cipher.decrypt(blob, table=table, column=column, row_id=row)


def test_wrong_key_fails_clearly() -> None:
    """Data encrypted under one master key cannot be read with another."""
    blob = Cipher(KEY).encrypt(b"x", table="t", column="c", row_id="1")
    with pytest.raises(CryptoError, match="cannot decrypt"):
        Cipher(bytes(32)).decrypt(blob, table="t", column="c", row_id="1")


def test_blind_index_is_keyed_and_case_insensitive_for_addresses() -> None:
    """Address lookups ignore case; another key gives other hashes."""
    a, b = Cipher(KEY), Cipher(bytes(32))
    assert a.address_index("Bob@Example.com") == a.address_index("bob@example.com")
    assert a.address_index("bob@example.com") != b.address_index("bob@example.com")
    assert "bob" not in a.address_index("bob@example.com")


def test_key_file_created_with_0600(tmp_path: Path) -> None:
    """The first run creates a 32-byte key readable by its owner only, and reuses it."""
    path = tmp_path / "sub" / "master.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key
    assert load_key(path) == key


def test_too_open_key_file_is_refused(tmp_path: Path) -> None:
    """A key file readable by others is a configuration error naming chmod."""
    path = tmp_path / "master.key"
    load_or_create_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_or_create_key(path)


def test_corrupt_key_file_is_refused(tmp_path: Path) -> None:
    """A key file that is not a base64 32-byte key gives a clear error."""
    path = tmp_path / "master.key"
    path.write_text("not a key")
    os.chmod(path, 0o600)
    with pytest.raises(ConfigError, match="key"):
        load_or_create_key(path)


def test_missing_key_for_check(tmp_path: Path) -> None:
    """`check` never creates a key: a missing one is reported."""
    with pytest.raises(ConfigError, match="no such file"):
        load_key(tmp_path / "absent.key")
