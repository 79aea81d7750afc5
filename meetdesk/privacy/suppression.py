"""The suppression list: addresses the assistant never writes to again.

An objection (art. 21) or a withdrawn consent (art. 7(3)) adds the subject's address
here, as its blind index only. The send stage consults it before every delivery, so a
message queued before the objection, or a later request naming the same person, reaches
them no more; the understand stage consults it for new requests so the customer is told
that a human must take over instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from meetdesk.privacy.crypto import Cipher
from meetdesk.store.models import Suppression, new_id


def suppress(
    session: Session,
    cipher: Cipher,
    email: str,
    *,
    reason: str,
    now: datetime,
    request_id: str | None = None,
) -> bool:
    """Add ``email``; False if it was already suppressed (idempotent)."""
    index = cipher.address_index(email)
    if session.exec(select(Suppression.id).where(col(Suppression.address_index) == index)).first():
        return False
    session.add(
        Suppression(
            id=new_id(), address_index=index, reason=reason, request_id=request_id, created_at=now
        )
    )
    session.flush()
    return True


def suppressed(session: Session, cipher: Cipher, emails: Iterable[str]) -> set[str]:
    """Those of ``emails`` that must not be written to (as given)."""
    by_index = {cipher.address_index(e): e for e in emails if e}
    if not by_index:
        return set()
    found = session.exec(
        select(Suppression.address_index).where(col(Suppression.address_index).in_(by_index))
    ).all()
    return {by_index[i] for i in found}


def is_suppressed(session: Session, cipher: Cipher, email: str) -> bool:
    return bool(suppressed(session, cipher, [email]))
