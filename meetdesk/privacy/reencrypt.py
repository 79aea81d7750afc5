"""Re-sealing values under their owner's current data key, in the background.

Used after ``meetdesk keys rotate --data`` (the old keys are retired), for values from
before data keys (the legacy key), and when a conversation is attributed to a customer
(its mail, first sealed under the installation's key, moves to the customer's).

A pass walks every sealed column (``meetdesk.privacy.sealed``) in batches of primary
keys, each batch its own short transaction. It is idempotent: a value already under its
owner's active key is left alone, so a pass interrupted by a crash simply starts again
and only re-reads what is done. A value is replaced only if it is still the one read
(compare-and-set), so a concurrent update is never overwritten with older content.
Values under a destroyed key are skipped: there is nothing left to read.

The ``reencrypt`` job runs passes until one finds nothing to re-seal, and then destroys
the retired keys, once ``RETIRE_GRACE`` has passed since their retirement (every
running process has then stopped sealing under them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select, update
from sqlmodel import Session, col

from meetdesk.errors import CryptoError
from meetdesk.privacy.crypto import LEGACY, Cipher, key_id_of
from meetdesk.privacy.keyring import DATA, LEGACY_KEY_ID, RETIRE_GRACE, RETIRED, Keyring
from meetdesk.privacy.sealed import SealedTable, sealed_tables
from meetdesk.store import jobs
from meetdesk.store.engine import transaction
from meetdesk.store.models import DataKey

if TYPE_CHECKING:
    from meetdesk.flow.services import Services
    from meetdesk.worker import JobContext

BATCH = 200
JOB_KIND = "reencrypt"


@dataclass
class Tally:
    """What a pass (or a batch) did."""

    resealed: int = 0
    skipped: int = 0  # under a destroyed or unreadable key

    def add(self, other: Tally) -> None:
        self.resealed += other.resealed
        self.skipped += other.skipped


def _keyring(cipher: Cipher) -> Keyring:
    if cipher.keyring is None:
        raise CryptoError("re-encryption needs the store's data keys (open_store)")
    return cipher.keyring


def _reseal_rows(session: Session, cipher: Cipher, sealed: SealedTable, rows: Any) -> Tally:
    keyring = _keyring(cipher)
    tally = Tally()
    for row in rows:
        pk, owner = row[0], row[1]
        for column, blob in zip(sealed.columns, row[2:], strict=True):
            if blob is None:
                continue
            blob = bytes(blob)
            try:
                key_id = key_id_of(blob)
                if keyring.is_destroyed(LEGACY_KEY_ID if key_id == LEGACY else key_id):
                    tally.skipped += 1
                    continue
                target, _ = keyring.active(owner)
                if key_id == target:
                    continue
                place = {"table": sealed.name, "column": sealed.aad_column(column)}
                plain = cipher.decrypt(blob, row_id=str(pk), **place)
                fresh = cipher.encrypt(plain, row_id=str(pk), owner=owner, **place)
            except CryptoError:
                tally.skipped += 1
                continue
            done = session.execute(
                update(sealed.table)
                .where(sealed.key == pk, column == blob)
                .values({column.name: fresh})
            )
            tally.resealed += done.rowcount  # type: ignore[attr-defined]
    return tally


def reseal(
    session: Session,
    cipher: Cipher,
    *,
    owner: str | None = None,
    conversation_id: str | None = None,
) -> Tally:
    """Re-seal, in the caller's transaction, the values of one customer (``owner``) or
    one conversation under their owner's active key."""
    if owner is None and conversation_id is None:
        raise ValueError("reseal needs an owner or a conversation")
    tally = Tally()
    for sealed in sealed_tables():
        rows = session.execute(sealed.rows(owner=owner, conversation_id=conversation_id))
        tally.add(_reseal_rows(session, cipher, sealed, rows.all()))
    return tally


def reencrypt_pass(engine: Engine, cipher: Cipher, *, batch: int = BATCH) -> Tally:
    """One pass over every sealed column, a batch per transaction."""
    tally = Tally()
    for sealed in sealed_tables():
        after: Any = None
        while True:
            with transaction(engine) as session:
                rows = session.execute(sealed.rows(after=after, limit=batch)).all()
                tally.add(_reseal_rows(session, cipher, sealed, rows))
            if len(rows) < batch:
                break
            after = rows[-1][0]
    return tally


def finish_rotation(session: Session, cipher: Cipher, *, now: datetime, resealed: int) -> list[str]:
    """After a pass: destroy the retired keys nothing uses any more, or queue another
    pass (when the last one still found work, or the grace period is not over).
    Returns the ids destroyed."""
    keyring = _keyring(cipher)
    retired = list(
        session.scalars(
            select(DataKey).where(col(DataKey.state) == RETIRED, col(DataKey.use) != "index")
        )
    )
    if not retired:
        return []
    last_retired = max(r.retired_at or now for r in retired)
    if resealed == 0 and last_retired + RETIRE_GRACE <= now:
        ids = [r.id for r in retired]
        keyring.destroy(session, ids, now)
        return ids
    run_after = now if resealed else last_retired + RETIRE_GRACE
    jobs.enqueue(session, JOB_KIND, now=now, run_after=max(run_after, now))
    return []


async def reencrypt_job(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    """The ``reencrypt`` job: one pass, then destroy or try again later."""
    import asyncio

    tally = await asyncio.to_thread(reencrypt_pass, s.engine, s.cipher)

    def commit(session: Session) -> None:
        finish_rotation(session, s.cipher, now=s.clock.now(), resealed=tally.resealed)

    await ctx.commit(commit)


def rotate_data_keys(
    session: Session, cipher: Cipher, *, now: datetime, owner: str | None = None, everyone: bool
) -> list[str]:
    """Retire the active data keys (``everyone``, or one owner's) and queue the
    re-encryption; new values get fresh keys at once. Returns the ids retired."""
    keyring = _keyring(cipher)
    query = select(col(DataKey.id)).where(col(DataKey.use) == DATA, col(DataKey.state) == "active")
    if not everyone:
        query = query.where(col(DataKey.owner) == owner)
    ids = list(session.scalars(query))
    keyring.retire(session, ids, now)
    jobs.enqueue(session, JOB_KIND, now=now)
    return ids
