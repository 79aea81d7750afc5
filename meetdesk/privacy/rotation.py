"""Master key rotation: re-wrap every data key under a new master, then forget the old.

Nothing is re-encrypted and nothing stops: data keys keep their material, only their
wrapping changes, a batch of rows per transaction. A running daemon has its data keys
unwrapped in memory already; one it meets later under the new master makes its
provider reload. Once no data key is wrapped under an old master, that master is
retired (removed from the key file): database backups taken before hold data keys
wrapped only under it, and so can no longer be opened. Crypto-shredding relies on
that (``meetdesk.privacy.shredding``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlmodel import col

from meetdesk.errors import CryptoError
from meetdesk.privacy.keyring import Keyring, wrap_aad
from meetdesk.store.engine import transaction
from meetdesk.store.models import DataKey

BATCH = 100
SETTLE_SECONDS = 3.0


@dataclass(frozen=True)
class MasterRotation:
    master_id: str  # the current master now
    rewrapped: int
    retired: tuple[str, ...]  # masters no data key needs any more
    forgotten: bool  # whether the provider removed them itself (the file does)


def rotate_master(
    engine: Engine,
    keyring: Keyring,
    *,
    new_master: bool = True,
    settle_seconds: float = SETTLE_SECONDS,
) -> MasterRotation:
    """Make a new master (if the provider can), re-wrap every data key under the
    current master and retire every other one.

    Before retiring, it waits ``settle_seconds`` and looks again: a process that made a
    key under the old master just before the new one appeared commits it by then (the
    stages' transactions are short, with no I/O inside)."""
    provider = keyring.provider
    provider.reload()
    current = provider.create() if new_master and provider.manages_keys else provider.current_id()
    rewrapped = _rewrap_all(engine, keyring, current)
    if settle_seconds > 0:
        time.sleep(settle_seconds)
        rewrapped += _rewrap_all(engine, keyring, current)
    retired = tuple(m for m in provider.ids() if m != current)
    for master in retired:
        provider.retire(master)
    keyring.refresh(force=True)
    return MasterRotation(current, rewrapped, retired, provider.manages_keys)


def retire_after_shredding(engine: Engine, keyring: Keyring) -> tuple[bool, str]:
    """Rotate the master after data keys were destroyed, so backups lose them too.

    A backup taken before the shred still holds the destroyed keys, wrapped under the
    master of the time; only retiring that master makes them unreadable. Returns whether
    that happened and the line to tell the operator (with the step left to them when the
    provider cannot make a master itself)."""
    result = rotate_master(engine, keyring)
    if result.retired and not result.forgotten:
        return False, (
            "now put a new master key first in the provider and run `meetdesk keys rotate`: "
            "until the old master is gone, backups taken before still hold the keys"
        )
    return True, f"master key rotated to {result.master_id}; backups taken before cannot be read"


def _rewrap_all(engine: Engine, keyring: Keyring, current: str) -> int:
    provider = keyring.provider
    rewrapped = 0
    while True:
        with transaction(engine) as session:
            rows = list(
                session.scalars(
                    select(DataKey)
                    .where(col(DataKey.master_id) != current, col(DataKey.wrapped_key).is_not(None))
                    .order_by(col(DataKey.id))
                    .limit(BATCH)
                )
            )
            for row in rows:
                assert row.wrapped_key is not None
                aad = wrap_aad(row.id, row.use, row.owner)
                try:
                    material = provider.unwrap(row.master_id, row.wrapped_key, aad=aad)
                except CryptoError as exc:
                    raise CryptoError(
                        f"data key {row.id}: {exc}; make that master available again and "
                        "rerun `meetdesk keys rotate`"
                    ) from None
                master, wrapped = provider.wrap(material, aad=aad)
                if master != current:
                    raise CryptoError(
                        f"the current master changed during the rotation ({master}); rerun it"
                    )
                row.master_id, row.wrapped_key = master, wrapped
            rewrapped += len(rows)
        if not rows:
            return rewrapped
