"""Master key providers: the key file, the environment and a pluggable KMS class."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from meetdesk.errors import ConfigError, CryptoError
from meetdesk.privacy.keys import load_or_create_key, load_or_create_keys
from meetdesk.privacy.master_keys import (
    ENV_VARIABLE,
    EnvironmentProvider,
    FileProvider,
    MasterKeyProvider,
    load_provider,
    master_id,
)
from meetdesk.settings import parse_settings

AAD = b"meetdesk/data-key/1/data/"


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


def test_file_provider_creates_a_0600_file_and_round_trips(tmp_path: Path) -> None:
    """A missing key file is created 0600; a wrapped key unwraps under its master id."""
    provider = FileProvider(tmp_path / "master.key")
    assert stat.S_IMODE((tmp_path / "master.key").stat().st_mode) == 0o600
    master, wrapped = provider.wrap(b"d" * 32, aad=AAD)
    assert master == provider.current_id()
    assert provider.unwrap(master, wrapped, aad=AAD) == b"d" * 32


def test_wrapped_key_is_bound_to_its_row(tmp_path: Path) -> None:
    """A wrapped key moved to another data key row does not unwrap."""
    provider = FileProvider(tmp_path / "master.key")
    master, wrapped = provider.wrap(b"d" * 32, aad=AAD)
    with pytest.raises(CryptoError, match="does not open"):
        provider.unwrap(master, wrapped, aad=b"meetdesk/data-key/2/data/")


def test_an_old_single_key_file_reads_as_the_current_master(tmp_path: Path) -> None:
    """A key file from before rotation (one line) is today's current master."""
    path = tmp_path / "master.key"
    key = load_or_create_key(path)
    assert FileProvider(path).current_id() == master_id(key)


def test_create_and_retire_rewrite_the_file_keeping_0600(tmp_path: Path) -> None:
    """A new master goes first and the old stays until retired; the file stays 0600."""
    path = tmp_path / "master.key"
    provider = FileProvider(path)
    old = provider.current_id()
    old_master, wrapped = provider.wrap(b"d" * 32, aad=AAD)
    new = provider.create()
    assert provider.ids() == (new, old)
    assert FileProvider(path).ids() == (new, old)  # another process reads the same
    assert provider.unwrap(old_master, wrapped, aad=AAD) == b"d" * 32
    with pytest.raises(CryptoError, match="current"):
        provider.retire(new)
    provider.retire(old)
    assert len(load_or_create_keys(path)) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(CryptoError, match="not available"):
        provider.unwrap(old_master, wrapped, aad=AAD)


def test_a_running_provider_finds_a_master_created_elsewhere(tmp_path: Path) -> None:
    """An unknown master id makes the provider re-read its file (a rotation elsewhere)."""
    path = tmp_path / "master.key"
    daemon, cli = FileProvider(path), FileProvider(path)
    cli.create()
    master, wrapped = cli.wrap(b"d" * 32, aad=AAD)
    assert daemon.unwrap(master, wrapped, aad=AAD) == b"d" * 32


def test_too_open_key_file_is_refused(tmp_path: Path) -> None:
    """The 0600 rule holds for the provider too."""
    path = tmp_path / "master.key"
    FileProvider(path)
    os.chmod(path, 0o640)
    with pytest.raises(ConfigError, match="chmod 600"):
        FileProvider(path)


def test_environment_provider_reads_keys_current_first() -> None:
    """MEETDESK_MASTER_KEY holds base64 keys, comma-separated, the current one first."""
    new, old = b"n" * 32, b"o" * 32
    provider = EnvironmentProvider({ENV_VARIABLE: f"{_b64(new)}, {_b64(old)}"})
    assert provider.ids() == (master_id(new), master_id(old))
    master, wrapped = EnvironmentProvider({ENV_VARIABLE: _b64(old)}).wrap(b"d" * 32, aad=AAD)
    assert provider.unwrap(master, wrapped, aad=AAD) == b"d" * 32
    assert provider.legacy_secret() == new
    with pytest.raises(ConfigError, match="put a new key first"):
        provider.create()


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "is not set"), ("not base64!", "not base64"), (_b64(b"short"), "32 bytes")],
)
def test_bad_environment_is_one_clear_error(value: str, message: str) -> None:
    """A missing or malformed variable names the variable and the problem."""
    with pytest.raises(ConfigError, match=message):
        EnvironmentProvider({ENV_VARIABLE: value})


class InMemoryKms:
    """A stand-in KMS adapter, loaded by the "module:Class" provider setting."""

    manages_keys = True

    def __init__(self, settings: object) -> None:
        self._inner = EnvironmentProvider({ENV_VARIABLE: _b64(b"k" * 32)})

    def current_id(self) -> str:
        return self._inner.current_id()

    def ids(self) -> tuple[str, ...]:
        return self._inner.ids()

    def wrap(self, key: bytes, *, aad: bytes) -> tuple[str, bytes]:
        return self._inner.wrap(key, aad=aad)

    def unwrap(self, master_id: str, wrapped: bytes, *, aad: bytes) -> bytes:
        return self._inner.unwrap(master_id, wrapped, aad=aad)

    def reload(self) -> None:
        return None

    def create(self) -> str:
        return self.current_id()

    def retire(self, master_id: str) -> None:
        return None

    def legacy_secret(self) -> bytes | None:
        return None


def test_provider_setting_chooses_file_env_or_a_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[privacy] master_key = "file" | "env" | "module:Class"."""
    monkeypatch.setenv(ENV_VARIABLE, _b64(b"e" * 32))

    def provider(value: str) -> MasterKeyProvider:
        return load_provider(parse_settings({"privacy": {"master_key": value}}, base_dir=tmp_path))

    assert isinstance(provider("file"), FileProvider)
    assert isinstance(provider("env"), EnvironmentProvider)
    assert isinstance(provider(f"{__name__}:InMemoryKms"), InMemoryKms)
    with pytest.raises(ConfigError, match="cannot load"):
        provider(f"{__name__}:Missing")


def test_bad_provider_setting_is_refused_at_load(tmp_path: Path) -> None:
    """Anything but file, env or module:Class names the key at load time."""
    with pytest.raises(ConfigError, match="privacy.master_key"):
        parse_settings({"privacy": {"master_key": "vault"}}, base_dir=tmp_path)
