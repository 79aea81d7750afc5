"""The master key: loaded from ``[privacy] key_file``, created on first run.

The key file holds 32 random bytes, base64-encoded, and is created with mode 0600 so no
other local user can read it. A key file readable by group or others is refused: the
database alone must never be enough to read personal data, and a world-readable key
would make it so.
"""

from __future__ import annotations

import base64
import os
import secrets
import stat
from pathlib import Path

from meetdesk.errors import ConfigError

KEY_BYTES = 32


def load_or_create_key(path: Path) -> bytes:
    """Return the master key at ``path``, creating it (0600) if the file does not exist."""
    if not path.exists():
        return _create(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"privacy.key_file {path}: permissions {stat.filemode(mode)} are too open; "
            "run chmod 600 on it"
        )
    return _decode(path.read_bytes(), path)


def load_key(path: Path) -> bytes:
    """Return the master key at ``path``; a missing file is a configuration error."""
    if not path.exists():
        raise ConfigError(
            f"privacy.key_file {path}: no such file (it is created by `meetdesk run`)"
        )
    return load_or_create_key(path)


def _create(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it between our check and now
        return load_or_create_key(path)
    with os.fdopen(fd, "wb") as fh:
        fh.write(base64.b64encode(key) + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    return key


def _decode(data: bytes, path: Path) -> bytes:
    try:
        key = base64.b64decode(data.strip(), validate=True)
    except ValueError:
        raise ConfigError(f"privacy.key_file {path}: not a base64-encoded key") from None
    if len(key) != KEY_BYTES:
        raise ConfigError(f"privacy.key_file {path}: key must be {KEY_BYTES} bytes, not {len(key)}")
    return key
