"""Master keys: the keys that wrap data keys, kept outside the database.

A provider knows one *current* master (new data keys are wrapped under it) and possibly
older ones still needed during a rotation; each master has an id, stored next to every
data key it wraps, so several masters coexist while ``meetdesk keys rotate`` re-wraps
the data keys and a running daemon that meets an unknown id simply reloads its provider.

Three providers, chosen by ``[privacy] master_key``:

- ``"file"`` (default): ``[privacy] key_file``, one base64 key per line, current first;
  created 0600 on first run, refused when group or others may read it.
- ``"env"``: ``MEETDESK_MASTER_KEY``, base64 keys separated by commas, current first.
  The operator rotates by putting a new key first.
- ``"package.module:Class"``: a KMS adapter, built as ``Class(settings)``, implementing
  :class:`MasterKeyProvider` (its wrap and unwrap may call the KMS).

Wrapping is AES-256-GCM under the master, with the data key's id as associated data so
a wrapped key cannot be swapped onto another data key row.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import importlib
import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from meetdesk.errors import ConfigError, CryptoError
from meetdesk.privacy.keys import KEY_BYTES, load_or_create_keys, new_key, write_keys
from meetdesk.settings import Settings

ENV_VARIABLE = "MEETDESK_MASTER_KEY"
_NONCE = 12


@runtime_checkable
class MasterKeyProvider(Protocol):
    """Wraps and unwraps data keys; the boundary to a file, the environment or a KMS."""

    #: True when the provider can make a new master itself (``keys rotate`` then does);
    #: False when the operator supplies it (the environment, most KMS setups).
    manages_keys: bool

    def current_id(self) -> str:
        """The id of the master new data keys are wrapped under."""
        ...

    def ids(self) -> tuple[str, ...]:
        """Every master this provider can unwrap with, current first."""
        ...

    def wrap(self, key: bytes, *, aad: bytes) -> tuple[str, bytes]:
        """``(master id, wrapped key)`` under the current master."""
        ...

    def unwrap(self, master_id: str, wrapped: bytes, *, aad: bytes) -> bytes:
        """The data key; ``CryptoError`` for an unknown master or a tampered wrap."""
        ...

    def reload(self) -> None:
        """Re-read the masters (another process may have rotated them)."""
        ...

    def create(self) -> str:
        """Make a new current master, keeping the others; return its id."""
        ...

    def retire(self, master_id: str) -> None:
        """Forget an old master for good (never the current one)."""
        ...

    def legacy_secret(self) -> bytes | None:
        """The raw current master, for providers that hold one: databases from before
        data keys derived their keys from it. None for a KMS."""
        ...


def master_id(key: bytes) -> str:
    """A stable, non-secret name for a master key (a domain-separated hash of it)."""
    return hashlib.sha256(b"meetdesk/master-id\n" + key).hexdigest()[:16]


def wrap_with(master: bytes, key: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(master).encrypt(nonce, key, aad)


def unwrap_with(master: bytes, wrapped: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(master).decrypt(wrapped[:_NONCE], wrapped[_NONCE:], aad)
    except InvalidTag:
        raise CryptoError("a wrapped data key does not open under its master key") from None


class _LocalProvider(ABC):
    """Masters held in this process's memory (the file and environment providers);
    each says where they come from (``reload``) and how they change."""

    manages_keys = False

    def __init__(self) -> None:
        self._keys: list[bytes] = []

    def _by_id(self) -> dict[str, bytes]:
        return {master_id(k): k for k in self._keys}

    def current_id(self) -> str:
        return master_id(self._keys[0])

    def ids(self) -> tuple[str, ...]:
        return tuple(master_id(k) for k in self._keys)

    def wrap(self, key: bytes, *, aad: bytes) -> tuple[str, bytes]:
        return self.current_id(), wrap_with(self._keys[0], key, aad)

    def unwrap(self, master_id: str, wrapped: bytes, *, aad: bytes) -> bytes:
        master = self._by_id().get(master_id)
        if master is None:
            self.reload()
            master = self._by_id().get(master_id)
        if master is None:
            raise CryptoError(f"master key {master_id} is not available (retired or missing)")
        return unwrap_with(master, wrapped, aad)

    def legacy_secret(self) -> bytes | None:
        return self._keys[0]

    @abstractmethod
    def reload(self) -> None: ...

    @abstractmethod
    def create(self) -> str: ...

    @abstractmethod
    def retire(self, master_id: str) -> None: ...


class FileProvider(_LocalProvider):
    """``[privacy] key_file``: created 0600 on first use, rewritten atomically."""

    manages_keys = True

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.reload()

    def reload(self) -> None:
        self._keys = load_or_create_keys(self.path)

    def create(self) -> str:
        self.reload()
        key = new_key()
        write_keys(self.path, [key, *self._keys])
        self._keys = [key, *self._keys]
        return master_id(key)

    def retire(self, master_id_: str) -> None:
        self.reload()
        if master_id_ == self.current_id():
            raise CryptoError(f"master key {master_id_} is the current one; rotate first")
        remaining = [k for k in self._keys if master_id(k) != master_id_]
        if len(remaining) != len(self._keys):
            write_keys(self.path, remaining)
        self._keys = remaining


class EnvironmentProvider(_LocalProvider):
    """``MEETDESK_MASTER_KEY``: base64 keys, comma-separated, current first."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        super().__init__()
        self._environ = environ
        self.reload()

    def reload(self) -> None:
        value = (self._environ if self._environ is not None else os.environ).get(ENV_VARIABLE)
        if not value or not value.strip():
            raise ConfigError(
                f'privacy.master_key = "env": {ENV_VARIABLE} is not set '
                "(base64 keys, comma-separated, current first)"
            )
        keys = []
        for i, part in enumerate(p.strip() for p in value.split(",")):
            try:
                key = base64.b64decode(part, validate=True)
            except (binascii.Error, ValueError):
                raise ConfigError(f"{ENV_VARIABLE}: key {i + 1} is not base64") from None
            if len(key) != KEY_BYTES:
                raise ConfigError(
                    f"{ENV_VARIABLE}: key {i + 1} must be {KEY_BYTES} bytes, not {len(key)}"
                )
            keys.append(key)
        self._keys = keys

    def create(self) -> str:
        raise ConfigError(
            f"{ENV_VARIABLE}: the environment's keys are set by the operator; put a new key "
            "first (keep the old one after it) and run `meetdesk keys rotate` again"
        )

    def retire(self, master_id_: str) -> None:
        """Nothing to forget here: the operator removes the key from the variable."""


def load_provider(settings: Settings) -> MasterKeyProvider:
    """The provider ``[privacy] master_key`` names."""
    choice = settings.privacy.master_key
    if choice == "file":
        return FileProvider(settings.path(settings.privacy.key_file))
    if choice == "env":
        return EnvironmentProvider()
    module, _, name = choice.partition(":")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"privacy.master_key = {choice!r}: cannot load it ({exc})") from None
    provider = cls(settings)
    if not isinstance(provider, MasterKeyProvider):
        raise ConfigError(
            f"privacy.master_key = {choice!r}: not a master key provider "
            "(see meetdesk.privacy.master_keys.MasterKeyProvider)"
        )
    return provider
