"""The audit trail: an append-only chain of who read or changed what, and why.

Each entry's hash is SHA-256 over a canonical serialisation of its fields and the
previous entry's hash, so editing a field, deleting an entry or swapping two breaks the
chain at the first entry touched, and :func:`verify` names it. Entries hold roles,
actions, data-category keys and purposes, never content; the data subject appears only
as a keyed-hash pseudonym, so erasing the person's data leaves the chain verifiable.

:func:`record` appends in the caller's transaction: an audit entry that cannot be
written rolls back the read or change it documents. Appends are serialised (a
transaction-scoped advisory lock on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already
admits one writer at a time) so two concurrent appends never fork the chain; the
sequence number being the primary key is the backstop.

A chain alone cannot show that its newest entries were cut off, or that the whole table
was rewritten with fresh hashes: signed checkpoints (``audit_checkpoints``) cover that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from meetdesk.privacy.categories import PURPOSES, is_category
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.store.models import AuditCheckpoint, AuditEntry

GENESIS = "0" * 64  # the "previous hash" of the first entry
_DOMAIN = b"meetdesk/audit-entry/v1\n"
_LOCK_ID = 0x4D417564  # "MAud": the PostgreSQL advisory lock serialising appends


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking the chain (and, from ``audit_checkpoints``, checkpoints)."""

    ok: bool
    entries: int
    first_broken: int | None = None
    reason: str = ""
    checkpoints: int = 0
    cut: int = 0  # entries up to this one were removed by the retention purge


def canonical_time(at: datetime) -> str:
    """An instant as the chain hashes it: UTC, microseconds, whatever the database."""
    if at.tzinfo is None:
        raise ValueError("audit times must be aware datetimes")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_fields(entry: AuditEntry) -> dict[str, Any]:
    """The fields an entry's hash covers, as plain JSON values."""
    return {
        "seq": entry.seq,
        "at": canonical_time(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "categories": json.loads(entry.categories),
        "purpose": entry.purpose,
        "subject": entry.subject,
        "customer_id": entry.customer_id,
        "conversation_id": entry.conversation_id,
        "prev_hash": entry.prev_hash,
    }


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8: one byte string per set of field values."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_DOMAIN + canonical_bytes(canonical_fields(entry))).hexdigest()


def subject_pseudonym(cipher: Cipher, email: str) -> str:
    """The subject's keyed hash: stable per person, unreadable without the master key.

    Kept apart from the address index (its own hash kind) so an audit row cannot be
    joined to a customer row by equal values.
    """
    return cipher.blind_index(normalise_address(email), kind="audit-subject")


def record(
    session: Session,
    cipher: Cipher,
    *,
    actor: str,
    action: str,
    categories: Iterable[str],
    purpose: str,
    subject_email: str | None = None,
    customer_id: str | None = None,
    conversation_id: str | None = None,
    now: datetime,
) -> AuditEntry:
    """Append one entry in the caller's transaction and return it (flushed, not committed).

    ``categories`` and ``purpose`` come from the data map's vocabulary
    (``privacy/categories.py``); an unknown one is a ``ValueError``, so the trail never
    names data in words no record of processing knows."""
    canonical_time(now)  # a naive time is refused before anything is locked or written
    categories = list(categories)
    unknown = sorted(c for c in categories if not is_category(c))
    if unknown or purpose not in PURPOSES:
        raise ValueError(f"audit: unknown category or purpose {(unknown or [purpose])[0]!r}")
    _lock(session)
    last = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(1)).first()
    entry = AuditEntry(
        seq=1 if last is None else last.seq + 1,
        at=now.astimezone(UTC),
        actor=actor,
        action=action,
        categories=json.dumps(sorted(set(categories))),
        purpose=purpose,
        subject=None if subject_email is None else subject_pseudonym(cipher, subject_email),
        customer_id=customer_id,
        conversation_id=conversation_id,
        prev_hash=GENESIS if last is None else last.entry_hash,
        entry_hash="",
    )
    entry.entry_hash = compute_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def lock_appends(session: Session) -> None:
    """Hold off appends until the caller's transaction ends (the purge cutting old entries)."""
    _lock(session)


def _lock(session: Session) -> None:
    """Serialise appends until the caller's transaction ends."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_ID})


def entries(session: Session) -> Sequence[AuditEntry]:
    return session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()


def verify(session: Session) -> VerifyResult:
    """Walk the chain from the first entry; stop at the first that does not hold."""
    return verify_entries(entries(session), start=anchor(session))


def anchor(session: Session) -> tuple[int, str]:
    """Where the chain starts: (0, genesis), or, once the retention purge has removed the
    oldest entries, the checkpoint it cut at (sequence, hash). The purge only cuts at a
    stored signed checkpoint, so the oldest kept entry must link to one; a gap without
    one reads as entries missing, as before."""
    first = session.exec(select(AuditEntry.seq).order_by(col(AuditEntry.seq)).limit(1)).first()
    if first is None or first == 1:
        return 0, GENESIS
    point = session.exec(
        select(AuditCheckpoint.entry_hash).where(col(AuditCheckpoint.seq) == first - 1)
    ).first()
    return (0, GENESIS) if point is None else (first - 1, point)


def verify_entries(
    rows: Iterable[AuditEntry], start: tuple[int, str] = (0, GENESIS)
) -> VerifyResult:
    """Check sequence, link and hash of each entry, in sequence order, from ``start``."""
    prev = start[1]
    count = 0
    for expected, entry in enumerate(rows, start=start[0] + 1):
        if entry.seq != expected:
            return _broken(count, expected, f"entry {expected} is missing (next is {entry.seq})")
        if entry.prev_hash != prev:
            return _broken(count, entry.seq, "does not follow the entry before it")
        if compute_hash(entry) != entry.entry_hash:
            return _broken(count, entry.seq, "its contents were changed after it was written")
        prev = entry.entry_hash
        count += 1
    return VerifyResult(ok=True, entries=count, cut=start[0])


def _broken(count: int, seq: int, reason: str) -> VerifyResult:
    return VerifyResult(ok=False, entries=count, first_broken=seq, reason=reason)
