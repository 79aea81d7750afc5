"""Purging old audit entries without breaking ``meetdesk audit verify``.

The audit trail is a hash chain: removing its oldest entries would make the first kept
one link to nothing. So the purge only cuts at a stored, signed checkpoint: it removes
every entry up to a checkpoint's sequence number in one transaction, and verification
then starts from that checkpoint's hash (``audit.anchor``). Each transaction removes up
to the oldest eligible checkpoint, so its size is bounded by how often checkpoints are
signed (``meetdesk audit checkpoint``, e.g. daily); without checkpoints nothing is
removed. Before cutting, the entries to be removed are verified against the chain and
the checkpoint: a damaged stretch is left in place as evidence.

The entries' rule is that of their categories (``user.unique_id.pseudonymous`` for the
subject, counted from when the entry was recorded): by default 12 months, the usual
term for connection and access logs.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from meetdesk.privacy import audit
from meetdesk.store.models import AuditCheckpoint, AuditEntry

log = logging.getLogger(__name__)
TABLE = "audit_entry"


def purge_audit_batch(
    session: Session,
    *,
    cutoff: datetime,
    why: tuple[str, str],
    counts: Counter[tuple[str, str, str, str | None]],
) -> int:
    """Remove the entries up to the oldest checkpoint older than ``cutoff``; how many."""
    audit.lock_appends(session)
    start, _ = audit.anchor(session)
    last = session.exec(select(func.max(AuditEntry.seq))).one()
    if last is None:
        return 0
    point = session.exec(
        select(AuditCheckpoint)
        .where(col(AuditCheckpoint.seq) > start, col(AuditCheckpoint.seq) < last)
        .order_by(col(AuditCheckpoint.seq))
        .limit(1)
    ).first()
    if point is None:
        return 0
    newest = session.exec(
        select(func.max(AuditEntry.at)).where(col(AuditEntry.seq) <= point.seq)
    ).one()
    if newest is None or newest > cutoff:
        return 0
    rows = session.exec(
        select(AuditEntry).where(col(AuditEntry.seq) <= point.seq).order_by(col(AuditEntry.seq))
    ).all()
    checked = audit.verify_entries(rows, start=audit.anchor(session))
    if not checked.ok or rows[-1].entry_hash != point.entry_hash:
        log.warning("audit entries up to %d do not verify: not purged", point.seq)
        return 0
    removed = int(
        session.execute(delete(AuditEntry).where(col(AuditEntry.seq) <= point.seq)).rowcount  # type: ignore[attr-defined]
    )
    if removed:
        counts[(why[0], TABLE, why[1], None)] += removed
    return removed
