"""Signed checkpoints on both databases: tampering with rows or checkpoints is found,
and an exported checkpoint catches a database rewritten whole with fresh hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, text

from meetdesk.errors import ConfigError
from meetdesk.privacy import audit
from meetdesk.privacy.audit_checkpoints import (
    AuditError,
    Checkpoint,
    load_or_create_signing_key,
    stored_checkpoints,
    verify_all,
    write_checkpoint,
)
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.engine import transaction

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"k" * 32)


@pytest.fixture
def key(tmp_path: Path) -> Ed25519PrivateKey:
    return load_or_create_signing_key(tmp_path / "audit-signing.key")


def append(engine: Engine, n: int) -> None:
    for i in range(n):
        with transaction(engine) as session:
            audit.record(
                session,
                CIPHER,
                actor="admin-cli",
                action="read.escalations",
                categories=["system.operations"],
                purpose="supervision",
                now=T0 + timedelta(minutes=i),
            )


def checkpoint(engine: Engine, key: Ed25519PrivateKey) -> Checkpoint:
    with transaction(engine) as session:
        return write_checkpoint(session, key, now=T0 + timedelta(hours=1))


def check(
    engine: Engine, key: Ed25519PrivateKey, exported: list[Checkpoint] | None = None
) -> audit.VerifyResult:
    files = [] if exported is None else [(key.public_key(), exported)]
    with transaction(engine) as session:
        return verify_all(session, key.public_key(), exported=files)


def test_checkpoints_verify_with_the_chain(engine: Engine, key: Ed25519PrivateKey) -> None:
    """Two checkpoints over a growing chain both hold; an empty chain is not signed."""
    with pytest.raises(AuditError, match="empty"):
        checkpoint(engine, key)
    append(engine, 2)
    first = checkpoint(engine, key)
    append(engine, 2)
    checkpoint(engine, key)
    assert first.seq == 2
    assert check(engine, key) == audit.VerifyResult(ok=True, entries=4, checkpoints=2)


def test_an_edited_checkpoint_fails_its_signature(engine: Engine, key: Ed25519PrivateKey) -> None:
    """Moving a checkpoint to another entry (with that entry's hash) is found."""
    append(engine, 3)
    checkpoint(engine, key)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE audit_checkpoint SET seq = 2, entry_hash = "
                "(SELECT entry_hash FROM audit_entry WHERE seq = 2)"
            )
        )
    result = check(engine, key)
    assert (result.ok, result.first_broken) == (False, 2) and "signature" in result.reason


def test_a_checkpoint_catches_cutting_off_the_newest_entries(
    engine: Engine, key: Ed25519PrivateKey
) -> None:
    """Deleting the last entry leaves a valid chain, but not the checkpoint that signed it."""
    append(engine, 3)
    checkpoint(engine, key)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = 3"))
    with transaction(engine) as session:
        assert audit.verify(session).ok
    result = check(engine, key)
    assert (result.ok, result.first_broken) == (False, 3) and "differ" in result.reason


def test_an_exported_checkpoint_catches_a_rewritten_database(
    engine: Engine, key: Ed25519PrivateKey
) -> None:
    """Someone rewrites entry 2 and recomputes every hash, and drops the stored checkpoints:
    the chain looks intact, but the exported checkpoint no longer matches."""
    append(engine, 3)
    checkpoint(engine, key)
    with transaction(engine) as session:
        exported = stored_checkpoints(session)
        rows = audit.entries(session)
        prev = audit.GENESIS
        for row in rows:
            if row.seq == 2:
                row.purpose = "curiosity"
            row.prev_hash = prev
            row.entry_hash = audit.compute_hash(row)
            prev = row.entry_hash
            session.add(row)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_checkpoint"))
    assert check(engine, key) == audit.VerifyResult(ok=True, entries=3)
    result = check(engine, key, exported)
    assert (result.ok, result.first_broken, result.checkpoints) == (False, 3, 1)


def test_stored_checkpoints_need_the_key(engine: Engine, key: Ed25519PrivateKey) -> None:
    """Without the public key, checkpoints in the database cannot be taken on trust."""
    append(engine, 1)
    checkpoint(engine, key)
    with transaction(engine) as session, pytest.raises(ConfigError, match="missing"):
        verify_all(session, None)
