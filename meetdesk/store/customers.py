"""Customers: onboarding and lookup, with every personal field encrypted.

A customer's calendar access (CalDAV URL, username, password, or a local folder) is one
encrypted JSON value; the e-mail address is looked up through its blind index. Their
scheduling preferences are stored as overrides only (what differs from the config's
defaults, also encrypted JSON), so changing a default in the config reaches every customer
who did not choose otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from meetdesk.calendar.preferences import Preferences
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.store.models import Customer, new_id


@dataclass(frozen=True)
class CustomerRecord:
    """A customer with fields decrypted, for use outside transactions."""

    id: str
    email: str
    name: str
    timezone: str
    calendar_kind: str
    calendar: dict[str, Any]
    # The customer's own preferences in Preferences.to_json() shape, partial; {} for none.
    preferences: dict[str, Any] = field(default_factory=dict)


class CustomerExists(Exception):
    """A customer with this address is already onboarded."""


def add_customer(
    session: Session,
    cipher: Cipher,
    *,
    email: str,
    name: str,
    timezone: str,
    calendar_kind: str,
    calendar: dict[str, Any],
    now: datetime,
) -> CustomerRecord:
    email = normalise_address(email)
    index = cipher.address_index(email)
    if session.exec(select(Customer.id).where(col(Customer.email_index) == index)).first():
        raise CustomerExists(email)
    row_id = new_id()

    def enc(column: str, value: str) -> bytes:
        return cipher.encrypt_text(value, table="customer", column=column, row_id=row_id)

    session.add(
        Customer(
            id=row_id,
            email_index=index,
            email_enc=enc("email", email),
            name_enc=enc("name", name),
            timezone=timezone,
            calendar_kind=calendar_kind,
            calendar_enc=cipher.encrypt_json(
                calendar, table="customer", column="calendar", row_id=row_id
            ),
            created_at=now,
        )
    )
    return CustomerRecord(row_id, email, name, timezone, calendar_kind, calendar)


def decrypt_customer(cipher: Cipher, row: Customer) -> CustomerRecord:
    def dec(column: str, blob: bytes) -> str:
        return cipher.decrypt_text(blob, table="customer", column=column, row_id=row.id)

    return CustomerRecord(
        id=row.id,
        email=dec("email", row.email_enc),
        name=dec("name", row.name_enc),
        timezone=row.timezone,
        calendar_kind=row.calendar_kind,
        calendar=cipher.decrypt_json(
            row.calendar_enc, table="customer", column="calendar", row_id=row.id
        ),
        preferences=(
            cipher.decrypt_json(
                row.preferences_enc, table="customer", column="preferences", row_id=row.id
            )
            if row.preferences_enc is not None
            else {}
        ),
    )


def set_preferences(
    session: Session, cipher: Cipher, customer_id: str, overrides: dict[str, Any]
) -> None:
    """Replace the customer's own preferences with ``overrides`` ({} clears them).

    They are validated first, so a bad value raises ``ValueError`` naming the key and
    nothing is stored; ``LookupError`` if there is no such customer.
    """
    Preferences.from_json(overrides)
    row = session.get(Customer, customer_id)
    if row is None:
        raise LookupError(f"customer {customer_id} not found")
    row.preferences_enc = (
        cipher.encrypt_json(overrides, table="customer", column="preferences", row_id=row.id)
        if overrides
        else None
    )
    session.add(row)


def find_customer(session: Session, cipher: Cipher, email: str) -> CustomerRecord | None:
    row = session.exec(
        select(Customer).where(col(Customer.email_index) == cipher.address_index(email))
    ).first()
    return decrypt_customer(cipher, row) if row else None


def get_customer(session: Session, cipher: Cipher, customer_id: str) -> CustomerRecord:
    row = session.get(Customer, customer_id)
    if row is None:
        raise LookupError(f"customer {customer_id} not found")
    return decrypt_customer(cipher, row)


def list_customers(session: Session, cipher: Cipher) -> list[CustomerRecord]:
    rows = session.exec(select(Customer).order_by(Customer.created_at)).all()  # type: ignore[arg-type]
    return [decrypt_customer(cipher, r) for r in rows]
