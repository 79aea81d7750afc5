"""Rectification (art. 16): correcting a person's name or time zone wherever it is held.

A customer's record holds their name and zone; every conversation document naming the
person holds the name they are addressed by and the zone their times are shown in. All
are corrected in one transaction, so no message written afterwards uses the old value.
The recipients of the old data are listed from the ledger by the caller, to be told
(art. 19).
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.subject_data import find_subject
from meetdesk.store.conversations import save_data
from meetdesk.store.models import Customer


class RectificationError(ValueError):
    """Nothing to correct, or a value that cannot be right (an unknown zone)."""


@dataclass(frozen=True)
class Rectified:
    customer: bool
    conversations: int

    def summary(self) -> dict[str, int]:
        return {"customer_record": int(self.customer), "conversations_updated": self.conversations}


def rectify(
    session: Session,
    cipher: Cipher,
    email: str,
    *,
    name: str | None = None,
    timezone: str | None = None,
) -> Rectified:
    """Set the person's ``name`` and/or ``timezone`` everywhere they are held."""
    if name is None and timezone is None:
        raise RectificationError("nothing to correct: give --name or --timezone")
    if name is not None and (not name.strip() or any(c in name for c in "\r\n<>")):
        raise RectificationError(f"--name {name!r}: not a usable display name")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise RectificationError(f"--timezone {timezone!r}: unknown time zone") from None
    found = find_subject(session, cipher, email)
    changed_customer = False
    if found.customer is not None:
        row = session.get(Customer, found.customer.id)
        assert row is not None
        if name is not None:
            row.name_enc = cipher.encrypt_text(
                name.strip(), table="customer", column="name", row_id=row.id, owner=row.id
            )
        if timezone is not None:
            row.timezone = timezone
        session.add(row)
        changed_customer = True
    updated = 0
    for f in found.conversations:
        if f.role != "participant":
            continue
        for person in f.data.participants:
            if person.email.lower() == found.email and name is not None:
                person.name = name.strip()
        if timezone is not None:
            for key in list(f.data.zones):
                if key.lower() == found.email:
                    del f.data.zones[key]
            f.data.zones[found.email] = timezone
        save_data(cipher, f.conversation, f.data)
        updated += 1
    if not changed_customer and not updated:
        raise RectificationError(f"nothing is held about {found.email}")
    return Rectified(changed_customer, updated)
