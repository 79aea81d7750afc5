"""Restriction of processing (GDPR art. 18): a subject's data is kept but not processed.

While a subject is restricted the assistant does not act on their messages (the flow
hands them to a human as a ``subject_restricted`` escalation) and the access function
refuses records about them to every processor, supervisors included; only the
installation's own administrators still see them, audited. A restriction is lifted, never
deleted, so the record of when processing was stopped and resumed stays.

The subject is named by the address index alone (``Cipher.address_index``), like a legal
hold, so the table holds nothing readable. The reason is a code or a reference
(``art18.accuracy``, ``art18.objection``, ``dsr:<request id>``), never free text about the
person: free text would be personal data needing its own protection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from meetdesk.privacy.crypto import Cipher
from meetdesk.store.models import SubjectRestriction

# The escalation reason of a message held because it concerns a restricted subject.
ESCALATION_REASON = "subject_restricted"

# Letters, digits and . _ : - only: enough for a code or a request id, not for a sentence.
_REASON = re.compile(r"[a-z0-9][a-z0-9_.:-]{0,63}")
_ROLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")


def restrict(
    session: Session, cipher: Cipher, email: str, *, reason: str, by: str, now: datetime
) -> SubjectRestriction:
    """Restrict processing of ``email``'s data in the caller's transaction.

    Already restricted: the active restriction is returned unchanged (placing it twice is
    harmless). ``reason`` is a code (``art18.accuracy``, ``dsr:<id>``) and ``by`` a role
    or processor id; anything else is a ``ValueError`` and nothing is written.
    """
    if not _REASON.fullmatch(reason):
        raise ValueError(
            f"restriction reason {reason!r}: use a code such as art18.accuracy or dsr:ID "
            "(lower-case letters, digits, . _ : -), not free text"
        )
    _check_role(by)
    if "@" not in email:
        raise ValueError(f"{email!r} is not an e-mail address")
    index = cipher.address_index(email)
    active = _active(session, [index])
    if active:
        return active[0]
    row = SubjectRestriction(
        subject_index=index, reason=reason, placed_by=by, placed_at=now, lifted_at=None
    )
    session.add(row)
    session.flush()
    return row


def lift(session: Session, cipher: Cipher, email: str, *, by: str, now: datetime) -> bool:
    """Lift ``email``'s active restriction; False when there was none."""
    _check_role(by)
    active = _active(session, [cipher.address_index(email)])
    for row in active:
        row.lifted_at = now
        row.lifted_by = by
        session.add(row)
    session.flush()
    return bool(active)


def is_restricted(session: Session, cipher: Cipher, email: str) -> bool:
    """Whether processing of ``email``'s data is restricted now."""
    return bool(_active(session, [cipher.address_index(email)]))


def restricted_among(session: Session, cipher: Cipher, emails: Iterable[str]) -> set[str]:
    """The addresses of ``emails`` that are restricted (as given), in one query."""
    by_index = {cipher.address_index(e): e for e in emails if e}
    if not by_index:
        return set()
    return {by_index[row.subject_index] for row in _active(session, list(by_index))}


def history(session: Session, cipher: Cipher, email: str) -> Sequence[SubjectRestriction]:
    """Every restriction ever placed on ``email``, oldest first (for an access request)."""
    query = (
        select(SubjectRestriction)
        .where(col(SubjectRestriction.subject_index) == cipher.address_index(email))
        .order_by(col(SubjectRestriction.placed_at))
    )
    return session.exec(query).all()


def _active(session: Session, indexes: list[str]) -> list[SubjectRestriction]:
    query = select(SubjectRestriction).where(
        col(SubjectRestriction.subject_index).in_(indexes),
        col(SubjectRestriction.lifted_at).is_(None),
    )
    return list(session.exec(query).all())


def _check_role(by: str) -> None:
    if not _ROLE.fullmatch(by):
        raise ValueError(f"{by!r}: name a role or processor id (e.g. admin-cli), not a person")
