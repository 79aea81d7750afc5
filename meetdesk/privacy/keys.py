"""The master key file: ``[privacy] key_file``, created on first run.

The file holds one or more 32-byte keys, base64-encoded, one a line: the first is the
current master, the others are older masters kept only while ``meetdesk keys rotate``
re-wraps the data keys (a file from before rotation existed holds one line and reads
the same). It is created with mode 0600 and rewritten atomically (a new 0600 file
renamed over the old one), so no other local user can read it and a crash never leaves
half a key. A key file readable by group or others is refused: the database alone must
never be enough to read personal data, and a world-readable key would make it so.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import stat
from pathlib import Path

from meetdesk.errors import ConfigError

KEY_BYTES = 32


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def load_or_create_keys(path: Path) -> list[bytes]:
    """Every master key at ``path``, current first, creating the file (0600) if absent."""
    if not path.exists():
        key = new_key()
        try:
            _write_new(path, [key])
        except FileExistsError:  # another process created it between our check and now
            return load_or_create_keys(path)
        return [key]
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"privacy.key_file {path}: permissions {stat.filemode(mode)} are too open; "
            "run chmod 600 on it"
        )
    return _decode(path.read_bytes(), path)


def load_or_create_key(path: Path) -> bytes:
    """The current master key at ``path``, creating the file (0600) if it does not exist."""
    return load_or_create_keys(path)[0]


def load_key(path: Path) -> bytes:
    """The current master key at ``path``; a missing file is a configuration error."""
    if not path.exists():
        raise ConfigError(
            f"privacy.key_file {path}: no such file (it is created by `meetdesk run`)"
        )
    return load_or_create_key(path)


def write_keys(path: Path, keys: list[bytes]) -> None:
    """Replace the file's keys atomically: write a fresh 0600 file, then rename it over."""
    if not keys:
        raise ValueError("a key file needs at least one key")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    temporary.unlink(missing_ok=True)
    _write_new(temporary, keys)
    os.replace(temporary, path)
    _sync_directory(path.parent)


def _write_new(path: Path, keys: list[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(b"".join(base64.b64encode(k) + b"\n" for k in keys))
        fh.flush()
        os.fsync(fh.fileno())


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _decode(data: bytes, path: Path) -> list[bytes]:
    keys = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            key = base64.b64decode(line.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError(
                f"privacy.key_file {path}: line {number} is not a base64-encoded key"
            ) from None
        if len(key) != KEY_BYTES:
            raise ConfigError(
                f"privacy.key_file {path}: line {number}: key must be {KEY_BYTES} bytes, "
                f"not {len(key)}"
            )
        keys.append(key)
    if not keys:
        raise ConfigError(f"privacy.key_file {path}: no key in the file")
    return keys
