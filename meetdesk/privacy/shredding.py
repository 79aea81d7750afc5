"""Crypto-shredding: destroy a customer's data keys, so none of their data can be read.

Deleting rows leaves copies in backups, replicas and free pages; destroying the keys
that sealed them does not. :func:`shred_customer` first re-seals, under the customer's
own key, every value of theirs still sealed under another one (the legacy key of an
older database, the installation key of mail not yet attributed), then erases the
wrapped material of all their keys and writes the audit entry, all in the caller's
transaction. Reading their rows afterwards raises ``CryptoError`` ("data key ... was
destroyed"); other customers are untouched.

A backup taken before still holds the customer's keys, wrapped under the master key of
the time. So after the shred commits, the master must be rotated and the old one
retired (:func:`meetdesk.privacy.rotation.rotate_master`; ``meetdesk keys shred`` does
both): without the old master, the old backup's keys cannot be unwrapped. This only
works if the master key is never stored with the database backups.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from meetdesk.errors import CryptoError
from meetdesk.privacy import audit
from meetdesk.privacy.categories import is_category
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.declarations import declaration
from meetdesk.privacy.keyring import DESTROYED
from meetdesk.privacy.reencrypt import reseal
from meetdesk.privacy.sealed import sealed_columns
from meetdesk.store.models import DataKey


def shredded_categories() -> list[str]:
    """Every data category a sealed column holds: what shredding makes unreadable."""
    found: dict[str, None] = {}
    for _, column in sealed_columns():
        decl = declaration(column)
        if decl is not None:
            found.update(
                dict.fromkeys(
                    c for c in decl.categories if is_category(c) and c != "system.operations"
                )
            )
    return list(found) or ["system.operations"]


def shred_customer(
    session: Session,
    cipher: Cipher,
    customer_id: str,
    now: datetime,
    *,
    actor: str = "admin-cli",
) -> list[str]:
    """Destroy every data key of ``customer_id`` in the caller's transaction (audited);
    return the ids destroyed. Rotate the master after commit to cover old backups."""
    keyring = cipher.keyring
    if keyring is None:
        raise CryptoError("crypto-shredding needs the store's data keys (open_store)")
    reseal(session, cipher, owner=customer_id)
    ids = list(
        session.scalars(
            select(col(DataKey.id)).where(
                col(DataKey.owner) == customer_id, col(DataKey.state) != DESTROYED
            )
        )
    )
    keyring.destroy(session, ids, now)
    audit.record(
        session,
        cipher,
        actor=actor,
        action="keys.shred",
        categories=shredded_categories(),
        purpose="security",
        customer_id=customer_id,
        now=now,
    )
    return ids
