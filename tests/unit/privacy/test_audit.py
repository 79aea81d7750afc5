"""Canonical hashing of audit entries and the chain check, without a database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from meetdesk.privacy.audit import (
    GENESIS,
    VerifyResult,
    canonical_bytes,
    canonical_fields,
    canonical_time,
    compute_hash,
    subject_pseudonym,
    verify_entries,
)
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.models import AuditEntry

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"k" * 32)


def chain(n: int) -> list[AuditEntry]:
    rows: list[AuditEntry] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        e = AuditEntry(
            seq=seq,
            at=T0 + timedelta(minutes=seq),
            actor="admin-cli",
            action="read.escalations",
            categories=json.dumps(["system.operations"]),
            purpose="supervision",
            prev_hash=prev,
            entry_hash="",
        )
        e.entry_hash = compute_hash(e)
        prev = e.entry_hash
        rows.append(e)
    return rows


def test_canonical_bytes_ignore_key_order_and_whitespace() -> None:
    """The same values always serialise to the same bytes."""
    assert canonical_bytes({"b": 1, "a": [1, "é"]}) == canonical_bytes({"a": [1, "é"], "b": 1})
    assert canonical_bytes({"a": 1, "b": None}) == b'{"a":1,"b":null}'


def test_time_is_hashed_in_utc_with_microseconds() -> None:
    """An instant read back in another offset (or from SQLite) hashes the same."""
    paris = T0.astimezone(timezone(timedelta(hours=1)))
    assert canonical_time(paris) == canonical_time(T0) == "2026-12-02T09:00:00.000000+00:00"
    with pytest.raises(ValueError):
        canonical_time(T0.replace(tzinfo=None))


def test_hash_covers_every_field_and_the_previous_hash() -> None:
    """Changing any hashed field, or the link, changes the hash."""
    base = chain(1)[0]
    changes = {
        "seq": 2,
        "at": T0 + timedelta(seconds=1),
        "actor": "support",
        "action": "read.conversation",
        "categories": json.dumps(["user.contact.email"]),
        "purpose": "support",
        "subject": "ab" * 32,
        "customer_id": "c1",
        "conversation_id": "v1",
        "prev_hash": "f" * 64,
    }
    assert set(changes) | {"entry_hash"} == set(AuditEntry.model_fields)
    for name, value in changes.items():
        edited = base.model_copy(update={name: value})
        assert compute_hash(edited) != base.entry_hash, name
    assert set(canonical_fields(base)) == set(changes)


def test_subject_pseudonym_is_keyed_and_not_the_address_index() -> None:
    """Stable per person (case-insensitive), different under another key, never the address."""
    p = subject_pseudonym(CIPHER, "Alice@Example.com")
    assert p == subject_pseudonym(CIPHER, "alice@example.com")
    assert p != subject_pseudonym(Cipher(b"j" * 32), "alice@example.com")
    assert p != CIPHER.address_index("alice@example.com") and "alice" not in p


def test_verify_names_the_first_broken_entry() -> None:
    """Intact, edited, deleted, reordered and truncated-at-the-front chains."""
    rows = chain(4)
    assert verify_entries(rows) == VerifyResult(ok=True, entries=4)
    edited = [rows[0], rows[1].model_copy(update={"purpose": "curiosity"}), *rows[2:]]
    result = verify_entries(edited)
    assert (result.ok, result.first_broken, result.entries) == (False, 2, 1)
    assert "changed" in result.reason
    gap = verify_entries([rows[0], rows[2], rows[3]])
    assert (gap.ok, gap.first_broken) == (False, 2) and "missing" in gap.reason
    assert verify_entries(rows[1:]).first_broken == 1
    swapped = [
        rows[0],
        rows[2].model_copy(update={"seq": 2}),
        rows[1].model_copy(update={"seq": 3}),
        rows[3],
    ]
    assert verify_entries(swapped).first_broken == 2
